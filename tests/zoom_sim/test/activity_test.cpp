// The activity generator: every change it publishes is served by the REST API
// (lists and single-object GETs) and by truth(); the same seed gives the same
// events; it works on a lazy account.
#include <map>
#include <set>

#include "test_support.hpp"
#include "util.hpp"

namespace zoom_sim::testing {
namespace {

using namespace std::chrono;
namespace json = boost::json;

const sys_days kToday{year{2026} / 11 / 29};

Options activity_options() {
  auto o = small_options();
  o.sizes.users = 60;
  o.sizes.hosting_percent = 50;
  o.rate_limit = false;
  o.token_lifetime = hours(24);  // the clock moves on with every step
  o.activity.crud_share = 0.4;
  return o;
}

class Activity : public ::testing::Test {
 protected:
  void start(Options opt) {
    opt.clock = clock.clock();
    sim = std::make_unique<Simulator>(std::move(opt));
    token = fetch_token(sim->base_url());
    client = std::make_unique<HttpClient>(sim->base_url(), true);
  }
  void run_steps(int n) {
    for (int i = 0; i < n; ++i) {
      sim->activity_step();
      clock.advance(seconds(20));
    }
  }
  std::vector<json::object> events() const {
    std::vector<json::object> out;
    for (const auto& e : sim->recent_events()) out.push_back(json::parse(e.json).as_object());
    return out;
  }
  Resp get(const std::string& t) { return client->get(t, bearer(token)); }
  static const json::object& object(const json::object& e) {
    return e.at("payload").at("object").as_object();
  }
  static std::string str(const json::value& v) {
    return v.is_string() ? std::string(v.as_string()) : json::serialize(v);
  }

  ManualClock clock{sys_seconds{kToday} + hours(9)};
  std::unique_ptr<Simulator> sim;
  std::string token;
  std::unique_ptr<HttpClient> client;
};

TEST_F(Activity, EveryKindOfChangeHappensAndTheApiServesIt) {
  auto opt = activity_options();
  opt.events.recent_events = 100000;
  start(opt);
  run_steps(600);
  sim->activity_settle();
  const auto evs = events();
  std::map<std::string, int> kinds;
  for (const auto& e : evs) ++kinds[str(e.at("event"))];
  for (auto k : {"meeting.started", "meeting.ended", "meeting.participant_joined",
                 "meeting.participant_left", "recording.completed", "user.created", "user.updated",
                 "meeting.created", "meeting.updated", "meeting.deleted", "webinar.created",
                 "group.created", "group.member_added", "phone.callee_call_history_completed",
                 "phone.caller_call_history_completed"})
    EXPECT_GT(kinds[k], 0) << k;
  EXPECT_GT(kinds["user.deleted"] + kinds["user.disassociated"], 0);
  EXPECT_GT(kinds["recording.deleted"] + kinds["recording.trashed"], 0);
  EXPECT_EQ(kinds["meeting.started"], kinds["meeting.ended"]);  // settled
  EXPECT_EQ(kinds["meeting.participant_joined"], kinds["meeting.participant_left"]);
  EXPECT_EQ(sim->event_counters().activity_steps, 600u);

  // The final state of each key, replayed from the events, as the API must serve it.
  std::map<std::string, std::string> user_state, meeting_state, recording_state, group_state, hosts;
  std::map<std::string, std::set<std::string>> joined;  // meeting uuid → participant ids
  std::set<std::string> ended, calls;
  for (const auto& e : evs) {
    const auto name = str(e.at("event"));
    const auto& o = object(e);
    const auto dot = name.find('.');
    const auto kind = name.substr(0, dot), what = name.substr(dot + 1);
    if (kind == "user") user_state[str(o.at("id"))] = what;
    if ((kind == "meeting" || kind == "webinar") && what == "created")
      hosts[kind + "/" + str(o.at("id"))] = str(o.at("host_id"));
    if ((kind == "meeting" || kind == "webinar") &&
        (what == "created" || what == "updated" || what == "deleted"))
      meeting_state[kind + "/" + str(o.at("id"))] =
          what == "updated" ? "updated:" + (o.contains("topic") ? str(o.at("topic")) : "") : what;
    if (name == "meeting.participant_joined")
      joined[str(o.at("uuid"))].insert(str(o.at("participant").at("user_id")));
    if (name == "meeting.ended") ended.insert(str(o.at("uuid")));
    if (kind == "recording") recording_state[str(o.at("uuid")) + " " + str(o.at("host_id"))] = what;
    if (name == "group.created" || name == "group.deleted") group_state[str(o.at("id"))] = what;
    if (kind == "phone") calls.insert(str(o.at("call_logs").at(0).at("id")));
  }
  EXPECT_GT(user_state.size(), 10u);
  EXPECT_GT(meeting_state.size(), 10u);
  EXPECT_GT(ended.size(), 10u);
  EXPECT_GT(recording_state.size(), 3u);
  EXPECT_GT(group_state.size(), 1u);
  EXPECT_GT(calls.size(), 3u);
  for (const auto& [id, what] : user_state) {
    const auto r = get("/v2/users/" + id);
    if (what == "deleted" || what == "disassociated") {
      EXPECT_EQ(r.status, 404) << id;
    } else {
      ASSERT_EQ(r.status, 200) << id << " " << what;
      if (what == "deactivated") {
        EXPECT_EQ(r.json().at("status"), "inactive");
      }
      if (what == "activated") {
        EXPECT_EQ(r.json().at("status"), "active");
      }
    }
  }
  const auto& ds = sim->dataset();
  auto host_gone = [&](const std::string& key) {
    const auto id = std::stoll(key.substr(key.find('/') + 1));
    std::string host = hosts[key];
    if (host.empty()) {
      if (const auto* m = ds.find_meeting_by_id(id)) host = m->host_id;
      if (const auto* w = ds.find_webinar_by_id(id)) host = ds.users[w->host_index].id;
    }
    const auto it = user_state.find(host);
    return it != user_state.end() && (it->second == "deleted" || it->second == "disassociated");
  };
  for (const auto& [key, what] : meeting_state) {
    const auto r =
        get("/v2/" + key.substr(0, key.find('/')) + "s/" + key.substr(key.find('/') + 1));
    // Deleting a user takes its meetings and webinars away (without events).
    if (what == "deleted" || host_gone(key)) {
      EXPECT_EQ(r.status, 404) << key;
      continue;
    }
    EXPECT_EQ(r.status, 200) << key;
    if (what.starts_with("updated:") && what.size() > 8) {
      EXPECT_EQ(str(r.json().at("topic")), what.substr(8)) << key;
    }
  }
  const auto participants = sim->truth("past_meeting_participants");
  for (const auto& uuid : ended) {
    const auto r = get("/v2/past_meetings/" + pct(pct(uuid)) + "/participants?page_size=300");
    ASSERT_EQ(r.status, 200) << uuid;
    std::set<std::string> ids;
    const auto body = r.json();
    for (const auto& p : body.at("participants").as_array()) {
      ids.insert(str(p.at("user_id")));
      EXPECT_TRUE(participants.contains(str(p.at("user_id"))));
    }
    EXPECT_EQ(ids, joined[uuid]) << uuid;
  }
  const auto recordings = sim->truth("recordings");
  for (const auto& [key, what] : recording_state) {
    const auto uuid = key.substr(0, key.find(' '));
    EXPECT_EQ(recordings.contains(uuid), what == "completed") << uuid << " " << what;
  }
  const auto groups = sim->truth("groups");
  for (const auto& [id, what] : group_state) EXPECT_EQ(groups.contains(id), what == "created");
  const auto call_history = sim->truth("phone_call_history");
  for (const auto& id : calls) EXPECT_TRUE(call_history.contains(id)) << id;
  const auto r = get("/v2/phone/call_history?page_size=300");
  ASSERT_EQ(r.status, 200);
  std::set<std::string> listed;
  const auto body = r.json();
  for (const auto& c : body.at("call_logs").as_array()) listed.insert(str(c.at("id")));
  for (const auto& id : calls) EXPECT_TRUE(listed.contains(id)) << id;
}

TEST_F(Activity, TruthIsWhatTheApiLists) {
  start(activity_options());
  run_steps(300);
  // users: every status, keyed by id, the list element exactly.
  std::map<std::string, std::string> listed;
  for (const char* status : {"active", "inactive", "pending"}) {
    const auto r = get(std::string("/v2/users?page_size=300&status=") + status);
    ASSERT_EQ(r.status, 200);
    const auto body = r.json();
    for (const auto& u : body.at("users").as_array()) listed[str(u.at("id"))] = json::serialize(u);
  }
  const auto users = sim->truth("users");
  EXPECT_EQ(users, listed);
  // meetings: every listed user's scheduled meetings, by uuid.
  std::set<std::string> uuids;
  for (const auto& [id, row] : listed) {
    const auto r = get("/v2/users/" + id + "/meetings?type=scheduled&page_size=300");
    ASSERT_EQ(r.status, 200);
    const auto body = r.json();
    for (const auto& m : body.at("meetings").as_array()) uuids.insert(str(m.at("uuid")));
  }
  std::set<std::string> truth_uuids;
  for (const auto& [k, v] : sim->truth("meetings")) truth_uuids.insert(k);
  EXPECT_EQ(truth_uuids, uuids);
  // Over HTTP too.
  const auto r = client->get("/_sim/truth?stream=groups");
  ASSERT_EQ(r.status, 200);
  const auto groups = sim->truth("groups");
  const auto truth_body = r.json();
  const auto& records = truth_body.at("records").as_object();
  EXPECT_EQ(records.size(), groups.size());
  for (const auto& [k, v] : groups) EXPECT_EQ(records.at(k), json::parse(v));
  EXPECT_EQ(client->get("/_sim/truth?stream=nope").status, 400);
  // Truth reads are not requests: nothing counted or logged.
  for (const auto& e : sim->request_log()) EXPECT_NE(e.endpoint, "") << e.path;
}

std::vector<std::pair<std::string, std::string>> run(std::uint64_t seed, int steps) {
  auto opt = activity_options();
  opt.seed = seed;
  opt.events.recent_events = 100000;
  ManualClock clock{sys_seconds{kToday} + hours(9)};
  opt.clock = clock.clock();
  Simulator sim(opt);
  for (int i = 0; i < steps; ++i) {
    sim.activity_step();
    clock.advance(seconds(15));
  }
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& e : sim.recent_events()) out.emplace_back(e.name, e.json);
  return out;
}

TEST(ActivityDeterminism, SameSeedSameEventsOtherSeedOtherEvents) {
  const auto a = run(42, 250);
  const auto b = run(42, 250);
  ASSERT_GT(a.size(), 200u);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, run(43, 250));
}

TEST(ActivityLazy, AMillionUserAccountKeepsWorking) {
  Options opt;
  opt.sizes.users = 1000000;
  opt.today = kToday;
  opt.rate_limit = false;
  ManualClock clock{sys_seconds{kToday} + hours(9)};
  opt.clock = clock.clock();
  Simulator sim(opt);
  ASSERT_TRUE(sim.dataset().lazy);
  for (int i = 0; i < 200; ++i) {
    sim.activity_step();
    clock.advance(seconds(15));
  }
  EXPECT_EQ(sim.event_counters().activity_steps, 200u);
  EXPECT_GT(sim.event_counters().published, 200u);
  const auto token = fetch_token(sim.base_url());
  HttpClient c(sim.base_url(), true);
  const auto r = c.get("/v2/users?page_size=300", bearer(token));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json().at("users").as_array().size(), 300u);
  // The users it created are served, unless it deleted them again.
  std::map<std::string, std::string> last;
  for (const auto& e : sim.recent_events())
    if (e.name.starts_with("user."))
      last[std::string(json::parse(e.json).at("payload").at("object").at("id").as_string())] =
          e.name;
  int created = 0;
  for (const auto& [id, name] : last) {
    const bool gone = name == "user.deleted" || name == "user.disassociated";
    created += !gone;
    EXPECT_EQ(c.get("/v2/users/" + id, bearer(token)).status, gone ? 404 : 200) << id << name;
  }
  EXPECT_GT(created, 0);
  // Every user is listed once under its status: a page costs a page, not the account.
  std::size_t total = 0;
  for (const char* status : {"active", "inactive", "pending"})
    total += static_cast<std::size_t>(
        c.get(std::string("/v2/users?page_size=1&status=") + status, bearer(token))
            .json()
            .at("total_records")
            .as_int64());
  std::size_t alive_created = 0;
  for (const auto& [id, name] : last)
    alive_created +=
        !sim.dataset().find_user(id) && name != "user.deleted" && name != "user.disassociated";
  EXPECT_EQ(total, 1000000u + alive_created);
}

// The user list over the write overlay is the same whether the account is made
// lazily or eagerly, page by page.
TEST(ActivityLazy, ChangedUserListsAreTheSameLazyOrEager) {
  std::vector<std::vector<std::string>> lists;
  for (const bool lazy : {false, true}) {
    auto opt = small_options();
    opt.rate_limit = false;
    opt.sizes.users = 60;
    if (lazy) opt.sizes.eager_max_users = 10;
    Simulator sim(opt);
    ASSERT_EQ(sim.dataset().lazy, lazy);
    const auto token = fetch_token(sim.base_url());
    HttpClient c(sim.base_url(), true);
    auto call = [&](const std::string& m, const std::string& t, const json::value& b = {}) {
      return c.request(m, t, b.is_null() ? "" : json::serialize(b), bearer(token)).status;
    };
    const auto& ds = sim.dataset();
    for (int i = 0; i < 3; ++i)
      ASSERT_EQ(call("POST", "/v2/users",
                     json::object{{"action", i == 0 ? "create" : "autoCreate"},
                                  {"user_info",
                                   json::object{{"email", "n" + std::to_string(i) + "@example.com"},
                                                {"type", 1}}}}),
                201);
    ASSERT_EQ(call("DELETE", "/v2/users/" + ds.user_at(4).id), 204);
    ASSERT_EQ(call("DELETE", "/v2/users/" + ds.user_at(19).id), 204);  // inactive
    ASSERT_EQ(call("PATCH", "/v2/users/" + ds.user_at(7).id, json::object{{"dept", "X"}}), 204);
    std::vector<std::string> rows;
    for (const char* status : {"active", "inactive", "pending"})
      for (const auto& id :
           walk_ids(c, token, std::string("/v2/users?page_size=7&status=") + status, "users", "id"))
        rows.push_back(std::string(status) + " " + id);
    lists.push_back(rows);
  }
  EXPECT_EQ(lists[0], lists[1]);
  EXPECT_EQ(lists[0].size(), 60u + 3 - 2);
}

}  // namespace
}  // namespace zoom_sim::testing
