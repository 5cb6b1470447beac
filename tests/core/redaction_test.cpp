#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include "capture_log.hpp"
#include "core/redacting_log_sink.hpp"
#include "core/redactor.hpp"

namespace {

TEST(Redactor, MasksSecretsTokensAndAuthorizationValues) {
  zc::Redactor r;
  r.add_secret("s3cr:et+%x");
  r.add_token("tok-ABC.def");
  EXPECT_EQ(r.redact("secret s3cr:et+%x here"), "secret *** here");
  EXPECT_EQ(r.redact("url-encoded s3cr%3Aet%2B%25x"), "url-encoded ***");
  EXPECT_EQ(r.redact("token tok-ABC.def!"), "token ***!");
  EXPECT_EQ(r.redact("Authorization: Bearer eyJhbGciOi.J9.xyz"), "Authorization: Bearer ***");
  EXPECT_EQ(r.redact("authorization: basic dXNlcjpwYXNz"), "authorization: basic ***");
  EXPECT_EQ(r.redact(R"({"access_token":"eyJzzz","expires_in":3600})"),
            R"({"access_token":"***","expires_in":3600})");
  EXPECT_EQ(r.redact("client_secret=abc&x=1"), "client_secret=***&x=1");
  EXPECT_EQ(r.redact("nothing to hide"), "nothing to hide");
}

TEST(Redactor, RemembersABoundedNumberOfTokens) {
  zc::Redactor r;
  for (int i = 0; i < 100; ++i) r.add_token("token-number-" + std::to_string(i) + "-end");
  EXPECT_EQ(r.redact("token-number-99-end"), "***");
  EXPECT_EQ(r.redact("token-number-0-end"), "token-number-0-end");
}

TEST(RedactingSink, EveryLineIsRedactedAndTheLoggerIsPrivate) {
  auto host = std::make_shared<zc_test::CaptureLog>();
  auto redactor = std::make_shared<zc::Redactor>();
  redactor->add_secret("TopSecret123");
  auto logger = zc::make_connector_logger("zoom#test", host, redactor);
  logger->info("the secret is {}", "TopSecret123");
  logger->warn("header Authorization: Bearer abc.def.ghi");
  logger->error("plain");
  logger->debug("debug line");
  const auto lines = host->lines();
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], "2 [zoom#test] the secret is ***");
  EXPECT_EQ(lines[1], "3 [zoom#test] header Authorization: Bearer ***");
  EXPECT_EQ(lines[2], "4 [zoom#test] plain");
  EXPECT_EQ(lines[3], "1 [zoom#test] debug line");
  EXPECT_EQ(spdlog::get("zoom#test"), nullptr) << "never registered";
  EXPECT_NE(spdlog::default_logger().get(), logger.get());
}

}  // namespace
