// Active-host pruning against the simulator: for every stream it applies to
// (the catalog's active_hosts_report streams and those below them), a fetch
// that walks only the hosts of each window returns exactly the records of
// one that walks every user, with fewer calls; it resumes to the same
// records; and without the report's scope it is off and the summary says so.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "fetch_support.hpp"

namespace {

namespace json = boost::json;
using fetch_test::Outcome;
using fetch_test::run_fetch;
using std::chrono::days;
using std::chrono::sys_days;

sys_days today() { return std::chrono::floor<days>(std::chrono::system_clock::now()); }

// The streams the catalog lets the report prune, and every stream below them.
std::vector<std::string> pruned_streams() {
  std::vector<std::string> out;
  for (const zc::StreamDef& row : zc::stream_table()) {
    bool pruned = false;
    for (const zc::StreamDef* at = &row; at != nullptr;
         at = at->parent.empty() ? nullptr : zc::find_stream(at->parent)) {
      pruned = pruned || !at->active_hosts_report.empty();
    }
    if (pruned) out.emplace_back(row.name);
  }
  return out;
}

std::string request_for(const std::vector<std::string>& streams, sys_days from, bool prune,
                        const std::string& state = "null") {
  json::array names;
  for (const auto& name : streams) names.emplace_back(name);
  json::object request{{"plan", "business"},
                       {"rate_share", 1},
                       {"streams", std::move(names)},
                       {"from", zc::format_date(from)},
                       {"page_size", 7},
                       {"active_hosts_only", prune}};
  std::string text = json::serialize(request);
  text.pop_back();
  return text + ",\"state\":" + state + "}";
}

// API calls the simulator answered (the token endpoint and /_sim left out).
std::uint64_t api_calls(const zoom_sim::Stats& stats) {
  std::uint64_t n = 0;
  for (const auto& [endpoint, count] : stats.per_endpoint) {
    if (endpoint.starts_with("GET /v2/")) n += count;
  }
  return n;
}

std::uint64_t endpoint_calls(const zoom_sim::Stats& stats, const std::string& endpoint) {
  const auto it = stats.per_endpoint.find(endpoint);
  return it == stats.per_endpoint.end() ? 0 : it->second;
}

std::vector<std::string> sorted(std::vector<std::string> ids) {
  std::ranges::sort(ids);
  return ids;
}

const json::object& pruning_of(const Outcome& out) {
  return out.summary->at("pruning").as_object();
}

class SimFetchPruning : public ::testing::Test {
 protected:
  SimFetchPruning()
      : sim_(fetch_test::small_account()),
        built_(zc_test::build(zc_test::sim_credential(sim_), zc_test::sim_options(sim_))) {}

  // One fetch, and the API calls it made.
  std::pair<Outcome, std::uint64_t> fetch(const std::string& request) {
    sim_.reset_stats();
    Outcome out = run_fetch(*built_.connector, request);
    return {std::move(out), api_calls(sim_.stats())};
  }

  const zoom_sim::Dataset& ds() const { return sim_.dataset(); }

  zoom_sim::Simulator sim_;
  zc_test::Built built_;
};

TEST_F(SimFetchPruning, EveryPrunedStreamGetsTheSameRecordsWithFewerCalls) {
  const auto streams = pruned_streams();
  ASSERT_EQ(streams,
            (std::vector<std::string>{"recordings", "report_meetings",
                                      "report_meeting_participants", "recording_transcripts"}))
      << "the catalog marks recordings and the meetings report (and so what hangs below)";
  const sys_days from = today() - days{75};

  auto [full, full_calls] = fetch(request_for(streams, from, false));
  const auto full_stats = sim_.stats();
  ASSERT_FALSE(full.error) << full.error->message;
  auto [pruned, pruned_calls] = fetch(request_for(streams, from, true));
  const auto pruned_stats = sim_.stats();
  ASSERT_FALSE(pruned.error) << pruned.error->message;

  for (const auto& stream : streams) {
    SCOPED_TRACE(stream);
    EXPECT_GT(full.count(stream), 0u) << "the account has records to lose";
    EXPECT_EQ(pruned.count(stream), full.count(stream));
    EXPECT_EQ(sorted(pruned.ids[stream]), sorted(full.ids[stream]));
  }
  // And both are the simulator's: every recording of the range.
  std::set<std::string> recordings;
  for (const auto& m : ds().meetings) {
    const auto day = std::chrono::floor<days>(m.start_time);
    if (m.has_recording && day >= from && day <= today()) recordings.insert(m.uuid);
  }
  EXPECT_EQ(pruned.id_set("recordings"), recordings);

  const auto& off = pruning_of(full);
  EXPECT_EQ(off.at("applied"), false);
  EXPECT_NE(std::string(off.at("note").as_string()).find("active_hosts_only to false"),
            std::string::npos);
  EXPECT_EQ(endpoint_calls(full_stats, "GET /v2/report/users"), 0u);

  const auto& on = pruning_of(pruned);
  EXPECT_EQ(on.at("applied"), true) << json::serialize(on);
  const auto skipped = on.at("parents_skipped").to_number<std::uint64_t>();
  const auto report_requests = on.at("report_requests").to_number<std::uint64_t>();
  EXPECT_GT(skipped, 0u);
  EXPECT_EQ(endpoint_calls(pruned_stats, "GET /v2/report/users"), report_requests);
  // Every walk here is one page: each skipped parent is one call saved, the
  // report's pages the only calls added.
  for (const char* stream : {"recordings", "report_meetings"}) {
    SCOPED_TRACE(stream);
    const auto by_stream = on.at("parents_skipped_by_stream").at(stream).to_number<std::uint64_t>();
    EXPECT_GT(by_stream, 0u);
    EXPECT_EQ(full.summary_stream_count(stream, "requests") -
                  pruned.summary_stream_count(stream, "requests"),
              by_stream);
  }
  EXPECT_EQ(full.summary_stream_count("report_meeting_participants", "requests"),
            pruned.summary_stream_count("report_meeting_participants", "requests"));
  EXPECT_LT(pruned_calls, full_calls);
  EXPECT_EQ(full_calls - pruned_calls, skipped - report_requests);
  std::printf("pruning: %llu calls instead of %llu (%llu walks left out, %llu report pages)\n",
              static_cast<unsigned long long>(pruned_calls),
              static_cast<unsigned long long>(full_calls), static_cast<unsigned long long>(skipped),
              static_cast<unsigned long long>(report_requests));
}

TEST_F(SimFetchPruning, AWindowTheReportCannotAnswerWalksEveryParent) {
  // The report reaches back 183 days; the recordings range starts before.
  const sys_days from = today() - days{200};
  auto [full, full_calls] = fetch(request_for({"recordings"}, from, false));
  ASSERT_FALSE(full.error) << full.error->message;
  auto [pruned, pruned_calls] = fetch(request_for({"recordings"}, from, true));
  ASSERT_FALSE(pruned.error) << pruned.error->message;
  EXPECT_EQ(sorted(pruned.ids["recordings"]), sorted(full.ids["recordings"]));
  EXPECT_GT(pruned.count("recordings"), 0u);
  EXPECT_LT(pruned_calls, full_calls);
  EXPECT_EQ(sim_.stats().per_status.count(400), 0u) << "no report was asked beyond its reach";

  const auto& windows = pruning_of(pruned).at("windows").as_array();
  ASSERT_EQ(windows.size(), zc::fetch::month_windows({from, today()}).size());
  std::size_t walked_in_full = 0;
  for (const auto& value : windows) {
    const auto& window = value.as_object();
    if (window.at("pruned").as_bool()) continue;
    ++walked_in_full;
    EXPECT_LT(std::string(window.at("from").as_string()),
              zc::format_date(today() - days{183}));
    EXPECT_NE(std::string(window.at("reason").as_string()).find("183 days"), std::string::npos);
  }
  EXPECT_EQ(walked_in_full, 1u) << "only the oldest window is beyond the report";
}

TEST_F(SimFetchPruning, APrunedFetchStoppedAnywhereResumesToTheSameRecords) {
  const std::vector<std::string> streams{"recordings", "report_meetings"};
  const sys_days from = today() - days{45};
  const Outcome clean = run_fetch(*built_.connector, request_for(streams, from, false));
  ASSERT_FALSE(clean.error) << clean.error->message;
  ASSERT_GT(clean.records, 4u);

  std::mt19937 random(7);
  for (int round = 0; round < 3; ++round) {
    const std::size_t stop_at =
        std::uniform_int_distribution<std::size_t>(1, clean.records - 1)(random);
    SCOPED_TRACE(stop_at);
    fetch_test::Interrupted first;
    fetch_test::pull_then_leave(*built_.connector, request_for(streams, from, true), stop_at,
                                first);
    if (HasFatalFailure()) return;
    std::map<std::string, std::vector<std::string>> kept;
    const std::string state = first.kept_before_last_state(kept);
    const Outcome resumed = run_fetch(*built_.connector, request_for(streams, from, true, state));
    ASSERT_FALSE(resumed.error) << resumed.error->message;
    EXPECT_EQ(pruning_of(resumed).at("applied"), true);
    for (const auto& [name, ids] : resumed.ids) {
      kept[name].insert(kept[name].end(), ids.begin(), ids.end());
    }
    for (const auto& name : streams) {
      EXPECT_EQ(sorted(kept[name]), sorted(clean.ids.at(name)))
          << name << ": records lost or repeated";
    }
  }
}

class SimFetchPruningWithoutTheReportScope : public ::testing::Test {
 protected:
  static zoom_sim::Options options() {
    auto o = fetch_test::small_account();
    zoom_sim::App app = zoom_sim::default_app();
    // The meetings report's granular scope, not the active-hosts report's.
    app.scopes = {"user:read:admin", "recording:read:admin", "report:read:user:admin"};
    o.apps = {app};
    return o;
  }
  zoom_sim::Simulator sim_{options()};
};

TEST_F(SimFetchPruningWithoutTheReportScope, PruningIsOffAndTheSummarySaysSo) {
  auto built = zc_test::build(zc_test::sim_credential(sim_), zc_test::sim_options(sim_));
  const sys_days from = today() - days{40};
  const auto out =
      run_fetch(*built.connector, request_for({"recordings", "report_meetings"}, from, true));
  ASSERT_FALSE(out.error) << out.error->message;
  const auto& pruning = pruning_of(out);
  EXPECT_EQ(pruning.at("active_hosts_only"), true);
  EXPECT_EQ(pruning.at("applied"), false);
  EXPECT_EQ(pruning.at("parents_skipped"), 0);
  const std::string note(pruning.at("note").as_string());
  EXPECT_NE(note.find("off: the token lacks report:read:admin or report:read:list_users:admin"),
            std::string::npos)
      << note;
  const auto stats = sim_.stats();
  EXPECT_EQ(stats.per_endpoint.count("GET /v2/report/users"), 0u);
  const auto windows = zc::fetch::month_windows({from, today()}).size();
  EXPECT_EQ(stats.per_endpoint.at("GET /v2/users/{userId}/recordings"),
            sim_.dataset().users.size() * windows)
      << "every user walked in every window";
  std::set<std::string> meetings;
  for (const auto& m : sim_.dataset().meetings) {
    const auto day = std::chrono::floor<days>(m.start_time);
    if (m.past && day >= from && day <= today()) meetings.insert(m.uuid);
  }
  EXPECT_EQ(out.id_set("report_meetings"), meetings);
}

}  // namespace
