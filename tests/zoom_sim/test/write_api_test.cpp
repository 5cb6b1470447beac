// The write endpoints: status codes, Zoom's error codes and field errors,
// daily caps, faults after the write was applied, and reads that show writes.
#include <set>
#include <thread>

#include "test_support.hpp"
#include "util.hpp"

namespace zoom_sim::testing {
namespace {

using namespace std::chrono;
namespace json = boost::json;

const sys_days kToday{year{2026} / 11 / 29};

class Writes : public ::testing::Test {
 protected:
  void start(Options opt) {
    sim = std::make_unique<Simulator>(std::move(opt));
    token = fetch_token(sim->base_url());
    client = std::make_unique<HttpClient>(sim->base_url(), true);
  }
  void SetUp() override {
    auto opt = small_options();
    opt.rate_limit = false;
    opt.clock = clock.clock();
    start(opt);
  }
  Resp call(const std::string& method, const std::string& target, const json::value& body = {}) {
    return client->request(method, target, body.is_null() ? "" : json::serialize(body),
                           bearer(token));
  }
  Resp get(const std::string& t) { return client->get(t, bearer(token)); }
  const Dataset& ds() { return sim->dataset(); }
  // An active, licensed user who is not the owner.
  const User& host(int skip = 0) {
    for (const auto& u : ds().users)
      if (u.status == "active" && u.type == 2 && u.webinar_licensed && u.role_id != "0" &&
          skip-- == 0)
        return u;
    throw std::runtime_error("no such user");
  }
  std::string future(int days_ahead = 3) {
    return util_iso(sys_seconds{kToday + days(days_ahead)} + hours(10));
  }
  static std::string util_iso(sys_seconds t) { return util::iso8601(t); }
  json::value meeting_body(const std::string& topic) {
    return json::object{{"topic", topic}, {"type", 2}, {"start_time", future()}, {"duration", 45}};
  }
  static std::set<std::string> fields(const Resp& r) {
    std::set<std::string> out;
    const auto v = r.json();
    for (const auto& e : v.as_object().at("errors").as_array())
      out.insert(std::string(e.as_object().at("field").as_string()));
    return out;
  }
  static std::int64_t code(const Resp& r) { return r.json().as_object().at("code").as_int64(); }
  std::vector<std::string> ids(const std::string& target, const std::string& key) {
    return walk_ids(*client, token, target, key, "id");
  }

  ManualClock clock{sys_seconds{kToday} + hours(12)};
  std::unique_ptr<Simulator> sim;
  std::string token;
  std::unique_ptr<HttpClient> client;
};

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// ---------------------------------------------------------------- users
TEST_F(Writes, UserCreateIsReadBackAndADuplicateEmailIs1005) {
  auto r = call("POST", "/v2/users",
                json::object{{"action", "create"},
                             {"user_info", json::object{{"email", "new.person@example.com"},
                                                        {"type", 1},
                                                        {"first_name", "New"},
                                                        {"last_name", "Person"}}}});
  ASSERT_EQ(r.status, 201) << r.body;
  const auto o = r.json().as_object();
  const std::string id(o.at("id").as_string());
  EXPECT_EQ(o.at("email").as_string(), "new.person@example.com");
  EXPECT_EQ(o.at("type").as_int64(), 1);
  // "create" sends an invitation: the user is pending until it is accepted.
  EXPECT_TRUE(contains(ids("/v2/users?status=pending&page_size=300", "users"), id));
  EXPECT_FALSE(contains(ids("/v2/users?page_size=300", "users"), id));
  auto g = get("/v2/users/" + pct("New.Person@example.com"));
  ASSERT_EQ(g.status, 200);
  EXPECT_EQ(g.json().as_object().at("id").as_string(), id);
  EXPECT_EQ(g.json().as_object().at("display_name").as_string(), "New Person");

  r = call(
      "POST", "/v2/users",
      json::object{{"action", "autoCreate"},
                   {"user_info", json::object{{"email", "NEW.person@example.com"}, {"type", 2}}}});
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(code(r), 1005);
  EXPECT_NE(r.body.find("has already been used"), std::string::npos);
  // A dataset user's e-mail too.
  r = call("POST", "/v2/users",
           json::object{{"action", "create"},
                        {"user_info", json::object{{"email", ds().users[2].email}, {"type", 1}}}});
  EXPECT_EQ(code(r), 1005);
  EXPECT_EQ(sim->writes().users_with_email("new.person@example.com"), 1u);

  r = call(
      "POST", "/v2/users",
      json::object{{"action", "custCreate"},
                   {"user_info", json::object{{"email", "active.one@example.com"}, {"type", 2}}}});
  ASSERT_EQ(r.status, 201);
  EXPECT_TRUE(contains(ids("/v2/users?page_size=300", "users"),
                       std::string(r.json().as_object().at("id").as_string())));
}

TEST_F(Writes, UserCreateNamesEveryBadField) {
  auto r = call("POST", "/v2/users",
                json::object{{"action", "make"},
                             {"user_info", json::object{{"email", "not-an-email"},
                                                        {"type", 3},
                                                        {"first_name", std::string(65, 'a')},
                                                        {"password", "short"}}}});
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(code(r), 300);
  EXPECT_EQ(fields(r), (std::set<std::string>{"action", "user_info.email", "user_info.type",
                                              "user_info.first_name", "user_info.password"}));
  r = call("POST", "/v2/users", json::object{{"action", "create"}});
  EXPECT_EQ(fields(r), std::set<std::string>{"user_info"});
  r = call("POST", "/v2/users", json::object{{"action", "create"}, {"user_info", json::object{}}});
  EXPECT_EQ(fields(r), (std::set<std::string>{"user_info.email", "user_info.type"}));
  r = call("POST", "/v2/users",
           json::object{{"action", "create"},
                        {"user_info", json::object{{"email", "x@example.com"}, {"type", 99}}}});
  EXPECT_EQ(fields(r), std::set<std::string>{"user_info.type"});
  r = client->request("POST", "/v2/users", "{not json", bearer(token));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(code(r), 300);
  EXPECT_EQ(sim->writes().writes_applied(), 0u);
}

TEST_F(Writes, UserCreateDailyCapPerPlan) {
  auto opt = small_options();
  opt.rate_limit = false;
  opt.plan = Plan::free;      // 50 a day ...
  opt.daily_cap_scale = 0.1;  // ... scaled to 5
  opt.clock = clock.clock();
  start(opt);
  auto create = [&](const std::string& action, int i) {
    return call("POST", "/v2/users",
                json::object{{"action", action},
                             {"user_info",
                              json::object{{"email", "cap" + std::to_string(i) + "@example.com"},
                                           {"type", 1}}}});
  };
  for (int i = 0; i < 5; ++i) ASSERT_EQ(create("create", i).status, 201) << i;
  auto r = create("create", 5);
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.header("x-ratelimit-type"), "Daily-limit");
  EXPECT_EQ(r.header("retry-after"), "2026-11-30T00:00:00Z");
  EXPECT_EQ(create("autoCreate", 6).status, 201);  // the cap is for action=create only
  clock.advance(hours(12));
  token = fetch_token(sim->base_url());
  EXPECT_EQ(create("create", 7).status, 201);
}

TEST_F(Writes, UserUpdateDeleteAndGone) {
  const User& u = host();
  auto r =
      call("PATCH", "/v2/users/" + pct(u.email),
           json::object{{"first_name", "Renamed"}, {"dept", "Research"}, {"job_title", "CTO"}});
  ASSERT_EQ(r.status, 204) << r.body;
  EXPECT_TRUE(r.body.empty());
  auto g = get("/v2/users/" + u.id).json().as_object();
  EXPECT_EQ(g.at("first_name").as_string(), "Renamed");
  EXPECT_EQ(g.at("display_name").as_string(), "Renamed " + u.last_name);
  EXPECT_EQ(g.at("dept").as_string(), "Research");
  EXPECT_EQ(g.at("job_title").as_string(), "CTO");
  // The list shows the change too, in the dataset's order.
  auto page = get("/v2/users?page_size=300").json().as_object().at("users").as_array();
  for (const auto& e : page)
    if (e.as_object().at("id").as_string() == u.id) {
      EXPECT_EQ(e.as_object().at("first_name").as_string(), "Renamed");
    }

  r = call("PATCH", "/v2/users/" + u.id, json::object{{"type", 7}, {"pmi", 12}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(fields(r), (std::set<std::string>{"type", "pmi"}));
  r = call("PATCH", "/v2/users/nobody@example.com", json::object{{"first_name", "X"}});
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(code(r), 1001);

  r = call("DELETE", "/v2/users/" + u.id + "?action=erase");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(fields(r), std::set<std::string>{"action"});
  EXPECT_EQ(call("DELETE", "/v2/users/" + u.id + "?action=delete").status, 204);
  EXPECT_EQ(code(get("/v2/users/" + u.id)), 1001);
  EXPECT_EQ(code(get("/v2/users/" + pct(u.email))), 1001);
  EXPECT_EQ(code(get("/v2/users/" + u.id + "/meetings")), 1001);
  EXPECT_FALSE(contains(ids("/v2/users?page_size=300", "users"), u.id));
  r = call("DELETE", "/v2/users/" + u.id);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(code(r), 1001);
  EXPECT_FALSE(sim->writes().user_exists(u.id));
  // Its e-mail may be used again.
  r = call("POST", "/v2/users",
           json::object{{"action", "autoCreate"},
                        {"user_info", json::object{{"email", u.email}, {"type", 1}}}});
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(sim->writes().users_with_email(u.email), 1u);
}

// ---------------------------------------------------------------- meetings
TEST_F(Writes, MeetingCreateUpdateDeleteRoundTrip) {
  const User& u = host();
  auto r = call("POST", "/v2/users/" + u.id + "/meetings", meeting_body("Quarterly plan"));
  ASSERT_EQ(r.status, 201) << r.body;
  const auto m = r.json().as_object();
  const auto id = m.at("id").as_int64();
  for (auto k :
       {"uuid", "join_url", "start_url", "host_id", "host_email", "created_at", "password"})
    EXPECT_TRUE(m.at(k).is_string()) << k;
  EXPECT_EQ(m.at("host_id").as_string(), u.id);
  EXPECT_EQ(m.at("topic").as_string(), "Quarterly plan");
  EXPECT_EQ(m.at("start_time").as_string(), future());
  EXPECT_EQ(m.at("duration").as_int64(), 45);

  const auto upcoming =
      ids("/v2/users/" + u.id + "/meetings?type=upcoming&page_size=300", "meetings");
  EXPECT_TRUE(contains(upcoming, std::to_string(id)));
  EXPECT_FALSE(contains(ids("/v2/users/" + u.id + "/meetings?type=previous_meetings", "meetings"),
                        std::to_string(id)));
  EXPECT_EQ(ids("/v2/users/" + u.id + "/meetings?page_size=300", "meetings").size(),
            u.meetings.size() + 1);
  EXPECT_EQ(sim->writes().meetings(u.id, "Quarterly plan"), 1u);

  r = call("PATCH", "/v2/meetings/" + std::to_string(id),
           json::object{{"topic", "Quarterly plan (moved)"},
                        {"settings", json::object{{"waiting_room", true}}}});
  ASSERT_EQ(r.status, 204) << r.body;
  auto g = get("/v2/meetings/" + std::to_string(id)).json().as_object();
  EXPECT_EQ(g.at("topic").as_string(), "Quarterly plan (moved)");
  EXPECT_EQ(g.at("settings").as_object().at("waiting_room").as_bool(), true);
  EXPECT_EQ(sim->writes().meetings(u.id, "Quarterly plan"), 0u);
  EXPECT_EQ(sim->writes().meetings(u.id, "Quarterly plan (moved)"), 1u);

  EXPECT_EQ(call("DELETE", "/v2/meetings/" + std::to_string(id)).status, 204);
  r = get("/v2/meetings/" + std::to_string(id));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(code(r), 3001);
  r = call("DELETE", "/v2/meetings/" + std::to_string(id));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(code(r), 3001);
  EXPECT_EQ(code(call("PATCH", "/v2/meetings/" + std::to_string(id), json::object{{"topic", "x"}})),
            3001);
  EXPECT_FALSE(contains(ids("/v2/users/" + u.id + "/meetings?page_size=300", "meetings"),
                        std::to_string(id)));
}

TEST_F(Writes, DatasetMeetingsCanBeChangedAndDeleted) {
  const User& u = host(1);
  const Meeting& m = ds().meetings[u.meetings.front()];
  EXPECT_EQ(get("/v2/meetings/" + std::to_string(m.id)).json().as_object().at("topic").as_string(),
            m.topic);
  ASSERT_EQ(
      call("PATCH", "/v2/meetings/" + std::to_string(m.id), json::object{{"agenda", "New"}}).status,
      204);
  EXPECT_EQ(get("/v2/meetings/" + std::to_string(m.id)).json().as_object().at("agenda").as_string(),
            "New");
  ASSERT_EQ(call("DELETE", "/v2/meetings/" + std::to_string(m.id)).status, 204);
  const auto left = ids("/v2/users/" + u.id + "/meetings?page_size=300", "meetings");
  EXPECT_EQ(left.size(), u.meetings.size() - 1);
  EXPECT_FALSE(contains(left, std::to_string(m.id)));
  EXPECT_EQ(sim->writes().meetings(u.id), u.meetings.size() - 1);
}

TEST_F(Writes, MeetingErrors) {
  auto r = call("POST", "/v2/users/nobody@example.com/meetings", meeting_body("x"));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(code(r), 1001);
  const User* inactive = nullptr;
  for (const auto& u : ds().users)
    if (u.status == "inactive") inactive = &u;
  ASSERT_NE(inactive, nullptr);
  r = call("POST", "/v2/users/" + inactive->id + "/meetings", meeting_body("x"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(code(r), 3161);
  r = call("DELETE", "/v2/meetings/" + std::to_string(host().pmi));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(code(r), 3018);
  r = call("DELETE", "/v2/meetings/not-a-number");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(code(r), 300);
  r = call("POST", "/v2/users/" + host().id + "/meetings",
           json::object{{"topic", std::string(201, 't')},
                        {"type", 4},
                        {"start_time", "tomorrow"},
                        {"duration", 0},
                        {"settings", json::object{{"audio", "loud"}, {"waiting_room", "yes"}}},
                        {"recurrence", json::object{{"repeat_interval", 1}}},
                        {"tracking_fields", json::array{json::object{{"value", "v"}}}}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(fields(r), (std::set<std::string>{"topic", "type", "start_time", "duration",
                                              "settings.audio", "settings.waiting_room",
                                              "recurrence.type", "tracking_fields[0].field"}));
  EXPECT_EQ(sim->writes().writes_applied(), 0u);
}

TEST_F(Writes, HostDailyCapIsPerHostAndResetsAtMidnightUtc) {
  auto opt = small_options();
  opt.rate_limit = false;
  opt.clock = clock.clock();
  opt.writes.host_daily_writes = 3;
  start(opt);
  const User& a = host();
  const User& b = host(1);
  auto first = call("POST", "/v2/users/" + a.id + "/meetings", meeting_body("a1"));
  ASSERT_EQ(first.status, 201);
  const auto id = std::to_string(first.json().as_object().at("id").as_int64());
  ASSERT_EQ(call("PATCH", "/v2/meetings/" + id, json::object{{"topic", "a1'"}}).status, 204);
  ASSERT_EQ(call("POST", "/v2/users/" + a.id + "/meetings", meeting_body("a2")).status, 201);
  EXPECT_EQ(sim->writes().host_writes_today(a.id, false), 3);

  auto r = call("POST", "/v2/users/" + a.id + "/meetings", meeting_body("a3"));
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(code(r), 429);
  EXPECT_EQ(r.header("x-ratelimit-type"), "Daily-limit");
  EXPECT_EQ(r.header("x-ratelimit-limit"), "3");
  EXPECT_EQ(r.header("retry-after"), "2026-11-30T00:00:00Z");
  EXPECT_EQ(call("PATCH", "/v2/meetings/" + id, json::object{{"topic", "late"}}).status, 429);
  EXPECT_EQ(sim->writes().meetings(a.id, "a3"), 0u);  // a 429 changes nothing
  // Deletes are not capped; other hosts and the host's webinars have their own budget.
  EXPECT_EQ(call("POST", "/v2/users/" + b.id + "/meetings", meeting_body("b1")).status, 201);
  EXPECT_EQ(call("POST", "/v2/users/" + a.id + "/webinars", json::object{{"topic", "w"}}).status,
            201);

  clock.set(sys_seconds{kToday + days(1)});  // 00:00 UTC
  token = fetch_token(sim->base_url());
  EXPECT_EQ(call("POST", "/v2/users/" + a.id + "/meetings", meeting_body("a3")).status, 201);
}

TEST_F(Writes, ReadsAndWritesShareTheAccountBudget) {
  auto opt = small_options();
  opt.plan = Plan::free;  // Light: 4 per second
  opt.clock = clock.clock();
  start(opt);
  const User& u = host();
  EXPECT_EQ(get("/v2/users/" + u.id).status, 200);
  EXPECT_EQ(get("/v2/users/" + u.id).status, 200);
  EXPECT_EQ(call("POST", "/v2/users/" + u.id + "/meetings", meeting_body("r1")).status, 201);
  EXPECT_EQ(call("PATCH", "/v2/users/" + u.id, json::object{{"dept", "X"}}).status, 204);
  auto r = call("POST", "/v2/users/" + u.id + "/meetings", meeting_body("r2"));
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.header("x-ratelimit-category"), "Light");
  EXPECT_EQ(r.header("x-ratelimit-type"), "QPS");
  EXPECT_EQ(get("/v2/users/" + u.id).status, 429);
  EXPECT_EQ(sim->writes().meetings(u.id, "r2"), 0u);
  clock.advance(seconds(1));
  EXPECT_EQ(call("POST", "/v2/users/" + u.id + "/meetings", meeting_body("r2")).status, 201);
  // Group members are added at the Medium rate (free: 2 per second).
  const auto& g = ds().groups[0];
  const json::object add{{"members", json::array{json::object{{"id", u.id}}}}};
  EXPECT_EQ(call("POST", "/v2/groups/" + g.id + "/members", add).status, 201);
  EXPECT_EQ(call("POST", "/v2/groups/" + g.id + "/members", add).status, 201);
  r = call("POST", "/v2/groups/" + g.id + "/members", add);
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.header("x-ratelimit-category"), "Medium");
}

TEST_F(Writes, ScopesClassicOrGranular) {
  auto opt = small_options();
  opt.rate_limit = false;
  opt.apps = {default_app(), App{"a", "read", "s", {"user:read:admin", "meeting:read:admin"}},
              App{"a", "classic", "s", {"user:write:admin"}},
              App{"a", "granular", "s", {"user:update:user:admin"}}};
  start(opt);
  const User& u = host();
  const json::object patch{{"dept", "X"}};
  auto with = [&](const std::string& client_id) {
    const auto t = fetch_token(sim->base_url(), client_id, "s", "a");
    return client->request("PATCH", "/v2/users/" + u.id, json::serialize(patch), bearer(t));
  };
  auto r = with("read");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(code(r), 4711);
  EXPECT_NE(r.body.find("user:update:user:admin"), std::string::npos);
  EXPECT_EQ(with("classic").status, 204);
  EXPECT_EQ(with("granular").status, 204);
  const auto t = fetch_token(sim->base_url(), "granular", "s", "a");
  r = client->request("DELETE", "/v2/users/" + u.id, "", bearer(t));
  EXPECT_EQ(code(r), 4711);
  EXPECT_NE(r.body.find("user:delete:user:admin"), std::string::npos);
  EXPECT_EQ(client->request("POST", "/v2/users", "{}", {}).status, 401);
}

// ---------------------------------------------------------------- registrants
TEST_F(Writes, MeetingRegistrants) {
  auto opt = small_options();
  opt.rate_limit = false;
  opt.clock = clock.clock();
  opt.writes.registrants_per_meeting = 2;
  start(opt);
  const User& u = host();
  const auto id =
      std::to_string(call("POST", "/v2/users/" + u.id + "/meetings", meeting_body("reg"))
                         .json()
                         .as_object()
                         .at("id")
                         .as_int64());
  const std::string path = "/v2/meetings/" + id + "/registrants";
  auto r = call("POST", path, json::object{{"email", "ann@example.com"}, {"first_name", "Ann"}});
  ASSERT_EQ(r.status, 201) << r.body;
  const auto o = r.json().as_object();
  EXPECT_EQ(std::to_string(o.at("id").as_int64()), id);
  EXPECT_TRUE(o.at("join_url").is_string());
  const std::string rid(o.at("registrant_id").as_string());
  // The same e-mail again: the same registration, not a second one.
  r = call("POST", path, json::object{{"email", "ANN@example.com"}, {"first_name", "Ann"}});
  ASSERT_EQ(r.status, 201);
  EXPECT_EQ(r.json().as_object().at("registrant_id").as_string(), rid);
  EXPECT_EQ(sim->writes().registrants(std::stoll(id)), 1u);
  auto list = get(path).json().as_object().at("registrants").as_array();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].as_object().at("id").as_string(), rid);
  EXPECT_EQ(list[0].as_object().at("email").as_string(), "ann@example.com");

  r = call("POST", path, json::object{{"email", "bad"}, {"last_name", std::string(65, 'x')}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(fields(r), (std::set<std::string>{"email", "first_name", "last_name"}));
  EXPECT_EQ(
      call("POST", path, json::object{{"email", "bob@example.com"}, {"first_name", "Bob"}}).status,
      201);
  r = call("POST", path, json::object{{"email", "cy@example.com"}, {"first_name", "Cy"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(code(r), 3043);
  r = call("POST", "/v2/meetings/1234/registrants",
           json::object{{"email", "cy@example.com"}, {"first_name", "Cy"}});
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(code(r), 1001) << "Zoom's API reference: 1001 Meeting does not exist";
  // A Basic host cannot take registrations.
  const User* basic = nullptr;
  for (const auto& x : ds().users)
    if (x.type == 1 && x.status == "active" && !x.meetings.empty()) basic = &x;
  ASSERT_NE(basic, nullptr);
  r = call("POST",
           "/v2/meetings/" + std::to_string(ds().meetings[basic->meetings[0]].id) + "/registrants",
           json::object{{"email", "cy@example.com"}, {"first_name", "Cy"}});
  EXPECT_EQ(code(r), 3161);
}

// ---------------------------------------------------------------- webinars
TEST_F(Writes, WebinarsAndTheirRegistrants) {
  const User& u = host();
  auto r = call("POST", "/v2/users/" + u.id + "/webinars",
                json::object{{"topic", "Launch"}, {"start_time", future(5)}, {"duration", 90}});
  ASSERT_EQ(r.status, 201) << r.body;
  const auto w = r.json().as_object();
  const auto id = std::to_string(w.at("id").as_int64());
  EXPECT_EQ(w.at("type").as_int64(), 5);
  EXPECT_TRUE(w.at("join_url").is_string());
  EXPECT_TRUE(contains(ids("/v2/users/" + u.id + "/webinars?page_size=300", "webinars"), id));
  EXPECT_EQ(sim->writes().webinars(u.id, "Launch"), 1u);

  r = call("POST", "/v2/webinars/" + id + "/registrants",
           json::object{{"email", "guest@example.com"}, {"first_name", "G"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_TRUE(r.json().as_object().at("registrant_id").is_string());
  r = call("POST", "/v2/webinars/" + id + "/registrants",
           json::object{{"email", u.email}, {"first_name", "Host"}});
  EXPECT_EQ(code(r), 3027);
  EXPECT_EQ(
      get("/v2/webinars/" + id + "/registrants").json().as_object().at("total_records").as_int64(),
      1);

  ASSERT_EQ(call("PATCH", "/v2/webinars/" + id, json::object{{"topic", "Launch v2"}}).status, 204);
  auto got = get("/v2/webinars/" + id);
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.json().as_object().at("topic").as_string(), "Launch v2");
  EXPECT_EQ(got.json().as_object().at("host_id").as_string(), u.id);
  EXPECT_EQ(sim->writes().webinars(u.id, "Launch v2"), 1u);
  r = call("PATCH", "/v2/webinars/" + id, json::object{{"type", 2}});
  EXPECT_EQ(fields(r), std::set<std::string>{"type"});
  ASSERT_EQ(call("DELETE", "/v2/webinars/" + id).status, 204);
  EXPECT_FALSE(contains(ids("/v2/users/" + u.id + "/webinars?page_size=300", "webinars"), id));
  r = call("DELETE", "/v2/webinars/" + id);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(code(r), 3001);
  EXPECT_EQ(code(get("/v2/webinars/" + id)), 3001);

  // A webinar that is over takes no registrations.
  r = call("POST", "/v2/users/" + u.id + "/webinars",
           json::object{{"topic", "Old"},
                        {"start_time", util_iso(sys_seconds{kToday - days(2)})},
                        {"duration", 60}});
  ASSERT_EQ(r.status, 201);
  r = call(
      "POST",
      "/v2/webinars/" + std::to_string(r.json().as_object().at("id").as_int64()) + "/registrants",
      json::object{{"email", "late@example.com"}, {"first_name", "L"}});
  EXPECT_EQ(code(r), 3038);

  const User* unlicensed = nullptr;
  for (const auto& x : ds().users)
    if (!x.webinar_licensed && x.status == "active") unlicensed = &x;
  ASSERT_NE(unlicensed, nullptr);
  r = call("POST", "/v2/users/" + unlicensed->id + "/webinars", json::object{{"topic", "No"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(code(r), 200);
  EXPECT_NE(r.body.find("Webinar plan is missing"), std::string::npos);
}

// ---------------------------------------------------------------- group members
TEST_F(Writes, GroupMembersAddInBatchesAndRemove) {
  const Group& g = ds().groups[1];
  const std::string base = "/v2/groups/" + g.id + "/members";
  std::vector<const User*> outsiders;
  for (const auto& u : ds().users)
    if (std::find(u.group_ids.begin(), u.group_ids.end(), g.id) == u.group_ids.end())
      outsiders.push_back(&u);
  ASSERT_GE(outsiders.size(), 31u);
  const auto before = sim->writes().group_size(g.id);
  EXPECT_EQ(before, static_cast<std::size_t>(g.total_members));

  json::array too_many;
  for (int i = 0; i < 31; ++i)
    too_many.push_back(json::object{{"id", outsiders[static_cast<std::size_t>(i)]->id}});
  auto r = call("POST", base, json::object{{"members", too_many}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(fields(r), std::set<std::string>{"members"});
  r = call("POST", base,
           json::object{{"members", json::array{json::object{}, json::object{{"email", "x"}}}}});
  EXPECT_EQ(fields(r), (std::set<std::string>{"members[0]", "members[1].email"}));

  const json::object add{{"members", json::array{json::object{{"id", outsiders[0]->id}},
                                                 json::object{{"email", outsiders[1]->email}},
                                                 json::object{{"email", "stranger@example.com"}}}}};
  r = call("POST", base, add);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json().as_object().at("ids").as_string(), outsiders[0]->id + "," + outsiders[1]->id);
  EXPECT_TRUE(r.json().as_object().at("added_at").is_string());
  EXPECT_EQ(sim->writes().group_size(g.id), before + 2);
  EXPECT_TRUE(sim->writes().in_group(g.id, outsiders[1]->email));
  const auto members = ids(base + "?page_size=300", "members");
  EXPECT_TRUE(contains(members, outsiders[0]->id));
  EXPECT_EQ(members.size(), before + 2);
  auto gids = get("/v2/users/" + outsiders[0]->id).json().as_object().at("group_ids").as_array();
  EXPECT_NE(std::find(gids.begin(), gids.end(), json::value(g.id)), gids.end());
  const auto groups = get("/v2/groups").json();
  for (const auto& row : groups.as_object().at("groups").as_array())
    if (row.as_object().at("id").as_string() == g.id) {
      EXPECT_EQ(row.as_object().at("total_members").as_int64(),
                static_cast<std::int64_t>(before + 2));
    }
  // A repeat adds nothing and answers the same ids.
  r = call("POST", base, add);
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.json().as_object().at("ids").as_string(), outsiders[0]->id + "," + outsiders[1]->id);
  EXPECT_EQ(sim->writes().group_size(g.id), before + 2);

  EXPECT_EQ(call("DELETE", base + "/" + pct(outsiders[1]->email)).status, 204);
  EXPECT_FALSE(sim->writes().in_group(g.id, outsiders[1]->id));
  r = call("DELETE", base + "/" + outsiders[1]->id);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(code(r), 4131);
  r = call("DELETE", "/v2/groups/nope/members/" + outsiders[0]->id);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(code(r), 4130);
  r = call("POST", "/v2/groups/nope/members", add);
  EXPECT_EQ(code(r), 4130);
  EXPECT_EQ(code(get("/v2/groups/nope/members")), 4130);
}

// ---------------------------------------------------------------- faults and concurrency
TEST_F(Writes, FaultsAfterTheWriteWasApplied) {
  auto opt = small_options();
  opt.rate_limit = false;
  opt.clock = clock.clock();
  FaultRule reset;
  reset.kind = FaultKind::connection_reset;
  reset.path_prefix = "/v2/users/";
  reset.on_requests = {1};
  FaultRule slow;
  slow.kind = FaultKind::delay;
  slow.path_prefix = "/v2/users/";
  slow.on_requests = {2};
  slow.delay = milliseconds(1500);
  FaultRule gateway;
  gateway.kind = FaultKind::http_504;
  gateway.path_prefix = "/v2/users/";
  gateway.on_requests = {3};
  gateway.after_apply = true;
  FaultRule before;
  before.kind = FaultKind::http_503;
  before.path_prefix = "/v2/users/";
  before.on_requests = {4};
  opt.faults = {7, {reset, slow, gateway, before}};
  start(opt);
  const User& u = host();
  const std::string path = "/v2/users/" + u.id + "/meetings";

  auto r = call("POST", path, meeting_body("reset"));
  EXPECT_EQ(r.status, 0) << r.body;
  EXPECT_EQ(sim->writes().meetings(u.id, "reset"), 1u);

  HttpClient impatient(sim->base_url(), false, milliseconds(300));
  r = impatient.request("POST", path, json::serialize(meeting_body("timeout")), bearer(token));
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(sim->writes().meetings(u.id, "timeout"), 1u);

  r = call("POST", path, meeting_body("gateway"));
  EXPECT_EQ(r.status, 504);
  EXPECT_EQ(sim->writes().meetings(u.id, "gateway"), 1u);

  r = call("POST", path, meeting_body("refused"));
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(sim->writes().meetings(u.id, "refused"), 0u);
  // The same count over HTTP, for tests that run the executable.
  auto counted = client->get("/_sim/writes?what=meetings&user=" + pct(u.email) + "&topic=reset");
  ASSERT_EQ(counted.status, 200);
  EXPECT_EQ(counted.json().as_object().at("count").as_int64(), 1);
  EXPECT_EQ(counted.json().as_object().at("writes_applied").as_int64(), 3);
  EXPECT_EQ(client->get("/_sim/writes?what=nothing").status, 400);
  EXPECT_EQ(sim->stats().faults_injected, 4u);
}

TEST_F(Writes, ConcurrentCreatesAreAllKeptOnce) {
  auto opt = small_options();
  opt.rate_limit = false;
  opt.threads = 4;
  opt.writes.host_daily_writes = 1000;
  start(opt);
  const User& u = host();
  std::vector<std::thread> threads;
  std::vector<std::vector<std::int64_t>> got(4);
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      HttpClient c(sim->base_url(), true);
      for (int i = 0; i < 25; ++i) {
        auto r = c.request("POST", "/v2/users/" + u.id + "/meetings",
                           json::serialize(meeting_body("parallel")), bearer(token));
        if (r.status == 201)
          got[static_cast<std::size_t>(t)].push_back(r.json().as_object().at("id").as_int64());
        c.get("/v2/users/" + u.id + "/meetings", bearer(token));
      }
    });
  for (auto& th : threads) th.join();
  std::set<std::int64_t> all;
  for (auto& v : got) all.insert(v.begin(), v.end());
  EXPECT_EQ(all.size(), 100u);
  EXPECT_EQ(sim->writes().meetings(u.id, "parallel"), 100u);
  EXPECT_EQ(ids("/v2/users/" + u.id + "/meetings?page_size=300", "meetings").size(),
            u.meetings.size() + 100);
}

TEST_F(Writes, TheOverlayIsBounded) {
  auto opt = small_options();
  opt.rate_limit = false;
  opt.writes.max_written_records = 2;
  start(opt);
  const User& u = host();
  EXPECT_EQ(call("POST", "/v2/users/" + u.id + "/meetings", meeting_body("1")).status, 201);
  EXPECT_EQ(call("POST", "/v2/users/" + u.id + "/meetings", meeting_body("2")).status, 201);
  EXPECT_EQ(call("POST", "/v2/users/" + u.id + "/meetings", meeting_body("3")).status, 503);
}

}  // namespace
}  // namespace zoom_sim::testing
