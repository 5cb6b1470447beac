// Before a write resumes from its checkpoint: is it the checkpoint of these
// files? It must name the results file it was saved with (same device and
// inode, still at least as long as then) and an input whose first
// input_offset bytes are the ones whose results it covers (same BLAKE2b
// hash). A checkpoint planted by someone else, or left over from a write of
// other files, would otherwise make host_sim skip lines or call a write
// done that never happened.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "write_checkpoint.hpp"

namespace host_sim {

// Whether `stored` (open on `results`) is the results file `checkpoint` was
// saved with: the same device and inode, and at least as long as then
// (`exact_length`: exactly as long, as a complete write's is). What differs,
// for people, or nothing.
std::optional<std::string> results_file_mismatch(const WriteCheckpoint& checkpoint, int stored,
                                                 const std::filesystem::path& results,
                                                 bool exact_length);

// What differs, for people, or nothing when the checkpoint is theirs.
// Throws OutputError when the results file may not be read (safe_file.hpp).
std::optional<std::string> checkpoint_mismatch(const WriteCheckpoint& checkpoint,
                                               const std::filesystem::path& checkpoint_path,
                                               const std::filesystem::path& results,
                                               const std::filesystem::path& input);

}  // namespace host_sim
