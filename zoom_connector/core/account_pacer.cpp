#include "core/account_pacer.hpp"

namespace zc {

std::shared_ptr<RateLimiter> AccountPacer::join(ZoomPlan plan, double share) {
  const std::lock_guard lock(mutex_);
  if (auto live = live_.lock()) return live;
  auto made = std::make_shared<RateLimiter>(plan, share);
  live_ = made;
  return made;
}

}  // namespace zc
