// authenticate and validate against the Zoom simulator: one test per message
// a person must be able to act on, plus the verdict's success fields.
#include <gtest/gtest.h>

#include <chrono>

#include "core/stream_table.hpp"
#include "sim_connector.hpp"

namespace {

using boost::json::object;
using zc_test::build;
using zc_test::parse;
using zc_test::sim_credential;
using zc_test::sim_options;

bool has(const boost::json::value& v, const char* needle) {
  return v.is_string() && std::string(v.as_string()).find(needle) != std::string::npos;
}

object validate(zc::ZoomConnector& c) {
  auto verdict = c.validate();
  EXPECT_TRUE(verdict) << "a verdict is a value, ok or not";
  return verdict ? parse(*verdict) : object{};
}

TEST(SimValidate, GoodCredentialGivesIdentityScopesAndStreams) {
  zoom_sim::Simulator sim;
  auto b = build(sim_credential(sim), sim_options(sim));
  ASSERT_TRUE(b.connector);
  ASSERT_TRUE(b.connector->authenticate());
  const auto v = validate(*b.connector);
  EXPECT_EQ(v.at("ok"), true) << boost::json::serialize(v);
  EXPECT_TRUE(v.at("failed_step").is_null());
  EXPECT_EQ(v.at("status"), "ok");
  EXPECT_EQ(v.at("http_status"), 200);
  const auto& owner = sim.dataset().users[sim.dataset().owner_index];
  EXPECT_EQ(v.at("identity").at("user_id").as_string(), owner.id);
  EXPECT_EQ(v.at("identity").at("email").as_string(), owner.email);
  EXPECT_EQ(v.at("identity").at("account_id"), zoom_sim::kDefaultAccountId);
  EXPECT_EQ(v.at("granted_scopes").as_array().size(), zoom_sim::all_scopes().size());
  EXPECT_EQ(v.at("allowed_streams").as_array().size(), zc::stream_table().size())
      << "the simulator grants every stream's scopes";
  EXPECT_EQ(v.at("api_base_url").as_string(), sim.base_url() + "/v2");
  EXPECT_EQ(sim.stats().token_requests, 1u) << "validate reused authenticate's token";
}

TEST(SimValidate, SecretWithColonPercentAndPlusSurvivesBasicAuth) {
  zoom_sim::Options opt;
  zoom_sim::App app = zoom_sim::default_app();
  app.client_secret = "odd:se%2Bcret+with:colons%";
  opt.apps = {app};
  zoom_sim::Simulator sim(opt);
  auto b = build(sim_credential(sim, app), sim_options(sim));
  ASSERT_TRUE(b.connector);
  EXPECT_TRUE(b.connector->authenticate());
  EXPECT_EQ(validate(*b.connector).at("ok"), true);
}

struct TokenCase {
  const char* name;
  void (*tweak)(zoom_sim::Options&, object& credential);
  const char* message;
};

TEST(SimValidate, TokenStepFailuresSayWhatToDo) {
  const TokenCase cases[] = {
      {"wrong secret",
       [](zoom_sim::Options&, object& c) { c["client_secret"] = "nope-not-the-secret"; },
       "wrong Client ID or Client Secret"},
      {"wrong client id", [](zoom_sim::Options&, object& c) { c["client_id"] = "nope"; },
       "wrong Client ID or Client Secret"},
      {"wrong account", [](zoom_sim::Options&, object& c) { c["account_id"] = "nope"; },
       "wrong Account ID"},
      {"disabled app",
       [](zoom_sim::Options& o, object&) {
         o.apps = {zoom_sim::default_app()};
         o.apps[0].disabled = true;
       },
       "the Zoom app is disabled"},
      {"app not activated",
       [](zoom_sim::Options& o, object&) {
         o.apps = {zoom_sim::default_app()};
         o.apps[0].activated = false;
       },
       "not activated"},
  };
  for (const auto& tc : cases) {
    SCOPED_TRACE(tc.name);
    zoom_sim::Options opt;
    object credential;
    tc.tweak(opt, credential);
    zoom_sim::Simulator sim(opt);
    object c = sim_credential(sim);
    for (const auto& [k, v] : credential) c[k] = v;
    auto b = build(c, sim_options(sim));
    ASSERT_TRUE(b.connector);
    auto auth = b.connector->authenticate();
    ASSERT_FALSE(auth);
    EXPECT_EQ(auth.error().status, zc::Status::auth_failed);
    EXPECT_NE(auth.error().message.find(tc.message), std::string::npos) << auth.error().message;
    EXPECT_EQ(auth.error().http_status, 400);
    const auto v = validate(*b.connector);
    EXPECT_EQ(v.at("ok"), false);
    EXPECT_EQ(v.at("failed_step"), "token");
    EXPECT_EQ(v.at("status"), "auth_failed");
    EXPECT_TRUE(has(v.at("message"), tc.message)) << v.at("message");
    EXPECT_FALSE(v.at("zoom_message").is_null()) << "Zoom's reason, verbatim";
    EXPECT_TRUE(has(v.at("message"), std::string(v.at("zoom_message").as_string()).c_str()));
    EXPECT_EQ(v.at("http_status"), 400);
    EXPECT_TRUE(v.at("identity").is_null());
  }
}

TEST(SimValidate, MissingScopeIsNamedWithWhereToAddIt) {
  zoom_sim::Options opt;
  zoom_sim::App app = zoom_sim::default_app();
  app.scopes = {"meeting:read:admin", "group:read:list_groups:admin"};
  opt.apps = {app};
  zoom_sim::Simulator sim(opt);
  auto b = build(sim_credential(sim, app), sim_options(sim));
  ASSERT_TRUE(b.connector);
  const auto v = validate(*b.connector);
  EXPECT_EQ(v.at("ok"), false);
  EXPECT_EQ(v.at("failed_step"), "validation_call");
  EXPECT_EQ(v.at("status"), "permission_denied");
  EXPECT_EQ(v.at("http_status"), 400);
  EXPECT_EQ(v.at("zoom_code"), 4711);
  ASSERT_EQ(v.at("missing_scopes").as_array().size(), 1u);
  EXPECT_EQ(v.at("missing_scopes").as_array()[0], "user:read:user:admin");
  EXPECT_TRUE(has(v.at("message"), "user:read:user:admin")) << v.at("message");
  EXPECT_TRUE(has(v.at("message"), "Scopes page in the Zoom App Marketplace"));
  EXPECT_EQ(v.at("granted_scopes").as_array().size(), 2u);
  ASSERT_EQ(v.at("allowed_streams").as_array().size(), 1u);
  EXPECT_EQ(v.at("allowed_streams").as_array()[0], "groups");
}

TEST(SimValidate, Zoom5xxAndHtmlAnswers) {
  struct Case {
    zoom_sim::FaultKind kind;
    const char* status;
    const char* message;
  };
  for (const Case& tc : {Case{zoom_sim::FaultKind::http_503, "remote_error", "Zoom server error"},
                         Case{zoom_sim::FaultKind::http_500, "remote_error", "Zoom server error"},
                         Case{zoom_sim::FaultKind::html_200, "remote_error",
                              "a proxy or firewall answered instead of Zoom"},
                         Case{zoom_sim::FaultKind::html_403, "remote_error",
                              "a proxy or firewall answered instead of Zoom"}}) {
    SCOPED_TRACE(zoom_sim::to_string(tc.kind));
    zoom_sim::Options opt;
    opt.faults.rules = {zoom_sim::FaultRule{tc.kind, "/v2/", 1.0, {}, {}}};
    zoom_sim::Simulator sim(opt);
    auto b = build(sim_credential(sim), sim_options(sim));
    ASSERT_TRUE(b.connector);
    const auto v = validate(*b.connector);
    EXPECT_EQ(v.at("ok"), false);
    EXPECT_EQ(v.at("failed_step"), "validation_call");
    EXPECT_EQ(v.at("status"), tc.status);
    EXPECT_TRUE(has(v.at("message"), tc.message)) << v.at("message");
  }
  // The token endpoint itself failing.
  zoom_sim::Options opt;
  opt.faults.rules = {zoom_sim::FaultRule{zoom_sim::FaultKind::html_200, "/oauth", 1.0, {}, {}}};
  zoom_sim::Simulator sim(opt);
  auto b = build(sim_credential(sim), sim_options(sim));
  const auto v = validate(*b.connector);
  EXPECT_EQ(v.at("failed_step"), "token");
  EXPECT_TRUE(has(v.at("message"), "a proxy or firewall answered instead of Zoom"));
}

TEST(SimValidate, TimeoutFromADelayedAnswer) {
  zoom_sim::Options opt;
  opt.faults.rules = {zoom_sim::FaultRule{
      zoom_sim::FaultKind::delay, "/v2/", 1.0, {}, std::chrono::milliseconds(1500)}};
  zoom_sim::Simulator sim(opt);
  object o = sim_options(sim);
  o["total_timeout_ms"] = 400;
  auto b = build(sim_credential(sim), o);
  ASSERT_TRUE(b.connector);
  const auto v = validate(*b.connector);
  EXPECT_EQ(v.at("ok"), false);
  EXPECT_EQ(v.at("failed_step"), "validation_call");
  EXPECT_EQ(v.at("status"), "timeout");
  EXPECT_TRUE(has(v.at("message"), "timeout")) << v.at("message");
}

TEST(SimValidate, CancelInterruptsABlockedCallPromptly) {
  zoom_sim::Options opt;
  opt.faults.rules = {zoom_sim::FaultRule{
      zoom_sim::FaultKind::delay, "/v2/", 1.0, {}, std::chrono::milliseconds(2000)}};
  zoom_sim::Simulator sim(opt);
  auto b = build(sim_credential(sim), sim_options(sim));
  ASSERT_TRUE(b.connector);
  ASSERT_TRUE(b.connector->authenticate());
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    b.connector->cancel();
  });
  const auto start = std::chrono::steady_clock::now();
  auto verdict = b.connector->validate();
  const auto took = std::chrono::steady_clock::now() - start;
  canceller.join();
  ASSERT_FALSE(verdict);
  EXPECT_EQ(verdict.error().status, zc::Status::cancelled);
  EXPECT_LT(took, std::chrono::milliseconds(1000));
  // Future operations end the same way.
  EXPECT_EQ(b.connector->authenticate().error().status, zc::Status::cancelled);
}

}  // namespace

namespace {

// The status contract of Connector::validate, through the same factory the
// C trampoline uses: a verdict (ok true or false) is a value, so
// connector_validate answers PP_STATUS_OK; only cancellation, internal
// failures and bad input are errors.
TEST(SimValidate, StatusContractVerdictIsAValueOkOrNot) {
  zoom_sim::Simulator sim;
  auto good = zc::make_connector(boost::json::serialize(sim_credential(sim)),
                                 boost::json::serialize(sim_options(sim)), nullptr);
  ASSERT_TRUE(good);
  auto ok = (*good)->validate();
  ASSERT_TRUE(ok);
  EXPECT_EQ(parse(*ok).at("ok"), true);

  object wrong = sim_credential(sim);
  wrong["client_secret"] = "wrong-secret-0123456789";
  auto bad = zc::make_connector(boost::json::serialize(wrong),
                                boost::json::serialize(sim_options(sim)), nullptr);
  ASSERT_TRUE(bad);
  auto rejected = (*bad)->validate();
  ASSERT_TRUE(rejected) << "a rejected credential is still a verdict, not an error";
  EXPECT_EQ(parse(*rejected).at("ok"), false);
  EXPECT_EQ(parse(*rejected).at("status"), "auth_failed");

  (*bad)->cancel();
  auto cancelled = (*bad)->validate();
  ASSERT_FALSE(cancelled);
  EXPECT_EQ(cancelled.error().status, zc::Status::cancelled);

  object no_secret = sim_credential(sim);
  no_secret.erase("client_secret");
  auto invalid = zc::make_connector(boost::json::serialize(no_secret), "{}", nullptr);
  ASSERT_FALSE(invalid);
  EXPECT_EQ(invalid.error().status, zc::Status::invalid_argument);
}

}  // namespace
