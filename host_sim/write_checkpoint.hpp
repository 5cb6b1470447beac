// A write's checkpoint, kept next to its results file (RESULTS.checkpoint)
// and replaced atomically (temporary file, fsync, rename). It says how far
// the input was written and how long the results file was once those
// results were fsync'ed. Before each batch is handed to the plugin it also
// names the batch as "in flight": a run that dies while Zoom may be applying
// the batch leaves that mark, and the next run sends those records again
// only through a resumed session, which looks their creates up first.
//
// A checkpoint is bound to the files it speaks of: the results file (its
// device and inode) and the input lines it covers (their length and hash),
// and it is read and written by the rules of safe_file.hpp (ours, not
// writable by others, never through a symlink). A checkpoint planted or
// left over for other files is refused (write_resume_check.hpp). A retry's
// checkpoint is also bound to the results file it retries (write_retry.hpp)
// and has its own version, so an older host_sim refuses it rather than
// resuming it as a write of every line.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "safe_file.hpp"

namespace host_sim {

struct WriteCheckpoint {
  std::string operation;
  std::string input_path;          // absolute
  std::int64_t input_offset = 0;   // bytes of the input written (results stored)
  std::int64_t input_lines = 0;    // lines of the input up to input_offset
  std::int64_t results_bytes = 0;  // the results file's length at this checkpoint
  FileId results_file;             // the results file itself
  std::string input_hash;          // BLAKE2b-256 (hex) of the input's first input_offset bytes
  std::string plugin_state_json;   // passed back to the plugin as "state"; may be empty
  std::map<std::string, std::int64_t> outcomes;  // per outcome, over every run so far
  // The batch handed to the plugin and not yet stored: its input ends here.
  std::optional<std::int64_t> in_flight_end_offset;
  std::int64_t in_flight_end_line = 0;
  // A retry (write --retry-failed) sends only the lines that failed in
  // another write's results file: that file's absolute path, identity and
  // length, so a resumed retry sends the same lines. Empty: not a retry.
  std::string retry_of_path;
  FileId retry_of_file;
  std::int64_t retry_of_bytes = 0;
  bool complete = false;      // the whole input is written
  std::int64_t saved_at = 0;  // unix seconds
};

std::filesystem::path checkpoint_path_for(const std::filesystem::path& results);

// Throws OutputError when the file cannot be written durably, or a file
// there is not ours to replace.
void save_write_checkpoint(const std::filesystem::path& path, const WriteCheckpoint& checkpoint);

// Nothing when there is no file; throws std::runtime_error when there is one
// that is not a checkpoint of this format (it is never guessed at), or one
// that is not ours (OutputError).
std::optional<WriteCheckpoint> load_write_checkpoint(const std::filesystem::path& path);

}  // namespace host_sim
