// The write engine end to end against the simulator: every operation gives
// exactly one result per record in input order; what is written is what a
// fetch reads back; upsert, deletes of what is gone, and group batches.
#include <gtest/gtest.h>

#include "write_engine_support.hpp"

namespace {

using namespace write_test;

struct Case {
  std::string operation;
  json::object good;
};

TEST(WriteEngine, EveryOperationGivesOneResultPerRecordInOrder) {
  Env env(sim_options(30));
  const auto& ds = env.sim->dataset();
  const auto& host = env.host(0, true);
  const auto& other = env.host(3);
  // A webinar to register for and update, made first (dataset ones may be over).
  auto made = env.write("webinars.create", {json::object{{"user_id", host.id},
                                                         {"topic", "Registrable"},
                                                         {"type", 5},
                                                         {"start_time", future_time(9)},
                                                         {"duration", 60}}});
  ASSERT_EQ(outcome(made, 0), "done") << json::serialize(made);
  const std::int64_t webinar = std::stoll(field(made, 0, "id"));
  std::int64_t upcoming = 0, doomed = 0;
  for (const auto& m : ds.meetings) {
    const auto& h = ds.users[m.host_index];
    if (m.past || h.status != "active" || h.type != 2) continue;
    (upcoming == 0 ? upcoming : doomed) = m.id;
    if (doomed != 0) break;
  }
  ASSERT_NE(upcoming, 0);
  ASSERT_NE(doomed, 0);
  std::int64_t webinar_to_delete = 0;
  for (const auto& w : ds.webinars)
    if (w.id != webinar) webinar_to_delete = w.id;
  const auto& group = ds.groups[0];
  std::string outsider, member;
  for (const auto& u : ds.users) {
    const bool in =
        std::find(u.group_ids.begin(), u.group_ids.end(), group.id) != u.group_ids.end();
    if (!in && outsider.empty() && u.status == "active") outsider = u.id;
    if (in && member.empty() && u.role_id != "0") member = u.id;
  }
  const std::vector<Case> cases = {
      {"users.create", {{"email", "new.user@example.com"}, {"type", 1}, {"first_name", "New"}}},
      {"users.update", {{"user_id", other.id}, {"dept", "Finance"}}},
      {"users.upsert", {{"email", "upsert.user@example.com"}, {"type", 1}}},
      {"users.delete", {{"user_id", ds.users.back().id}}},
      {"meetings.create",
       {{"user_id", host.id},
        {"topic", "Planning"},
        {"type", 2},
        {"start_time", future_time(3)},
        {"duration", 30}}},
      {"meetings.update", {{"meeting_id", upcoming}, {"topic", "Renamed"}}},
      {"meetings.delete", {{"meeting_id", doomed}}},
      {"meeting_registrants.add",
       {{"meeting_id", upcoming}, {"email", "guest@example.com"}, {"first_name", "Guest"}}},
      {"webinars.create",
       {{"user_id", host.id},
        {"topic", "Launch"},
        {"type", 5},
        {"start_time", future_time(4)},
        {"duration", 60}}},
      {"webinars.update", {{"webinar_id", webinar}, {"topic", "Launch 2"}}},
      {"webinars.delete", {{"webinar_id", webinar_to_delete}}},
      {"webinar_registrants.add",
       {{"webinar_id", webinar}, {"email", "attendee@example.com"}, {"first_name", "Att"}}},
      {"group_members.add", {{"group_id", group.id}, {"id", outsider}}},
      {"group_members.remove", {{"group_id", group.id}, {"member_id", member}}},
  };
  ASSERT_EQ(cases.size(), zc::write::operation_specs().size()) << "a case per catalog operation";
  for (const auto& c : cases) {
    SCOPED_TRACE(c.operation);
    // A record with an unknown field and none of the required ones, then the
    // good record, then a record that is not an object.
    const json::array batch = {json::object{{"no_such_field", "secret-value-7"}}, c.good, 42};
    const auto answer = env.write(c.operation, batch);
    ASSERT_EQ(results(answer).size(), 3u) << json::serialize(answer);
    for (std::size_t i = 0; i < 3; ++i)
      EXPECT_EQ(results(answer)[i].as_object().at("index").as_int64(), static_cast<int>(i));
    EXPECT_EQ(outcome(answer, 0), "failed");
    const auto& errors = results(answer)[0].as_object().at("field_errors").as_array();
    EXPECT_GE(errors.size(), 2u) << "every failing field at once: " << json::serialize(errors);
    EXPECT_EQ(json::serialize(answer).find("secret-value-7"), std::string::npos)
        << "no value is echoed";
    EXPECT_EQ(outcome(answer, 1), "done") << json::serialize(results(answer)[1]);
    EXPECT_EQ(outcome(answer, 2), "failed");
    EXPECT_EQ(answer.at("summary").as_object().at("failed").as_int64(), 2);
  }
  EXPECT_EQ(env.sim->writes().users_with_email("new.user@example.com"), 1u);
  EXPECT_EQ(env.sim->writes().meetings(host.id, "Planning"), 1u);
  EXPECT_EQ(env.sim->writes().registrants(upcoming, "guest@example.com"), 1u);
  EXPECT_EQ(env.sim->writes().registrants(webinar, "attendee@example.com"), 1u);
  EXPECT_TRUE(env.sim->writes().in_group(group.id, outsider));
  EXPECT_FALSE(env.sim->writes().in_group(group.id, member));
  EXPECT_FALSE(env.sim->writes().user_exists(ds.users.back().id));
}

TEST(WriteEngine, ACreatedMeetingIsFetchedByTheMeetingsStream) {
  Env env(sim_options(8));
  const auto& host = env.host();
  const auto answer = env.write("meetings.create", {json::object{{"user_id", host.id},
                                                                 {"topic", "Round trip"},
                                                                 {"type", 2},
                                                                 {"start_time", future_time(5)},
                                                                 {"duration", 45}}});
  ASSERT_EQ(outcome(answer, 0), "done") << json::serialize(answer);
  const std::string id = field(answer, 0, "id");
  auto stream = env.connector().fetch(R"({"streams":["meetings"]})");
  ASSERT_TRUE(stream) << stream.error().message;
  bool seen = false;
  for (;;) {
    auto item = (*stream)->next();
    ASSERT_TRUE(item) << item.error().message;
    if (item->kind == zc::FetchItem::Kind::end) break;
    if (item->kind != zc::FetchItem::Kind::record) continue;
    const auto record = json::parse(item->json).as_object();
    if (json::serialize(record.at("id")) == id) {
      seen = true;
      EXPECT_EQ(record.at("topic").as_string(), "Round trip");
    }
  }
  EXPECT_TRUE(seen) << "meeting " << id << " was not fetched";
}

TEST(WriteEngine, UpsertOfAnExistingEmailUpdatesThatUser) {
  Env env(sim_options(10));
  const auto& user = env.host(1);
  const auto answer =
      env.write("users.upsert",
                {json::object{{"email", user.email}, {"type", 2}, {"first_name", "Changed"}},
                 json::object{{"email", "fresh.one@example.com"}, {"type", 1}, {"dept", "Ops"}}});
  ASSERT_EQ(outcome(answer, 0), "done") << json::serialize(answer);
  EXPECT_NE(field(answer, 0, "message").find("1005"), std::string::npos);
  EXPECT_EQ(outcome(answer, 1), "done") << json::serialize(answer);
  EXPECT_EQ(env.sim->writes().users_with_email(user.email), 1u);
  EXPECT_EQ(env.sim->writes().users_with_email("fresh.one@example.com"), 1u);
  auto got = env.connector().api().get("/users/" + user.id);
  ASSERT_TRUE(got);
  EXPECT_EQ(json::parse(got->body).as_object().at("first_name").as_string(), "Changed");
  auto fresh = env.connector().api().get("/users/fresh.one%40example.com");
  ASSERT_TRUE(fresh);
  EXPECT_EQ(json::parse(fresh->body).as_object().at("dept").as_string(), "Ops")
      << "fields the create does not take are set by an update after it";
}

TEST(WriteEngine, DeletingWhatIsGoneIsAlreadyDone) {
  Env env(sim_options(10));
  const auto& group = env.sim->dataset().groups[0];
  std::string outsider;
  for (const auto& u : env.sim->dataset().users)
    if (std::find(u.group_ids.begin(), u.group_ids.end(), group.id) == u.group_ids.end())
      outsider = u.id;
  auto answer = env.write("meetings.delete", {json::object{{"meeting_id", 999999999}}});
  EXPECT_EQ(outcome(answer, 0), "already_done") << json::serialize(answer);
  answer = env.write("webinars.delete", {json::object{{"webinar_id", 999999999}}});
  EXPECT_EQ(outcome(answer, 0), "already_done") << json::serialize(answer);
  answer = env.write("users.delete", {json::object{{"user_id", "no.such@example.com"}}});
  EXPECT_EQ(outcome(answer, 0), "already_done") << json::serialize(answer);
  answer = env.write("group_members.remove",
                     {json::object{{"group_id", group.id}, {"member_id", outsider}}});
  EXPECT_EQ(outcome(answer, 0), "already_done") << json::serialize(answer);
  answer = env.write("group_members.remove",
                     {json::object{{"group_id", "nosuchgroup"}, {"member_id", outsider}}});
  EXPECT_EQ(outcome(answer, 0), "failed") << "4130 (no such group) is not done";
}

TEST(WriteEngine, GroupMembersGoThirtyPerCallWithOneResultEach) {
  Env env(sim_options(100));
  const auto& ds = env.sim->dataset();
  const auto& a = ds.groups[0];
  const auto& b = ds.groups[1];
  json::array batch;
  std::size_t to_a = 0, to_b = 0;
  for (const auto& u : ds.users) {
    const bool b_side = batch.size() % 3 == 2;
    batch.push_back(json::object{{"group_id", b_side ? b.id : a.id}, {"id", u.id}});
    (b_side ? to_b : to_a) += 1;
  }
  batch.push_back(json::object{{"group_id", a.id}, {"id", "not-a-user-of-this-account"}});
  ++to_a;
  env.sim->reset_stats();
  const auto answer = env.write("group_members.add", batch);
  ASSERT_EQ(results(answer).size(), batch.size());
  const auto calls = env.sim->stats().per_endpoint.at("POST /v2/groups/{groupId}/members");
  EXPECT_EQ(calls, (to_a + 29) / 30 + (to_b + 29) / 30);
  for (std::size_t i = 0; i + 1 < batch.size(); ++i)
    EXPECT_EQ(outcome(answer, i), "done") << i << " " << json::serialize(results(answer)[i]);
  EXPECT_EQ(outcome(answer, batch.size() - 1), "failed");
  for (const auto& u : ds.users)
    EXPECT_TRUE(env.sim->writes().in_group(a.id, u.id) || env.sim->writes().in_group(b.id, u.id));
}

}  // namespace
