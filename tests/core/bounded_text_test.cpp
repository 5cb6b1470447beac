// Remote text repeated by the plugin is bounded, valid, one-line UTF-8.
#include "core/bounded_text.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace {

bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    const std::size_t n = b < 0x80         ? 1
                          : (b >> 5) == 6  ? 2
                          : (b >> 4) == 14 ? 3
                          : (b >> 3) == 30 ? 4
                                           : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

TEST(BoundedText, ShortTextIsKept) {
  EXPECT_EQ(zc::bounded_text("Invalid access token."), "Invalid access token.");
  EXPECT_EQ(zc::bounded_text("caf\xC3\xA9"), "caf\xC3\xA9");
  EXPECT_EQ(zc::bounded_text(""), "");
}

TEST(BoundedText, LongTextIsCutOnACharacterBoundaryAndMarked) {
  std::string text;
  for (int i = 0; i < 200; ++i) text += "\xC3\xA9 ";  // "é " = 3 bytes
  const std::string out = zc::bounded_text(text, 10);
  EXPECT_EQ(out, "\xC3\xA9 \xC3\xA9 \xC3\xA9 " + std::string(zc::k_cut_marker));
  EXPECT_TRUE(valid_utf8(out));
}

TEST(BoundedText, InvalidUtf8AndControlsAreReplaced) {
  const std::string out = zc::bounded_text(
      "a\xFF"
      "b\nc\r\x1B[31md\xC2\x85"
      "e\xE2\x80\xAE"
      "f\xC0\xAF\xED\xA0\x80");
  EXPECT_TRUE(valid_utf8(out));
  EXPECT_EQ(out.find_first_of("\n\r\x1B"), std::string::npos);
  EXPECT_EQ(out.find("\xC2\x85"), std::string::npos);      // C1 NEL
  EXPECT_EQ(out.find("\xE2\x80\xAE"), std::string::npos);  // right-to-left override
  EXPECT_EQ(out.substr(0, 5),
            "a\xEF\xBF\xBD"
            "b");
}

TEST(BoundedText, NoPartOfALongTokenIsKept) {
  const std::string out = zc::bounded_text("Bearer " + std::string(1000, 'A'), 300);
  EXPECT_EQ(out, "Bearer " + std::string(zc::k_cut_marker));
}

TEST(BoundedText, HugeInputIsReadOnlyAsFarAsNeeded) {
  const std::string text(100u << 20, '\x01');
  const auto start = std::chrono::steady_clock::now();
  const std::string out = zc::bounded_text(text);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_EQ(out.size(), zc::k_remote_text_max + zc::k_cut_marker.size());
}

}  // namespace
