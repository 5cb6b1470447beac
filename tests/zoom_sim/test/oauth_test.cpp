// POST /oauth/token: docs/zoom_api_facts.md §1.
#include "test_support.hpp"

namespace zoom_sim::testing {
namespace {

const Headers kForm = {{"Content-Type", "application/x-www-form-urlencoded"}};

Resp token_request(Simulator& sim, const std::string& id, const std::string& secret,
                   const std::string& body) {
  HttpClient c(sim.base_url());
  Headers h = kForm;
  h.emplace_back("Authorization", basic_auth(id, secret));
  return c.request("POST", "/oauth/token", body, h);
}

TEST(OAuth, SuccessBodyHasZoomFields) {
  Simulator sim(small_options());
  auto r = token_request(sim, kDefaultClientId, kDefaultClientSecret,
                         "grant_type=account_credentials&account_id=sim-account-id");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.header("content-type").find("application/json"), std::string::npos);
  auto o = r.json().as_object();
  EXPECT_TRUE(o.at("access_token").as_string().starts_with("eyJ"));
  EXPECT_EQ(o.at("token_type").as_string(), "bearer");
  EXPECT_EQ(o.at("expires_in").as_int64(), 3600);
  // scope is ONE space-separated string with every granted scope.
  ASSERT_TRUE(o.at("scope").is_string());
  std::string expected;
  for (auto& s : all_scopes()) expected += (expected.empty() ? "" : " ") + s;
  EXPECT_EQ(o.at("scope").as_string(), expected);
  EXPECT_EQ(o.at("api_url").as_string(), sim.base_url());
  EXPECT_EQ(sim.stats().tokens_issued, 1u);
}

TEST(OAuth, ApiUrlConfigurableOrOmitted) {
  auto opt = small_options();
  opt.api_url = "";
  Simulator sim(opt);
  auto r = token_request(sim, kDefaultClientId, kDefaultClientSecret,
                         "grant_type=account_credentials&account_id=sim-account-id");
  ASSERT_EQ(r.status, 200);
  EXPECT_FALSE(r.json().as_object().contains("api_url"));
  opt.api_url = "http://127.0.0.1:1";
  Simulator sim2(opt);
  r = token_request(sim2, kDefaultClientId, kDefaultClientSecret,
                    "grant_type=account_credentials&account_id=sim-account-id");
  EXPECT_EQ(r.json().as_object().at("api_url").as_string(), "http://127.0.0.1:1");
}

TEST(OAuth, SecretWithColonPercentPlusSplitsOnFirstColon) {
  auto opt = small_options();
  opt.apps = {App{"acc:1", "cid", "se:cr%et+x:y", {"user:read:admin"}}};
  Simulator sim(opt);
  // account id url-encoded in the form body, decoded by the server.
  auto r = token_request(sim, "cid", "se:cr%et+x:y",
                         "grant_type=account_credentials&account_id=acc%3A1");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().as_object().at("scope").as_string(), "user:read:admin");
}

TEST(OAuth, WrongSecretOrIdIsInvalidClient) {
  Simulator sim(small_options());
  for (auto [id, secret] :
       {std::pair{"sim-client-id", "nope"}, std::pair{"nope", "sim-client-secret"}}) {
    auto r =
        token_request(sim, id, secret, "grant_type=account_credentials&account_id=sim-account-id");
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.body,
              R"({"reason":"Invalid client_id or client_secret","error":"invalid_client"})");
  }
  HttpClient c(sim.base_url());
  auto r = c.request("POST", "/oauth/token",
                     "grant_type=account_credentials&account_id=sim-account-id", kForm);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.json().as_object().at("error").as_string(), "invalid_client");
  r = c.request("POST", "/oauth/token", "grant_type=account_credentials",
                {{"Authorization", "Basic !!!notbase64"}});
  EXPECT_EQ(r.json().as_object().at("error").as_string(), "invalid_client");
  EXPECT_EQ(sim.stats().token_errors, 4u);
}

TEST(OAuth, WrongGrantTypeIsUnsupported) {
  Simulator sim(small_options());
  for (std::string body : {"grant_type=client_credentials&account_id=sim-account-id",
                           "account_id=sim-account-id", "", "grant_type=account_credentials%"}) {
    auto r = token_request(sim, kDefaultClientId, kDefaultClientSecret, body);
    EXPECT_EQ(r.status, 400) << body;
    if (body.ends_with("%")) {
      EXPECT_EQ(r.json().as_object().at("error").as_string(), "invalid_request");
      continue;
    }
    EXPECT_EQ(r.body, R"({"reason":"unsupported grant type","error":"unsupported_grant_type"})");
  }
}

TEST(OAuth, QueryStringParamsRejectedByDefault) {
  Simulator sim(small_options());
  HttpClient c(sim.base_url());
  auto r =
      c.request("POST", "/oauth/token?grant_type=account_credentials&account_id=sim-account-id", "",
                {{"Authorization", basic_auth(kDefaultClientId, kDefaultClientSecret)}});
  EXPECT_EQ(r.status, 400);
  auto opt = small_options();
  opt.oauth_accept_query_params = true;
  Simulator sim2(opt);
  HttpClient c2(sim2.base_url());
  r = c2.request("POST", "/oauth/token?grant_type=account_credentials&account_id=sim-account-id",
                 "", {{"Authorization", basic_auth(kDefaultClientId, kDefaultClientSecret)}});
  EXPECT_EQ(r.status, 200);
}

TEST(OAuth, UnknownAccountDisabledAndInactiveApps) {
  auto opt = small_options();
  App disabled = default_app();
  disabled.client_id = "disabled";
  disabled.disabled = true;
  App inactive = default_app();
  inactive.client_id = "inactive";
  inactive.activated = false;
  opt.apps = {default_app(), disabled, inactive};
  Simulator sim(opt);
  auto r = token_request(sim, kDefaultClientId, kDefaultClientSecret,
                         "grant_type=account_credentials&account_id=other");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, R"({"reason":"Invalid account_id","error":"invalid_request"})");
  r = token_request(sim, "disabled", kDefaultClientSecret,
                    "grant_type=account_credentials&account_id=sim-account-id");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.json().as_object().at("code").as_int64(), 4717);
  EXPECT_EQ(r.json().as_object().at("reason").as_string(), "The app has been disabled");
  r = token_request(sim, "inactive", kDefaultClientSecret,
                    "grant_type=account_credentials&account_id=sim-account-id");
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(r.json().as_object().contains("reason"));
  // Disabling at run time.
  sim.set_app_disabled(kDefaultClientId, true);
  r = token_request(sim, kDefaultClientId, kDefaultClientSecret,
                    "grant_type=account_credentials&account_id=sim-account-id");
  EXPECT_EQ(r.json().as_object().at("code").as_int64(), 4717);
}

TEST(OAuth, TokenExpiresWithClock) {
  auto opt = small_options();
  ManualClock clk(std::chrono::sys_days{std::chrono::year{2026} / 11 / 29} + std::chrono::hours(9));
  opt.clock = clk.clock();
  opt.token_lifetime = std::chrono::seconds(5);
  Simulator sim(opt);
  const auto tok = fetch_token(sim.base_url());
  HttpClient c(sim.base_url());
  EXPECT_EQ(c.get("/v2/users/me", bearer(tok)).status, 200);
  clk.advance(std::chrono::seconds(4));
  EXPECT_EQ(c.get("/v2/users/me", bearer(tok)).status, 200);
  clk.advance(std::chrono::seconds(1));
  auto r = c.get("/v2/users/me", bearer(tok));
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.body, R"({"code":124,"message":"Invalid access token."})");
  EXPECT_EQ(sim.live_tokens(), 0u);
}

TEST(OAuth, RevokeMidRunAndNewTokensDoNotInvalidateOld) {
  Simulator sim(small_options());
  const auto t1 = fetch_token(sim.base_url());
  const auto t2 = fetch_token(sim.base_url());
  EXPECT_NE(t1, t2);
  HttpClient c(sim.base_url());
  EXPECT_EQ(c.get("/v2/users/me", bearer(t1)).status, 200);
  EXPECT_EQ(c.get("/v2/users/me", bearer(t2)).status, 200);
  sim.revoke_all_tokens();
  EXPECT_EQ(c.get("/v2/users/me", bearer(t1)).status, 401);
  EXPECT_EQ(c.get("/v2/users/me", bearer(t2)).status, 401);
  const auto t3 = fetch_token(sim.base_url());
  EXPECT_EQ(c.get("/v2/users/me", bearer(t3)).status, 200);
  // Also through the control endpoint.
  EXPECT_EQ(c.request("POST", "/_sim/revoke_tokens").status, 200);
  EXPECT_EQ(c.get("/v2/users/me", bearer(t3)).status, 401);
}

TEST(OAuth, InvalidTokenStatusConfigurable) {
  auto opt = small_options();
  opt.invalid_token_status = 400;
  Simulator sim(opt);
  HttpClient c(sim.base_url());
  auto r = c.get("/v2/users", bearer("garbage"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.json().as_object().at("code").as_int64(), 124);
}

}  // namespace
}  // namespace zoom_sim::testing
