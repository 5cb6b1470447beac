// The fetch and the write request read "plan" and "rate_share" alike (one
// reader, core/rate_plan): the same values are taken or refused by both, and
// taken the same way. (The write engine once refused "learn".)
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>

#include "fetch/fetch_request.hpp"
#include "write/write_request.hpp"

namespace {

namespace json = boost::json;

TEST(RatePlanAgreement, FetchAndWriteTakeAndRefuseTheSameValues) {
  const std::chrono::sys_days today{std::chrono::year{2026} / 11 / 29};
  for (const char* fields :
       {R"("plan":"free")", R"("plan":"pro")", R"("plan":"business")", R"("plan":"learn")",
        R"("plan":null)", R"("rate_share":0.25)", R"("rate_share":1)", R"("rate_share":null)",
        R"("plan":"learn","rate_share":0.5)", R"("plan":"gold")", R"("plan":2)",
        R"("rate_share":0)", R"("rate_share":1.01)", R"("rate_share":"half")"}) {
    SCOPED_TRACE(fields);
    const auto fetch = zc::fetch::parse_fetch_request(
        std::string(R"({"streams":["users"],)") + fields + "}", today);
    const auto write = zc::write::parse_write_request(
        std::string(R"({"operation":"users.update",)") + fields + "}");
    ASSERT_EQ(fetch.has_value(), write.has_value())
        << (fetch ? write.error().message : fetch.error().message);
    if (!fetch) continue;
    const json::object given = json::parse(std::string("{") + fields + "}").as_object();
    if (const auto* plan = given.if_contains("plan"); plan && !plan->is_null()) {
      EXPECT_EQ(fetch->plan, write->rate.plan);
      EXPECT_EQ(fetch->learn_plan, write->rate.learn);
    }
    if (const auto* share = given.if_contains("rate_share"); share && !share->is_null()) {
      EXPECT_DOUBLE_EQ(fetch->rate_share, write->rate.share);
    }
  }
}

}  // namespace
