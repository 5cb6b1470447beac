#include "core/rate_plan.hpp"

#include <string_view>

namespace zc {

RatePlan read_rate_plan(const boost::json::object& request, RatePlan defaults,
                        std::vector<std::string>& problems) {
  RatePlan out = defaults;
  if (const auto* value = request.if_contains("plan"); value != nullptr && !value->is_null()) {
    const std::string_view plan = value->is_string() ? std::string_view(value->as_string()) : "";
    out.learn = false;
    if (plan == "free") {
      out.plan = ZoomPlan::free;
    } else if (plan == "pro") {
      out.plan = ZoomPlan::pro;
    } else if (plan == "business") {
      out.plan = ZoomPlan::business;
    } else if (plan == "learn") {
      out.plan = ZoomPlan::free;  // the safest start; Zoom's headers raise it
      out.learn = true;
    } else {
      problems.emplace_back("\"plan\" must be one of free, pro, business, learn");
    }
  }
  if (const auto* value = request.if_contains("rate_share");
      value != nullptr && !value->is_null()) {
    const double share = value->is_number() ? value->to_number<double>() : -1;
    if (!(share > 0 && share <= 1)) {
      problems.emplace_back("\"rate_share\" must be a number above 0 and at most 1");
    } else {
      out.share = share;
    }
  }
  return out;
}

}  // namespace zc
