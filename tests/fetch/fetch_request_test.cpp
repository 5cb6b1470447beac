// The fetch request: defaults, and one clear message naming every problem.
#include "fetch/fetch_request.hpp"

#include <gtest/gtest.h>

namespace {

using namespace std::chrono;
using zc::fetch::parse_fetch_request;

const sys_days k_today = sys_days{2026y / 11 / 29};

std::string error_of(const std::string& json) {
  auto parsed = parse_fetch_request(json, k_today);
  EXPECT_FALSE(parsed) << json;
  if (parsed) return "";
  EXPECT_EQ(parsed.error().status, zc::Status::invalid_argument);
  return parsed.error().message;
}

TEST(FetchRequest, DefaultsAndWindows) {
  auto request = parse_fetch_request(
      R"({"streams":["users",{"name":"report_users","from":"2026-10-01"}],"plan":"business"})",
      k_today);
  ASSERT_TRUE(request) << request.error().message;
  ASSERT_EQ(request->streams.size(), 2u);
  EXPECT_FALSE(request->streams[0].range.has_value());
  ASSERT_TRUE(request->streams[1].range.has_value());
  EXPECT_EQ(request->streams[1].range->from, sys_days{2026y / 10 / 1});
  EXPECT_EQ(request->streams[1].range->to, k_today);
  EXPECT_EQ(request->plan, zc::ZoomPlan::business);
  EXPECT_EQ(request->max_concurrency, 4);
  EXPECT_DOUBLE_EQ(request->rate_share, 0.8);
}

TEST(FetchRequest, WindowedStreamsGetTheLastThirtyDaysByDefault) {
  auto request = parse_fetch_request(R"({"streams":["phone_call_history"]})", k_today);
  ASSERT_TRUE(request);
  EXPECT_EQ(request->streams[0].range->from, k_today - days{30});
}

TEST(FetchRequest, UnknownStreamsAndFieldsAreNamed) {
  const auto message = error_of(R"({"streams":["users","chats"],"speed":"fast"})");
  EXPECT_NE(message.find("unknown stream \"chats\""), std::string::npos) << message;
  EXPECT_NE(message.find("unknown field \"speed\""), std::string::npos) << message;
}

TEST(FetchRequest, BadDatesAreNamed) {
  EXPECT_NE(error_of(R"({"streams":["report_users"],"from":"2026-02-30"})").find("yyyy-mm-dd"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"streams":["report_users"],"from":"2026-11-20","to":"2026-11-01"})")
                .find("\"from\" is after \"to\""),
            std::string::npos);
  EXPECT_NE(error_of(R"({"streams":["report_users"],"to":"2026-12-31"})").find("in the future"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"streams":[{"name":"report_users","from":"2025-01-01"}]})")
                .find("last 183 days"),
            std::string::npos);
  EXPECT_NE(
      error_of(R"({"streams":[{"name":"users","from":"2026-11-01"}]})").find("takes no date range"),
      std::string::npos);
}

TEST(FetchRequest, BadSettingsAreNamed) {
  const auto message = error_of(
      R"({"streams":["users"],"page_size":0,"max_concurrency":99,"plan":"gold","rate_share":1.5,"state":"x"})");
  for (const char* needle : {"page_size", "max_concurrency", "plan", "rate_share", "state"}) {
    EXPECT_NE(message.find(needle), std::string::npos) << needle << " in " << message;
  }
}

TEST(FetchRequest, ActiveHostsOnlyIsOnByDefaultAndABoolean) {
  auto plain = parse_fetch_request(R"({"streams":["recordings"]})", k_today);
  ASSERT_TRUE(plain);
  EXPECT_TRUE(plain->active_hosts_only);
  auto off =
      parse_fetch_request(R"({"streams":["recordings"],"active_hosts_only":false})", k_today);
  ASSERT_TRUE(off) << off.error().message;
  EXPECT_FALSE(off->active_hosts_only);
  EXPECT_NE(error_of(R"({"streams":["recordings"],"active_hosts_only":"no"})")
                .find("\"active_hosts_only\" must be true or false"),
            std::string::npos);
}

TEST(FetchRequest, EmptyOrDuplicateStreamsAreRefused) {
  EXPECT_NE(error_of(R"({"streams":[]})").find("non-empty"), std::string::npos);
  EXPECT_NE(error_of(R"({"streams":["users","users"]})").find("listed twice"), std::string::npos);
  EXPECT_NE(error_of(R"([1])").find("must be a JSON object"), std::string::npos);
}

TEST(FetchRequest, AStoredCursorIsClampedToTheStreamsHistory) {
  const sys_days today{2026y / 12 / 1};
  using zc::fetch::clamp_cursor;
  const sys_days ancient{year{1} / 1 / 1};
  EXPECT_EQ(clamp_cursor("report_users", ancient, today), today - days{183});
  EXPECT_EQ(clamp_cursor("report_users", today - days{10}, today), today - days{10});
  EXPECT_EQ(clamp_cursor("recordings", ancient, today), zc::fetch::k_oldest_cursor)
      << "no catalog limit: not before Zoom existed";
  EXPECT_EQ(clamp_cursor("recordings", sys_days{2020y / 5 / 1}, today), sys_days{2020y / 5 / 1});
}

}  // namespace
