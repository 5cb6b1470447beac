// The "plan" and "rate_share" of a fetch or write request: which Zoom plan's
// limits to pace at, and the share of them this work may use (the limits are
// the account's, shared by every app on it). One reader for every engine.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "core/rate_limiter.hpp"

namespace zc {

struct RatePlan {
  ZoomPlan plan = ZoomPlan::pro;
  // "learn": start at the free plan's rates (the safest) and adopt the
  // per-second limits Zoom's X-RateLimit-Limit headers state.
  bool learn = false;
  double share = 0.8;  // (0, 1]
};

// Reads "plan" (free | pro | business | learn) and "rate_share" of `request`
// over `defaults` (a field absent or null keeps its default). Each problem is
// added to `problems` in words, naming the field.
RatePlan read_rate_plan(const boost::json::object& request, RatePlan defaults,
                        std::vector<std::string>& problems);

}  // namespace zc
