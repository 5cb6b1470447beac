// The per-host daily budget: 100 creates+updates per host per UTC day, each
// family apart, other hosts unaffected, full again at 00:00 UTC.
#include "write/host_daily_cap.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace {

using namespace std::chrono;
using zc::write::HostDailyCap;

struct FakeClock {
  std::shared_ptr<std::atomic<std::int64_t>> s =
      std::make_shared<std::atomic<std::int64_t>>(at(sys_days{year{2026} / 11 / 29} + hours(9)));
  static std::int64_t at(sys_seconds t) { return t.time_since_epoch().count(); }
  HostDailyCap::Clock clock() const {
    auto p = s;
    return [p] { return system_clock::time_point{seconds{p->load()}}; };
  }
  void set(sys_seconds t) { s->store(at(t)); }
  void advance(seconds d) { s->fetch_add(d.count()); }
};

TEST(HostDailyCap, HundredPerHostThenNoUntilMidnightUtc) {
  FakeClock fc;
  HostDailyCap cap(100, fc.clock());
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(cap.try_take("meetings", "alice@example.com")) << i;
  EXPECT_FALSE(cap.try_take("meetings", "alice@example.com"));
  EXPECT_FALSE(cap.try_take("meetings", "ALICE@example.com"));  // the same host
  EXPECT_EQ(cap.remaining("meetings", "alice@example.com"), 0);
  EXPECT_TRUE(cap.try_take("meetings", "bob@example.com"));    // other hosts go on
  EXPECT_TRUE(cap.try_take("webinars", "alice@example.com"));  // webinars count apart
  EXPECT_EQ(cap.resets_at(), system_clock::time_point{sys_days{year{2026} / 11 / 30}});
  fc.advance(hours(14) + minutes(59) + seconds(59));  // 23:59:59
  EXPECT_FALSE(cap.try_take("meetings", "alice@example.com"));
  fc.advance(seconds(1));  // 00:00:00 UTC
  EXPECT_TRUE(cap.try_take("meetings", "alice@example.com"));
  EXPECT_EQ(cap.remaining("meetings", "alice@example.com"), 99);
}

TEST(HostDailyCap, GiveBackAndMarkSpent) {
  FakeClock fc;
  HostDailyCap cap(3, fc.clock());
  EXPECT_TRUE(cap.try_take("meetings", "h"));
  cap.give_back("meetings", "h");
  EXPECT_EQ(cap.remaining("meetings", "h"), 3);
  cap.give_back("meetings", "h");  // never above the limit
  EXPECT_EQ(cap.remaining("meetings", "h"), 3);
  cap.mark_spent("meetings", "h");
  EXPECT_FALSE(cap.try_take("meetings", "h"));
  EXPECT_EQ(cap.remaining("meetings", "other"), 3);
}

TEST(HostDailyCap, CheckpointRestoresTodayOnly) {
  FakeClock fc;
  HostDailyCap a(5, fc.clock());
  for (int i = 0; i < 4; ++i) a.try_take("meetings", "h");
  const auto saved = a.to_json();
  EXPECT_EQ(saved.at("day").as_string(), "2026-11-29");
  HostDailyCap b(5, fc.clock());
  b.restore(saved);
  EXPECT_EQ(b.remaining("meetings", "h"), 1);
  HostDailyCap c(5, fc.clock());
  fc.advance(hours(20));  // the next day: yesterday's counts do not apply
  c.restore(saved);
  EXPECT_EQ(c.remaining("meetings", "h"), 5);
  c.restore(boost::json::object{{"day", 7}, {"used", "x"}});  // hostile input is ignored
  EXPECT_EQ(c.remaining("meetings", "h"), 5);
}

TEST(HostDailyCap, ConcurrentTakesNeverExceedTheLimit) {
  FakeClock fc;
  HostDailyCap cap(100, fc.clock());
  std::atomic<int> granted{0};
  std::vector<std::thread> ts;
  for (int t = 0; t < 4; ++t)
    ts.emplace_back([&] {
      for (int i = 0; i < 60; ++i)
        if (cap.try_take("meetings", "h")) ++granted;
    });
  for (auto& t : ts) t.join();
  EXPECT_EQ(granted.load(), 100);
}

}  // namespace
