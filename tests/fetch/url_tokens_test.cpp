// A record's download URLs lose their access_token before the host sees them.
#include "fetch/url_tokens.hpp"

#include <gtest/gtest.h>

namespace {

using zc::fetch::redact_url_tokens;

std::string redacted(std::string text) {
  redact_url_tokens(text);
  return text;
}

TEST(UrlTokens, TheAccessTokenOfEveryUrlIsRedacted) {
  EXPECT_EQ(redacted(R"({"download_url":"https://zoom.us/rec/download/a?access_token=eyJ.x-y"})"),
            R"({"download_url":"https://zoom.us/rec/download/a?access_token=REDACTED"})");
  EXPECT_EQ(
      redacted(
          R"({"u":"https://z/a?x=1&access_token=t1&y=2#f","v":"https://z/b?access_token=t2#k"})"),
      R"({"u":"https://z/a?x=1&access_token=REDACTED&y=2#f","v":"https://z/b?access_token=REDACTED#k"})");
  // JSON may escape the '&'; a backslash ends the value, which stays redacted.
  EXPECT_EQ(redacted(R"({"u":"https://z/a?x=1\u0026access_token=t3\u0026y=2"})"),
            R"({"u":"https://z/a?x=1\u0026access_token=REDACTED\u0026y=2"})");
}

TEST(UrlTokens, OtherTextIsLeftAsItWas) {
  for (const std::string& text : std::vector<std::string>{
           R"({"id":"a","topic":"no token here"})",
           R"({"u":"https://z/a?download_access_token=x"})",
           R"({"access_token=":"a key, not a query"})",
           R"({"u":"https://z/a?access_token=REDACTED"})", std::string("access_token=")}) {
    std::string copy = text;
    EXPECT_FALSE(redact_url_tokens(copy)) << text;
    EXPECT_EQ(copy, text);
  }
}

}  // namespace
