#include "core/bounded_text.hpp"

#include <algorithm>
#include <cstdint>

namespace zc {
namespace {

constexpr std::string_view k_replacement = "\uFFFD";

struct Decoded {
  char32_t code = 0;
  std::size_t size = 0;  // 0: not a valid sequence
};

// One UTF-8 sequence at the start of `s` (shortest form, no surrogates).
Decoded decode(std::string_view s) {
  const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(s[i]); };
  const std::uint8_t lead = byte(0);
  if (lead < 0x80) return {lead, 1};
  std::size_t size = 0;
  char32_t code = 0;
  char32_t min = 0;
  if ((lead & 0xE0) == 0xC0) {
    size = 2, code = lead & 0x1F, min = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    size = 3, code = lead & 0x0F, min = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    size = 4, code = lead & 0x07, min = 0x10000;
  } else {
    return {};
  }
  if (s.size() < size) return {};
  for (std::size_t i = 1; i < size; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return {};
    code = (code << 6) | (byte(i) & 0x3F);
  }
  if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return {};
  return {code, size};
}

bool is_control(char32_t c) {
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029;
}

}  // namespace

bool is_token_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  if ((u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z')) return true;
  switch (c) {
    case '-':
    case '.':
    case '_':
    case '~':
    case '+':
    case '/':
    case '=':
    case '%':
      return true;
    default:
      return false;
  }
}

std::string bounded_text(std::string_view text, std::size_t max_bytes) {
  std::string out;
  out.reserve(std::min(text.size(), max_bytes) + k_cut_marker.size());
  bool cut = false;
  while (!text.empty()) {
    const Decoded d = decode(text);
    std::string_view piece;
    if (d.size == 0) {
      piece = k_replacement;
    } else if (is_control(d.code)) {
      piece = " ";
    } else {
      piece = text.substr(0, d.size);
    }
    if (out.size() + piece.size() > max_bytes) {
      cut = true;
      // Keep no part of a token the cut runs through.
      if (!out.empty() && is_token_char(out.back()) && piece.size() == 1 &&
          is_token_char(piece[0])) {
        while (!out.empty() && is_token_char(out.back())) out.pop_back();
      }
      break;
    }
    out.append(piece);
    text.remove_prefix(d.size == 0 ? 1 : d.size);
  }
  if (cut) out.append(k_cut_marker);
  return out;
}

std::string quoted_text(std::string_view text, std::size_t max_bytes) {
  return "\"" + bounded_text(text, max_bytes) + "\"";
}

}  // namespace zc
