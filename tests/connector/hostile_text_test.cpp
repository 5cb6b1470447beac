// Huge error texts from a hostile server (1 MB and 100 MB, quoting the
// secret and the token) neither crash the connector nor come back whole:
// what validate and authenticate repeat is bounded and redacted.
#include <gtest/gtest.h>

#include <string>

#include "core/bounded_text.hpp"
#include "hostile_zoom.hpp"

namespace {

using zc_test::CannedAnswer;
using zc_test::HostileServer;

constexpr std::size_t k_one_mb = 1u << 20;
constexpr std::size_t k_hundred_mb = 100u << 20;
// Our own words around at most a few bounded remote texts.
constexpr std::size_t k_max_message = 2000;

class HostileText : public ::testing::TestWithParam<std::size_t> {};

TEST_P(HostileText, TokenStepRejectionIsBounded) {
  const std::string body = zc_test::hostile_error_body(GetParam(), "reason", 4700);
  HostileServer server([&](const std::string&, const std::string&) {
    return CannedAnswer{400, "application/json", body};
  });
  auto b = zc_test::build(zc_test::hostile_credential(server), zc_test::hostile_options(server));
  ASSERT_TRUE(b.connector);

  auto done = b.connector->authenticate();
  ASSERT_FALSE(done);
  zc_test::expect_safe(done.error().message, k_max_message, false);
  EXPECT_NE(done.error().message.find(zc::k_cut_marker), std::string::npos) << done.error().message;

  auto verdict = b.connector->validate();
  ASSERT_TRUE(verdict);
  zc_test::expect_safe(*verdict, 2 * k_max_message, false);
  const auto v = zc_test::parse(*verdict);
  EXPECT_EQ(v.at("failed_step").as_string(), "token");
  const auto zoom_message = std::string(v.at("zoom_message").as_string());
  EXPECT_LE(zoom_message.size(), zc::k_remote_text_max + zc::k_cut_marker.size());
  EXPECT_NE(zoom_message.find("your secret ***"), std::string::npos) << zoom_message;
  for (const auto& line : b.log->lines()) zc_test::expect_safe(line, 2 * k_max_message, false);
}

TEST_P(HostileText, ValidationCallRejectionIsBounded) {
  const std::string body = zc_test::hostile_error_body(GetParam(), "message", 1001);
  HostileServer server([&](const std::string&, const std::string& target) {
    if (target.starts_with("/oauth/token")) return zc_test::hostile_token_answer();
    return CannedAnswer{400, "application/json", body};
  });
  auto b = zc_test::build(zc_test::hostile_credential(server), zc_test::hostile_options(server));
  ASSERT_TRUE(b.connector);

  auto verdict = b.connector->validate();
  ASSERT_TRUE(verdict);
  zc_test::expect_safe(*verdict, 2 * k_max_message);
  const auto v = zc_test::parse(*verdict);
  EXPECT_EQ(v.at("failed_step").as_string(), "validation_call");
  EXPECT_NE(std::string(v.at("message").as_string()).find(zc::k_cut_marker), std::string::npos);
  for (const auto& line : b.log->lines()) zc_test::expect_safe(line, 2 * k_max_message);
}

TEST_P(HostileText, ServerErrorsAreBounded) {
  // The token endpoint: a 5xx whose JSON message is huge.
  const std::string json = zc_test::hostile_error_body(GetParam(), "message", 0);
  HostileServer token_server([&](const std::string&, const std::string&) {
    return CannedAnswer{503, "application/json", json};
  });
  auto t = zc_test::build(zc_test::hostile_credential(token_server),
                          zc_test::hostile_options(token_server));
  ASSERT_TRUE(t.connector);
  auto done = t.connector->authenticate();
  ASSERT_FALSE(done);
  zc_test::expect_safe(done.error().message, k_max_message, false);

  // The API: an HTML page of the same size, with a long content type.
  const std::string html = "<html>" + zc_test::hostile_text(GetParam()) + "</html>";
  HostileServer api_server([&](const std::string&, const std::string& target) {
    if (target.starts_with("/oauth/token")) return zc_test::hostile_token_answer();
    return CannedAnswer{502, "text/html; " + std::string(300, 'x'), html};
  });
  auto a =
      zc_test::build(zc_test::hostile_credential(api_server), zc_test::hostile_options(api_server));
  ASSERT_TRUE(a.connector);
  auto verdict = a.connector->validate();
  ASSERT_TRUE(verdict);
  zc_test::expect_safe(*verdict, 2 * k_max_message);
  EXPECT_EQ(verdict->find(std::string(150, 'x')), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Sizes, HostileText, ::testing::Values(k_one_mb, k_hundred_mb),
                         [](const auto& size_param) {
                           return size_param.param == k_one_mb ? std::string("OneMegabyte")
                                                               : std::string("HundredMegabytes");
                         });

}  // namespace
