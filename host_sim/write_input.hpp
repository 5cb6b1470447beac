// Reads a write's input, JSON Lines, one record a line, with every line
// bounded: a line longer than the bound is reported (and passed over), never
// read whole into memory. Knows the byte offset after each line and the
// hash of the input up to it, which a write checkpoint records so a resume
// starts at the next record and notices an input changed under it.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>

#include "prefix_hash.hpp"

namespace host_sim {

struct InputLine {
  std::int64_t number = 0;      // 1-based line number in the file
  std::string text;             // without the newline; empty when too_long
  bool too_long = false;        // longer than the reader's bound
  std::int64_t end_offset = 0;  // byte offset just after this line
  PrefixHash hash_after;        // of the input's bytes up to end_offset
};

class WriteInput {
 public:
  // Opens `path` and starts at `offset` (a checkpoint's), which is line
  // `line_number` + 1, after hashing the bytes before it. Throws
  // std::runtime_error when it cannot be opened or is shorter than `offset`.
  WriteInput(const std::filesystem::path& path, std::int64_t offset, std::int64_t line_number,
             std::size_t max_line_bytes);
  ~WriteInput();
  WriteInput(const WriteInput&) = delete;
  WriteInput& operator=(const WriteInput&) = delete;

  // The next non-blank line, or nothing at the end of the file.
  std::optional<InputLine> next();
  // The bytes read so far (after next() said the end: the whole file) and
  // their hash.
  std::int64_t offset() const noexcept { return offset_; }
  const PrefixHash& hash() const noexcept { return hash_; }

 private:
  std::FILE* file_ = nullptr;
  std::int64_t offset_ = 0;
  std::int64_t line_number_ = 0;
  std::size_t max_line_bytes_;
  PrefixHash hash_;
  std::string unhashed_;  // bytes read and not yet added to hash_
};

}  // namespace host_sim
