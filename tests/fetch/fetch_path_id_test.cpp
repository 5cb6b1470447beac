// An id from Zoom's answer or from a stored frontier cannot retarget a
// fetch's request (issue 20, points 1 and 6): every child stream, fed
// parents whose ids are "", "." and "..", against a capture server on
// 127.0.0.1. Only the paths the templates make for good ids are requested;
// each bad id is a failed partition named in the summary.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "fetch/fetch_request.hpp"
#include "fetch/fetch_state.hpp"
#include "fetch/frontier.hpp"
#include "fetch_support.hpp"
#include "hostile_zoom.hpp"

namespace {

namespace json = boost::json;
using zc_test::CannedAnswer;
using zc_test::HostileServer;

constexpr const char* k_bad_ids[] = {"", ".", ".."};

std::string page(const char* key, json::array records) {
  const auto n = records.size();
  return json::serialize(
      json::object{{key, std::move(records)}, {"total_records", n}, {"next_page_token", ""}});
}

// Users ".", "..", "" and u1; u1 held meetings ".", "..", "" and "good==";
// the meetings report of u1 names ".." and r1.
CannedAnswer answer(const std::string& target) {
  const std::string path = target.substr(0, target.find('?'));
  auto ok = [](std::string body) { return CannedAnswer{200, "application/json", std::move(body)}; };
  auto meetings = [](std::initializer_list<const char*> uuids) {
    json::array list;
    for (const char* uuid : uuids) {
      list.push_back(
          json::object{{"uuid", uuid}, {"id", 1}, {"start_time", "2020-01-01T00:00:00Z"}});
    }
    return list;
  };
  if (path == "/v2/users") {
    json::array users;
    if (target.find("status=active") != std::string::npos) {
      for (const char* id : {".", "..", "", "u1"}) users.push_back(json::object{{"id", id}});
    }
    return ok(page("users", std::move(users)));
  }
  if (path == "/v2/users/u1/meetings")
    return ok(page("meetings", meetings({".", "..", "", "good=="})));
  if (path == "/v2/report/users/u1/meetings") return ok(page("meetings", meetings({"..", "r1"})));
  if (path == "/v2/users/u1/webinars") return ok(page("webinars", {}));
  if (path == "/v2/users/u1/recordings") return ok(page("meetings", {}));
  if (path == "/v2/past_meetings/good%3D%3D/participants" ||
      path == "/v2/report/meetings/r1/participants") {
    return ok(page("participants", {}));
  }
  return CannedAnswer{404, "application/json", R"({"code":1001,"message":"not here"})"};
}

const std::set<std::string> k_allowed_paths = {"/v2/users",
                                               "/v2/users/u1/meetings",
                                               "/v2/users/u1/webinars",
                                               "/v2/users/u1/recordings",
                                               "/v2/report/users/u1/meetings",
                                               "/v2/past_meetings/good%3D%3D/participants",
                                               "/v2/report/meetings/r1/participants"};

class FetchPathIds : public ::testing::Test {
 protected:
  FetchPathIds()
      : server_([this](const std::string& method, const std::string& target) {
          if (target.starts_with("/oauth/token")) {
            return CannedAnswer{200, "application/json",
                                json::serialize(json::object{
                                    {"access_token", "tok"},
                                    {"token_type", "bearer"},
                                    {"expires_in", 3600},
                                    {"scope",
                                     "user:read:admin meeting:read:admin webinar:read:admin "
                                     "recording:read:admin report:read:admin"}})};
          }
          std::lock_guard lock(mutex_);
          lines_.push_back(method + " " + target);
          return answer(target);
        }) {
    built_ =
        zc_test::build(zc_test::hostile_credential(server_), zc_test::hostile_options(server_));
  }

  std::vector<std::string> lines() {
    std::lock_guard lock(mutex_);
    return lines_;
  }
  // Every request went to a path a template made from a good id.
  void expect_only_good_paths() {
    for (const auto& line : lines()) {
      const std::string target = line.substr(line.find(' ') + 1);
      EXPECT_TRUE(k_allowed_paths.contains(target.substr(0, target.find('?'))))
          << "requested " << line;
    }
  }
  static bool failed(const json::object& summary, const std::string& stream,
                     const std::string& key_start) {
    for (const auto& p : summary.at("failed_partitions").as_array()) {
      const auto& o = p.as_object();
      const std::string key(o.at("partition").as_string());
      if (o.at("stream").as_string() == stream &&
          (key == key_start || key.starts_with(key_start + "|")) &&
          std::string(o.at("message").as_string()).find("cannot fill the path") !=
              std::string::npos) {
        return true;
      }
    }
    return false;
  }

  std::mutex mutex_;
  std::vector<std::string> lines_;
  HostileServer server_;
  zc_test::Built built_;
};

TEST_F(FetchPathIds, ServerIdsThatCannotFillAPathAreFailedPartitionsNeverRequests) {
  ASSERT_TRUE(built_.connector);
  const auto out = fetch_test::run_fetch(
      *built_.connector,
      R"({"streams":["users","meetings","webinars","recordings","past_meeting_participants",)"
      R"("report_meetings","report_meeting_participants"],"active_hosts_only":false,)"
      R"("max_concurrency":2})");
  ASSERT_TRUE(out.summary);
  ASSERT_TRUE(out.error) << "failed partitions end the fetch with an error";
  EXPECT_EQ(out.summary->at("status"), "incomplete") << json::serialize(*out.summary);
  expect_only_good_paths();
  for (const auto& path : k_allowed_paths) {
    const bool requested = std::ranges::any_of(lines(), [&](const std::string& l) {
      return l.find(" " + path + "?") != std::string::npos;
    });
    EXPECT_TRUE(requested) << path << " was never requested: the good ids were walked";
  }
  for (const char* bad : k_bad_ids) {
    for (const char* stream : {"meetings", "webinars", "recordings", "report_meetings"}) {
      EXPECT_TRUE(failed(*out.summary, stream, std::string(stream) + "|user=" + bad))
          << stream << " of user \"" << bad << "\": " << json::serialize(*out.summary);
    }
    EXPECT_TRUE(failed(*out.summary, "past_meeting_participants",
                       std::string("past_meeting_participants|meeting=") + bad))
        << "meeting \"" << bad << "\"";
  }
  EXPECT_TRUE(failed(*out.summary, "report_meeting_participants",
                     "report_meeting_participants|meeting=.."));
}

TEST_F(FetchPathIds, AFrontierIdThatCannotFillAPathIsAFailedPartitionNeverARequest) {
  ASSERT_TRUE(built_.connector);
  const std::string request_text = R"({"streams":["users","meetings"],"max_concurrency":1})";
  const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  auto request = zc::fetch::parse_fetch_request(request_text, today);
  ASSERT_TRUE(request) << request.error().message;
  const std::string plan =
      zc::fetch::plan_fingerprint(*request, json::parse(request_text).as_object());
  json::object state{
      {"version", 1},
      {"credential", zc::fetch::credential_fingerprint("hostile-account", "hostile-client")},
      {"partitions", json::object{}},
      {"frontier",
       json::object{{"plan", plan}, {"open", json::object{{"meetings", json::array{"..", "."}}}}}}};
  json::object with_state = json::parse(request_text).as_object();
  with_state["state"] = state;
  const auto out = fetch_test::run_fetch(*built_.connector, json::serialize(with_state));
  ASSERT_TRUE(out.summary) << (out.error ? out.error->message : "");
  expect_only_good_paths();
  EXPECT_TRUE(failed(*out.summary, "meetings", "meetings|user=.."))
      << json::serialize(*out.summary);
  EXPECT_TRUE(failed(*out.summary, "meetings", "meetings|user=."));
}

}  // namespace
