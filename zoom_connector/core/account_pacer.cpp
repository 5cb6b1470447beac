#include "core/account_pacer.hpp"

namespace zc {

std::shared_ptr<fetch::RateLimiter> AccountPacer::join(fetch::ZoomPlan plan, double share) {
  const std::lock_guard lock(mutex_);
  if (auto live = live_.lock()) return live;
  auto made = std::make_shared<fetch::RateLimiter>(plan, share);
  live_ = made;
  return made;
}

}  // namespace zc
