// A fetch against a hostile server whose error messages are huge (1 MB,
// 100 MB) and quote the secret and the token: no crash, and the fetch's
// error, its summary and its log are bounded and redacted.
#include <gtest/gtest.h>

#include "fetch_support.hpp"
#include "hostile_zoom.hpp"

namespace {

using zc_test::CannedAnswer;
using zc_test::HostileServer;

constexpr std::size_t k_one_mb = 1u << 20;
constexpr std::size_t k_hundred_mb = 100u << 20;
constexpr std::size_t k_max_message = 2000;

class FetchHostileText : public ::testing::TestWithParam<std::size_t> {};

TEST_P(FetchHostileText, AFailedPartitionsMessageIsBoundedAndRedacted) {
  const std::string body = zc_test::hostile_error_body(GetParam(), "message", 1234);
  HostileServer server([&](const std::string&, const std::string& target) {
    if (target.starts_with("/oauth/token")) return zc_test::hostile_token_answer();
    return CannedAnswer{400, "application/json", body};
  });
  auto b = zc_test::build(zc_test::hostile_credential(server), zc_test::hostile_options(server));
  ASSERT_TRUE(b.connector);

  const auto out = fetch_test::run_fetch(*b.connector, R"({"streams":["users"]})");
  ASSERT_TRUE(out.error);
  zc_test::expect_safe(out.error->message, k_max_message);
  EXPECT_NE(out.error->message.find("your secret ***"), std::string::npos) << out.error->message;
  ASSERT_TRUE(out.summary);
  const std::string summary = boost::json::serialize(*out.summary);
  zc_test::expect_safe(summary, 2 * k_max_message);
  EXPECT_FALSE(out.summary->at("failed_partitions").as_array().empty());
  for (const auto& line : b.log->lines()) zc_test::expect_safe(line, 2 * k_max_message);
}

TEST_P(FetchHostileText, AFatalErrorsMessageIsBoundedAndRedacted) {
  // 401 on the API: the token is refused, which ends the fetch.
  const std::string body = zc_test::hostile_error_body(GetParam(), "message", 124);
  HostileServer server([&](const std::string&, const std::string& target) {
    if (target.starts_with("/oauth/token")) return zc_test::hostile_token_answer();
    return CannedAnswer{401, "application/json", body};
  });
  auto b = zc_test::build(zc_test::hostile_credential(server), zc_test::hostile_options(server));
  ASSERT_TRUE(b.connector);

  const auto out = fetch_test::run_fetch(*b.connector, R"({"streams":["users"]})");
  ASSERT_TRUE(out.error);
  zc_test::expect_safe(out.error->message, k_max_message);
  ASSERT_TRUE(out.summary);
  const std::string summary = boost::json::serialize(*out.summary);
  zc_test::expect_safe(summary, 2 * k_max_message);
  EXPECT_EQ(out.summary->at("status").as_string(), "failed");
}

INSTANTIATE_TEST_SUITE_P(Sizes, FetchHostileText, ::testing::Values(k_one_mb, k_hundred_mb),
                         [](const auto& size_param) {
                           return size_param.param == k_one_mb ? std::string("OneMegabyte")
                                                               : std::string("HundredMegabytes");
                         });

}  // namespace
