// The limiter paces by booking start times; a manual clock makes the counts exact.
#include "core/rate_limiter.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace {

using zc::fetch::RateCategory;
using zc::fetch::RateLimiter;
using zc::fetch::ZoomPlan;
using namespace std::chrono_literals;

struct FakeClock {
  RateLimiter::Clock::time_point now{};
  RateLimiter::Now fn() {
    return [this] { return now; };
  }
};

// How many of `n` back-to-back reservations may start within `window`.
int started_within(RateLimiter& limiter, RateCategory category, int n,
                   RateLimiter::Clock::duration window) {
  int count = 0;
  for (int i = 0; i < n; ++i) {
    if (limiter.reserve(category) < window) ++count;
  }
  return count;
}

TEST(RateLimiter, ProMediumAtFullShareAllowsTwentyPerSecond) {
  FakeClock clock;
  RateLimiter limiter(ZoomPlan::pro, 1.0, clock.fn());
  EXPECT_DOUBLE_EQ(limiter.rate(RateCategory::medium), 20.0);
  // One initial token, then 20/s: within 10 s, 1 + 200 requests at most.
  const int started = started_within(limiter, RateCategory::medium, 400, 10s);
  EXPECT_GE(started, 199);
  EXPECT_LE(started, 201);
}

TEST(RateLimiter, ShareScalesTheRate) {
  FakeClock clock;
  RateLimiter limiter(ZoomPlan::business, 0.5, clock.fn());
  EXPECT_DOUBLE_EQ(limiter.rate(RateCategory::heavy), 20.0);
  EXPECT_NEAR(limiter.rate(RateCategory::resource_intensive), 10.0 / 60, 1e-9);
  const int started = started_within(limiter, RateCategory::heavy, 200, 5s);
  EXPECT_GE(started, 99);
  EXPECT_LE(started, 101);
}

TEST(RateLimiter, CategoriesAreIndependent) {
  FakeClock clock;
  RateLimiter limiter(ZoomPlan::free, 1.0, clock.fn());
  for (int i = 0; i < 50; ++i) limiter.reserve(RateCategory::heavy);
  EXPECT_EQ(limiter.reserve(RateCategory::light), RateLimiter::Clock::duration::zero());
}

TEST(RateLimiter, IdleTimeRefillsAtMostOneSecondOfBurst) {
  FakeClock clock;
  RateLimiter limiter(ZoomPlan::pro, 1.0, clock.fn());
  clock.now += 60s;  // a long idle time must not bank 60 s of requests
  const int immediate = started_within(limiter, RateCategory::medium, 100, 1ns);
  EXPECT_EQ(immediate, 20);
}

TEST(RateLimiter, ThrottlePausesForRetryAfterAndBacksOff) {
  FakeClock clock;
  RateLimiter limiter(ZoomPlan::pro, 1.0, clock.fn());
  limiter.on_throttled(RateCategory::medium, 3s);
  EXPECT_GE(limiter.reserve(RateCategory::medium), 3s);
  EXPECT_LT(limiter.rate(RateCategory::medium), 20.0);
}

TEST(RateLimiter, LearnedLimitReplacesThePlan) {
  FakeClock clock;
  RateLimiter limiter(ZoomPlan::free, 0.5, clock.fn());
  limiter.learn_limit(RateCategory::medium, 60);
  EXPECT_DOUBLE_EQ(limiter.rate(RateCategory::medium), 30.0);
  limiter.learn_limit(RateCategory::medium, -1);  // nonsense is ignored
  EXPECT_DOUBLE_EQ(limiter.rate(RateCategory::medium), 30.0);
}

TEST(RateLimiter, AcquireEndsEarlyWhenStopped) {
  RateLimiter limiter(ZoomPlan::free, 0.01);  // about one request a minute
  std::atomic<bool> stop{false};
  zc::fetch::StopSignal signal{&stop, nullptr};
  ASSERT_TRUE(limiter.acquire(RateCategory::heavy, signal));
  stop = true;
  const auto before = std::chrono::steady_clock::now();
  auto second = limiter.acquire(RateCategory::heavy, signal);
  EXPECT_FALSE(second);
  EXPECT_EQ(second.error().status, zc::Status::cancelled);
  EXPECT_LT(std::chrono::steady_clock::now() - before, 1s);
}

TEST(RateLimiter, HeaderCategoriesParse) {
  using zc::fetch::parse_category;
  EXPECT_EQ(parse_category("Light", false), RateCategory::light);
  EXPECT_EQ(parse_category("resource-intensive", false), RateCategory::resource_intensive);
  EXPECT_EQ(parse_category("Heavy", true), RateCategory::phone_heavy);
  EXPECT_FALSE(parse_category("Sideways", false).has_value());
}

}  // namespace
