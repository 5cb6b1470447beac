// A fetch state is outside input (issue 20, point 6): a cursor of
// 0001-01-01 must not plan thousands of monthly windows (it starts within
// the stream's history), and state fields of the wrong shape are refused.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <mutex>
#include <string>
#include <vector>

#include "fetch/fetch_request.hpp"
#include "fetch/fetch_state.hpp"
#include "fetch_support.hpp"
#include "hostile_zoom.hpp"

namespace {

namespace json = boost::json;
using zc_test::CannedAnswer;
using zc_test::HostileServer;

TEST(FetchHostileState, AnAncientCursorStartsWithinTheStreamsHistory) {
  std::mutex mutex;
  std::vector<std::string> targets;
  HostileServer server([&](const std::string&, const std::string& target) {
    if (target.starts_with("/oauth/token")) {
      return CannedAnswer{200, "application/json",
                          R"({"access_token":"tok","token_type":"bearer","expires_in":3600,)"
                          R"("scope":"report:read:admin"})"};
    }
    std::lock_guard lock(mutex);
    targets.push_back(target);
    return CannedAnswer{200, "application/json",
                        R"({"users":[],"total_records":0,"next_page_token":""})"};
  });
  auto b = zc_test::build(zc_test::hostile_credential(server), zc_test::hostile_options(server));
  ASSERT_TRUE(b.connector);
  const json::object state{
      {"version", 1},
      {"credential", zc::fetch::credential_fingerprint("hostile-account", "hostile-client")},
      {"partitions", json::object{}},
      {"cursors", json::object{{"report_users", "0001-01-01"}}}};
  const json::object request{{"streams", json::array{"report_users"}},
                             {"max_concurrency", 1},
                             {"plan", "business"},
                             {"rate_share", 1.0},
                             {"state", state}};
  // A cursor nobody checks plans about 24,000 windows: stop such a fetch early.
  std::atomic<bool> watching{true};
  std::thread watchdog([&] {
    while (watching) {
      {
        std::lock_guard lock(mutex);
        if (targets.size() > 40) {
          b.connector->cancel();
          return;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
  const auto out = fetch_test::run_fetch(*b.connector, json::serialize(request));
  watching = false;
  watchdog.join();

  const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  const std::string earliest = zc::format_date(today - std::chrono::days{183});
  std::lock_guard lock(mutex);
  EXPECT_LE(targets.size(), 8u) << "about six monthly windows, not thousands";
  for (const auto& target : targets) {
    const auto at = target.find("from=");
    ASSERT_NE(at, std::string::npos) << target;
    EXPECT_GE(target.substr(at + 5, 10), earliest) << target;
  }
  EXPECT_FALSE(out.error) << out.error->message;
  EXPECT_TRUE(std::ranges::any_of(b.log->lines(), [](const std::string& l) {
    return l.find("before the earliest day it may start") != std::string::npos;
  })) << b.log->all();
}

}  // namespace
