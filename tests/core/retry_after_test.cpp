// What a 429 says, read in one place (core/rate_limit_answer): Retry-After as
// seconds (the per-second limit), an ISO date (Zoom's daily limit) or an
// HTTP-date; whether it is a daily limit; the per-second limit Zoom states.
#include <gtest/gtest.h>

#include "core/rate_limit_answer.hpp"

namespace {

using namespace std::chrono;
using zc::HttpResponse;
using zc::is_daily_limit;
using zc::parse_retry_after;
using zc::stated_rate_limit;

HttpResponse answer(std::string body, std::vector<std::pair<std::string, std::string>> headers) {
  HttpResponse r;
  r.status = 429;
  r.body = std::move(body);
  r.headers = std::move(headers);
  r.headers.emplace_back("content-type", "application/json");
  return r;
}

TEST(RetryAfter, SecondsAndDates) {
  const sys_seconds now = sys_days{2026y / 11 / 29} + 13h;
  EXPECT_EQ(parse_retry_after("2", now), seconds(2));
  EXPECT_EQ(parse_retry_after(" 0", now), seconds(0));
  EXPECT_EQ(parse_retry_after("2026-11-30T00:00:00Z", now), seconds(11 * 3600));
  EXPECT_EQ(parse_retry_after("2026-11-29T12:00:00Z", now), seconds(0)) << "past dates: no wait";
  EXPECT_EQ(parse_retry_after("Mon, 30 Nov 2026 00:00:00 GMT", now), seconds(11 * 3600))
      << "an HTTP-date";
  EXPECT_EQ(parse_retry_after("Sun Nov 29 13:00:30 2026", now), seconds(30));
  EXPECT_EQ(parse_retry_after("9999-12-31T23:59:59Z", now),
            sys_days{9999y / 12 / 31} + 23h + 59min + 59s - now)
      << "a far date does not overflow";
  EXPECT_FALSE(parse_retry_after("soon", now).has_value());
  EXPECT_FALSE(parse_retry_after("", now).has_value());
  EXPECT_FALSE(parse_retry_after("2x", now).has_value());
}

TEST(RetryAfter, TheDailyLimitByHeaderElseByZoomsMessage) {
  EXPECT_TRUE(is_daily_limit(
      answer(R"({"code":429,"message":"x"})", {{"x-ratelimit-type", "Daily-limit"}})));
  EXPECT_FALSE(is_daily_limit(
      answer(R"({"code":429,"message":"You have reached the maximum daily rate limit"})",
             {{"x-ratelimit-type", "QPS"}})))
      << "the header decides when it is there";
  EXPECT_TRUE(is_daily_limit(answer(
      R"({"code":429,"message":"You have reached the maximum daily rate limit for this API."})",
      {})));
  EXPECT_TRUE(is_daily_limit(answer(
      R"({"code":429,"message":"You have exceeded the daily rate limit (100) of Meeting Create/Update API requests permitted for this particular user."})",
      {})));
  EXPECT_FALSE(is_daily_limit(answer(
      R"({"code":429,"message":"You have reached the maximum per-second rate limit for this API. Try again later."})",
      {})));
  EXPECT_FALSE(is_daily_limit(answer("<html>slow down</html>", {})));
}

TEST(RetryAfter, TheStatedPerSecondLimit) {
  auto r = answer("{}", {{"x-ratelimit-limit", "60"}});
  EXPECT_EQ(stated_rate_limit(r), 60.0);
  r = answer("{}", {{"x-ratelimit-type", "QPS"}, {"x-ratelimit-limit", "30"}});
  EXPECT_EQ(stated_rate_limit(r), 30.0);
  r = answer("{}", {{"x-ratelimit-type", "Daily-limit"}, {"x-ratelimit-limit", "6000"}});
  EXPECT_FALSE(stated_rate_limit(r).has_value()) << "a daily figure is not a rate";
  r = answer("{}", {{"x-ratelimit-limit", "many"}});
  EXPECT_FALSE(stated_rate_limit(r).has_value());
}

}  // namespace
