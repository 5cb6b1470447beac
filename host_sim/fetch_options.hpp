// What a `host_sim fetch` run is asked to do: the fetch run's options,
// shared by the run (fetch_command.hpp) and the terminal's command line.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace host_sim {

struct FetchOptions {
  std::vector<std::string> streams;  // empty: every stream in the catalog
  std::filesystem::path output;      // empty: stdout
  std::string request_json;          // extra request fields, merged in
  bool full_refresh = false;         // do not resume from the saved checkpoint
  int pace_ms = 0;                   // wait between items (demos, tests)
  std::int64_t limit = -1;           // >= 0: stop after this many records, save no checkpoint
  bool checkpoint_on_pipe = false;   // save checkpoints on a pipe or terminal too
};

}  // namespace host_sim
