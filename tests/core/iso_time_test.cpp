// One time module for every engine: Zoom's days and timestamps, and HTTP's
// dates, read and written in one place (core/iso_time).
#include "core/iso_time.hpp"

#include <gtest/gtest.h>

namespace {

using namespace std::chrono;
using zc::format_date;
using zc::format_iso_utc;
using zc::parse_date;
using zc::parse_http_date;
using zc::parse_iso_utc;

TEST(IsoTime, ParsesZoomTimestamps) {
  EXPECT_EQ(parse_iso_utc("2026-11-29T13:22:54Z"), sys_days{2026y / 11 / 29} + 13h + 22min + 54s);
  EXPECT_EQ(parse_iso_utc("2026-11-29T13:22:54.123Z"),
            sys_days{2026y / 11 / 29} + 13h + 22min + 54s);
  EXPECT_EQ(parse_iso_utc("2026-11-29T15:22:54+02:00"),
            sys_days{2026y / 11 / 29} + 13h + 22min + 54s);
  EXPECT_EQ(parse_iso_utc("2026-11-29T13:22:54"), sys_days{2026y / 11 / 29} + 13h + 22min + 54s)
      << "no zone: UTC, as Zoom takes it";
  EXPECT_FALSE(parse_iso_utc("2026-02-30T00:00:00Z").has_value());
  EXPECT_FALSE(parse_iso_utc("2026-11-29 13:22:54").has_value());
  EXPECT_FALSE(parse_iso_utc("2026-11-29T13:22:54Zjunk").has_value());
  EXPECT_FALSE(parse_iso_utc("2026-11-29T24:00:00Z").has_value());
}

TEST(IsoTime, WritesWhatItReads) {
  const sys_seconds t = sys_days{2026y / 1 / 5} + 7h + 3min + 9s;
  EXPECT_EQ(format_iso_utc(t), "2026-01-05T07:03:09Z");
  EXPECT_EQ(parse_iso_utc(format_iso_utc(t)), t);
  // Far from system_clock's range: seconds hold any year a text can.
  const sys_seconds far = sys_days{9999y / 12 / 31} + 23h + 59min + 59s;
  EXPECT_EQ(parse_iso_utc(format_iso_utc(far)), far);
  EXPECT_EQ(format_date(sys_days{2026y / 11 / 29}), "2026-11-29");
  EXPECT_EQ(parse_date("2026-11-29"), sys_days{2026y / 11 / 29});
  EXPECT_FALSE(parse_date("2026-13-01").has_value());
  EXPECT_FALSE(parse_date("2026-1-01").has_value());
}

TEST(IsoTime, ReadsTheThreeFormsOfAnHttpDate) {
  const sys_seconds t = sys_days{1994y / 11 / 6} + 8h + 49min + 37s;
  EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), t);
  EXPECT_EQ(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), t);
  EXPECT_EQ(parse_http_date("Sun Nov  6 08:49:37 1994"), t);
  EXPECT_EQ(parse_http_date("Mon, 30 Nov 2026 00:00:00 GMT"), sys_days{2026y / 11 / 30});
  EXPECT_FALSE(parse_http_date("Sun, 06 Nov 1994 08:49:37 PST").has_value());
  EXPECT_FALSE(parse_http_date("Sun, 31 Nov 1994 08:49:37 GMT").has_value());
  EXPECT_FALSE(parse_http_date("Sun, 06 Nvv 1994 08:49:37 GMT").has_value());
  EXPECT_FALSE(parse_http_date("Sun, 06 Nov 1994 8:49:37 GMT").has_value());
  EXPECT_FALSE(parse_http_date("").has_value());
  EXPECT_FALSE(parse_http_date("2026-11-30T00:00:00Z").has_value());
}

}  // namespace
