// Shared by the fuzz targets: an invariant check that aborts (libFuzzer
// saves the input; the replay driver fails), and the checks several
// targets assert.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>

#define FUZZ_CHECK(condition)                                                                \
  do {                                                                                       \
    if (!(condition)) {                                                                      \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                          \
    }                                                                                        \
  } while (false)

namespace fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Well-formed UTF-8: no overlong forms, surrogates or code points past U+10FFFF.
inline bool valid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t extra = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      extra = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + extra >= text.size()) return false;  // cut short
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto d = static_cast<unsigned char>(text[i + k]);
      if ((d & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3F);
    }
    if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += extra + 1;
  }
  return true;
}

// One line of text for people: valid UTF-8 without C0 controls or DEL.
inline bool clean_line(std::string_view text) {
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) return false;
  }
  return valid_utf8(text);
}

// A refusal for people: each of its "; "-separated problems one clean line
// of at most `max` bytes, so that a name it repeats from the input is bounded.
inline bool bounded_problems(std::string_view message, std::size_t max = 600) {
  if (!clean_line(message)) return false;
  while (!message.empty()) {
    const auto at = message.find("; ");
    if (message.substr(0, at).size() > max) return false;
    if (at == std::string_view::npos) break;
    message.remove_prefix(at + 2);
  }
  return true;
}

// A value worth looking for in a message that must not repeat it: long, and
// holding a character none of our messages or field names use, so a hit is
// the value itself and not our own words ("2026-12-01T10:00:00Z" is one).
inline bool marked_value(std::string_view value) {
  return value.size() >= 10 && value.find_first_of("!#$^*~|") != std::string_view::npos;
}

// A stand-in for `value`: the same length and character classes (letters
// and digits rotated within their class, every other byte kept), so a
// check that accepts one accepts the other. A harness runs the code again
// with the stand-in in the value's place: a message that still holds the
// value got it from elsewhere (a key, a label, our own words next to a
// repeated name); one that lost it had repeated the value itself. (A value
// of no letters or digits is its own stand-in: such a check proves nothing.)
inline std::string stand_in(std::string_view value) {
  std::string out(value);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>('a' + (c - 'a' + 13) % 26);
    else if (c >= 'A' && c <= 'Z') c = static_cast<char>('A' + (c - 'A' + 13) % 26);
    else if (c >= '0' && c <= '9') c = static_cast<char>('0' + (c - '0' + 5) % 10);
  }
  return out;
}

// True when `message` holds `value` because of it: the message made with
// its stand-in in its place (`with_stand_in`) no longer holds it.
inline bool repeats(std::string_view message, std::string_view with_stand_in,
                    std::string_view value) {
  return message.find(value) != std::string_view::npos &&
         with_stand_in.find(value) == std::string_view::npos;
}

// Splits `text` at the first `separator`: {before, after}; after is empty
// when there is none.
inline std::pair<std::string_view, std::string_view> split_once(std::string_view text,
                                                                char separator) {
  const auto at = text.find(separator);
  if (at == std::string_view::npos) return {text, {}};
  return {text.substr(0, at), text.substr(at + 1)};
}

}  // namespace fuzz
