// Client-side pacing per Zoom rate-limit category (docs/zoom_api_facts.md section 3).
//
// Zoom limits per ACCOUNT, shared by every app on it, so the limiter runs at
// a share of the plan's rate. Each category is a token bucket holding at most
// one second of requests; reserve() hands out start times, so concurrent
// workers queue behind each other instead of bursting. Zoom's answers
// correct it: X-RateLimit-Limit replaces the configured rate, and a 429
// pauses the category for Retry-After and backs the rate off. The cut is
// once per burst (429s that arrive while the category is already paused do
// not cut again) and not for good: after a quiet spell the rate climbs back
// towards its ceiling, so one busy moment on the account cannot slow the
// rest of a long fetch.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string_view>

#include "core/error.hpp"
#include "core/rate_category.hpp"
#include "core/stop_signal.hpp"

namespace zc {

enum class ZoomPlan { free, pro, business };

std::string_view category_name(RateCategory category);
// Parses an X-RateLimit-Category value ("Light", "Resource-intensive", ...).
std::optional<RateCategory> parse_category(std::string_view header, bool phone);

// Requests per second that `plan` allows for `category` (before the share).
double plan_rate(ZoomPlan plan, RateCategory category);

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  using Now = std::function<Clock::time_point()>;

  // `share` in (0, 1]: the part of the account's budget this fetch may use.
  RateLimiter(ZoomPlan plan, double share, Now now = &Clock::now);

  // Books the next request of `category`; returns how long to wait before
  // sending it. Never blocks.
  Clock::duration reserve(RateCategory category);

  // reserve() and then sleep, waking early with Status::cancelled when a
  // stop is requested.
  Result<void> acquire(RateCategory category, const StopSignal& stop);

  // Zoom said the category allows `limit_per_second` requests: adopt it
  // (times the share).
  void learn_limit(RateCategory category, double limit_per_second);

  // A 429 (QPS) arrived: pause the category for `retry_after` and cut its
  // rate (other apps on the account are using the budget).
  void on_throttled(RateCategory category, Clock::duration retry_after);

  double rate(RateCategory category) const;  // current requests per second

 private:
  struct Bucket {
    double ceiling = 1;  // the plan's (or Zoom's stated) rate times the share
    double rate = 1;     // requests per second now, <= ceiling
    double tokens = 1;   // may go negative: booked ahead
    Clock::time_point refilled{};
    Clock::time_point paused_until{};
    Clock::time_point throttled_at{};
  };
  static void refill(Bucket& bucket, Clock::time_point now);
  static void recover(Bucket& bucket, Clock::time_point now);

  double share_;
  Now now_;
  mutable std::mutex mutex_;
  std::array<Bucket, k_rate_category_count> buckets_{};
};

}  // namespace zc
