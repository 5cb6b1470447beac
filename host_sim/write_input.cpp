#include "write_input.hpp"

#include <sys/stat.h>

#include <stdexcept>

namespace host_sim {

WriteInput::WriteInput(const std::filesystem::path& path, std::int64_t offset,
                       std::int64_t line_number, std::size_t max_line_bytes)
    : offset_(offset), line_number_(line_number), max_line_bytes_(max_line_bytes) {
  file_ = std::fopen(path.c_str(), "rb");
  if (file_ == nullptr) throw std::runtime_error("cannot read " + path.string());
  struct stat info {};
  if (::fstat(::fileno(file_), &info) != 0 || !S_ISREG(info.st_mode)) {
    std::fclose(file_);
    throw std::runtime_error(path.string() + " is not a regular file");
  }
  if (info.st_size < offset || std::fseek(file_, static_cast<long>(offset), SEEK_SET) != 0) {
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
    if (!line.text.empty() && line.text.back() == '\r') line.text.pop_back();
    const bool blank = !line.too_long && line.text.find_first_not_of(" \t") == std::string::npos;
    if (!blank) return line;
  }
}

}  // namespace host_sim
