// The files host_sim writes (fetch records, write results, write
// checkpoints), opened so that another local user can neither redirect them
// nor read or change what host_sim puts in them:
// - the last path component is opened with O_NOFOLLOW: a symbolic link
//   planted where the file is to go is refused, never written through;
// - an existing file must belong to this user and not be writable by its
//   group or others (the message says which, and what to do);
// - a new file is created 0600;
// - a file replaced as a whole goes through a temporary file made with
//   O_EXCL in the same folder, then rename(2).
// A character device (/dev/null) is accepted as an output: nothing is kept
// in it for anyone to read.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace host_sim {

// A file host_sim cannot, or must not, write or read back.
class OutputError : public std::runtime_error {
 public:
  OutputError(const std::string& message, int error_number)
      : std::runtime_error(message), error_number_(error_number) {}
  int error_number() const noexcept { return error_number_; }

 private:
  int error_number_;
};

// Which file an open descriptor is: stays the same while the file is
// written, changes when another file takes its name.
struct FileId {
  std::uint64_t device = 0;
  std::uint64_t inode = 0;
  bool operator==(const FileId&) const = default;
};

// An open descriptor, closed with its owner.
class FileDescriptor {
 public:
  FileDescriptor() = default;
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor();
  FileDescriptor(FileDescriptor&& other) noexcept : fd_(other.release()) {}
  FileDescriptor& operator=(FileDescriptor&& other) noexcept;
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;

  int get() const noexcept { return fd_; }
  explicit operator bool() const noexcept { return fd_ >= 0; }
  int release() noexcept {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_ = -1;
};

// Opens `path` for writing (not truncated, at offset 0). `what` names the
// file in messages ("the output file"). Throws OutputError.
FileDescriptor open_for_writing(const std::filesystem::path& path, std::string_view what);

// Opens a file host_sim wrote earlier to read it back, under the same rules;
// an empty descriptor when there is no such file. Throws OutputError.
FileDescriptor open_for_reading(const std::filesystem::path& path, std::string_view what);

// Opens (creating 0600 when absent) a regular file host_sim keeps private,
// such as the credential store, for reading and writing, under the rules
// above; one that others may read (not write) is made 0600. Throws
// OutputError.
FileDescriptor open_private_file(const std::filesystem::path& path, std::string_view what);

// Reads all of a file host_sim wrote earlier (at most max_bytes); nothing
// when there is no such file. Throws OutputError.
std::optional<std::string> read_own_file(const std::filesystem::path& path, std::string_view what,
                                         std::size_t max_bytes);

// Replaces `path` with `content` at once (temporary file with O_EXCL in the
// same folder, fsync, rename, folder fsync). An existing `path` must pass
// the rules above. Throws OutputError.
void replace_file(const std::filesystem::path& path, std::string_view content,
                  std::string_view what);
// The same, with the content written by `fill` into the temporary file
// (open as `fd`, named `name` in messages); returns the new file's id.
FileId replace_file_with(const std::filesystem::path& path, std::string_view what,
                         const std::function<void(int fd, const std::string& name)>& fill);
// Writes all of `text` to `fd` (EINTR retried). Throws OutputError.
void write_fully(int fd, std::string_view text, const std::string& name);

FileId file_id_of(int fd);
std::int64_t size_of(int fd);

// `path` made absolute with its folder resolved, its last component left as
// given, so a symbolic link there is still seen (and refused) when opened.
std::filesystem::path absolute_keeping_name(const std::filesystem::path& path);

}  // namespace host_sim
