// The credential schema's patterns, checked in one pass: the same answers as
// an ECMAScript regex_search, on any length of input.
#include "core/text_rules.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

namespace {

using zc::TextRule;

constexpr TextRule k_rules[] = {TextRule::not_only_whitespace, TextRule::no_whitespace,
                                TextRule::no_whitespace_or_colon};

TEST(TextRules, AgreeWithTheSchemaPatternOnShortAsciiProbes) {
  // std::regex only on these short constants of the test, never on input.
  const std::vector<std::string> probes{"",     "a",    " ",   "  ",   "\t",   "a b",  " a",
                                        "a ",   "a:b",  ":",   "abc",  "\n",   "a\tb", "x\r",
                                        "a\vb", "a\fb", "::a", "ab:c", "a b:", "-_.",  "0"};
  for (const TextRule rule : k_rules) {
    const std::regex pattern(std::string(zc::pattern_of(rule)), std::regex::ECMAScript);
    for (const auto& probe : probes) {
      EXPECT_EQ(zc::satisfies(rule, probe), std::regex_search(probe, pattern))
          << "pattern " << zc::pattern_of(rule) << " on \"" << probe << "\"";
    }
  }
}

TEST(TextRules, UnicodeSpacesAreSpacesAsInEcmaScript) {
  const std::string nbsp = "\xC2\xA0";             // U+00A0
  const std::string ideographic = "\xE3\x80\x80";  // U+3000
  const std::string bom = "\xEF\xBB\xBF";          // U+FEFF
  for (const auto& space : {nbsp, ideographic, bom}) {
    EXPECT_FALSE(zc::satisfies(TextRule::not_only_whitespace, space));
    EXPECT_FALSE(zc::satisfies(TextRule::no_whitespace, "a" + space + "b"));
  }
  EXPECT_TRUE(zc::satisfies(TextRule::no_whitespace, "caf\xC3\xA9"));  // é is not a space
  EXPECT_TRUE(zc::satisfies(TextRule::no_whitespace_or_colon, "\xF0\x9F\x98\x80"));  // an emoji
}

TEST(TextRules, ALongInputIsOnePass) {
  // std::regex_search("^[^\\s]+$") overflows the stack at about 100,000 characters.
  const std::string long_text(5'000'000, 'a');
  EXPECT_TRUE(zc::satisfies(TextRule::no_whitespace, long_text));
  EXPECT_FALSE(zc::satisfies(TextRule::no_whitespace_or_colon, long_text + ":"));
}

TEST(TextRules, EachPatternMapsBackToItsRule) {
  for (const TextRule rule : k_rules) {
    EXPECT_EQ(zc::rule_for_pattern(zc::pattern_of(rule)), rule);
    EXPECT_FALSE(zc::describe(rule).empty());
  }
  EXPECT_FALSE(zc::rule_for_pattern("^[a-z]+$")) << "a pattern without a rule is not guessed";
}

}  // namespace
