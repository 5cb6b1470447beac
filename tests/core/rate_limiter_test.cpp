// The limiter paces by booking start times; a manual clock makes the counts exact.
#include "core/rate_limiter.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace {

using zc::RateCategory;
using zc::RateLimiter;
using zc::ZoomPlan;
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

TEST(RateLimiter, ABurstOf429sCutsTheRateOnce) {
  FakeClock clock;
  RateLimiter limiter(ZoomPlan::pro, 1.0, clock.fn());
  // Six workers in flight together all get a 429 within the same pause.
  for (int i = 0; i < 6; ++i) {
    limiter.on_throttled(RateCategory::medium, 1s);
    clock.now += 10ms;
  }
  EXPECT_DOUBLE_EQ(limiter.rate(RateCategory::medium), 20.0 * 0.7);
  // A 429 after the pause is a new burst: a second cut.
  clock.now += 2s;
  limiter.on_throttled(RateCategory::medium, 1s);
  EXPECT_DOUBLE_EQ(limiter.rate(RateCategory::medium), 20.0 * 0.7 * 0.7);
}

TEST(RateLimiter, TheRateClimbsBackAfterAQuietSpell) {
  FakeClock clock;
  RateLimiter limiter(ZoomPlan::pro, 1.0, clock.fn());
  limiter.on_throttled(RateCategory::medium, 1s);
  const double cut = limiter.rate(RateCategory::medium);
  ASSERT_LT(cut, 20.0);
  // Within the quiet spell after the 429 the rate stays cut.
  clock.now += 4s;
  limiter.reserve(RateCategory::medium);
  EXPECT_DOUBLE_EQ(limiter.rate(RateCategory::medium), cut);
  // Then it climbs, and never past the plan's rate.
  clock.now += 3s;
  limiter.reserve(RateCategory::medium);
  const double climbing = limiter.rate(RateCategory::medium);
  EXPECT_GT(climbing, cut);
  EXPECT_LT(climbing, 20.0);
  clock.now += 60s;
  limiter.reserve(RateCategory::medium);
  EXPECT_DOUBLE_EQ(limiter.rate(RateCategory::medium), 20.0);
}

TEST(RateLimiter, ALearnedLimitKeepsTheBackOff) {
  FakeClock clock;
  RateLimiter limiter(ZoomPlan::pro, 1.0, clock.fn());
  limiter.on_throttled(RateCategory::medium, 1s);
  limiter.learn_limit(RateCategory::medium, 40);
  EXPECT_DOUBLE_EQ(limiter.rate(RateCategory::medium), 40.0 * 0.7);
  clock.now += 120s;
  limiter.reserve(RateCategory::medium);
  EXPECT_DOUBLE_EQ(limiter.rate(RateCategory::medium), 40.0);
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
  zc::StopSignal signal{&stop, nullptr};
  ASSERT_TRUE(limiter.acquire(RateCategory::heavy, signal));
  stop = true;
  const auto before = std::chrono::steady_clock::now();
  auto second = limiter.acquire(RateCategory::heavy, signal);
  EXPECT_FALSE(second);
  EXPECT_EQ(second.error().status, zc::Status::cancelled);
  EXPECT_LT(std::chrono::steady_clock::now() - before, 1s);
}

TEST(RateLimiter, HeaderCategoriesParse) {
  using zc::parse_category;
  EXPECT_EQ(parse_category("Light", false), RateCategory::light);
  EXPECT_EQ(parse_category("resource-intensive", false), RateCategory::resource_intensive);
  EXPECT_EQ(parse_category("Heavy", true), RateCategory::phone_heavy);
  EXPECT_FALSE(parse_category("Sideways", false).has_value());
}

}  // namespace
