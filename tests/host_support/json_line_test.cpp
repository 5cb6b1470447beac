// The last step of every JSON line a host prints: DEL and C1 controls
// (which JSON and Boost.JSON leave raw) become \u escapes, as C0 controls
// do; the value is unchanged; printable UTF-8 is kept.
#include "json_line.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace {

namespace json = boost::json;
using host_support::printable_json;

// Any raw DEL, C0 or UTF-8 encoded C1 control byte left in `text`.
bool has_raw_control(const std::string& text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x20 || byte == 0x7f) return true;
    if (byte == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9f &&
        static_cast<unsigned char>(text[i + 1]) >= 0x80)
      return true;
  }
  return false;
}

TEST(JsonLine, DelAndEveryC1ControlInAStringAreEscapedAndTheValueIsKept) {
  std::string hostile = "a\x7f";
  for (unsigned code = 0x80; code <= 0x9f; ++code) {
    hostile += static_cast<char>(0xc2);
    hostile += static_cast<char>(code);
  }
  hostile += "\x1b]52;c;x\x07 end";
  const json::value value = json::object{{"name", hostile}, {"list", json::array{hostile, 1}}};
  const std::string raw = json::serialize(value);
  ASSERT_TRUE(has_raw_control(raw)) << "Boost.JSON leaves DEL and C1 raw: the test can fail";
  const std::string line = printable_json(raw);
  EXPECT_FALSE(has_raw_control(line)) << line;
  EXPECT_NE(line.find("\\u007f"), std::string::npos) << line;
  EXPECT_NE(line.find("\\u0085"), std::string::npos) << line;
  EXPECT_NE(line.find("\\u009b"), std::string::npos) << line;
  EXPECT_NE(line.find("\\u001b"), std::string::npos) << line;
  EXPECT_EQ(json::parse(line), value);
}

TEST(JsonLine, PrintableUtf8EscapesAndStructureAreKept) {
  const std::string text =
      R"({"a":"caf\u00e9 é € 😀 ¡ ©","b":"quote \" backslash \\ \u009b kept","c":[1,2.5,true,null]})";
  // U+00A0 and U+00A1 start with 0xC2 too, and are printable.
  const std::string with_nbsp = text.substr(0, text.size() - 1) + ",\"d\":\"\xc2\xa0\xc2\xa1\"}";
  EXPECT_EQ(printable_json(with_nbsp), with_nbsp);
}

TEST(JsonLine, MarkupIsEscapedOnlyWhenAsked) {
  const std::string text = R"({"html":"<script>a&b</script>"})";
  EXPECT_EQ(printable_json(text), text);
  const std::string safe = printable_json(text, true);
  EXPECT_EQ(safe, R"({"html":"\u003cscript\u003ea\u0026b\u003c/script\u003e"})");
  EXPECT_EQ(json::parse(safe), json::parse(text));
}

TEST(JsonLine, OutsideStringsAControlIsOnlyWhitespace) {
  const std::string text = "{\"a\":\t1,\n\"b\":\x7f 2}";
  const std::string line = printable_json(text);
  EXPECT_FALSE(has_raw_control(line)) << line;
  EXPECT_EQ(line, "{\"a\": 1, \"b\":  2}");
}

TEST(JsonLine, AppendsToWhatIsThere) {
  std::string out = "prefix:";
  host_support::append_printable_json(out, "\"\x7f\"");
  EXPECT_EQ(out, "prefix:\"\\u007f\"");
}

}  // namespace
