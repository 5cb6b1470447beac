#include "write_resume_check.hpp"

#include <fcntl.h>

#include <cerrno>
#include <cstring>

#include "prefix_hash.hpp"
#include "safe_file.hpp"

namespace host_sim {
namespace {

constexpr const char* k_what_to_do =
    ": restore the files it was saved with, or choose other --results (--restart writes every "
    "line again, repeating its creates)";

}  // namespace

std::optional<std::string> results_file_mismatch(const WriteCheckpoint& checkpoint, int stored,
                                                 const std::filesystem::path& results,
                                                 bool exact_length) {
  if (file_id_of(stored) != checkpoint.results_file) {
    return results.string() +
           " is another file than the one it was saved with (its device and inode differ)";
  }
  const auto size = size_of(stored);
  if (size < checkpoint.results_bytes || (exact_length && size != checkpoint.results_bytes)) {
    return results.string() + " has " + std::to_string(size) + " bytes, " +
           (size < checkpoint.results_bytes ? "fewer than" : "more than") + " the " +
           std::to_string(checkpoint.results_bytes) + " it had then";
  }
  return std::nullopt;
}

std::optional<std::string> checkpoint_mismatch(const WriteCheckpoint& checkpoint,
                                               const std::filesystem::path& checkpoint_path,
                                               const std::filesystem::path& results,
                                               const std::filesystem::path& input) {
  const std::string about = checkpoint_path.string() + " does not belong to these files: ";
  const FileDescriptor stored = open_for_reading(results, "the results file");
  if (!stored) return about + results.string() + " is missing" + k_what_to_do;
  if (const auto differs = results_file_mismatch(checkpoint, stored.get(), results, false)) {
    return about + *differs + k_what_to_do;
  }
  const FileDescriptor lines(::open(input.c_str(), O_RDONLY | O_CLOEXEC));
  if (!lines) {
    return about + "cannot read the input " + input.string() + ": " + std::strerror(errno);
  }
  const auto input_size = size_of(lines.get());
  if (input_size < checkpoint.input_offset) {
    return about + "the input " + input.string() + " has " + std::to_string(input_size) +
           " bytes, fewer than the " + std::to_string(checkpoint.input_offset) +
           " whose results it covers" + k_what_to_do;
  }
  if (hash_of_prefix(lines.get(), checkpoint.input_offset) != checkpoint.input_hash) {
    return about + "the first " + std::to_string(checkpoint.input_lines) + " lines (" +
           std::to_string(checkpoint.input_offset) + " bytes) of the input " + input.string() +
           " are not those whose results it covers (their hash differs)" + k_what_to_do;
  }
  return std::nullopt;
}

}  // namespace host_sim
