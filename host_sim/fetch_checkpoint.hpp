// What host_sim stores as a fetch checkpoint: the plugin's state plus what
// the host needs to resume safely: which file the records before it are in
// (its path, device and inode) and that file's byte length once they were
// fsync'ed (a resume cuts the file back to it, so a crash can neither
// duplicate nor corrupt records), whether the fetch completed (a rerun
// then replaces full-refresh streams: fetch_rerun.hpp), the record counts
// so far, and when it was saved. A checkpoint saved by an older host_sim
// (the bare plugin state) still loads. Stored text is outside input: every
// field is checked, and one of the wrong type is left out.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "safe_file.hpp"

namespace host_sim {

struct FetchCheckpoint {
  std::string plugin_state_json;                // passed back to the plugin as "state"
  std::string output_path;                      // absolute; empty: not a file of known path
  std::optional<std::int64_t> output_bytes;     // the file's length at the checkpoint
  std::optional<FileId> output_file;            // which file that was (device, inode)
  bool complete = false;                        // the fetch ended: no partition left open
  std::map<std::string, std::int64_t> records;  // per stream, over every run so far
  std::int64_t saved_at = 0;                    // unix seconds; 0: unknown
  bool legacy = false;                          // only the plugin state is known
};

std::string encode_checkpoint(const FetchCheckpoint& checkpoint);

// Never throws: text that is not a host_sim checkpoint is taken as a bare
// plugin state (legacy).
FetchCheckpoint decode_checkpoint(const std::string& stored);

// One line for people: "3 records (widgets: 3), saved 2 min ago, in FILE".
std::string describe_checkpoint(const FetchCheckpoint& checkpoint, std::int64_t now);

}  // namespace host_sim
