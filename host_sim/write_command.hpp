// `host_sim write`: hands the records of a JSON Lines file to the plugin's
// destination direction in batches and writes one result per input line to
// a results file (JSON Lines, in input order). A checkpoint next to the
// results file (write_checkpoint.hpp) is saved only once the results before
// it are fsync'ed, so a resume after a crash or Ctrl-C neither repeats a
// record that was written nor skips one: a batch that was in flight when the
// run died is sent again as the first batch of a resumed session, whose
// creates the plugin looks up by their key before sending.
#pragma once

#include <filesystem>
#include <string>

#include "credential_service.hpp"
#include "credential_store.hpp"

namespace host_sim {

struct WriteOptions {
  std::string operation;          // e.g. "meetings.create"
  std::filesystem::path input;    // JSON Lines, one record a line
  std::filesystem::path results;  // JSON Lines; empty: stdout (dry run only)
  bool dry_run = false;           // check and show the calls; change nothing
  bool restart = false;           // drop the checkpoint, write from the first line
  int batch = 100;                // records per write_push
  std::string request_json;       // extra request fields (plan, rate_share), merged in
};

// Runs the write; returns an exit code (exit_codes.hpp).
int run_write(const Host& host, const StoredCredential& credential, CredentialStore& store,
              const WriteOptions& options);

}  // namespace host_sim
