// REST endpoints of docs/zoom_api_facts.md §5 and the errors of §2.
#include <algorithm>

#include "test_support.hpp"
#include "util.hpp"

namespace zoom_sim::testing {
namespace {

using namespace std::chrono;

class Api : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opt = small_options();
    opt.rate_limit = false;
    sim = std::make_unique<Simulator>(opt);
    token = fetch_token(sim->base_url());
    client = std::make_unique<HttpClient>(sim->base_url(), true);
  }
  Resp get(const std::string& t) { return client->get(t, bearer(token)); }
  const Dataset& ds() { return sim->dataset(); }
  std::vector<std::string> walk(const std::string& t, const std::string& key,
                                const std::string& id = "id") {
    return walk_ids(*client, token, t, key, id);
  }

  std::unique_ptr<Simulator> sim;
  std::string token;
  std::unique_ptr<HttpClient> client;
};

std::string enc_uuid(const std::string& uuid) {
  // Double-encode when the UUID starts with '/' or contains "//" (docs/zoom_api_facts.md §5).
  const bool twice = uuid.starts_with("/") || uuid.find("//") != std::string::npos;
  return twice ? pct(pct(uuid)) : pct(uuid);
}

TEST_F(Api, UsersByStatusExactRecords) {
  for (std::string status : {"active", "inactive", "pending"}) {
    std::vector<std::string> expected;
    for (auto& u : ds().users)
      if (u.status == status) expected.push_back(u.id);
    ASSERT_FALSE(expected.empty());
    const std::string q =
        status == "active" ? "/v2/users?page_size=7" : "/v2/users?page_size=7&status=" + status;
    EXPECT_EQ(walk(q, "users"), expected) << status;
  }
  auto r = get("/v2/users?status=bogus");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.json().as_object().at("code").as_int64(), 300);
}

TEST_F(Api, UserFieldsAndTypes) {
  auto r = get("/v2/users?page_size=1");
  ASSERT_EQ(r.status, 200);
  auto u = r.json().as_object().at("users").as_array().at(0).as_object();
  for (auto k : {"id", "first_name", "last_name", "display_name", "email", "timezone", "dept",
                 "created_at", "last_login_time", "status", "role_id", "language"})
    EXPECT_TRUE(u.at(k).is_string()) << k;
  EXPECT_TRUE(u.at("type").is_int64());
  EXPECT_TRUE(u.at("pmi").is_int64());
  EXPECT_TRUE(u.at("verified").is_int64());
  // ISO-8601 UTC timestamps.
  const std::string ts(u.at("created_at").as_string());
  EXPECT_EQ(ts.size(), 20u);
  EXPECT_EQ(ts.back(), 'Z');
}

TEST_F(Api, UserByIdEmailAndMe) {
  const auto& u = ds().users[3];
  auto r = get("/v2/users/" + u.id);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json().as_object().at("id").as_string(), u.id);
  r = get("/v2/users/" + pct(u.email));
  EXPECT_EQ(r.json().as_object().at("id").as_string(), u.id);
  r = get("/v2/users/me");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json().as_object().at("id").as_string(), ds().users[ds().owner_index].id);
  EXPECT_EQ(r.json().as_object().at("role_id").as_string(), "0");
  r = get("/v2/users/nobody");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, R"({"code":1001,"message":"User does not exist: nobody."})");
  EXPECT_EQ(get("/v2/users/nobody/meetings").status, 404);
  EXPECT_EQ(get("/v2/users/nobody/webinars").json().as_object().at("code").as_int64(), 1001);
}

TEST_F(Api, MissingTokenIs401With124) {
  auto r = client->get("/v2/users");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.body, R"({"code":124,"message":"Invalid access token."})");
  r = client->get("/v2/users", {{"Authorization", "Basic abc"}});
  EXPECT_EQ(r.status, 401);
}

TEST_F(Api, UnknownPathIs404) {
  auto r = get("/v2/nothing/here");
  EXPECT_EQ(r.status, 404);
  EXPECT_TRUE(r.json().as_object().contains("code"));
  EXPECT_EQ(client->get("/favicon.ico").status, 404);
}

TEST_F(Api, MeetingsWebinarsAndUnlicensedUser) {
  const auto& u = ds().users[1];
  std::vector<std::string> expected;
  for (auto mi : u.meetings) expected.push_back(std::to_string(ds().meetings[mi].id));
  EXPECT_EQ(walk("/v2/users/" + u.id + "/meetings?page_size=3", "meetings"), expected);
  // type=previous_meetings only past ones.
  std::size_t past = 0;
  for (auto mi : u.meetings) past += ds().meetings[mi].past;
  EXPECT_EQ(walk("/v2/users/" + u.id + "/meetings?type=previous_meetings", "meetings").size(),
            past);

  auto r = get("/v2/users/" + u.id + "/meetings?page_size=1");
  auto m = r.json().as_object().at("meetings").as_array().at(0).as_object();
  EXPECT_TRUE(m.at("id").is_int64());
  for (auto k : {"uuid", "host_id", "topic", "start_time", "timezone", "created_at", "join_url"})
    EXPECT_TRUE(m.at(k).is_string()) << k;
  EXPECT_EQ(m.at("uuid").as_string().size(), 24u);
  EXPECT_TRUE(m.at("uuid").as_string().ends_with("=="));

  std::vector<std::string> wexp;
  for (auto wi : u.webinars) wexp.push_back(std::to_string(ds().webinars[wi].id));
  EXPECT_FALSE(wexp.empty());
  EXPECT_EQ(walk("/v2/users/" + u.id + "/webinars?page_size=1", "webinars"), wexp);

  auto unlicensed = std::find_if(ds().users.begin(), ds().users.end(),
                                 [](const User& x) { return !x.webinar_licensed; });
  ASSERT_NE(unlicensed, ds().users.end());
  r = get("/v2/users/" + unlicensed->id + "/webinars");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.json().as_object().at("code").as_int64(), 3161);
}

TEST_F(Api, MeetingUuidsNeedDoubleEncoding) {
  std::size_t slash_start = 0, double_slash = 0;
  for (auto& m : ds().meetings) {
    slash_start += m.uuid.starts_with("/");
    double_slash += m.uuid.find("//") != std::string::npos;
  }
  EXPECT_GT(slash_start, 0u);
  EXPECT_GT(double_slash, 0u);
  int checked = 0;
  for (auto& m : ds().meetings) {
    if (!m.past) continue;
    const bool needs = m.uuid.starts_with("/") || m.uuid.find("//") != std::string::npos;
    std::vector<std::string> expected;
    for (auto pi : m.participants) expected.push_back(ds().participants[pi].user_id);
    EXPECT_EQ(walk("/v2/past_meetings/" + enc_uuid(m.uuid) + "/participants?page_size=300",
                   "participants", "user_id"),
              expected);
    // Double encoding always works; single encoding only without '/'-start or "//".
    EXPECT_EQ(get("/v2/past_meetings/" + pct(pct(m.uuid)) + "/participants").status, 200);
    auto single = get("/v2/past_meetings/" + pct(m.uuid) + "/participants");
    if (needs) {
      EXPECT_EQ(single.status, 404) << m.uuid;
      EXPECT_EQ(single.json().as_object().at("code").as_int64(), 3001);
      ++checked;
    } else {
      EXPECT_EQ(single.status, 200) << m.uuid;
    }
  }
  EXPECT_GT(checked, 2);
  auto r = get("/v2/past_meetings/" + pct("nonexistent0000000000A==") + "/participants");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.json().as_object().at("code").as_int64(), 3001);
  // An upcoming meeting has no past instance.
  auto up =
      std::find_if(ds().meetings.begin(), ds().meetings.end(), [](auto& m) { return !m.past; });
  EXPECT_EQ(get("/v2/past_meetings/" + std::to_string(up->id) + "/participants").status, 404);
}

TEST_F(Api, RecordingsWithinWindow) {
  const auto& u = ds().users[2];
  const auto to = ds().today;
  const auto from = util::add_months(to, -1);
  std::vector<std::string> expected;
  for (auto mi : u.meetings) {
    const auto& m = ds().meetings[mi];
    const auto d = floor<days>(m.start_time);
    if (m.has_recording && d >= from && d <= to) expected.push_back(m.uuid);
  }
  auto ids = walk("/v2/users/" + u.id + "/recordings?page_size=1&from=" + util::ymd(from) +
                      "&to=" + util::ymd(to),
                  "meetings", "uuid");
  EXPECT_EQ(ids, expected);
  auto r =
      get("/v2/users/" + u.id + "/recordings?from=" + util::ymd(from) + "&to=" + util::ymd(to));
  auto o = r.json().as_object();
  EXPECT_EQ(o.at("from").as_string(), util::ymd(from));
  EXPECT_EQ(o.at("to").as_string(), util::ymd(to));
  // Over one month → 300.
  r = get("/v2/users/" + u.id + "/recordings?from=2026-09-01&to=2026-10-15");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.json().as_object().at("code").as_int64(), 300);
  r = get("/v2/users/" + u.id + "/recordings?from=2026-13-01&to=2026-10-15");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.json().as_object().at("errors").as_array().at(0).as_object().at("field").as_string(),
            "from");
  r = get("/v2/users/" + u.id + "/recordings?from=2026-10-15&to=2026-10-01");
  EXPECT_EQ(r.status, 400);
}

TEST_F(Api, RecordingsEveryUserEveryMonthMatchesDataset) {
  // Walk the whole history month by month for every user: exactly the dataset's recordings.
  std::size_t total = 0, expected = 0;
  for (auto& m : ds().meetings) expected += m.has_recording;
  for (auto& u : ds().users) {
    for (auto to = ds().today; to > ds().today - days(200);
         to = util::add_months(to, -1) - days(1)) {
      const auto from = util::add_months(to, -1);
      total += walk("/v2/users/" + u.id + "/recordings?page_size=300&from=" + util::ymd(from) +
                        "&to=" + util::ymd(to),
                    "meetings", "uuid")
                   .size();
    }
  }
  EXPECT_EQ(total, expected);
}

TEST_F(Api, ReportsAndMetrics) {
  const auto to = ds().today - days(1);
  const auto from = util::add_months(to, -1);
  const std::string win = "from=" + util::ymd(from) + "&to=" + util::ymd(to);
  auto in = [&](sys_seconds t) {
    const auto d = floor<days>(t);
    return d >= from && d <= to;
  };
  // /report/users: hosts with past meetings in the window.
  std::vector<std::string> hosts;
  std::vector<std::string> metrics;
  for (auto& u : ds().users) {
    bool any = false;
    for (auto mi : u.meetings)
      any = any || (ds().meetings[mi].past && in(ds().meetings[mi].start_time));
    if (any) hosts.push_back(u.id);
  }
  for (auto& m : ds().meetings)
    if (m.past && in(m.start_time)) metrics.push_back(m.uuid);
  EXPECT_EQ(walk("/v2/report/users?page_size=5&" + win, "users"), hosts);
  EXPECT_EQ(walk("/v2/metrics/meetings?type=past&page_size=300&" + win, "meetings", "uuid"),
            metrics);
  EXPECT_TRUE(walk("/v2/metrics/meetings?" + win, "meetings", "uuid").empty());  // default live

  const auto& u = ds().users[0];
  std::vector<std::string> um;
  for (auto mi : u.meetings)
    if (ds().meetings[mi].past && in(ds().meetings[mi].start_time))
      um.push_back(ds().meetings[mi].uuid);
  EXPECT_EQ(walk("/v2/report/users/" + u.id + "/meetings?page_size=2&" + win, "meetings", "uuid"),
            um);

  const auto& m = *std::find_if(ds().meetings.begin(), ds().meetings.end(),
                                [](auto& x) { return x.past && x.uuid.starts_with("/"); });
  std::vector<std::string> parts;
  for (auto pi : m.participants) parts.push_back(ds().participants[pi].user_id);
  EXPECT_EQ(walk("/v2/report/meetings/" + enc_uuid(m.uuid) + "/participants?page_size=2",
                 "participants", "user_id"),
            parts);
  EXPECT_EQ(walk("/v2/report/meetings/" + std::to_string(m.id) + "/participants?page_size=2",
                 "participants", "user_id"),
            parts);

  // Window rules: required, one month, six months of history.
  auto r = get("/v2/report/users");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.json().as_object().at("code").as_int64(), 300);
  r = get("/v2/report/users?from=2026-01-01&to=2026-01-20");  // older than six months
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.json().as_object().at("code").as_int64(), 300);
  r = get("/v2/metrics/meetings?type=past&from=2026-09-01&to=2026-10-02");
  EXPECT_EQ(r.status, 400);
  r = get("/v2/metrics/meetings?type=past&from=2026-09-01&to=2026-10-01");  // exactly one month
  EXPECT_EQ(r.status, 200);
}

TEST_F(Api, GroupsPhoneUsersAndCallHistory) {
  std::vector<std::string> groups, phone;
  for (auto& g : ds().groups) groups.push_back(g.id);
  for (auto& p : ds().phone_users) phone.push_back(p.id);
  EXPECT_EQ(walk("/v2/groups?page_size=2", "groups"), groups);
  EXPECT_EQ(walk("/v2/phone/users?page_size=3", "users"), phone);
  auto r = get("/v2/phone/users?page_size=1000");
  auto o = r.json().as_object();
  EXPECT_FALSE(o.contains("page_count"));        // /phone/users has no page_count
  EXPECT_EQ(o.at("page_size").as_int64(), 100);  // clamped to the endpoint's maximum
  EXPECT_TRUE(get("/v2/groups").json().as_object().contains("total_records"));

  const auto to = ds().today;
  const auto from = util::add_months(to, -1);
  std::vector<std::string> calls;
  for (auto& c : ds().call_logs) {
    const auto d = floor<days>(c.start_time);
    if (d >= from && d <= to) calls.push_back(c.id);
  }
  EXPECT_EQ(
      walk("/v2/phone/call_history?page_size=4&from=" + util::ymd(from) + "&to=" + util::ymd(to),
           "call_logs"),
      calls);
}

TEST_F(Api, ScopeChecksPerEndpoint) {
  struct Case {
    std::string path, classic, granular;
  };
  const auto& u = ds().users[0];
  const auto& m =
      *std::find_if(ds().meetings.begin(), ds().meetings.end(), [](auto& x) { return x.past; });
  const std::string win =
      "?from=" + util::ymd(ds().today - days(10)) + "&to=" + util::ymd(ds().today);
  const std::vector<Case> cases = {
      {"/v2/users", "user:read:admin", "user:read:list_users:admin"},
      {"/v2/users/me", "user:read:admin", "user:read:user:admin"},
      {"/v2/users/" + u.id + "/meetings", "meeting:read:admin", "meeting:read:list_meetings:admin"},
      {"/v2/users/" + u.id + "/webinars", "webinar:read:admin", "webinar:read:list_webinars:admin"},
      {"/v2/users/" + u.id + "/recordings", "recording:read:admin",
       "cloud_recording:read:list_user_recordings:admin"},
      {"/v2/past_meetings/" + enc_uuid(m.uuid) + "/participants", "meeting:read:admin",
       "meeting:read:list_past_participants:admin"},
      {"/v2/report/users" + win, "report:read:admin", "report:read:list_users:admin"},
      {"/v2/report/users/" + u.id + "/meetings" + win, "report:read:admin",
       "report:read:user:admin"},
      {"/v2/report/meetings/" + enc_uuid(m.uuid) + "/participants", "report:read:admin",
       "report:read:list_meeting_participants:admin"},
      {"/v2/metrics/meetings" + win, "dashboard:read:admin", "dashboard:read:list_meetings:admin"},
      {"/v2/groups", "group:read:admin", "group:read:list_groups:admin"},
      {"/v2/phone/users", "phone:read:admin", "phone:read:list_users:admin"},
      {"/v2/phone/call_history", "phone:read:admin", "phone:read:list_call_logs:admin"},
  };
  auto opt = small_options();
  opt.rate_limit = false;
  opt.apps = {App{"a", "none", "s", {"something:else"}}, App{"a", "classic", "s", classic_scopes()},
              App{"a", "granular", "s", granular_scopes()}};
  Simulator s2(opt);
  HttpClient c(s2.base_url());
  const auto none = fetch_token(s2.base_url(), "none", "s", "a");
  const auto classic = fetch_token(s2.base_url(), "classic", "s", "a");
  const auto granular = fetch_token(s2.base_url(), "granular", "s", "a");
  for (const auto& cs : cases) {
    auto r = c.get(cs.path, bearer(none));
    EXPECT_EQ(r.status, 400) << cs.path;
    EXPECT_EQ(r.body,
              "{\"code\":4711,\"message\":\"Invalid access token, does not contain scopes:[" +
                  cs.granular + "].\"}")
        << cs.path;
    EXPECT_EQ(c.get(cs.path, bearer(classic)).status, 200) << cs.path;
    EXPECT_EQ(c.get(cs.path, bearer(granular)).status, 200) << cs.path;
  }
  // Only the one granular scope needed for /users/me.
  opt.apps = {App{"a", "me", "s", {"user:read:user:admin"}}};
  Simulator s3(opt);
  HttpClient c3(s3.base_url());
  const auto me = fetch_token(s3.base_url(), "me", "s", "a");
  EXPECT_EQ(c3.get("/v2/users/me", bearer(me)).status, 200);
  EXPECT_EQ(c3.get("/v2/users", bearer(me)).status, 400);
}

TEST(ApiOptions, LegacyScopeErrorCode) {
  auto opt = small_options();
  opt.scope_error_code = 4700;
  opt.apps = {App{"a", "none", "s", {}}};
  Simulator sim(opt);
  HttpClient c(sim.base_url());
  auto r = c.get("/v2/users", bearer(fetch_token(sim.base_url(), "none", "s", "a")));
  EXPECT_EQ(r.json().as_object().at("code").as_int64(), 4700);
}

TEST(Dataset, DeterministicFromSeed) {
  const auto today = sys_days{year{2026} / 11 / 29};
  DataSizes s;
  const auto a = generate_dataset(7, s, today), b = generate_dataset(7, s, today),
             c = generate_dataset(8, s, today);
  ASSERT_EQ(a.users.size(), b.users.size());
  for (std::size_t i = 0; i < a.users.size(); ++i)
    EXPECT_EQ(a.users[i].json_detail, b.users[i].json_detail);
  for (std::size_t i = 0; i < a.meetings.size(); ++i)
    EXPECT_EQ(a.meetings[i].json_list, b.meetings[i].json_list);
  EXPECT_NE(a.users[0].id, c.users[0].id);
  std::size_t hosts = 0;
  for (auto& u : a.users) hosts += u.hosts;
  // Hosts hold every meeting; the others only the upcoming ones (every 4th).
  const auto upcoming = static_cast<std::size_t>(s.meetings_per_user / 4);
  EXPECT_EQ(a.meetings.size(), hosts * static_cast<std::size_t>(s.meetings_per_user) +
                                   (a.users.size() - hosts) * upcoming);
  std::set<std::string> ids;
  for (auto& p : a.participants) ids.insert(p.user_id);
  EXPECT_EQ(ids.size(), a.participants.size());
}

TEST(Dataset, HostingShare) {
  const auto today = sys_days{year{2026} / 11 / 29};
  DataSizes s;
  s.users = 2000;
  s.meetings_per_user = 4;
  const auto a = generate_dataset(3, s, today);
  std::size_t hosts = 0;
  for (std::size_t i = 0; i < a.users.size(); ++i) {
    const auto& u = a.users[i];
    EXPECT_EQ(u.hosts, user_hosts(3, s, i));
    hosts += u.hosts;
    std::size_t past = 0, upcoming = 0;
    for (auto mi : u.meetings) (a.meetings[mi].past ? past : upcoming) += 1;
    EXPECT_EQ(past, u.hosts ? 3u : 0u) << i;
    EXPECT_EQ(upcoming, 1u) << i;  // non-hosts keep their upcoming meetings
  }
  EXPECT_TRUE(a.users[0].hosts);  // the owner hosts
  EXPECT_GT(hosts, 300u);         // about 20% of 2000
  EXPECT_LT(hosts, 500u);
  for (auto& p : a.participants) EXPECT_TRUE(a.users[a.meetings[p.meeting_index].host_index].hosts);
  for (auto& m : a.meetings) {
    if (m.has_recording) {
      EXPECT_TRUE(a.users[m.host_index].hosts);
    }
  }

  s.hosting_percent = 100;
  for (auto& u : generate_dataset(3, s, today).users) EXPECT_TRUE(u.hosts);
  s.hosting_percent = 0;
  const auto none = generate_dataset(3, s, today);
  for (std::size_t i = 1; i < none.users.size(); ++i) EXPECT_FALSE(none.users[i].hosts);
  EXPECT_TRUE(none.users[0].hosts);
}

TEST_F(Api, ReportUsersTypeActiveAndInactive) {
  const auto to = ds().today - days(1);
  const auto from = util::add_months(to, -1);
  const std::string win = "from=" + util::ymd(from) + "&to=" + util::ymd(to);
  std::vector<std::string> active, inactive;
  for (auto& u : ds().users) {
    bool any = false;
    for (auto mi : u.meetings) {
      const auto& m = ds().meetings[mi];
      const auto d = floor<days>(m.start_time);
      any = any || (m.past && d >= from && d <= to);
    }
    (any ? active : inactive).push_back(u.id);
  }
  ASSERT_FALSE(active.empty());
  ASSERT_FALSE(inactive.empty());
  EXPECT_EQ(walk("/v2/report/users?type=active&page_size=7&" + win, "users"), active);
  EXPECT_EQ(walk("/v2/report/users?page_size=7&" + win, "users"), active);  // default
  EXPECT_EQ(walk("/v2/report/users?type=inactive&page_size=7&" + win, "users"), inactive);
  auto r = get("/v2/report/users?type=bogus&" + win);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.json().as_object().at("code").as_int64(), 300);
}

}  // namespace
}  // namespace zoom_sim::testing
