// Rate limits: docs/zoom_api_facts.md §3. Time comes from a ManualClock, so the rates are
// checked as counts over a window, never with wall-clock sleeps.
#include "test_support.hpp"
#include "util.hpp"

namespace zoom_sim::testing {
namespace {

using namespace std::chrono;

const auto kStart = sys_days{year{2026} / 11 / 29} + hours(10);

struct Limited : ::testing::Test {
  void start(Plan plan, double daily_scale = 1.0) {
    auto opt = small_options();
    opt.plan = plan;
    opt.clock = clk.clock();
    opt.token_lifetime = hours(100);
    opt.daily_cap_scale = daily_scale;
    opt.apps = {default_app(), App{"sim-account-id", "second-app", "s", all_scopes()},
                App{"other-account", "third-app", "s", all_scopes()}};
    sim = std::make_unique<Simulator>(opt);
    token = fetch_token(sim->base_url());
    c = std::make_unique<HttpClient>(sim->base_url(), true);
  }
  // Sends n requests at the current clock; returns how many got 200.
  int burst(const std::string& target, int n, const std::string& tok = "") {
    int ok = 0;
    for (int i = 0; i < n; ++i) {
      auto r = c->get(target, bearer(tok.empty() ? token : tok));
      if (r.status == 200)
        ++ok;
      else
        EXPECT_EQ(r.status, 429) << r.body;
    }
    return ok;
  }
  std::string window() const {
    return "from=" + util::ymd(sim->dataset().today - days(5)) +
           "&to=" + util::ymd(sim->dataset().today);
  }
  ManualClock clk{kStart};
  std::unique_ptr<Simulator> sim;
  std::string token;
  std::unique_ptr<HttpClient> c;
};

TEST_F(Limited, BusinessPerSecondBucketsPerCategory) {
  start(Plan::business);
  EXPECT_EQ(burst("/v2/users/me", 100), 80);                               // Light 80/s
  EXPECT_EQ(burst("/v2/users", 100), 60);                                  // Medium 60/s
  EXPECT_EQ(burst("/v2/report/users?" + window(), 60), 40);                // Heavy 40/s
  EXPECT_EQ(burst("/v2/metrics/meetings?type=past&" + window(), 30), 20);  // 20/min
  clk.advance(seconds(1));
  EXPECT_EQ(burst("/v2/users", 100), 60);
  clk.advance(milliseconds(500));
  EXPECT_EQ(burst("/v2/users", 100), 30);
  clk.advance(seconds(3));  // Resource-intensive refills 20 per 60 s: 1 per 3 s
  EXPECT_EQ(burst("/v2/metrics/meetings?type=past&" + window(), 5), 1);
  EXPECT_EQ(sim->stats().rate_limited_by_category.at("Medium"), 40u + 40u + 70u);
}

TEST_F(Limited, RateOverWindowMatchesTable) {
  start(Plan::pro);
  // Pro Medium 20/s: 10 requests every 100 ms for 10 s → burst 20 + 20/s * 10 s.
  int ok = 0;
  for (int step = 0; step < 100; ++step) {
    ok += burst("/v2/groups", 10);
    clk.advance(milliseconds(100));
  }
  EXPECT_GE(ok, 20 + 200 - 2);
  EXPECT_LE(ok, 20 + 200);
  // Free Light 4/s over 5 s with a request every 50 ms.
  start(Plan::free);
  ok = 0;
  for (int step = 0; step < 100; ++step) {
    ok += burst("/v2/users/me", 1);
    clk.advance(milliseconds(50));
  }
  EXPECT_GE(ok, 4 + 20 - 2);
  EXPECT_LE(ok, 4 + 20);
}

TEST_F(Limited, QpsResponseHasZoomBodyAndHeaders) {
  start(Plan::free);
  EXPECT_EQ(burst("/v2/users", 2), 2);  // Free Medium 2/s
  auto r = c->get("/v2/users", bearer(token));
  ASSERT_EQ(r.status, 429);
  EXPECT_EQ(
      r.body,
      R"({"code":429,"message":"You have reached the maximum per-second rate limit for this API. Try again later."})");
  EXPECT_EQ(r.header("x-ratelimit-category"), "Medium");
  EXPECT_EQ(r.header("x-ratelimit-type"), "QPS");
  EXPECT_EQ(r.header("x-ratelimit-limit"), "2");
  EXPECT_EQ(r.header("x-ratelimit-remaining"), "0");
  EXPECT_EQ(r.header("retry-after"), "1");
  EXPECT_EQ(sim->stats().rate_limited, 1u);
}

TEST_F(Limited, SuccessHeadersConfigurable) {
  start(Plan::business);
  auto r = c->get("/v2/users", bearer(token));
  EXPECT_EQ(r.header("x-ratelimit-category"), "Medium");
  EXPECT_EQ(r.header("x-ratelimit-limit"), "60");
  EXPECT_EQ(r.header("x-ratelimit-remaining"), "59");
  r = c->get("/v2/report/users?" + window(), bearer(token));  // daily-capped category
  EXPECT_EQ(r.header("x-ratelimit-limit"), "60000");
  EXPECT_EQ(r.header("x-ratelimit-remaining"), "59999");

  auto opt = small_options();
  opt.rate_limit_headers_on_success = false;
  Simulator s2(opt);
  HttpClient c2(s2.base_url());
  r = c2.get("/v2/users", bearer(fetch_token(s2.base_url())));
  EXPECT_EQ(r.status, 200);
  EXPECT_FALSE(r.has_header("x-ratelimit-category"));
}

TEST_F(Limited, FreeDailyCapWithIsoRetryAfter) {
  start(Plan::free);
  // Free Heavy: 1/s and 1,000/day.
  int ok = 0;
  for (int i = 0; i < 1000; ++i) {
    ok += burst("/v2/report/users?" + window(), 1);
    clk.advance(seconds(1));
  }
  EXPECT_EQ(ok, 1000);
  auto r = c->get("/v2/report/users?" + window(), bearer(token));
  ASSERT_EQ(r.status, 429);
  EXPECT_EQ(r.json().as_object().at("code").as_int64(), 429);
  EXPECT_NE(r.json().as_object().at("message").as_string().find("daily"), std::string::npos);
  EXPECT_EQ(r.header("x-ratelimit-type"), "Daily-limit");
  EXPECT_EQ(r.header("x-ratelimit-category"), "Heavy");
  EXPECT_EQ(r.header("x-ratelimit-limit"), "1000");
  EXPECT_EQ(r.header("retry-after"), "2026-11-30T00:00:00Z");
  // Other categories are unaffected; the next UTC day resets the cap.
  EXPECT_EQ(c->get("/v2/users/me", bearer(token)).status, 200);
  clk.set(sys_days{year{2026} / 11 / 30} + seconds(1));
  EXPECT_EQ(c->get("/v2/report/users?" + window(), bearer(token)).status, 200);
}

TEST_F(Limited, HeavyAndResourceIntensiveShareDailyCap) {
  start(Plan::pro, 0.001);  // Pro shared cap 30,000 → 30
  int ok = 0;
  for (int i = 0; i < 20; ++i) {
    ok += burst("/v2/report/users?" + window(), 1);
    clk.advance(seconds(1));
  }
  for (int i = 0; i < 10; ++i) {
    ok += burst("/v2/metrics/meetings?type=past&" + window(), 1);
    clk.advance(seconds(6));
  }
  EXPECT_EQ(ok, 30);
  auto r = c->get("/v2/metrics/meetings?type=past&" + window(), bearer(token));
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.header("x-ratelimit-type"), "Daily-limit");
  r = c->get("/v2/report/users?" + window(), bearer(token));
  EXPECT_EQ(r.header("x-ratelimit-type"), "Daily-limit");
  EXPECT_EQ(r.header("x-ratelimit-limit"), "30");
}

TEST_F(Limited, PerAccountSharedByApps) {
  start(Plan::business);
  const auto second = fetch_token(sim->base_url(), "second-app", "s", "sim-account-id");
  const auto other = fetch_token(sim->base_url(), "third-app", "s", "other-account");
  EXPECT_EQ(burst("/v2/users", 40), 40);
  EXPECT_EQ(burst("/v2/users", 40, second), 20);  // same account: one bucket
  EXPECT_EQ(burst("/v2/users", 70, other), 60);   // another account: its own
}

TEST_F(Limited, PhoneLimits) {
  start(Plan::business);
  EXPECT_EQ(burst("/v2/phone/users", 30), 20);         // Phone Medium 20/s (business)
  EXPECT_EQ(burst("/v2/users", 70), 60);               // separate from the Medium bucket
  EXPECT_EQ(burst("/v2/phone/call_history", 15), 10);  // Phone Heavy 10/s
  start(Plan::pro);
  EXPECT_EQ(burst("/v2/phone/users", 30), 10);
  EXPECT_EQ(burst("/v2/phone/call_history", 15), 5);
}

TEST_F(Limited, DisabledForBenchmarks) {
  auto opt = small_options();
  opt.rate_limit = false;
  opt.plan = Plan::free;
  Simulator s2(opt);
  HttpClient c2(s2.base_url(), true);
  const auto t = fetch_token(s2.base_url());
  int ok = 0;
  for (int i = 0; i < 200; ++i) ok += c2.get("/v2/users", bearer(t)).status == 200;
  EXPECT_EQ(ok, 200);
  s2.set_rate_limit(true);
  ok = 0;
  for (int i = 0; i < 10; ++i) ok += c2.get("/v2/users", bearer(t)).status == 200;
  EXPECT_LE(ok, 2);
}

}  // namespace
}  // namespace zoom_sim::testing
