#include "write_input.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <iterator>
#include <stdexcept>
#include <system_error>
#include <vector>

namespace host_sim {
namespace {

constexpr std::size_t k_hash_chunk = 64 * 1024;

}  // namespace

WriteInput::WriteInput(const std::filesystem::path& path, std::int64_t offset,
                       std::int64_t line_number, std::size_t max_line_bytes)
    : offset_(offset), line_number_(line_number), max_line_bytes_(max_line_bytes) {
  file_ = std::fopen(path.c_str(), "rb");
  if (file_ == nullptr) {
    throw std::runtime_error("cannot read " + path.string() + " (" +
                             std::generic_category().message(errno) + ")");
  }
  struct stat info {};
  if (::fstat(::fileno(file_), &info) != 0 || !S_ISREG(info.st_mode)) {
    std::fclose(file_);
    throw std::runtime_error(path.string() + " is not a regular file");
  }
  // Only a resume reads a prefix; a fresh start allocates nothing here.
  std::vector<char> buffer(
      static_cast<std::size_t>(std::clamp<std::int64_t>(offset, 0, k_hash_chunk)));
  std::int64_t hashed = 0;
  while (info.st_size >= offset && hashed < offset) {
    const auto want =
        static_cast<std::size_t>(std::min<std::int64_t>(offset - hashed, std::ssize(buffer)));
    const std::size_t got = std::fread(buffer.data(), 1, want, file_);
    if (got == 0) break;
    hash_.update(std::string_view(buffer.data(), got));
    hashed += static_cast<std::int64_t>(got);
  }
  if (hashed < offset) {
    std::fclose(file_);
    throw std::runtime_error(path.string() +
                             " is shorter than at the checkpoint (it changed since): restore "
                             "it, or start again with --restart");
  }
}

WriteInput::~WriteInput() {
  if (file_ != nullptr) std::fclose(file_);
}

std::optional<InputLine> WriteInput::next() {
  for (;;) {
    InputLine line;
    bool any = false;
    int c = 0;
    while ((c = std::getc(file_)) != EOF) {
      any = true;
      ++offset_;
      unhashed_.push_back(static_cast<char>(c));
      if (unhashed_.size() >= k_hash_chunk) {
        hash_.update(unhashed_);
        unhashed_.clear();
      }
      if (c == '\n') break;
      if (line.too_long) continue;
      if (line.text.size() >= max_line_bytes_) {
        line.too_long = true;
        line.text.clear();
        line.text.shrink_to_fit();
        continue;
      }
      line.text.push_back(static_cast<char>(c));
    }
    if (!any) return std::nullopt;
    line.number = ++line_number_;
    line.end_offset = offset_;
    hash_.update(unhashed_);
    unhashed_.clear();
    line.hash_after = hash_;
    if (!line.text.empty() && line.text.back() == '\r') line.text.pop_back();
    const bool blank = !line.too_long && line.text.find_first_not_of(" \t") == std::string::npos;
    if (!blank) return line;
  }
}

}  // namespace host_sim
