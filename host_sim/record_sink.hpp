// Where a fetch's records go: a file (--output) or stdout, which may be a
// regular file, a pipe or a terminal. Writes are checked (a reader that went
// away is an error, not a signal: SIGPIPE must be ignored), and sync() makes
// every record so far durable on a regular file (flush + fsync) and tells
// the file's length, which a checkpoint records.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace host_sim {

class OutputError : public std::runtime_error {
 public:
  OutputError(const std::string& message, int error_number)
      : std::runtime_error(message), error_number_(error_number) {}
  int error_number() const noexcept { return error_number_; }

 private:
  int error_number_;
};

// How an existing --output file is opened.
enum class Placement {
  replace,  // cut to 0 bytes (a fetch from the beginning)
  append,   // keep it, write at its end
  resume,   // cut back to the checkpoint's length; refused if shorter
};

class RecordSink {
 public:
  // Records on stdout.
  RecordSink();
  // Records in `path`. `resume_bytes` is used with Placement::resume.
  // Throws OutputError (cannot open; shorter than the checkpoint).
  RecordSink(const std::filesystem::path& path, Placement placement,
             std::optional<std::int64_t> resume_bytes);
  ~RecordSink();
  RecordSink(const RecordSink&) = delete;
  RecordSink& operator=(const RecordSink&) = delete;

  // Throws OutputError.
  void write(std::string_view line);
  // Flushes; on a regular file also fsyncs and returns its length.
  // Throws OutputError.
  std::optional<std::int64_t> sync();

  // A regular file: what is flushed and fsync'ed has reached it. A pipe or a
  // terminal: the host cannot know what the reader took.
  bool regular_file() const noexcept { return regular_; }
  const std::filesystem::path& path() const noexcept { return path_; }  // empty: stdout
  // What opening did, for people: "replacing its 120 bytes", ...
  const std::string& opened_as() const noexcept { return opened_as_; }

 private:
  std::FILE* file_ = nullptr;
  bool owned_ = false;
  bool regular_ = false;
  std::filesystem::path path_;
  std::string opened_as_;
};

}  // namespace host_sim
