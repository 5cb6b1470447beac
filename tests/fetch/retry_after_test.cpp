// Retry-After comes as seconds (per-second limit) or an ISO date (daily limit).
#include <gtest/gtest.h>

#include "fetch/iso_time.hpp"
#include "fetch/paced_caller.hpp"

namespace {

using namespace std::chrono;
using zc::fetch::parse_iso_utc;
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

TEST(IsoTime, ParsesZoomTimestamps) {
  EXPECT_EQ(parse_iso_utc("2026-11-29T13:22:54Z"), sys_days{2026y / 11 / 29} + 13h + 22min + 54s);
  EXPECT_EQ(parse_iso_utc("2026-11-29T13:22:54.123Z"),
            sys_days{2026y / 11 / 29} + 13h + 22min + 54s);
  EXPECT_EQ(parse_iso_utc("2026-11-29T15:22:54+02:00"),
            sys_days{2026y / 11 / 29} + 13h + 22min + 54s);
  EXPECT_FALSE(parse_iso_utc("2026-02-30T00:00:00Z").has_value());
  EXPECT_FALSE(parse_iso_utc("2026-11-29 13:22:54").has_value());
  EXPECT_FALSE(parse_iso_utc("2026-11-29T13:22:54Zjunk").has_value());
}

}  // namespace
