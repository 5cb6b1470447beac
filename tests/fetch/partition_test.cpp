// Path building (UUIDs double-encoded where Zoom needs it) and date windows.
#include "fetch/partition.hpp"

#include <gtest/gtest.h>

namespace {

using namespace std::chrono;
using zc::fetch::DateRange;
using zc::fetch::fill_path;
using zc::fetch::month_windows;

TEST(Partition, UuidsWithSlashesAreEncodedTwice) {
  EXPECT_EQ(fill_path("/past_meetings/{id}/participants", "/abc==", true),
            "/past_meetings/%252Fabc%253D%253D/participants");
  EXPECT_EQ(fill_path("/past_meetings/{id}/participants", "ab//c==", true),
            "/past_meetings/ab%252F%252Fc%253D%253D/participants");
  EXPECT_EQ(fill_path("/past_meetings/{id}/participants", "abc+d==", true),
            "/past_meetings/abc%2Bd%3D%3D/participants")
      << "other UUIDs are encoded once";
  EXPECT_EQ(fill_path("/users/{id}/meetings", "a.b@example.com", false),
            "/users/a.b%40example.com/meetings");
}

TEST(Partition, WindowsAreAtMostOneCalendarMonth) {
  const DateRange range{sys_days{2026y / 1 / 31}, sys_days{2026y / 4 / 15}};
  const auto windows = month_windows(range);
  ASSERT_EQ(windows.size(), 3u);
  EXPECT_EQ(windows[0].from, sys_days{2026y / 1 / 31});
  EXPECT_EQ(windows[0].to, sys_days{2026y / 2 / 27});  // Feb 28 would be one month + a day
  EXPECT_EQ(windows[1].from, sys_days{2026y / 2 / 28});
  EXPECT_EQ(windows.back().to, sys_days{2026y / 4 / 15});
  for (std::size_t i = 1; i < windows.size(); ++i) {
    EXPECT_EQ(windows[i].from, windows[i - 1].to + days{1}) << "no gap, no overlap";
  }
}

TEST(Partition, OneDayRangeIsOneWindow) {
  const DateRange range{sys_days{2026y / 11 / 29}, sys_days{2026y / 11 / 29}};
  const auto windows = month_windows(range);
  ASSERT_EQ(windows.size(), 1u);
  EXPECT_EQ(windows[0].from, windows[0].to);
}

}  // namespace
