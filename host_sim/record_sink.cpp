#include "record_sink.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace host_sim {
namespace {

std::string reason(int error_number) {
  if (error_number == EPIPE) return "the reader of the records went away (broken pipe)";
  return std::strerror(error_number);
}

bool is_regular(int fd) {
  struct stat info {};
  return ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode);
}

}  // namespace

RecordSink::RecordSink() : file_(stdout), regular_(is_regular(STDOUT_FILENO)) {
  opened_as_ = regular_ ? "stdout (a file)" : "stdout";
}

RecordSink::RecordSink(const std::filesystem::path& path, Placement placement,
                       std::optional<std::int64_t> resume_bytes, std::optional<FileId> must_be)
    : path_(path) {
  const std::string name = path.string();
  // Records hold people's names and e-mail addresses: the file is private.
  FileDescriptor opened = open_for_writing(path, "the output file");
  file_id_ = file_id_of(opened.get());
  if (must_be && *file_id_ != *must_be) {
    throw OutputError(name +
                          " is not the file the checkpoint was saved with (another file has "
                          "taken its name since): restore it, or start over",
                      0);
  }
  const int fd = opened.release();
  regular_ = is_regular(fd);
  try {
    if (!regular_) {
      opened_as_ = "writing to " + name + " (not a regular file)";
    } else {
      const std::int64_t size = size_of(fd);
      std::int64_t keep = size;
      if (placement == Placement::replace) {
        keep = 0;
        opened_as_ = size > 0 ? "replacing the " + std::to_string(size) + " bytes of " + name
                              : "writing to " + name;
      } else if (placement == Placement::resume && resume_bytes) {
        if (size < *resume_bytes) {
          throw OutputError(name + " has " + std::to_string(size) + " bytes, fewer than the " +
                                std::to_string(*resume_bytes) +
                                " it had at the saved checkpoint: it was changed since, so "
                                "resuming would lose records. Restore it, or start over with "
                                "--full-refresh.",
                            0);
        }
        keep = *resume_bytes;
        opened_as_ =
            "appending to " + name + " after its " + std::to_string(keep) +
            " bytes at the checkpoint" +
            (size > keep ? " (cutting " + std::to_string(size - keep) + " bytes written after it)"
                         : std::string());
      } else {
        opened_as_ = size > 0
                         ? "appending to " + name + " after its " + std::to_string(size) + " bytes"
                         : "writing to " + name;
      }
      if (keep != size && ::ftruncate(fd, static_cast<off_t>(keep)) != 0) {
        throw OutputError(
            "cannot cut " + name + " back to " + std::to_string(keep) + " bytes: " + reason(errno),
            errno);
      }
      if (::lseek(fd, static_cast<off_t>(keep), SEEK_SET) < 0) {
        throw OutputError("cannot seek in " + name + ": " + reason(errno), errno);
      }
    }
    file_ = ::fdopen(fd, "w");
    if (file_ == nullptr) throw OutputError("cannot open " + name + ": " + reason(errno), errno);
    // Fewer, larger writes than the block size's default.
    std::setvbuf(file_, nullptr, _IOFBF, 64 * 1024);
  } catch (...) {
    ::close(fd);
    throw;
  }
  owned_ = true;
}

RecordSink::~RecordSink() {
  if (owned_) std::fclose(file_);
}

void RecordSink::write(std::string_view line) {
  if (std::fwrite(line.data(), 1, line.size(), file_) != line.size()) {
    const int error_number = errno;
    std::clearerr(file_);
    throw OutputError("cannot write the records: " + reason(error_number), error_number);
  }
}

std::optional<std::int64_t> RecordSink::sync() {
  if (std::fflush(file_) != 0) {
    const int error_number = errno;
    std::clearerr(file_);
    throw OutputError("cannot write the records: " + reason(error_number), error_number);
  }
  if (!regular_) return std::nullopt;
  const int fd = ::fileno(file_);
  if (::fsync(fd) != 0) {
    throw OutputError("cannot make the records durable (fsync): " + reason(errno), errno);
  }
  const off_t position = ::lseek(fd, 0, SEEK_CUR);
  if (position < 0) throw OutputError("cannot tell the output's length: " + reason(errno), errno);
  return static_cast<std::int64_t>(position);
}

}  // namespace host_sim
