// A resume costs a constant number of requests before its first new record,
// however far the interrupted fetch got: the state carries the frontier (the
// discovered, unfinished child partitions), so finished parents are not
// listed again. Checked at an early and a late checkpoint of users ->
// meetings -> participants, with the records exact across both runs.
#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>

#include "fetch_support.hpp"

namespace {

namespace json = boost::json;

constexpr const char* k_request =
    R"("plan":"business","rate_share":1,"max_concurrency":1,"streams":["users","meetings","past_meeting_participants"])";

// A participant appears in many meetings: its key names the meeting too.
std::string arrival_key(std::string_view stream, std::string_view text) {
  const json::object record = json::parse(text).as_object();
  std::string key =
      std::string(stream) + " " + fetch_test::record_key(std::string(stream), std::string(text));
  if (const auto* parent = record.if_contains("_parent_id")) {
    key += " @" + std::string(parent->as_string());
  }
  return key;
}

struct Resumed {
  std::size_t requests_before_first_record = 0;
  std::vector<std::string> keys;
};

std::size_t api_requests(const zoom_sim::Simulator& sim) {
  std::size_t count = 0;
  for (const auto& request : sim.request_log()) count += request.path.starts_with("/v2/") ? 1 : 0;
  return count;
}

// One worker and a queue of one item: the run cannot get ahead of the pull,
// so the request count at the first record is what that record cost.
Resumed resume(zc::ZoomConnector& connector, zoom_sim::Simulator& sim, const std::string& state,
               const std::string& more_request = "") {
  Resumed out;
  zc::fetch::FetchSettings settings = fetch_test::fast_settings();
  settings.queue_capacity = 1;
  sim.reset_stats();
  auto stream = connector.fetch(
      std::string("{") + k_request + more_request + ",\"state\":" + state + "}", settings);
  EXPECT_TRUE(stream) << stream.error().message;
  if (!stream) return out;
  bool first = true;
  for (;;) {
    auto item = (*stream)->next();
    EXPECT_TRUE(item) << item.error().message;
    if (!item || item->kind == zc::FetchItem::Kind::end) break;
    if (item->kind != zc::FetchItem::Kind::record) continue;
    if (first) out.requests_before_first_record = api_requests(sim);
    first = false;
    out.keys.push_back(arrival_key(item->stream, item->json));
  }
  return out;
}

TEST(ResumeCost, ConstantRequestsBeforeTheFirstNewRecordAtEarlyAndLateCheckpoints) {
  zoom_sim::Options options = fetch_test::small_account();
  options.sizes.users = 80;
  options.sizes.hosting_percent = 100;  // every user has past meetings to walk
  options.sizes.participants_per_meeting = 3;
  zoom_sim::Simulator sim(options);
  auto built = zc_test::build(zc_test::sim_credential(sim), zc_test::sim_options(sim));
  ASSERT_TRUE(built.connector);

  // A clean run with a checkpoint after every page.
  std::vector<std::string> clean;
  std::vector<std::pair<std::size_t, std::string>> states;
  {
    auto stream =
        built.connector->fetch(std::string("{") + k_request + "}", fetch_test::fast_settings());
    ASSERT_TRUE(stream) << stream.error().message;
    for (;;) {
      auto item = (*stream)->next();
      ASSERT_TRUE(item) << item.error().message;
      if (item->kind == zc::FetchItem::Kind::end) break;
      if (item->kind == zc::FetchItem::Kind::record) {
        clean.push_back(arrival_key(item->stream, item->json));
      } else if (item->kind == zc::FetchItem::Kind::state) {
        states.emplace_back(clean.size(), std::string(item->json));
      }
    }
  }
  ASSERT_GT(clean.size(), 1000u);
  // The frontier stays about one parent page wide: at most the meetings of
  // one page of users plus the participants of one page of meetings.
  std::size_t widest = 0;
  for (const auto& [records, text] : states) {
    const json::object state = json::parse(text).as_object();
    if (!state.contains("frontier")) continue;
    std::size_t entries = 0;
    for (const auto& [stream, ids] : state.at("frontier").at("open").as_object()) {
      entries += ids.as_array().size();
    }
    widest = std::max(widest, entries);
  }
  std::cout << "the widest frontier held " << widest << " entries\n";
  EXPECT_GT(widest, 0u);
  EXPECT_LE(widest, options.sizes.users + 300u);
  const auto state_at = [&](double part) {
    const auto wanted = static_cast<std::size_t>(part * static_cast<double>(clean.size()));
    const auto it = std::ranges::find_if(states, [&](const auto& s) { return s.first >= wanted; });
    return *it;
  };

  std::vector<std::size_t> costs;
  for (const double part : {0.1, 0.5, 0.9}) {
    const auto [before, state] = state_at(part);
    const Resumed resumed = resume(*built.connector, sim, state);
    std::cout << "checkpoint after " << before << " of " << clean.size()
              << " records: " << resumed.requests_before_first_record
              << " requests before the first new record\n";
    costs.push_back(resumed.requests_before_first_record);
    EXPECT_GE(resumed.requests_before_first_record, 1u);
    EXPECT_LE(resumed.requests_before_first_record, 2u) << "resumed at " << part;

    // What the host kept before the checkpoint plus the resumed run: the clean
    // run's records, each once.
    std::vector<std::string> got(clean.begin(), clean.begin() + static_cast<long>(before));
    got.insert(got.end(), resumed.keys.begin(), resumed.keys.end());
    std::ranges::sort(got);
    std::vector<std::string> want = clean;
    std::ranges::sort(want);
    EXPECT_EQ(std::ranges::adjacent_find(want), want.end()) << "the clean run repeated a record";
    EXPECT_TRUE(got == want) << "resumed at " << part << ": " << got.size() << " records, wanted "
                             << want.size();
  }
  // Does not grow with progress.
  EXPECT_LE(costs.back(), costs.front() + 1);

  // The same late state under another plan (a page size the frontier was not
  // found under): the frontier is not used, finished parents are walked
  // again, and the records are still exact.
  const auto [before, state] = state_at(0.9);
  const Resumed other = resume(*built.connector, sim, state, R"(,"page_size":299)");
  std::cout << "the same state under another plan: " << other.requests_before_first_record
            << " requests before the first new record\n";
  EXPECT_GT(other.requests_before_first_record, 20u) << "finished parents were walked again";
  std::vector<std::string> got(clean.begin(), clean.begin() + static_cast<long>(before));
  got.insert(got.end(), other.keys.begin(), other.keys.end());
  std::ranges::sort(got);
  std::ranges::sort(clean);
  EXPECT_TRUE(got == clean) << got.size() << " records, wanted " << clean.size();
}

// A frontier that names a stream this request does not fetch, under the
// request's own plan, was altered: refused before any request.
TEST(ResumeCost, AFrontierNamingAStreamTheRequestDoesNotFetchIsRefused) {
  zoom_sim::Options options = fetch_test::small_account();
  options.sizes.users = 10;
  zoom_sim::Simulator sim(options);
  auto built = zc_test::build(zc_test::sim_credential(sim), zc_test::sim_options(sim));
  ASSERT_TRUE(built.connector);
  std::string state;
  {
    auto stream =
        built.connector->fetch(std::string("{") + k_request + "}", fetch_test::fast_settings());
    ASSERT_TRUE(stream) << stream.error().message;
    while (state.empty()) {
      auto item = (*stream)->next();
      ASSERT_TRUE(item && item->kind != zc::FetchItem::Kind::end);
      if (item->kind == zc::FetchItem::Kind::state) state = item->json;
    }
  }
  json::object altered = json::parse(state).as_object();
  ASSERT_TRUE(altered.contains("frontier"));
  altered["frontier"].as_object()["open"].as_object()["webinars"] = json::array{"u1"};
  sim.reset_stats();
  auto stream = built.connector->fetch(
      std::string("{") + k_request + ",\"state\":" + json::serialize(altered) + "}",
      fetch_test::fast_settings());
  ASSERT_FALSE(stream);
  EXPECT_EQ(stream.error().status, zc::Status::invalid_argument);
  EXPECT_NE(stream.error().message.find("\"webinars\", which this request does not fetch"),
            std::string::npos)
      << stream.error().message;
  EXPECT_EQ(sim.stats().requests, 0u) << "refused before any request";
}

}  // namespace
