#include "json_line.hpp"

namespace host_support {
namespace {

bool needs_work(std::string_view json, bool markup) {
  unsigned found = 0;
  for (const char c : json) {
    const auto byte = static_cast<unsigned char>(c);
    // 0xC2 leads U+0080-U+00BF: looked at closely only when present.
    found |= static_cast<unsigned>(byte < 0x20) | static_cast<unsigned>(byte == 0x7f) |
             static_cast<unsigned>(byte == 0xc2);
    if (markup) found |= static_cast<unsigned>(c == '<' || c == '>' || c == '&');
  }
  return found != 0;
}

// A UTF-8 encoded C1 control (U+0080-U+009F) starts at json[i].
bool c1_at(std::string_view json, std::size_t i) {
  return static_cast<unsigned char>(json[i]) == 0xc2 && i + 1 < json.size() &&
         static_cast<unsigned char>(json[i + 1]) >= 0x80 &&
         static_cast<unsigned char>(json[i + 1]) <= 0x9f;
}

void append_escape(std::string& out, unsigned code) {
  static constexpr char k_hex[] = "0123456789abcdef";
  out += "\\u00";
  out += k_hex[(code >> 4) & 0xf];
  out += k_hex[code & 0xf];
}

}  // namespace

void append_printable_json(std::string& out, std::string_view json, bool markup) {
  if (!needs_work(json, markup)) {
    out.append(json);
    return;
  }
  out.reserve(out.size() + json.size() + 32);
  bool in_string = false;
  for (std::size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    const auto byte = static_cast<unsigned char>(c);
    if (!in_string) {  // only whitespace and structure belong here
      if (c1_at(json, i)) {
        out += ' ';
        ++i;
        continue;
      }
      if (c == '"') in_string = true;
      out += byte < 0x20 || byte == 0x7f ? ' ' : c;
      continue;
    }
    if (c == '\\' && i + 1 < json.size()) {  // an escape: its next byte is ASCII
      out += c;
      out += json[++i];
    } else if (c == '"') {
      in_string = false;
      out += c;
    } else if (byte < 0x20 || byte == 0x7f) {
      append_escape(out, byte);
    } else if (c1_at(json, i)) {
      append_escape(out, static_cast<unsigned char>(json[++i]));  // U+0080-U+009F
    } else if (markup && (c == '<' || c == '>' || c == '&')) {
      append_escape(out, byte);
    } else {
      out += c;
    }
  }
}

std::string printable_json(std::string_view json, bool markup) {
  std::string out;
  append_printable_json(out, json, markup);
  return out;
}

}  // namespace host_support
