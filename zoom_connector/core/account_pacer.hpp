// One rate limiter per account while work is running on it. Zoom's limits
// are per account, so a fetch and a write of one connector running at the
// same time must book the same budget: the first to start makes the
// limiter (with its plan and share), later ones join it until every user
// has let go; the next one then starts afresh with its own plan and share.
// Thread-safe.
#pragma once

#include <memory>
#include <mutex>

#include "core/rate_limiter.hpp"

namespace zc {

class AccountPacer {
 public:
  std::shared_ptr<RateLimiter> join(ZoomPlan plan, double share);

 private:
  std::mutex mutex_;
  std::weak_ptr<RateLimiter> live_;
};

}  // namespace zc
