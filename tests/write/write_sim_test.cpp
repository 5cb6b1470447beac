// Each catalog operation's method, path and scopes are what the simulator's
// write endpoint expects: without scopes it answers 4711 naming the catalog's
// granular scope, with only that scope (or only the classic one) it is admitted.
#include <gtest/gtest.h>

#include "catalog_support.hpp"
#include "test_support.hpp"
#include "zoom_sim/simulator.hpp"

namespace {

namespace json = boost::json;
using zc_write_test::operations;
using zoom_sim::testing::bearer;

std::string str(const json::value& v) { return std::string(v.as_string()); }

// The path with placeholders filled with values the simulator does not know.
std::string concrete(std::string path) {
  for (auto open = path.find('{'); open != std::string::npos; open = path.find('{')) {
    const auto close = path.find('}', open);
    const auto name = path.substr(open + 1, close - open - 1);
    path.replace(
        open, close - open + 1,
        name.ends_with("_id") && name != "user_id" && name != "group_id" && name != "member_id"
            ? "123"
            : "nobody%40example.com");
  }
  return path;
}

TEST(WriteCatalogSim, RoutesAndScopesMatchTheSimulator) {
  zoom_sim::Options opt;
  opt.sizes.users = 5;
  opt.rate_limit = false;
  std::vector<zoom_sim::App> apps = {zoom_sim::App{"a", "none", "s", {"user:read:admin"}}};
  for (const auto& v : operations()) {
    const auto& sc = v.as_object().at("scopes").as_object();
    apps.push_back({"a", "classic-" + str(v.as_object().at("name")), "s", {str(sc.at("classic"))}});
    apps.push_back(
        {"a", "granular-" + str(v.as_object().at("name")), "s", {str(sc.at("granular"))}});
  }
  opt.apps = apps;
  zoom_sim::Simulator sim(opt);
  zoom_sim::testing::HttpClient c(sim.base_url(), true);
  auto token = [&](const std::string& client) {
    return zoom_sim::testing::fetch_token(sim.base_url(), client, "s", "a");
  };
  const auto none = token("none");
  for (const auto& v : operations()) {
    const auto& op = v.as_object();
    const std::string name = str(op.at("name"));
    SCOPED_TRACE(name);
    const std::string method = str(op.at("method"));
    const std::string target = "/v2" + concrete(str(op.at("path")));
    const std::string body = method == "DELETE" ? "" : "{}";
    auto r = c.request(method, target, body, bearer(none));
    ASSERT_EQ(r.status, 400) << target << " " << r.body;
    EXPECT_EQ(r.json().as_object().at("code").as_int64(), 4711);
    EXPECT_NE(r.body.find(str(op.at("scopes").as_object().at("granular"))), std::string::npos)
        << r.body;
    for (const std::string kind : {"classic-", "granular-"}) {
      r = c.request(method, target, body, bearer(token(kind + name)));
      EXPECT_NE(r.status, 401) << kind;
      EXPECT_FALSE(r.status == 400 && r.json().as_object().at("code").as_int64() == 4711)
          << kind << " " << r.body;
      EXPECT_NE(r.status, 405) << kind;
    }
  }
}

}  // namespace

// ---- the write units against the simulator's real answers
#include "write/member_batches.hpp"
#include "write/write_catalog.hpp"
#include "write/write_outcome.hpp"

namespace {

using namespace zc::write;
using zoom_sim::testing::Resp;

zc::HttpResponse as_zc(const Resp& r) {
  zc::HttpResponse out;
  out.status = r.status;
  for (const auto& [k, v] : r.headers) out.headers.emplace_back(k, v);
  out.body = r.body;
  return out;
}

// What the answer means by the write catalog's rules for `operation`.
WriteOutcome outcome(const char* operation, const Resp& r) {
  const AnswerRules rules = find_operation(operation)->answer_rules();
  if (r.status == 0) return classify_write_answer(rules, nullptr, r.error);
  const auto z = as_zc(r);
  return classify_write_answer(rules, &z, "");
}

struct SimFixture : ::testing::Test {
  void start(zoom_sim::Options opt) {
    sim = std::make_unique<zoom_sim::Simulator>(std::move(opt));
    token = zoom_sim::testing::fetch_token(sim->base_url());
    c = std::make_unique<zoom_sim::testing::HttpClient>(sim->base_url(), true);
  }
  Resp call(const std::string& m, const std::string& t, const std::string& body = "") {
    return c->request(m, t, body, bearer(token));
  }
  const zoom_sim::User& host() const {
    for (const auto& u : sim->dataset().users)
      if (u.status == "active" && u.type == 2 && u.role_id != "0") return u;
    throw std::runtime_error("no host");
  }
  std::unique_ptr<zoom_sim::Simulator> sim;
  std::string token;
  std::unique_ptr<zoom_sim::testing::HttpClient> c;
};

zoom_sim::Options sim_options() {
  zoom_sim::Options o;
  o.sizes.users = 120;
  o.rate_limit = false;
  return o;
}

TEST_F(SimFixture, GroupMembersTakeCeilNOver30CallsAndMapBack) {
  start(sim_options());
  const auto& ds = sim->dataset();
  const auto& g = ds.groups[0];
  std::vector<MemberRecord> recs;
  for (const auto& u : ds.users) {
    if (std::find(u.group_ids.begin(), u.group_ids.end(), g.id) != u.group_ids.end()) continue;
    if (recs.size() < 70)
      recs.push_back({g.id, u.id, ""});
    else if (recs.size() < 75)
      recs.push_back({g.id, "", u.email});
  }
  ASSERT_EQ(recs.size(), 75u);
  recs.push_back({g.id, "", "stranger@example.com"});
  const auto batches = batch_members(recs);
  ASSERT_EQ(batches.size(), 3u);  // ceil(76 / 30)
  std::vector<MemberResult> results(recs.size());
  for (const auto& b : batches) {
    const auto r = call("POST", "/v2/groups/" + b.group_id + "/members", b.body);
    ASSERT_EQ(r.status, 201) << r.body;
    const auto mapped =
        map_member_answer(b, recs, std::string(r.json().as_object().at("ids").as_string()));
    for (std::size_t k = 0; k < b.records.size(); ++k) results[b.records[k]] = mapped[k];
  }
  EXPECT_EQ(sim->stats().per_endpoint.at("POST /v2/groups/{groupId}/members"), 3u);
  for (std::size_t i = 0; i < 70; ++i) EXPECT_EQ(results[i], MemberResult::added) << i;
  // The last batch holds the e-mail records and the stranger: Zoom's ids cannot
  // say which e-mail was added, so they are checked, and the check agrees.
  for (std::size_t i = 70; i < 76; ++i) {
    EXPECT_EQ(results[i], MemberResult::check) << i;
    EXPECT_EQ(sim->writes().in_group(g.id, recs[i].email), i < 75) << i;
  }
}

TEST_F(SimFixture, OutcomesOfTheSimulatorsAnswers) {
  auto opt = sim_options();
  opt.writes.host_daily_writes = 2;
  zoom_sim::FaultRule reset;
  reset.kind = zoom_sim::FaultKind::connection_reset;
  reset.path_prefix = "/v2/users/";
  reset.on_requests = {2};
  opt.faults = {3, {reset}};
  start(opt);
  const auto& h = host();
  const std::string create = "/v2/users/" + h.id + "/meetings";
  const std::string body = R"({"topic":"Sync","start_time":"2031-01-01T10:00:00Z"})";

  auto o = outcome("meetings.create", call("POST", create, body));
  ASSERT_EQ(o.outcome, Outcome::done);
  const std::string id = o.created_id;
  EXPECT_FALSE(id.empty());
  // The answer is lost, the meeting exists: a blind retry would duplicate it.
  o = outcome("meetings.create", call("POST", create, body));
  EXPECT_EQ(o.outcome, Outcome::unknown);
  EXPECT_EQ(sim->writes().meetings(h.id, "Sync"), 2u);
  o = outcome("meetings.create", call("POST", create, body));
  EXPECT_EQ(o.outcome, Outcome::host_daily_limit);
  EXPECT_FALSE(o.retry_after.empty());

  EXPECT_EQ(outcome("meetings.delete", call("DELETE", "/v2/meetings/" + id)).outcome,
            Outcome::done);
  o = outcome("meetings.delete", call("DELETE", "/v2/meetings/" + id));
  EXPECT_EQ(o.outcome, Outcome::already_done);
  EXPECT_EQ(o.zoom_code, 3001);
  EXPECT_EQ(
      outcome("meetings.update", call("PATCH", "/v2/meetings/" + id, R"({"topic":"x"})")).outcome,
      Outcome::failed);

  const std::string user =
      R"({"action":"autoCreate","user_info":{"email":")" + h.email + R"(","type":1}})";
  EXPECT_EQ(outcome("users.create", call("POST", "/v2/users", user)).outcome, Outcome::exists);
  o = outcome("users.create",
              call("POST", "/v2/users", R"({"action":"x","user_info":{"type":0}})"));
  EXPECT_EQ(o.outcome, Outcome::failed);
  EXPECT_EQ(o.field_errors.size(), 3u);  // action, user_info.email, user_info.type

  const auto& g = sim->dataset().groups[0];
  std::string outsider;
  for (const auto& u : sim->dataset().users)
    if (u.group_ids.empty() || u.group_ids[0] != g.id) outsider = u.id;
  o = outcome("group_members.remove",
              call("DELETE", "/v2/groups/" + g.id + "/members/" + outsider));
  EXPECT_EQ(o.outcome, Outcome::already_done);
  o = outcome(
      "meeting_registrants.add",
      call("POST", "/v2/meetings/" + std::to_string(sim->dataset().meetings[0].id) + "/registrants",
           R"({"email":"r@example.com","first_name":"R"})"));
  EXPECT_EQ(o.outcome, Outcome::done);  // users[0] is an active, licensed host
  EXPECT_FALSE(o.created_id.empty());
}

}  // namespace
