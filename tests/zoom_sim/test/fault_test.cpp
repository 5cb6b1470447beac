// Faults: seeded, reproducible, by probability or scripted per request number,
// selectable per path prefix, never on /oauth/token unless asked.
#include "test_support.hpp"

namespace zoom_sim::testing {
namespace {

using namespace std::chrono;

struct Faulty : ::testing::Test {
  void start(FaultPlan plan) {
    auto opt = small_options();
    opt.rate_limit = false;
    opt.faults = std::move(plan);
    sim = std::make_unique<Simulator>(opt);
    token = fetch_token(sim->base_url());
    c = std::make_unique<HttpClient>(sim->base_url(), true);
  }
  Resp get(const std::string& t) { return c->get(t, bearer(token)); }
  std::unique_ptr<Simulator> sim;
  std::string token;
  std::unique_ptr<HttpClient> c;
};

FaultRule at(FaultKind k, std::vector<std::uint64_t> n, std::string prefix = "/v2/") {
  FaultRule r;
  r.kind = k;
  r.on_requests = std::move(n);
  r.path_prefix = std::move(prefix);
  return r;
}

TEST_F(Faulty, GatewayErrorsOnScriptedRequests) {
  start({1,
         {at(FaultKind::http_500, {1}), at(FaultKind::http_502, {2}), at(FaultKind::http_503, {3}),
          at(FaultKind::http_504, {4})}});
  // Rule counters count matching requests; each rule fires on its own number, so
  // request 1 → 500, 2 → 502, 3 → 503, 4 → 504, 5 → normal.
  std::vector<int> statuses;
  for (int i = 0; i < 5; ++i) statuses.push_back(get("/v2/users").status);
  EXPECT_EQ(statuses, (std::vector<int>{500, 502, 503, 504, 200}));
  const auto st = sim->stats();
  EXPECT_EQ(st.faults_injected, 4u);
  EXPECT_EQ(st.faults_by_kind.at("http_503"), 1u);
  const auto log = sim->request_log();
  EXPECT_EQ(log.back().fault, "");
  EXPECT_EQ(log[log.size() - 3].fault, "http_503");
}

TEST_F(Faulty, HtmlPagesWith200And403) {
  start({1, {at(FaultKind::html_200, {1}), at(FaultKind::html_403, {2})}});
  for (int expected : {200, 403}) {
    auto r = get("/v2/users");
    EXPECT_EQ(r.status, expected);
    EXPECT_NE(r.header("content-type").find("text/html"), std::string::npos);
    EXPECT_TRUE(r.body.starts_with("<!DOCTYPE html>"));
    EXPECT_THROW((void)r.json(), std::exception);
  }
  EXPECT_EQ(get("/v2/users").status, 200);
}

TEST_F(Faulty, TruncatedJson) {
  start({1, {at(FaultKind::truncated_json, {1})}});
  auto r = get("/v2/users");
  EXPECT_EQ(r.status, 200);
  EXPECT_FALSE(r.body.empty());
  EXPECT_THROW((void)r.json(), std::exception);
  EXPECT_NO_THROW((void)get("/v2/users").json());
}

TEST_F(Faulty, ConnectionResetMidBody) {
  start({1, {at(FaultKind::connection_reset, {2})}});
  EXPECT_EQ(get("/v2/users").status, 200);
  auto r = get("/v2/users");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.error, "connection reset");
  EXPECT_EQ(get("/v2/users").status, 200);  // the client reconnects
  EXPECT_EQ(sim->request_log()[2].status, 0);
}

TEST_F(Faulty, DelayPastClientTimeout) {
  FaultRule r = at(FaultKind::delay, {1});
  r.delay = milliseconds(1500);
  start({1, {r}});
  HttpClient impatient(sim->base_url(), false, milliseconds(300));
  const auto t0 = steady_clock::now();
  auto res = impatient.get("/v2/users", bearer(token));
  EXPECT_EQ(res.error, "timeout");
  EXPECT_LT(steady_clock::now() - t0, milliseconds(1400));
  // The server keeps serving other connections meanwhile.
  EXPECT_EQ(get("/v2/users").status, 200);
}

TEST_F(Faulty, RevokeTokenMidRun) {
  start({1, {at(FaultKind::revoke_token, {3})}});
  EXPECT_EQ(get("/v2/users").status, 200);
  EXPECT_EQ(get("/v2/users").status, 200);
  auto r = get("/v2/users");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.json().as_object().at("code").as_int64(), 124);
  EXPECT_EQ(get("/v2/users").status, 401);
  token = fetch_token(sim->base_url());
  EXPECT_EQ(get("/v2/users").status, 200);
}

TEST_F(Faulty, PageTokenExpiredEarly) {
  start({1, {at(FaultKind::expire_page_token, {2})}});  // 2nd request carrying a token
  auto r = get("/v2/users?page_size=5");
  std::string t(r.json().as_object().at("next_page_token").as_string());
  r = get("/v2/users?page_size=5&next_page_token=" + t);
  EXPECT_EQ(r.status, 200);
  t = std::string(r.json().as_object().at("next_page_token").as_string());
  r = get("/v2/users?page_size=5&next_page_token=" + t);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, R"({"code":300,"message":"The next page token is invalid or expired."})");
  EXPECT_EQ(get("/v2/users?page_size=5&next_page_token=" + t).status, 400);  // stays expired
}

TEST_F(Faulty, RateLimitBurstIsARunOf429sWithRetryAfter) {
  FaultRule burst = at(FaultKind::rate_limit_burst, {2});
  burst.burst = 3;
  start({1, {burst}});
  std::vector<int> statuses;
  for (int i = 0; i < 6; ++i) {
    auto r = get("/v2/users");
    statuses.push_back(r.status);
    if (r.status == 429) {
      EXPECT_EQ(r.header("retry-after"), "1");
      EXPECT_EQ(r.header("x-ratelimit-type"), "QPS");
      EXPECT_EQ(r.json().as_object().at("code").as_int64(), 429);
    }
  }
  EXPECT_EQ(statuses, (std::vector<int>{200, 429, 429, 429, 200, 200}));
  EXPECT_EQ(sim->stats().faults_by_kind.at("rate_limit_burst"), 3u);
}

TEST_F(Faulty, ClockJumpExpiresTokensAndPageTokens) {
  FaultRule jump = at(FaultKind::clock_jump, {2});
  jump.jump = hours(2);
  start({1, {jump}});
  auto r = get("/v2/users?page_size=5");
  ASSERT_EQ(r.status, 200);
  const std::string t(r.json().as_object().at("next_page_token").as_string());
  // The second request jumps the clock past the token's hour first.
  r = get("/v2/users?page_size=5&next_page_token=" + t);
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.json().as_object().at("code").as_int64(), 124);
  EXPECT_EQ(sim->live_tokens(), 0u);
  token = fetch_token(sim->base_url());
  r = get("/v2/users?page_size=5&next_page_token=" + t);
  EXPECT_EQ(r.status, 400) << "the page token's 15 minutes are over too";
  EXPECT_EQ(get("/v2/users?page_size=5").status, 200);
  EXPECT_EQ(sim->stats().faults_by_kind.at("clock_jump"), 1u);
}

TEST_F(Faulty, PathPrefixAndOAuthExclusion) {
  FaultRule all;
  all.kind = FaultKind::http_503;
  all.path_prefix = "/";
  all.probability = 1.0;
  FaultRule users = at(FaultKind::http_500, {}, "/v2/users");
  users.probability = 1.0;
  start({1, {users}});
  EXPECT_EQ(get("/v2/users").status, 500);
  EXPECT_EQ(get("/v2/users/me").status, 500);
  EXPECT_EQ(get("/v2/groups").status, 200);
  // A catch-all prefix still spares the token endpoint...
  sim->set_faults({1, {all}});
  EXPECT_EQ(get("/v2/groups").status, 503);
  EXPECT_NO_THROW((void)fetch_token(sim->base_url()));
  // ...unless the prefix names it.
  sim->set_faults({1, {at(FaultKind::http_503, {1}, "/oauth")}});
  EXPECT_THROW((void)fetch_token(sim->base_url()), std::exception);
  EXPECT_NO_THROW((void)fetch_token(sim->base_url()));
}

TEST_F(Faulty, ProbabilityIsSeededAndReproducible) {
  FaultRule p;
  p.kind = FaultKind::http_503;
  p.probability = 0.3;
  auto pattern = [&](std::uint64_t seed) {
    start({seed, {p}});
    std::string s;
    for (int i = 0; i < 200; ++i) s += get("/v2/groups").status == 503 ? 'x' : '.';
    return s;
  };
  const auto a = pattern(7), b = pattern(7), other = pattern(8);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, other);
  const auto n = std::count(a.begin(), a.end(), 'x');
  EXPECT_GT(n, 30);
  EXPECT_LT(n, 90);
  EXPECT_EQ(sim->stats().faults_injected,
            static_cast<std::uint64_t>(std::count(other.begin(), other.end(), 'x')));
}

}  // namespace
}  // namespace zoom_sim::testing
