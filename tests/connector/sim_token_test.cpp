// The token cache, single flight, retry after revocation and the api_url switch.
#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "sim_connector.hpp"

namespace {

using boost::json::object;
using zc_test::build;
using zc_test::sim_credential;
using zc_test::sim_options;

TEST(SimToken, OneTokenRequestForManyCalls) {
  zoom_sim::Simulator sim;
  auto b = build(sim_credential(sim), sim_options(sim));
  ASSERT_TRUE(b.connector);
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(b.connector->authenticate());
  for (int i = 0; i < 5; ++i) {
    auto r = b.connector->api().get("/users/me");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
  }
  EXPECT_EQ(sim.stats().token_requests, 1u);
  EXPECT_EQ(b.connector->tokens().requests_sent(), 1u);
}

TEST(SimToken, RefreshMarginIsCappedForShortLifetimes) {
  using std::chrono::seconds;
  EXPECT_EQ(zc::TokenProvider::refresh_margin(seconds(3600)), seconds(300));
  EXPECT_EQ(zc::TokenProvider::refresh_margin(seconds(20)), seconds(2));
}

TEST(SimToken, ManyThreadsAtExpiryShareOneTokenRequest) {
  zoom_sim::Options opt;
  opt.token_lifetime = std::chrono::seconds(2);  // refreshed 0.2 s before expiry
  zoom_sim::Simulator sim(opt);
  auto b = build(sim_credential(sim), sim_options(sim));
  ASSERT_TRUE(b.connector);
  constexpr int k_threads = 16;
  auto round = [&] {
    std::atomic<int> ready{0};
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < k_threads; ++i) {
      threads.emplace_back([&] {
        ++ready;
        while (ready.load() < k_threads) std::this_thread::yield();
        auto r = b.connector->api().get("/users/me");
        if (!r || r->status != 200) ++failures;
      });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(failures.load(), 0);
  };
  round();
  EXPECT_EQ(sim.stats().token_requests, 1u);
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));  // past expiry
  round();
  EXPECT_EQ(sim.stats().token_requests, 2u) << "one request for all threads at expiry";
}

TEST(SimToken, RevokedTokenIsReplacedAndTheCallRetriedOnce) {
  zoom_sim::Simulator sim;
  auto b = build(sim_credential(sim), sim_options(sim));
  ASSERT_TRUE(b.connector);
  ASSERT_TRUE(b.connector->api().get("/users/me"));
  sim.revoke_all_tokens();
  auto r = b.connector->api().get("/users/me");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(sim.stats().token_requests, 2u);
  EXPECT_EQ(sim.stats().per_status.at(401), 1u);
  // validate after a revocation works the same way.
  sim.revoke_all_tokens();
  auto verdict = b.connector->validate();
  ASSERT_TRUE(verdict);
  EXPECT_NE(verdict->find("\"ok\":true"), std::string::npos) << *verdict;
}

TEST(SimToken, InvalidTokenAsHttp400Code124AlsoRetries) {
  zoom_sim::Options opt;
  opt.invalid_token_status = 400;
  zoom_sim::Simulator sim(opt);
  auto b = build(sim_credential(sim), sim_options(sim));
  ASSERT_TRUE(b.connector->api().get("/users/me"));
  sim.revoke_all_tokens();
  auto r = b.connector->api().get("/users/me");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

TEST(SimToken, ApiUrlFromTheTokenBecomesTheApiHost) {
  zoom_sim::Simulator regional;  // serves the API
  zoom_sim::Options opt;
  opt.api_url = regional.base_url();
  zoom_sim::Simulator global(opt);  // issues the token, names the regional host
  object options = sim_options(global);
  options.erase("api_base_url");  // not pinned: follow the token
  object credential = sim_credential(global);
  credential.erase("validation_url");
  auto b = build(credential, options);
  ASSERT_TRUE(b.connector);
  // The regional simulator does not know the global one's tokens: it answers
  // 401, the call is retried once with a new token, and 401 again. What
  // matters: the calls went to the regional host, with the token.
  auto r = b.connector->api().get("/users/me");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(global.stats().token_requests, 2u);
  EXPECT_EQ(global.stats().per_endpoint.count("GET /v2/users/{userId}"), 0u);
  EXPECT_EQ(regional.stats().requests, 2u);
  const auto log = regional.request_log();
  ASSERT_FALSE(log.empty());
  EXPECT_EQ(log.front().path, "/v2/users/me");
  EXPECT_TRUE(log.front().authorization_present);
  auto token = b.connector->tokens().get();
  ASSERT_TRUE(token);
  EXPECT_EQ(b.connector->api().api_base_url(token->get()), regional.base_url() + "/v2");
}

TEST(SimToken, PinnedApiBaseWinsOverTheTokensApiUrl) {
  zoom_sim::Options opt;
  opt.api_url = "https://api-eu.zoom.us";
  zoom_sim::Simulator sim(opt);
  auto b = build(sim_credential(sim), sim_options(sim));
  auto r = b.connector->api().get("/users/me");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  auto token = b.connector->tokens().get();
  ASSERT_TRUE(token);
  EXPECT_EQ((*token)->api_url, "https://api-eu.zoom.us");
  EXPECT_EQ(b.connector->api().api_base_url(token->get()), sim.base_url() + "/v2");
}

TEST(SimToken, MissingApiUrlFallsBackToTheGlobalHost) {
  zoom_sim::Options opt;
  opt.api_url = "";  // older accounts
  zoom_sim::Simulator sim(opt);
  object options = sim_options(sim);
  options.erase("api_base_url");
  object credential = sim_credential(sim);
  credential.erase("validation_url");
  auto b = build(credential, options);
  auto token = b.connector->tokens().get();
  ASSERT_TRUE(token);
  EXPECT_FALSE((*token)->api_url);
  EXPECT_EQ(b.connector->api().api_base_url(token->get()), "https://api.zoom.us/v2");
}

TEST(SimToken, AnApiUrlOutsideZoomIsIgnoredWithABoundedWarning) {
  const std::string hostile =
      "https://attacker.example/\r\nforged log line " + std::string(5000, 'A');
  for (const std::string& api_url : {std::string("https://attacker.example"),
                                     std::string("https://zoom.us.attacker.example"), hostile}) {
    zoom_sim::Options opt;
    opt.api_url = api_url;
    zoom_sim::Simulator sim(opt);
    object options = sim_options(sim);
    options.erase("api_base_url");  // not pinned: the token's api_url would be followed
    object credential = sim_credential(sim);
    credential.erase("validation_url");
    auto b = build(credential, options);
    ASSERT_TRUE(b.connector);
    auto token = b.connector->tokens().get();
    ASSERT_TRUE(token) << token.error().message;
    EXPECT_EQ(b.connector->api().api_base_url(token->get()), "https://api.zoom.us/v2") << api_url;
    EXPECT_EQ(b.connector->api().api_base_url(token->get()), "https://api.zoom.us/v2");
    const auto lines = b.log->lines();
    const auto warnings = std::ranges::count_if(lines, [](const std::string& l) {
      return l.find("ignoring the token's api_url") != l.npos;
    });
    EXPECT_EQ(warnings, 1) << "one warning per token, not per call\n" << b.log->all();
    for (const auto& line : lines) {
      EXPECT_LT(line.size(), 600u) << line.substr(0, 200);
      EXPECT_EQ(line.find('\r'), std::string::npos);
      EXPECT_EQ(line.find('\n'), std::string::npos);
    }
  }
}

TEST(SimToken, AZoomGovApiUrlIsFollowed) {
  zoom_sim::Options opt;
  opt.api_url = "https://api.zoomgov.com";
  zoom_sim::Simulator sim(opt);
  object options = sim_options(sim);
  options.erase("api_base_url");
  object credential = sim_credential(sim);
  credential.erase("validation_url");
  auto b = build(credential, options);
  ASSERT_TRUE(b.connector);
  auto token = b.connector->tokens().get();
  ASSERT_TRUE(token);
  EXPECT_EQ(b.connector->api().api_base_url(token->get()), "https://api.zoomgov.com/v2");
}

TEST(SimToken, ATrustedGatewayIsNamedInTheLogWhenTheConnectorIsMade) {
  const object credential{{"credential_name", "gw"},
                          {"account_id", "acct"},
                          {"client_id", "cid"},
                          {"client_secret", "0123456789abcdef0123"}};
  auto b = build(credential, object{{"oauth_url", "https://gw.corp.example/oauth/token"},
                                    {"trusted_gateway_host", "gw.corp.example"}});
  ASSERT_TRUE(b.connector);
  const std::string log = b.log->all();
  EXPECT_NE(log.find("the client secret is sent to gw.corp.example, which is not a Zoom host"),
            std::string::npos)
      << log;
  EXPECT_EQ(log.find("0123456789abcdef0123"), std::string::npos);
}

}  // namespace
