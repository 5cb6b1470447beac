// End-to-end fetches against the simulator: each stream returns exactly the
// simulator's records, across many pages, with no duplicates.
#include <gtest/gtest.h>

#include "fetch_support.hpp"
#include "test_server.hpp"

namespace {

using fetch_test::expect_no_duplicates;
using fetch_test::run_fetch;

using SimFetch = fetch_test::SimAccountTest;

TEST_F(SimFetch, ParentsAndChildrenMatchTheSimulatorExactly) {
  const auto out = run_fetch(connector(), R"({"streams":["users","groups","meetings",
      "past_meeting_participants","phone_users"],"page_size":7,"plan":"business"})");
  ASSERT_FALSE(out.error) << out.error->message;
  expect_no_duplicates(out);
  EXPECT_EQ(out.id_set("users"), fetch_test::expected_users(ds()));
  EXPECT_EQ(out.id_set("meetings"), fetch_test::expected_meetings(ds()));
  EXPECT_EQ(out.id_set("past_meeting_participants"), fetch_test::expected_past_participants(ds()));
  std::set<std::string> groups;
  for (const auto& g : ds().groups) groups.insert(g.id);
  EXPECT_EQ(out.id_set("groups"), groups);
  std::set<std::string> phone_users;
  for (const auto& p : ds().phone_users) phone_users.insert(p.id);
  EXPECT_EQ(out.id_set("phone_users"), phone_users);
  ASSERT_TRUE(out.summary);
  EXPECT_EQ(out.summary->at("status"), "ok");
  EXPECT_GT(out.summary_stream_count("users", "pages"), 3u) << "many pages were walked";
}

TEST_F(SimFetch, ParentsAreListedOncePerFetchWhateverTheChildren) {
  sim_.reset_stats();
  const auto out =
      run_fetch(connector(),
                R"({"plan":"business","rate_share":1,"streams":["meetings","webinars","recordings",
      "past_meeting_participants"],"page_size":300})");
  ASSERT_FALSE(out.error) << out.error->message;
  const auto stats = sim_.stats();
  // Three statuses, one page each: the users listing ran once, not per child stream.
  EXPECT_EQ(stats.per_endpoint.at("GET /v2/users"), 3u);
  EXPECT_EQ(stats.per_endpoint.at("GET /v2/users/{userId}/meetings"), ds().users.size());
  EXPECT_EQ(out.count("users"), 0u) << "users was not requested, so it is not emitted";
}

// The webinars of every licensed user, and how many users lack the licence.
std::pair<std::set<std::string>, std::size_t> licensed_webinars(const zoom_sim::Dataset& data) {
  std::set<std::string> uuids;
  std::size_t unlicensed = 0;
  for (const auto& u : data.users) {
    if (!u.webinar_licensed) {
      ++unlicensed;
      continue;
    }
    for (auto w : u.webinars) uuids.insert(data.webinars[w].uuid);
  }
  return {uuids, unlicensed};
}

TEST_F(SimFetch, UnlicensedUsersSkipTheirWebinarPartitionAndSayWhy) {
  const auto out = run_fetch(
      connector(), R"({"plan":"business","rate_share":1,"streams":["webinars"],"page_size":7})");
  ASSERT_FALSE(out.error) << out.error->message;
  const auto [expected, unlicensed] = licensed_webinars(ds());
  ASSERT_GT(unlicensed, 0u);
  EXPECT_EQ(out.id_set("webinars"), expected);
  EXPECT_EQ(out.summary_stream_count("webinars", "partitions_skipped"), unlicensed);
  const auto& skipped = out.summary->at("skipped_partitions").as_array();
  ASSERT_EQ(skipped.size(), unlicensed);
  EXPECT_EQ(skipped[0].as_object().at("code"), 3161);
  EXPECT_EQ(skipped[0].as_object().at("stream"), "webinars");
  EXPECT_EQ(skipped[0].as_object().at("reason"), "user_unlicensed");
}

// Zoom's API reference answers an unlicensed user's webinars with code 200
// ("Webinar plan is missing"), not 3161: that user is skipped all the same.
class SimFetchReferenceCodes : public SimFetch {
 protected:
  static zoom_sim::Options options() {
    auto o = fetch_test::small_account();
    o.unlicensed_webinar_code = 200;
    return o;
  }
  SimFetchReferenceCodes() : SimFetch(options()) {}
};

TEST_F(SimFetchReferenceCodes, AWebinarPlanMissingSkipsOnlyThatUser) {
  const auto out =
      run_fetch(connector(), R"({"plan":"business","rate_share":1,"streams":["webinars"]})");
  ASSERT_FALSE(out.error) << out.error->message;
  const auto [expected, unlicensed] = licensed_webinars(ds());
  ASSERT_GT(unlicensed, 0u);
  EXPECT_EQ(out.id_set("webinars"), expected);
  const auto& skipped = out.summary->at("skipped_partitions").as_array();
  ASSERT_EQ(skipped.size(), unlicensed);
  EXPECT_EQ(skipped[0].as_object().at("code"), 200);
  EXPECT_EQ(skipped[0].as_object().at("reason"), "user_unlicensed");
}

TEST_F(SimFetch, WindowedStreamsCoverTheRangeInMonthWindows) {
  const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  const auto from = today - std::chrono::days{75};
  const std::string request =
      R"({"plan":"business","rate_share":1,"streams":["phone_call_history","recordings"],"from":")" +
      zc::format_date(from) + R"(","page_size":4})";
  sim_.reset_stats();
  const auto out = run_fetch(connector(), request);
  ASSERT_FALSE(out.error) << out.error->message;
  expect_no_duplicates(out);
  auto in_range = [&](std::chrono::sys_seconds t) {
    const auto day = std::chrono::floor<std::chrono::days>(t);
    return day >= from && day <= today;
  };
  std::set<std::string> calls;
  for (const auto& c : ds().call_logs) {
    if (in_range(c.start_time)) calls.insert(c.id);
  }
  std::set<std::string> recordings;
  for (const auto& m : ds().meetings) {
    if (m.has_recording && in_range(m.start_time)) recordings.insert(m.uuid);
  }
  ASSERT_FALSE(calls.empty());
  EXPECT_EQ(out.id_set("phone_call_history"), calls);
  EXPECT_EQ(out.id_set("recordings"), recordings);
  EXPECT_EQ(sim_.stats().per_status.count(400), 0u) << "no window was refused by Zoom";
}

TEST_F(SimFetch, ReportsAndMetricsMatch) {
  const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  const auto from = today - std::chrono::days{40};
  const std::string request =
      R"({"plan":"business","rate_share":1,"streams":["report_users","report_meetings","report_meeting_participants","metrics_meetings"],"from":")" +
      zc::format_date(from) + R"("})";
  const auto out = run_fetch(connector(), request);
  ASSERT_FALSE(out.error) << out.error->message;
  expect_no_duplicates(out);
  std::set<std::string> meetings;
  std::set<std::string> participants;
  for (const auto& m : ds().meetings) {
    const auto day = std::chrono::floor<std::chrono::days>(m.start_time);
    if (!m.past || day < from || day > today) continue;
    meetings.insert(m.uuid);
    for (auto p : m.participants) participants.insert(ds().participants[p].user_id);
  }
  ASSERT_FALSE(meetings.empty());
  EXPECT_EQ(out.id_set("report_meetings"), meetings);
  EXPECT_EQ(out.id_set("metrics_meetings"), meetings);
  EXPECT_EQ(out.id_set("report_meeting_participants"), participants);
  EXPECT_GT(out.count("report_users"), 0u);
}

TEST_F(SimFetch, ChildRecordsNameTheirParent) {
  auto stream = connector().fetch(R"({"plan":"business","rate_share":1,"streams":["meetings"]})",
                                  fetch_test::fast_settings());
  ASSERT_TRUE(stream) << stream.error().message;
  auto item = (*stream)->next();
  while (item && item->kind != zc::FetchItem::Kind::record) item = (*stream)->next();
  ASSERT_TRUE(item && item->kind == zc::FetchItem::Kind::record);
  const auto record = boost::json::parse(item->json).as_object();
  EXPECT_EQ(record.at("_parent_id"), record.at("host_id"));
}

TEST_F(SimFetch, ForeignOrCorruptStateIsRefusedBeforeAnyRequest) {
  sim_.reset_stats();
  const auto out = run_fetch(
      connector(),
      R"({"plan":"business","rate_share":1,"streams":["users"],"state":{"version":1,"credential":"0000000000000000","partitions":{}}})");
  ASSERT_TRUE(out.error);
  EXPECT_EQ(out.error->status, zc::Status::invalid_argument);
  EXPECT_NE(out.error->message.find("another Zoom credential"), std::string::npos);
  const auto unknown =
      run_fetch(connector(), R"({"plan":"business","rate_share":1,"streams":["chats"]})");
  ASSERT_TRUE(unknown.error);
  EXPECT_NE(unknown.error->message.find("unknown stream \"chats\""), std::string::npos);
  EXPECT_EQ(sim_.stats().per_endpoint.count("GET /v2/users"), 0u);
}

TEST_F(SimFetch, ReportUsersAreTheActiveHostsOfEachWindow) {
  const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  const auto from = today - std::chrono::days{50};
  const auto out =
      run_fetch(connector(),
                R"({"plan":"business","rate_share":1,"streams":[{"name":"report_users","from":")" +
                    zc::format_date(from) + R"("}]})");
  ASSERT_FALSE(out.error) << out.error->message;
  std::set<std::string> expected;
  for (const auto& window : zc::fetch::month_windows({from, today})) {
    std::set<std::string> hosts;
    for (const auto& m : ds().meetings) {
      const auto day = std::chrono::floor<std::chrono::days>(m.start_time);
      if (m.past && day >= window.from && day <= window.to) hosts.insert(m.host_id);
    }
    for (const auto& host : hosts)
      expected.insert(host + "@" + zc::format_date(window.from));
  }
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(out.id_set("report_users"), expected);
}

TEST_F(SimFetch, ACompleteFetchLeavesCursorsAndTheNextStartsThere) {
  const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  const auto cursor_day = today - std::chrono::days{20};
  const auto first = run_fetch(
      connector(), R"({"plan":"business","rate_share":1,"streams":["phone_call_history","users"],)"
                   R"("to":")" +
                       zc::format_date(cursor_day) + R"("})");
  ASSERT_FALSE(first.error) << first.error->message;
  ASSERT_FALSE(first.states.empty());
  const auto final_state = boost::json::parse(first.states.back().second).as_object();
  EXPECT_TRUE(final_state.at("partitions").as_object().empty())
      << "a complete fetch forgets partitions";
  EXPECT_EQ(final_state.at("cursors").at("phone_call_history"),
            zc::format_date(cursor_day).c_str());
  EXPECT_FALSE(final_state.at("cursors").as_object().contains("users")) << "users has no dates";

  // The next fetch names no dates: it runs from the cursor to today.
  sim_.reset_stats();
  const auto second =
      run_fetch(connector(),
                R"({"plan":"business","rate_share":1,"streams":["phone_call_history"],"state":)" +
                    first.states.back().second + "}");
  ASSERT_FALSE(second.error) << second.error->message;
  std::set<std::string> expected;
  for (const auto& c : ds().call_logs) {
    if (std::chrono::floor<std::chrono::days>(c.start_time) >= cursor_day) expected.insert(c.id);
  }
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(second.id_set("phone_call_history"), expected) << "only from the cursor on";
  for (const auto& request : sim_.request_log()) {
    if (request.path == "/v2/phone/call_history") {
      EXPECT_NE(request.query.find("from=" + zc::format_date(cursor_day)), std::string::npos)
          << request.query;
    }
  }
}

TEST_F(SimFetch, AnAnswerWithoutItsListFailsThatPartitionByNameNothingSilentlyDropped) {
  // The API host answers 200 with JSON that has no "users" list.
  zc_test::TestServer other;
  auto options = zc_test::sim_options(sim_);
  options["api_base_url"] = other.base_url() + "/v2";
  auto credential = zc_test::sim_credential(sim_);
  credential["validation_url"] = other.base_url() + "/v2/users/me";
  auto built = zc_test::build(credential, options);
  const auto out = run_fetch(*built.connector, R"({"streams":["users"]})");
  ASSERT_TRUE(out.error);
  EXPECT_EQ(out.error->status, zc::Status::remote_error);
  EXPECT_NE(out.error->message.find("has no \"users\" list"), std::string::npos)
      << out.error->message;
  ASSERT_TRUE(out.summary);
  EXPECT_EQ(out.summary->at("status"), "incomplete");
  EXPECT_EQ(out.summary->at("failed_partitions").as_array().size(), 3u) << "one per user status";
  EXPECT_EQ(out.records, 0u);
}

class SimFetchWithoutMeetingScopes : public ::testing::Test {
 protected:
  static zoom_sim::Options options() {
    auto o = fetch_test::small_account();
    zoom_sim::App app = zoom_sim::default_app();
    app.scopes = {"user:read:admin"};
    o.apps = {app};
    return o;
  }
  zoom_sim::Simulator sim_{options()};
};

TEST_F(SimFetchWithoutMeetingScopes, MissingScopesFailTheFetchByName) {
  auto built = zc_test::build(zc_test::sim_credential(sim_), zc_test::sim_options(sim_));
  const auto out = run_fetch(
      *built.connector,
      R"({"plan":"business","rate_share":1,"streams":["users","past_meeting_participants"]})");
  ASSERT_TRUE(out.error);
  EXPECT_EQ(out.error->status, zc::Status::permission_denied);
  EXPECT_NE(out.error->message.find("meeting:read:admin"), std::string::npos) << out.error->message;
  EXPECT_EQ(out.records, 0u);
}

}  // namespace
