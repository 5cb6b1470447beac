// The "plan" and "rate_share" of a request, read the same way for every
// engine (core/rate_plan).
#include "core/rate_plan.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace {

using zc::RatePlan;
using zc::ZoomPlan;

struct Read {
  RatePlan plan;
  std::vector<std::string> problems;
};

Read read(const char* json, RatePlan defaults = {}) {
  Read out;
  out.plan = zc::read_rate_plan(boost::json::parse(json).as_object(), defaults, out.problems);
  return out;
}

TEST(RatePlan, EveryPlanAndTheShare) {
  EXPECT_EQ(read(R"({"plan":"free"})").plan.plan, ZoomPlan::free);
  EXPECT_EQ(read(R"({"plan":"pro"})").plan.plan, ZoomPlan::pro);
  EXPECT_EQ(read(R"({"plan":"business"})").plan.plan, ZoomPlan::business);
  const auto learn = read(R"({"plan":"learn","rate_share":0.5})");
  EXPECT_TRUE(learn.problems.empty());
  EXPECT_EQ(learn.plan.plan, ZoomPlan::free) << "learn starts at the safest rates";
  EXPECT_TRUE(learn.plan.learn);
  EXPECT_DOUBLE_EQ(learn.plan.share, 0.5);
}

TEST(RatePlan, AbsentOrNullKeepsTheDefaults) {
  const RatePlan defaults{ZoomPlan::business, false, 1.0};
  for (const char* json : {R"({})", R"({"plan":null,"rate_share":null})"}) {
    const auto r = read(json, defaults);
    EXPECT_TRUE(r.problems.empty()) << json;
    EXPECT_EQ(r.plan.plan, ZoomPlan::business) << json;
    EXPECT_DOUBLE_EQ(r.plan.share, 1.0) << json;
  }
}

TEST(RatePlan, WrongValuesAreNamed) {
  for (const char* json : {R"({"plan":"gold"})", R"({"plan":3})", R"({"rate_share":0})",
                           R"({"rate_share":1.5})", R"({"rate_share":"1"})"}) {
    const auto r = read(json);
    ASSERT_EQ(r.problems.size(), 1u) << json;
    const bool named = r.problems[0].find("\"plan\"") != std::string::npos ||
                       r.problems[0].find("\"rate_share\"") != std::string::npos;
    EXPECT_TRUE(named) << r.problems[0];
  }
  EXPECT_EQ(read(R"({"plan":"gold","rate_share":-1})").problems.size(), 2u);
}

}  // namespace
