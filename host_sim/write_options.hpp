// What a `host_sim write` run is asked to do: the write run's options,
// shared by the run (write_command.hpp) and the terminal's command line.
#pragma once

#include <filesystem>
#include <string>

namespace host_sim {

struct WriteOptions {
  std::string operation;          // e.g. "meetings.create"
  std::filesystem::path input;    // JSON Lines, one record a line
  std::filesystem::path results;  // JSON Lines; empty: stdout (dry run only)
  bool dry_run = false;           // check and show the calls; change nothing
  bool restart = false;           // drop the checkpoint, write from the first line
  int batch = 100;                // records per write_push
  std::string request_json;       // extra request fields (plan, rate_share), merged in
  // --retry-failed: a complete write's results file; only its lines not sent
  // or refused are sent (write_retry.hpp). Empty: every line.
  std::filesystem::path retry_failed;
};

}  // namespace host_sim
