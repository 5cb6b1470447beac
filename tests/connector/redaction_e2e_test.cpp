// Runs every path with a known secret and checks that neither the secret nor
// any token appears in a log line, an error message or a verdict.
#include <gtest/gtest.h>
#include <spdlog/logger.h>

#include "sim_connector.hpp"
#include "test_server.hpp"

namespace {

using boost::json::object;

constexpr const char* k_secret = "Kn0wn:Secret%2B+Value";

struct Seen {
  std::vector<std::string> texts;  // log lines, error messages, verdicts
  std::vector<std::string> tokens;
};

void run_everything(zc::ZoomConnector& c, Seen& seen, bool revoke_between,
                    zoom_sim::Simulator* sim) {
  auto record_error = [&](const zc::Error& e) { seen.texts.push_back(e.message); };
  if (auto a = c.authenticate(); !a) record_error(a.error());
  if (auto t = c.tokens().get(); t) seen.tokens.push_back((*t)->value);
  if (revoke_between && sim != nullptr) sim->revoke_all_tokens();
  if (auto v = c.validate(); v) {
    seen.texts.push_back(*v);
  } else {
    record_error(v.error());
  }
  if (auto r = c.api().get("/users?page_size=1"); !r) record_error(r.error());
  if (auto r = c.api().get("https://evil.example.com/steal"); !r) record_error(r.error());
  if (auto t = c.tokens().get(); t) seen.tokens.push_back((*t)->value);
  c.logger()->info("a careless line: Authorization: Basic {} secret={}", "QWxhZGRpbjpvcGVu",
                   k_secret);
}

TEST(RedactionEndToEnd, NoSecretOrTokenAnywhere) {
  Seen seen;
  std::vector<std::shared_ptr<zc_test::CaptureLog>> logs;

  zoom_sim::App app = zoom_sim::default_app();
  app.client_secret = k_secret;
  auto scenario = [&](zoom_sim::Options opt, auto tweak, bool revoke = false) {
    if (opt.apps.empty()) opt.apps = {app};
    zoom_sim::Simulator sim(opt);
    object c = zc_test::sim_credential(sim, app);
    object o = zc_test::sim_options(sim);
    o["total_timeout_ms"] = 1000;
    tweak(sim, c, o);
    auto b = zc_test::build(c, o);
    ASSERT_TRUE(b.connector);
    logs.push_back(b.log);
    run_everything(*b.connector, seen, revoke, &sim);
    b.connector->cancel();
    if (auto a = b.connector->authenticate(); !a) seen.texts.push_back(a.error().message);
  };
  auto none = [](zoom_sim::Simulator&, object&, object&) {};

  scenario({}, none);        // success
  scenario({}, none, true);  // revocation + retry
  {
    zoom_sim::Options o;  // Zoom knows another secret: ours is "wrong"
    o.apps = {zoom_sim::default_app()};
    scenario(o, none);
  }
  scenario({}, [](auto&, object& c, object&) { c["account_id"] = "wrong-account"; });
  {
    zoom_sim::Options o;
    o.apps = {app};
    o.apps[0].disabled = true;
    scenario(o, none);
    o.apps[0].disabled = false;
    o.apps[0].activated = false;
    scenario(o, none);
    o.apps[0].activated = true;
    o.apps[0].scopes = {"group:read:admin"};
    scenario(o, none);  // 4711
  }
  for (auto kind : {zoom_sim::FaultKind::http_503, zoom_sim::FaultKind::html_200,
                    zoom_sim::FaultKind::connection_reset, zoom_sim::FaultKind::truncated_json}) {
    zoom_sim::Options o;
    o.faults.rules = {zoom_sim::FaultRule{kind, "/v2/", 1.0, {}, {}}};
    scenario(o, none);
  }
  {
    zoom_sim::Options o;
    o.faults.rules = {zoom_sim::FaultRule{
        zoom_sim::FaultKind::delay, "/v2/", 1.0, {}, std::chrono::milliseconds(1300)}};
    scenario(o, none);  // timeout
  }
  scenario({}, [](zoom_sim::Simulator& s, object& c, object& o) {  // TLS failure
    const std::string base = "https://127.0.0.1:" + std::to_string(s.port());
    o["oauth_url"] = base + "/oauth/token";
    o["api_base_url"] = base + "/v2";
    c["validation_url"] = base + "/v2/users/me";
  });
  scenario({}, [](auto&, object&, object& o) {  // proxy failure
    o["proxy"] = "http://127.0.0.1:" + std::to_string(zc_test::closed_loopback_port());
  });
  scenario({}, [](auto&, object&, object& o) {  // network unreachable
    const std::string base = "http://127.0.0.1:" + std::to_string(zc_test::closed_loopback_port());
    o["oauth_url"] = base + "/oauth/token";
  });

  // Config errors never quote the secret either.
  for (const char* bad_url : {"https://evil.example.com/", "not a url", "ftp://zoom.us/"}) {
    object c{{"credential_name", " "},    {"account_id", "a b"},       {"client_id", "c"},
             {"client_secret", k_secret}, {"validation_url", bad_url}, {"extra", k_secret}};
    auto made = zc::make_connector(boost::json::serialize(c), "{\"x\":1}", nullptr);
    ASSERT_FALSE(made);
    seen.texts.push_back(made.error().message);
  }

  for (const auto& log : logs) {
    for (const auto& line : log->lines()) seen.texts.push_back(line);
  }
  ASSERT_GT(seen.texts.size(), 50u);
  ASSERT_GE(seen.tokens.size(), 4u);
  const std::string encoded_secret = "Kn0wn%3ASecret%252B%2BValue";
  std::size_t lines_checked = 0;
  for (const auto& text : seen.texts) {
    ++lines_checked;
    EXPECT_EQ(text.find(k_secret), std::string::npos) << text;
    EXPECT_EQ(text.find(encoded_secret), std::string::npos) << text;
    EXPECT_EQ(text.find("QWxhZGRpbjpvcGVu"), std::string::npos) << text;
    for (const auto& token : seen.tokens) {
      EXPECT_EQ(text.find(token), std::string::npos) << text;
    }
    EXPECT_EQ(text.find("Bearer ey"), std::string::npos) << text;
  }
  EXPECT_GT(lines_checked, 50u);
}

}  // namespace
