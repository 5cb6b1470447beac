// host_sim write's JSON Lines input (write_input): any file reads as lines
// in order, each at most the bound (or marked too long), none holding a
// newline, with end offsets rising to the file's size; resuming at any
// line's end offset reads exactly the lines after it.
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "write_input.hpp"

namespace {

std::vector<host_sim::InputLine> read_all(const std::string& path, std::int64_t offset,
                                          std::int64_t line, std::size_t bound) {
  host_sim::WriteInput input(path, offset, line, bound);
  std::vector<host_sim::InputLine> lines;
  while (auto next = input.next()) lines.push_back(std::move(*next));
  return lines;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const std::string path = "/tmp/zc_fuzz_write_input." + std::to_string(::getpid());
  const std::size_t bound = 1 + data[0] % 64;
  {
    std::FILE* file = std::fopen(path.c_str(), "wb");
    FUZZ_CHECK(file != nullptr);
    FUZZ_CHECK(std::fwrite(data + 1, 1, size - 1, file) == size - 1);
    std::fclose(file);
  }
  const auto lines = read_all(path, 0, 0, bound);
  std::int64_t last_offset = 0, last_number = 0;
  for (const auto& line : lines) {
    FUZZ_CHECK(line.number > last_number);
    FUZZ_CHECK(line.end_offset > last_offset);
    FUZZ_CHECK(line.end_offset <= static_cast<std::int64_t>(size - 1));
    FUZZ_CHECK(line.text.size() <= bound);
    FUZZ_CHECK(line.text.find('\n') == std::string::npos);
    FUZZ_CHECK(!line.too_long || line.text.empty());
    last_offset = line.end_offset;
    last_number = line.number;
  }
  if (!lines.empty()) {
    const auto& middle = lines[lines.size() / 2];
    const auto rest = read_all(path, middle.end_offset, middle.number, bound);
    FUZZ_CHECK(rest.size() == lines.size() - lines.size() / 2 - 1);
    for (std::size_t i = 0; i < rest.size(); ++i) {
      const auto& same = lines[lines.size() / 2 + 1 + i];
      FUZZ_CHECK(rest[i].number == same.number && rest[i].text == same.text &&
                 rest[i].end_offset == same.end_offset);
    }
  }
  std::remove(path.c_str());
  return 0;
}
