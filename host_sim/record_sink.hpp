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
#include <string>
#include <string_view>

#include "safe_file.hpp"

namespace host_sim {

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
  // Records in `path`, opened by the rules of safe_file.hpp (no symlink,
  // ours, not writable by others). `resume_bytes` is used with
  // Placement::resume. With `must_be`, a file that is not that one is
  // refused before anything in it changes. Throws OutputError (cannot open;
  // refused; shorter than the checkpoint; another file).
  RecordSink(const std::filesystem::path& path, Placement placement,
             std::optional<std::int64_t> resume_bytes, std::optional<FileId> must_be = {});
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
  // Which file the records go to (device and inode); nothing for stdout.
  std::optional<FileId> file_id() const noexcept { return file_id_; }
  // What opening did, for people: "replacing its 120 bytes", ...
  const std::string& opened_as() const noexcept { return opened_as_; }

 private:
  std::FILE* file_ = nullptr;
  bool owned_ = false;
  bool regular_ = false;
  std::filesystem::path path_;
  std::optional<FileId> file_id_;
  std::string opened_as_;
};

}  // namespace host_sim
