// Fetches under trouble: token revocation and expiry, page-token expiry,
// every fault kind, 429 storms, the daily limit, cancel.
#include <gtest/gtest.h>

#include <thread>

#include "fetch_support.hpp"

namespace {

using fetch_test::expect_no_duplicates;
using fetch_test::run_fetch;
using namespace std::chrono_literals;

constexpr const char* k_request =
    R"({"plan":"business","rate_share":1,"streams":["users","meetings","past_meeting_participants"],"page_size":7})";

void expect_exact(const fetch_test::Outcome& out, const zoom_sim::Dataset& ds) {
  ASSERT_FALSE(out.error) << out.error->message;
  expect_no_duplicates(out);
  EXPECT_EQ(out.id_set("users"), fetch_test::expected_users(ds));
  EXPECT_EQ(out.id_set("meetings"), fetch_test::expected_meetings(ds));
  EXPECT_EQ(out.id_set("past_meeting_participants"), fetch_test::expected_past_participants(ds));
}

zoom_sim::FaultRule rule(zoom_sim::FaultKind kind, std::vector<std::uint64_t> on_requests,
                         double probability = 0) {
  zoom_sim::FaultRule r;
  r.kind = kind;
  r.on_requests = std::move(on_requests);
  r.probability = probability;
  return r;
}

TEST(SimFetchFaults, RevokedTokenIsReplacedAndNothingIsLost) {
  auto options = fetch_test::small_account();
  options.faults.rules = {rule(zoom_sim::FaultKind::revoke_token, {5, 40})};
  zoom_sim::Simulator sim(options);
  auto built = zc_test::build(zc_test::sim_credential(sim), zc_test::sim_options(sim));
  const auto out = run_fetch(*built.connector, k_request);
  expect_exact(out, sim.dataset());
  EXPECT_EQ(sim.stats().token_requests, 3u) << "one token, then one per revocation";
}

TEST(SimFetchFaults, TokenExpiryMidFetchIsHandled) {
  zoom_sim::ManualClock clock;
  auto options = fetch_test::small_account();
  options.clock = clock.clock();
  zoom_sim::Simulator sim(options);
  auto built = zc_test::build(zc_test::sim_credential(sim), zc_test::sim_options(sim));
  // Two hours pass at Zoom after the 30th record: the token (3600 s) and every
  // page token (15 min) expire while the fetch runs.
  const auto out =
      run_fetch(*built.connector, k_request, fetch_test::fast_settings(), [&](std::size_t records) {
        if (records == 30) clock.advance(2h);
      });
  expect_exact(out, sim.dataset());
  EXPECT_GE(sim.stats().token_requests, 2u);
}

TEST(SimFetchFaults, ExpiredPageTokensRestartTheWalkWithoutDuplicates) {
  auto options = fetch_test::small_account();
  options.faults.rules = {rule(zoom_sim::FaultKind::expire_page_token, {1, 3, 6})};
  zoom_sim::Simulator sim(options);
  auto built = zc_test::build(zc_test::sim_credential(sim), zc_test::sim_options(sim));
  const auto out = run_fetch(*built.connector, k_request);
  expect_exact(out, sim.dataset());
  EXPECT_EQ(sim.stats().faults_by_kind.at("expire_page_token"), 3u);
}

TEST(SimFetchFaults, EveryFaultKindIsRetriedToAnExactResult) {
  auto options = fetch_test::small_account();
  options.sizes.hosting_percent = 100;  // enough requests for every kind to fire at 3%
  using K = zoom_sim::FaultKind;
  for (const K kind : {K::http_500, K::http_502, K::http_503, K::http_504, K::connection_reset,
                       K::truncated_json, K::html_200, K::html_403}) {
    options.faults.rules.push_back(rule(kind, {}, 0.03));
  }
  zoom_sim::FaultRule slow = rule(K::delay, {4, 30});
  slow.delay = 1500ms;  // past the client's 1 s timeout below
  options.faults.rules.insert(options.faults.rules.begin(), slow);
  options.faults.seed = 7;
  zoom_sim::Simulator sim(options);
  auto connector_options = zc_test::sim_options(sim);
  connector_options["total_timeout_ms"] = 1000;
  auto built = zc_test::build(zc_test::sim_credential(sim), connector_options);
  const auto out = run_fetch(*built.connector, k_request);
  expect_exact(out, sim.dataset());
  const auto stats = sim.stats();
  for (const char* kind : {"http_500", "http_503", "connection_reset", "truncated_json", "html_200",
                           "html_403", "delay"}) {
    EXPECT_GT(stats.faults_by_kind.count(kind), 0u) << kind << " was never injected";
  }
  EXPECT_GT(out.summary_stream_count("past_meeting_participants", "retries") +
                out.summary_stream_count("users", "retries") +
                out.summary_stream_count("meetings", "retries"),
            0u);
}

TEST(SimFetchFaults, A429StormIsHonouredAndCounted) {
  auto options = fetch_test::small_account();
  options.rate_limit = true;
  options.plan = zoom_sim::Plan::free;  // Medium: 2 requests per second
  options.sizes.users = 30;
  zoom_sim::Simulator sim(options);
  auto built = zc_test::build(zc_test::sim_credential(sim), zc_test::sim_options(sim));
  // The request claims Business limits: far too fast for this account.
  const auto out = run_fetch(*built.connector,
                             R"({"streams":["users","groups"],"page_size":5,"plan":"business",
                                 "rate_share":1,"max_concurrency":4})");
  ASSERT_FALSE(out.error) << out.error->message;
  EXPECT_EQ(out.id_set("users"), fetch_test::expected_users(sim.dataset()));
  EXPECT_GT(sim.stats().rate_limited, 0u);
  EXPECT_EQ(out.summary_stream_count("users", "throttled") +
                out.summary_stream_count("groups", "throttled"),
            sim.stats().rate_limited)
      << "every 429 the simulator sent was seen and counted";
}

TEST(SimFetchFaults, DailyLimitStopsWithACheckpointNotAFalseSuccess) {
  auto options = fetch_test::small_account();
  options.rate_limit = true;
  options.daily_cap_scale = 0.0004;  // Business heavy: 60,000/day -> 24
  zoom_sim::Simulator sim(options);
  auto built = zc_test::build(zc_test::sim_credential(sim), zc_test::sim_options(sim));
  const auto out = run_fetch(*built.connector, R"({"streams":["report_meetings"],"plan":"business",
      "rate_share":0.5,"max_concurrency":2})");
  ASSERT_TRUE(out.error);
  EXPECT_EQ(out.error->status, zc::Status::rate_limited);
  EXPECT_TRUE(out.error->retryable);
  EXPECT_NE(out.error->message.find("daily"), std::string::npos) << out.error->message;
  ASSERT_FALSE(out.states.empty()) << "the host gets a checkpoint to resume from";
  ASSERT_TRUE(out.summary);
  EXPECT_EQ(out.summary->at("status"), "failed");
}

TEST(SimFetchFaults, CancelStopsAFetchWithinASecond) {
  auto options = fetch_test::small_account();
  options.rate_limit = true;
  options.plan = zoom_sim::Plan::free;
  zoom_sim::Simulator sim(options);
  auto built = zc_test::build(zc_test::sim_credential(sim), zc_test::sim_options(sim));
  auto stream = built.connector->fetch(R"({"streams":["users","meetings"],"plan":"free","page_size":3})",
      fetch_test::fast_settings());
  ASSERT_TRUE(stream);
  auto first = (*stream)->next();
  ASSERT_TRUE(first);
  built.connector->cancel();
  const auto cancelled_at = std::chrono::steady_clock::now();
  zc::Result<zc::FetchItem> item = (*stream)->next();
  while (item && item->kind != zc::FetchItem::Kind::end) item = (*stream)->next();
  EXPECT_LT(std::chrono::steady_clock::now() - cancelled_at, 1s);
  ASSERT_FALSE(item);
  EXPECT_EQ(item.error().status, zc::Status::cancelled);
}

}  // namespace
