// Zoom's rate-limit categories. Every endpoint belongs to one; the limits
// are per category and per account (core/rate_limiter paces reads and writes).
#pragma once

namespace zc {

enum class RateCategory : int {
  light = 0,
  medium,
  heavy,
  resource_intensive,
  phone_light,
  phone_medium,
  phone_heavy,
};
inline constexpr int k_rate_category_count = 7;

}  // namespace zc
