// The credential schema's "pattern"s as one-pass checks. The input is
// hostile: no regex engine runs on it (libstdc++'s std::regex recurses per
// character and a long input overflows the stack). Each rule names the exact
// pattern text it implements, so a schema whose pattern has no rule is caught
// (credential_schema_mismatches()).
#pragma once

#include <optional>
#include <string_view>

namespace zc {

enum class TextRule {
  not_only_whitespace,     // "\S"
  no_whitespace,           // "^[^\s]+$"
  no_whitespace_or_colon,  // "^[^\s:]+$"
};

// The JSON Schema pattern a rule implements, and the rule for a pattern.
std::string_view pattern_of(TextRule rule);
std::optional<TextRule> rule_for_pattern(std::string_view pattern);

// What the rule asks, for people ("must not contain spaces").
std::string_view describe(TextRule rule);

// Does `utf8` (valid UTF-8) match the rule's pattern, as an ECMAScript
// regex_search would? Whitespace is ECMAScript's \s.
bool satisfies(TextRule rule, std::string_view utf8);

// ECMAScript's \s: the white space and line terminator code points.
bool is_ecmascript_space(char32_t c);

}  // namespace zc
