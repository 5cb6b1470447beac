#include "core/rate_limiter.hpp"

#include <algorithm>
#include <cctype>
#include <string>
#include <thread>

#include "core/ascii_text.hpp"

namespace zc {
namespace {

// Requests per second by plan (free, pro, business) for each category,
// from docs/zoom_api_facts.md section 3. Resource-intensive is per minute there.
constexpr double k_rates[k_rate_category_count][3] = {
    {4, 30, 80},                        // light
    {2, 20, 60},                        // medium
    {1, 10, 40},                        // heavy
    {10.0 / 60, 10.0 / 60, 20.0 / 60},  // resource-intensive
    {20, 20, 40},                       // phone light (Phone API needs Pro or above)
    {10, 10, 20},                       // phone medium
    {5, 5, 10},                         // phone heavy
};

// After a 429 the category runs at this fraction of its rate.
constexpr double k_backoff_factor = 0.7;
// Never slower than this, so a run of 429s cannot stall a fetch forever.
constexpr double k_min_rate = 0.05;
// No 429 for this long after the last one: the rate climbs back ...
constexpr auto k_quiet_before_recovery = std::chrono::seconds(5);
// ... by this fraction of its ceiling per second (a 0.7 cut heals in 6 s).
constexpr double k_recovery_per_second = 0.05;

}  // namespace

std::string_view category_name(RateCategory category) {
  switch (category) {
    case RateCategory::light:
      return "Light";
    case RateCategory::medium:
      return "Medium";
    case RateCategory::heavy:
      return "Heavy";
    case RateCategory::resource_intensive:
      return "Resource-intensive";
    case RateCategory::phone_light:
      return "Phone Light";
    case RateCategory::phone_medium:
      return "Phone Medium";
    case RateCategory::phone_heavy:
      return "Phone Heavy";
  }
  return "Unknown";
}

std::optional<RateCategory> parse_category(std::string_view header, bool phone) {
  if (iequals_ascii(header, "light"))
    return phone ? RateCategory::phone_light : RateCategory::light;
  if (iequals_ascii(header, "medium"))
    return phone ? RateCategory::phone_medium : RateCategory::medium;
  if (iequals_ascii(header, "heavy"))
    return phone ? RateCategory::phone_heavy : RateCategory::heavy;
  if (iequals_ascii(header, "resource-intensive")) return RateCategory::resource_intensive;
  return std::nullopt;
}

double plan_rate(ZoomPlan plan, RateCategory category) {
  return k_rates[static_cast<int>(category)][static_cast<int>(plan)];
}

RateLimiter::RateLimiter(ZoomPlan plan, double share, Now now)
    : share_(std::clamp(share, 0.01, 1.0)), now_(std::move(now)) {
  const auto start = now_();
  for (int i = 0; i < k_rate_category_count; ++i) {
    Bucket& bucket = buckets_[static_cast<std::size_t>(i)];
    bucket.ceiling = std::max(k_min_rate, plan_rate(plan, static_cast<RateCategory>(i)) * share_);
    bucket.rate = bucket.ceiling;
    bucket.tokens = 1;  // start gently: one request, then the steady rate
    bucket.refilled = start;
  }
}

void RateLimiter::refill(Bucket& bucket, Clock::time_point now) {
  if (now <= bucket.refilled) return;
  recover(bucket, now);
  const double elapsed = std::chrono::duration<double>(now - bucket.refilled).count();
  const double capacity = std::max(1.0, bucket.rate);  // at most one second of burst
  bucket.tokens = std::min(capacity, bucket.tokens + elapsed * bucket.rate);
  bucket.refilled = now;
}

void RateLimiter::recover(Bucket& bucket, Clock::time_point now) {
  if (bucket.rate >= bucket.ceiling) return;
  // Only the quiet time since the last refill counts.
  const auto from = std::max(
      {bucket.refilled, bucket.paused_until, bucket.throttled_at + k_quiet_before_recovery});
  if (now <= from) return;
  const double quiet_s = std::chrono::duration<double>(now - from).count();
  bucket.rate =
      std::min(bucket.ceiling, bucket.rate + quiet_s * bucket.ceiling * k_recovery_per_second);
}

RateLimiter::Clock::duration RateLimiter::reserve(RateCategory category) {
  const auto now = now_();
  std::lock_guard lock(mutex_);
  Bucket& bucket = buckets_[static_cast<std::size_t>(category)];
  refill(bucket, now);
  bucket.tokens -= 1;
  auto wait = Clock::duration::zero();
  if (bucket.tokens < 0) {
    wait = std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(-bucket.tokens / bucket.rate));
  }
  if (bucket.paused_until > now) wait = std::max(wait, bucket.paused_until - now);
  return wait;
}

Result<void> RateLimiter::acquire(RateCategory category, const StopSignal& stop) {
  const auto wait = reserve(category);
  const auto until = now_() + wait;
  // Sleep in short slices so a cancel is seen within a tenth of a second.
  while (true) {
    if (stop.requested()) return fail(Status::cancelled, "cancelled");
    const auto left = until - now_();
    if (left <= Clock::duration::zero()) return {};
    std::this_thread::sleep_for(std::min<Clock::duration>(left, std::chrono::milliseconds(100)));
  }
}

void RateLimiter::learn_limit(RateCategory category, double limit_per_second) {
  if (!(limit_per_second > 0)) return;
  std::lock_guard lock(mutex_);
  Bucket& bucket = buckets_[static_cast<std::size_t>(category)];
  const double ceiling = std::max(k_min_rate, limit_per_second * share_);
  // A backed-off rate stays backed off (scaled), the ceiling moves.
  bucket.rate = std::min(ceiling, bucket.rate * ceiling / bucket.ceiling);
  bucket.ceiling = ceiling;
}

void RateLimiter::on_throttled(RateCategory category, Clock::duration retry_after) {
  const auto now = now_();
  std::lock_guard lock(mutex_);
  Bucket& bucket = buckets_[static_cast<std::size_t>(category)];
  refill(bucket, now);
  // Workers that were in flight together get their 429s together: one cut.
  if (now >= bucket.paused_until)
    bucket.rate = std::max(k_min_rate, bucket.rate * k_backoff_factor);
  bucket.throttled_at = now;
  bucket.paused_until = std::max(bucket.paused_until, now + retry_after);
  bucket.tokens = std::min(bucket.tokens, 0.0);  // no burst right after a pause
}

double RateLimiter::rate(RateCategory category) const {
  std::lock_guard lock(mutex_);
  return buckets_[static_cast<std::size_t>(category)].rate;
}

}  // namespace zc
