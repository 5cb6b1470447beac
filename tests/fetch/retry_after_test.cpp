// Retry-After comes as seconds (per-second limit) or an ISO date (daily limit).
#include <gtest/gtest.h>

#include "fetch/paced_caller.hpp"

namespace {

using namespace std::chrono;
using zc::fetch::parse_retry_after;

TEST(RetryAfter, SecondsAndDates) {
  const sys_seconds now = sys_days{2026y / 11 / 29} + 13h;
  EXPECT_EQ(parse_retry_after("2", now), seconds(2));
  EXPECT_EQ(parse_retry_after(" 0", now), seconds(0));
  EXPECT_EQ(parse_retry_after("2026-11-30T00:00:00Z", now), seconds(11 * 3600));
  EXPECT_EQ(parse_retry_after("2026-11-29T12:00:00Z", now), seconds(0)) << "past dates: no wait";
  EXPECT_FALSE(parse_retry_after("soon", now).has_value());
  EXPECT_FALSE(parse_retry_after("", now).has_value());
}

}  // namespace
