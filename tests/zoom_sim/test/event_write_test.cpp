// Every applied REST write publishes Zoom's event for it, with Zoom's payload
// shape (docs/zoom_sim.md "Events"); rejected writes publish nothing.
#include "test_support.hpp"
#include "util.hpp"

namespace zoom_sim::testing {
namespace {

using namespace std::chrono;
namespace json = boost::json;

const sys_days kToday{year{2026} / 11 / 29};

class WriteEvents : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opt = small_options();
    opt.rate_limit = false;
    opt.clock = clock.clock();
    sim = std::make_unique<Simulator>(opt);
    token = fetch_token(sim->base_url());
    client = std::make_unique<HttpClient>(sim->base_url(), true);
  }
  Resp call(const std::string& method, const std::string& target, const json::value& body = {}) {
    return client->request(method, target, body.is_null() ? "" : json::serialize(body),
                           bearer(token));
  }
  // The events published since the last call.
  std::vector<json::object> fresh() {
    std::vector<json::object> out;
    for (const auto& e : sim->recent_events()) {
      if (e.seq <= seen) continue;
      seen = e.seq;
      auto o = json::parse(e.json).as_object();
      EXPECT_EQ(o.at("event").as_string(), e.name);
      EXPECT_EQ(o.at("event_ts").as_int64(), e.event_ts);
      out.push_back(std::move(o));
    }
    return out;
  }
  const User& host() {
    for (const auto& u : sim->dataset().users)
      if (u.status == "active" && u.type == 2 && u.webinar_licensed && u.role_id != "0") return u;
    throw std::runtime_error("no host");
  }
  static const json::object& payload(const json::object& e) { return e.at("payload").as_object(); }
  static const json::object& object(const json::object& e) {
    return payload(e).at("object").as_object();
  }

  ManualClock clock{sys_seconds{kToday} + hours(12)};
  std::unique_ptr<Simulator> sim;
  std::string token;
  std::unique_ptr<HttpClient> client;
  std::uint64_t seen = 0;
};

TEST_F(WriteEvents, UserLifecyclePublishesCreatedUpdatedDeleted) {
  auto r = call("POST", "/v2/users",
                json::object{{"action", "custCreate"},
                             {"user_info", json::object{{"email", "ev.user@example.com"},
                                                        {"type", 1},
                                                        {"first_name", "Ev"},
                                                        {"last_name", "User"}}}});
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string id(r.json().at("id").as_string());
  auto evs = fresh();
  ASSERT_EQ(evs.size(), 1u);
  EXPECT_EQ(evs[0].at("event"), "user.created");
  EXPECT_EQ(evs[0].at("event_ts").as_int64(),
            duration_cast<milliseconds>(clock.now().time_since_epoch()).count());
  EXPECT_EQ(payload(evs[0]).at("account_id"), "sim-account-id");
  EXPECT_EQ(payload(evs[0]).at("creation_type"), "custCreate");
  EXPECT_EQ(payload(evs[0]).at("operator"), sim->dataset().users[0].email.c_str());
  EXPECT_EQ(object(evs[0]).at("id"), id.c_str());
  EXPECT_EQ(object(evs[0]).at("email"), "ev.user@example.com");
  EXPECT_EQ(object(evs[0]).at("display_name"), "Ev User");

  clock.advance(seconds(5));
  ASSERT_EQ(
      call("PATCH", "/v2/users/" + id, json::object{{"dept", "Ops"}, {"job_title", "Lead"}}).status,
      204);
  evs = fresh();
  ASSERT_EQ(evs.size(), 1u);
  EXPECT_EQ(evs[0].at("event"), "user.updated");
  // Only the changed fields and the id; the old values beside them.
  EXPECT_EQ(object(evs[0]), (json::object{{"dept", "Ops"}, {"job_title", "Lead"}, {"id", id}}));
  EXPECT_EQ(payload(evs[0]).at("old_object"),
            (json::object{{"dept", ""}, {"job_title", nullptr}, {"id", id}}));
  EXPECT_EQ(payload(evs[0]).at("time_stamp").as_int64(), evs[0].at("event_ts").as_int64());

  // The same values again change nothing and publish nothing.
  ASSERT_EQ(call("PATCH", "/v2/users/" + id, json::object{{"dept", "Ops"}}).status, 204);
  EXPECT_TRUE(fresh().empty());

  ASSERT_EQ(call("DELETE", "/v2/users/" + id + "?action=delete").status, 204);
  evs = fresh();
  ASSERT_EQ(evs.size(), 1u);
  EXPECT_EQ(evs[0].at("event"), "user.deleted");
  EXPECT_EQ(object(evs[0]).at("id"), id.c_str());

  // Zoom's default DELETE action is disassociate.
  const auto& other = sim->dataset().users[3];
  ASSERT_EQ(call("DELETE", "/v2/users/" + other.id).status, 204);
  evs = fresh();
  ASSERT_EQ(evs.size(), 1u);
  EXPECT_EQ(evs[0].at("event"), "user.disassociated");
  EXPECT_EQ(object(evs[0]).at("email"), other.email.c_str());
}

TEST_F(WriteEvents, RejectedWritesPublishNothing) {
  EXPECT_EQ(call("PATCH", "/v2/users/nobody@example.com", json::object{{"dept", "x"}}).status, 404);
  EXPECT_EQ(call("DELETE", "/v2/meetings/12345").status, 404);
  EXPECT_EQ(call("POST", "/v2/users", json::object{{"action", "create"}}).status, 400);
  EXPECT_TRUE(fresh().empty());
  EXPECT_EQ(sim->event_counters().published, 0u);
}

TEST_F(WriteEvents, MeetingLifecyclePublishesTheChangedFieldsOnly) {
  const auto& h = host();
  auto r = call("POST", "/v2/users/" + h.id + "/meetings",
                json::object{{"topic", "Events"},
                             {"type", 2},
                             {"start_time", util::iso8601(sys_seconds{kToday + days(2)})},
                             {"duration", 30}});
  ASSERT_EQ(r.status, 201) << r.body;
  const auto created = r.json().as_object();
  auto evs = fresh();
  ASSERT_EQ(evs.size(), 1u);
  EXPECT_EQ(evs[0].at("event"), "meeting.created");
  for (auto k :
       {"uuid", "id", "host_id", "topic", "type", "start_time", "duration", "join_url", "settings"})
    EXPECT_EQ(object(evs[0]).at(k), created.at(k)) << k;
  EXPECT_FALSE(object(evs[0]).contains("password"));

  const std::string id = std::to_string(created.at("id").as_int64());
  ASSERT_EQ(call("PATCH", "/v2/meetings/" + id,
                 json::object{{"topic", "Events v2"},
                              {"settings", json::object{{"audio", "voip"}, {"host_video", false}}}})
                .status,
            204);
  evs = fresh();
  ASSERT_EQ(evs.size(), 1u);
  EXPECT_EQ(evs[0].at("event"), "meeting.updated");
  EXPECT_EQ(object(evs[0]), (json::object{{"topic", "Events v2"},
                                          {"settings", json::object{{"audio", "voip"}}},
                                          {"id", created.at("id")}}));
  EXPECT_EQ(payload(evs[0]).at("old_object"),
            (json::object{{"topic", "Events"},
                          {"settings", json::object{{"audio", "both"}}},
                          {"id", created.at("id")}}));

  ASSERT_EQ(call("POST", "/v2/meetings/" + id + "/registrants",
                 json::object{{"email", "reg@example.com"}, {"first_name", "Reg"}})
                .status,
            201);
  evs = fresh();
  ASSERT_EQ(evs.size(), 1u);
  EXPECT_EQ(evs[0].at("event"), "meeting.registration_created");
  EXPECT_EQ(object(evs[0]).at("registrant").at("email"), "reg@example.com");
  // Registering the same e-mail again adds nothing and publishes nothing.
  ASSERT_EQ(call("POST", "/v2/meetings/" + id + "/registrants",
                 json::object{{"email", "reg@example.com"}, {"first_name", "Reg"}})
                .status,
            201);
  EXPECT_TRUE(fresh().empty());

  ASSERT_EQ(call("DELETE", "/v2/meetings/" + id).status, 204);
  evs = fresh();
  ASSERT_EQ(evs.size(), 1u);
  EXPECT_EQ(evs[0].at("event"), "meeting.deleted");
  EXPECT_EQ(object(evs[0]).at("uuid"), created.at("uuid"));
}

TEST_F(WriteEvents, WebinarsAndDatasetMeetingsToo) {
  const auto& h = host();
  auto r = call("POST", "/v2/users/" + h.id + "/webinars",
                json::object{{"topic", "Web"},
                             {"type", 5},
                             {"start_time", util::iso8601(sys_seconds{kToday + days(3)})}});
  ASSERT_EQ(r.status, 201) << r.body;
  auto evs = fresh();
  ASSERT_EQ(evs.size(), 1u);
  EXPECT_EQ(evs[0].at("event"), "webinar.created");
  // A dataset meeting: its update shows the dataset's old value.
  const auto& m = sim->dataset().meetings[sim->dataset().users[0].meetings[0]];
  ASSERT_EQ(
      call("PATCH", "/v2/meetings/" + std::to_string(m.id), json::object{{"agenda", "New agenda"}})
          .status,
      204);
  evs = fresh();
  ASSERT_EQ(evs.size(), 1u);
  EXPECT_EQ(evs[0].at("event"), "meeting.updated");
  EXPECT_EQ(object(evs[0]), (json::object{{"agenda", "New agenda"}, {"id", m.id}}));
  EXPECT_EQ(payload(evs[0]).at("old_object"), (json::object{{"agenda", ""}, {"id", m.id}}));
}

TEST_F(WriteEvents, GroupMembersAddedAndDeleted) {
  const auto& ds = sim->dataset();
  const auto& g = ds.groups[1];
  const auto& u = ds.users[0];  // in group 0
  ASSERT_EQ(call("POST", "/v2/groups/" + g.id + "/members",
                 json::object{{"members", json::array{json::object{{"id", u.id}}}}})
                .status,
            201);
  auto evs = fresh();
  ASSERT_EQ(evs.size(), 1u);
  EXPECT_EQ(evs[0].at("event"), "group.member_added");
  EXPECT_EQ(
      object(evs[0]),
      (json::object{{"id", g.id},
                    {"members", json::array{json::object{{"id", u.id}, {"email", u.email}}}}}));
  // Adding again changes nothing and publishes nothing.
  ASSERT_EQ(call("POST", "/v2/groups/" + g.id + "/members",
                 json::object{{"members", json::array{json::object{{"email", u.email}}}}})
                .status,
            201);
  EXPECT_TRUE(fresh().empty());
  ASSERT_EQ(call("DELETE", "/v2/groups/" + g.id + "/members/" + u.id).status, 204);
  evs = fresh();
  ASSERT_EQ(evs.size(), 1u);
  EXPECT_EQ(evs[0].at("event"), "group.member_deleted");
  EXPECT_EQ(sim->event_counters().published, 2u);
}

TEST_F(WriteEvents, EventsServedOverHttpAndCountedInStats) {
  ASSERT_EQ(call("DELETE", "/v2/users/" + sim->dataset().users[5].id).status, 204);
  auto r = client->get("/_sim/events");
  ASSERT_EQ(r.status, 200);
  const auto o = r.json().as_object();
  EXPECT_EQ(o.at("counters").at("published").as_int64(), 1);
  ASSERT_EQ(o.at("recent").as_array().size(), 1u);
  const auto& rec = o.at("recent").as_array()[0].as_object();
  EXPECT_EQ(rec.at("event"), "user.disassociated");
  EXPECT_EQ(rec.at("json"), sim->recent_events().at(0).json.c_str());
  EXPECT_EQ(client->get("/_sim/stats").json().at("events").at("published").as_int64(), 1);
  EXPECT_EQ(sim->stats().events.published, 1u);
}

}  // namespace
}  // namespace zoom_sim::testing
