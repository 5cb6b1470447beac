#include <gtest/gtest.h>

#include "core/oauth_encoding.hpp"

namespace {

TEST(Encoding, Base64KnownVectors) {
  EXPECT_EQ(zc::base64_encode(""), "");
  EXPECT_EQ(zc::base64_encode("f"), "Zg==");
  EXPECT_EQ(zc::base64_encode("fo"), "Zm8=");
  EXPECT_EQ(zc::base64_encode("foo"), "Zm9v");
  EXPECT_EQ(zc::base64_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(zc::base64_encode(std::string("\xff\xfe\x00", 3)), "//4A");
}

TEST(Encoding, BasicAuthKeepsColonPercentAndPlusInTheSecret) {
  // base64("id:a:b%2B+c") computed independently.
  EXPECT_EQ(zc::basic_authorization("id", "a:b%2B+c"), "Basic aWQ6YTpiJTJCK2M=");
  EXPECT_EQ(zc::basic_authorization("sim-client-id", "sim-client-secret"),
            "Basic c2ltLWNsaWVudC1pZDpzaW0tY2xpZW50LXNlY3JldA==");
}

TEST(Encoding, FormBodyEncodesTheAccountId) {
  EXPECT_EQ(zc::account_credentials_form("abc-_.~XYZ09"),
            "grant_type=account_credentials&account_id=abc-_.~XYZ09");
  EXPECT_EQ(zc::account_credentials_form("a&b=c+d%e f"),
            "grant_type=account_credentials&account_id=a%26b%3Dc%2Bd%25e%20f");
}

}  // namespace
