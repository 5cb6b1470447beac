#include "terminal_text.hpp"

#include <cstdio>

namespace host_sim {
namespace {

void append_escape(std::string& out, const char* format, unsigned value) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, format, value);
  out += buffer;
}

// The length of the valid UTF-8 sequence at the start of `text`, or 0.
std::size_t utf8_length(std::string_view text) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(0);
  const std::size_t length = lead >= 0xc2 && lead <= 0xdf   ? 2
                             : lead >= 0xe0 && lead <= 0xef ? 3
                             : lead >= 0xf0 && lead <= 0xf4 ? 4
                                                            : 0;
  if (length == 0) return 0;
  const unsigned min = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000;
  if (text.size() < length) return 0;
  unsigned code = lead & (0x7f >> length);
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xc0) != 0x80) return 0;
    code = (code << 6) | (byte(i) & 0x3f);
  }
  if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return 0;
  return length;
}

std::string escape(std::string_view text, bool keep_newlines) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    const auto c = static_cast<unsigned char>(text.front());
    if (c == '\n' && keep_newlines) {
      out += '\n';
      text.remove_prefix(1);
    } else if (c < 0x20 || c == 0x7f) {
      append_escape(out, "\\x%02x", c);
      text.remove_prefix(1);
    } else if (c < 0x80) {
      out += static_cast<char>(c);
      text.remove_prefix(1);
    } else if (const std::size_t length = utf8_length(text); length == 0) {
      append_escape(out, "\\x%02x", c);
      text.remove_prefix(1);
    } else {
      // U+0080..U+009F are the C1 controls (0xc2 0x80..0x9f).
      const auto second = static_cast<unsigned char>(text[1]);
      if (c == 0xc2 && second <= 0x9f) {
        append_escape(out, "\\u%04x", second);
      } else {
        out.append(text.substr(0, length));
      }
      text.remove_prefix(length);
    }
  }
  return out;
}

}  // namespace

std::string printable(std::string_view text) { return escape(text, false); }

std::string printable_lines(std::string_view text) { return escape(text, true); }

}  // namespace host_sim
