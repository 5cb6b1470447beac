#include "safe_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <vector>

namespace host_sim {
namespace {

std::string mode_text(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

std::string named(std::string_view what, const std::filesystem::path& path) {
  return std::string(what) + " " + path.string();
}

// Why an open file must not be used, or "" when it may. `regular_only`: a
// file read back must be a regular file; an output may also be a FIFO of
// ours or a character device.
std::string refusal(int fd, const std::filesystem::path& path, bool regular_only) {
  struct stat info {};
  if (::fstat(fd, &info) != 0) return std::string("cannot be checked: ") + std::strerror(errno);
  if (!regular_only && S_ISCHR(info.st_mode)) return {};
  if (!S_ISREG(info.st_mode) && (regular_only || !S_ISFIFO(info.st_mode))) {
    return "is not a regular file";
  }
  if (info.st_uid != ::geteuid()) {
    return "belongs to another user (uid " + std::to_string(info.st_uid) +
           "), who could read or change what host_sim writes there: remove it (or have its "
           "owner remove it), or choose another path";
  }
  if ((info.st_mode & 022) != 0) {
    const char* who = (info.st_mode & 020) != 0 && (info.st_mode & 002) != 0
                          ? "its group and others"
                      : (info.st_mode & 020) != 0 ? "its group"
                                                  : "others";
    return "is writable by " + std::string(who) + " (mode " + mode_text(info.st_mode) +
           "), who could change what host_sim writes there: run chmod go-w " + path.string() +
           ", or choose another path";
  }
  return {};
}

[[noreturn]] void fail_open(int error_number, std::string_view what,
                            const std::filesystem::path& path) {
  if (error_number == ELOOP) {
    throw OutputError(
        named(what, path) +
            " is a symbolic link: host_sim never writes through one (another user could have "
            "planted it to make host_sim overwrite the file it points to); remove the link, or "
            "give the real file's path",
        error_number);
  }
  if (error_number == ENXIO) {
    throw OutputError(named(what, path) + " is a FIFO that nobody reads", error_number);
  }
  throw OutputError("cannot open " + named(what, path) + ": " + std::strerror(error_number),
                    error_number);
}

void check(const FileDescriptor& fd, std::string_view what, const std::filesystem::path& path,
           bool regular_only) {
  if (const std::string why = refusal(fd.get(), path, regular_only); !why.empty()) {
    throw OutputError(named(what, path) + " " + why, 0);
  }
}

void write_all(int fd, std::string_view text, const std::string& name) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw OutputError("cannot write " + name + ": " + std::strerror(errno), errno);
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace

FileDescriptor::~FileDescriptor() {
  if (fd_ >= 0) ::close(fd_);
}

FileDescriptor& FileDescriptor::operator=(FileDescriptor&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.release();
  }
  return *this;
}

FileDescriptor open_for_writing(const std::filesystem::path& path, std::string_view what) {
  // O_NONBLOCK: a FIFO without a reader fails (ENXIO) instead of blocking.
  FileDescriptor fd(
      ::open(path.c_str(), O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0600));
  if (!fd) fail_open(errno, what, path);
  check(fd, what, path, false);
  const int flags = ::fcntl(fd.get(), F_GETFL);
  if (flags < 0 || ::fcntl(fd.get(), F_SETFL, flags & ~O_NONBLOCK) != 0) {
    throw OutputError("cannot use " + named(what, path) + ": " + std::strerror(errno), errno);
  }
  return fd;
}

FileDescriptor open_for_reading(const std::filesystem::path& path, std::string_view what) {
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK));
  if (!fd) {
    if (errno == ENOENT) return {};
    fail_open(errno, what, path);
  }
  check(fd, what, path, true);
  return fd;
}

FileDescriptor open_private_file(const std::filesystem::path& path, std::string_view what) {
  FileDescriptor fd(::open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (!fd) fail_open(errno, what, path);
  check(fd, what, path, true);
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0 ||
      ((info.st_mode & 077) != 0 && ::fchmod(fd.get(), 0600) != 0)) {
    throw OutputError(
        named(what, path) +
            " is readable by other users and cannot be made private: " + std::strerror(errno),
        errno);
  }
  return fd;
}

std::optional<std::string> read_own_file(const std::filesystem::path& path, std::string_view what,
                                         std::size_t max_bytes) {
  const FileDescriptor fd = open_for_reading(path, what);
  if (!fd) return std::nullopt;
  std::string text;
  std::vector<char> buffer(64 * 1024);
  for (;;) {
    const ssize_t n = ::read(fd.get(), buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      throw OutputError("cannot read " + named(what, path) + ": " + std::strerror(errno), errno);
    }
    if (n == 0) return text;
    text.append(buffer.data(), static_cast<std::size_t>(n));
    if (text.size() > max_bytes) {
      throw OutputError(named(what, path) + " is larger than " + std::to_string(max_bytes) +
                            " bytes: not a file host_sim wrote",
                        0);
    }
  }
}

FileId replace_file_with(const std::filesystem::path& path, std::string_view what,
                         const std::function<void(int fd, const std::string& name)>& fill) {
  // What is there must be ours too: refused rather than silently replaced.
  open_for_reading(path, what);
  const std::filesystem::path folder =
      path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
  std::string temporary = (folder / ("." + path.filename().string() + ".XXXXXX")).string();
  // mkostemp: a new name, created with O_EXCL and mode 0600.
  const int raw = ::mkostemp(temporary.data(), O_CLOEXEC);
  if (raw < 0) {
    throw OutputError(
        "cannot create a temporary file in " + folder.string() + ": " + std::strerror(errno),
        errno);
  }
  FileDescriptor fd(raw);
  FileId id;
  try {
    fill(fd.get(), temporary);
    if (::fsync(fd.get()) != 0) {
      throw OutputError("cannot make " + temporary + " durable (fsync): " + std::strerror(errno),
                        errno);
    }
    id = file_id_of(fd.get());
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
      throw OutputError("cannot replace " + named(what, path) + ": " + std::strerror(errno), errno);
    }
  } catch (...) {
    ::unlink(temporary.c_str());
    throw;
  }
  // The rename itself is durable once the folder is synced.
  if (const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return id;
}

void replace_file(const std::filesystem::path& path, std::string_view content,
                  std::string_view what) {
  replace_file_with(path, what,
                    [content](int fd, const std::string& name) { write_all(fd, content, name); });
}

void write_fully(int fd, std::string_view text, const std::string& name) {
  write_all(fd, text, name);
}

FileId file_id_of(int fd) {
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    throw OutputError(std::string("cannot check a file: ") + std::strerror(errno), errno);
  }
  return FileId{static_cast<std::uint64_t>(info.st_dev), static_cast<std::uint64_t>(info.st_ino)};
}

std::int64_t size_of(int fd) {
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    throw OutputError(std::string("cannot read a file's size: ") + std::strerror(errno), errno);
  }
  return static_cast<std::int64_t>(info.st_size);
}

std::filesystem::path absolute_keeping_name(const std::filesystem::path& path) {
  if (path.empty()) return path;
  const std::filesystem::path absolute = std::filesystem::absolute(path);
  const std::filesystem::path name = absolute.filename();
  if (name.empty() || name == "." || name == "..") return absolute.lexically_normal();
  std::error_code error;
  const auto folder = std::filesystem::weakly_canonical(absolute.parent_path(), error);
  return (error ? absolute.parent_path().lexically_normal() : folder) / name;
}

}  // namespace host_sim
