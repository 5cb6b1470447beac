#include "core/text_rules.hpp"

#include <array>

namespace zc {
namespace {

struct RuleText {
  TextRule rule;
  std::string_view pattern;
  std::string_view description;
};

constexpr std::array<RuleText, 3> k_rules{{
    {TextRule::not_only_whitespace, R"(\S)", "must not be only whitespace"},
    {TextRule::no_whitespace, R"(^[^\s]+$)", "must not contain spaces"},
    {TextRule::no_whitespace_or_colon, R"(^[^\s:]+$)", "must not contain spaces or ':'"},
}};

const RuleText& text_of(TextRule rule) {
  for (const auto& entry : k_rules) {
    if (entry.rule == rule) return entry;
  }
  return k_rules.front();
}

// The next code point of valid UTF-8 at `i`; advances `i`.
char32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto byte = [&](std::size_t at) { return static_cast<unsigned char>(s[at]); };
  const unsigned char lead = byte(i);
  std::size_t extra = lead < 0x80 ? 0 : lead < 0xE0 ? 1 : lead < 0xF0 ? 2 : 3;
  char32_t c = extra == 0 ? lead : lead & (0x3F >> extra);
  ++i;
  for (; extra > 0 && i < s.size(); --extra, ++i) c = (c << 6) | (byte(i) & 0x3Fu);
  return c;
}

}  // namespace

std::string_view pattern_of(TextRule rule) { return text_of(rule).pattern; }

std::string_view describe(TextRule rule) { return text_of(rule).description; }

std::optional<TextRule> rule_for_pattern(std::string_view pattern) {
  for (const auto& entry : k_rules) {
    if (entry.pattern == pattern) return entry.rule;
  }
  return std::nullopt;
}

bool is_ecmascript_space(char32_t c) {
  switch (c) {
    case U'\t':
    case U'\n':
    case U'\v':
    case U'\f':
    case U'\r':
    case U' ':
    case 0x00A0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
    case 0xFEFF:
      return true;
    default:
      return c >= 0x2000 && c <= 0x200A;
  }
}

bool satisfies(TextRule rule, std::string_view utf8) {
  bool any_space = false;
  bool any_other = false;
  bool colon = false;
  for (std::size_t i = 0; i < utf8.size();) {
    const char32_t c = next_code_point(utf8, i);
    if (is_ecmascript_space(c)) {
      any_space = true;
    } else {
      any_other = true;
      colon = colon || c == U':';
    }
  }
  switch (rule) {
    case TextRule::not_only_whitespace:
      return any_other;
    case TextRule::no_whitespace:
      return any_other && !any_space;
    case TextRule::no_whitespace_or_colon:
      return any_other && !any_space && !colon;
  }
  return false;
}

}  // namespace zc
