// One Zoom event -> its change items, by the embedded catalog's rules: every
// mapped event in Zoom's payload shape, and hostile input refused with a
// message that never repeats it.
#include "events/change_parser.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace zc::events {
namespace {

namespace json = boost::json;

std::string event(const std::string& name, const json::object& object, long long ts = 1765000000123,
                  std::optional<long long> time_stamp = std::nullopt) {
  json::object payload{
      {"account_id", "acc"}, {"operator", "admin@example.com"}, {"object", object}};
  if (time_stamp) payload["time_stamp"] = *time_stamp;
  return json::serialize(json::object{{"event", name}, {"event_ts", ts}, {"payload", payload}});
}

std::vector<ChangeItem> items(const std::string& text) {
  auto parsed = parse_event(text, embedded_event_catalog());
  EXPECT_TRUE(parsed.has_value()) << (parsed ? "" : parsed.error().message);
  return parsed ? *parsed : std::vector<ChangeItem>{};
}

std::string refusal(const std::string& text, const ChangeLimits& limits = {}) {
  auto parsed = parse_event(text, embedded_event_catalog(), limits);
  EXPECT_FALSE(parsed.has_value()) << text.substr(0, 200);
  return parsed ? std::string() : parsed.error().message;
}

TEST(ChangeParser, EveryMappedEventGivesItsChange) {
  struct Case {
    std::string event;
    json::object object;
    std::string stream, op, key;
  };
  const json::object participant{{"user_id", "16778240"}, {"user_name", "Ann"}};
  const std::vector<Case> cases{
      {"user.created", {{"id", "u1"}, {"email", "a@example.com"}}, "users", "upsert", "u1"},
      {"user.updated", {{"id", "u1"}, {"dept", "R&D"}}, "users", "upsert", "u1"},
      {"user.activated", {{"id", "u1"}}, "users", "upsert", "u1"},
      {"user.deactivated", {{"id", "u1"}}, "users", "upsert", "u1"},
      {"user.disassociated", {{"id", "u1"}}, "users", "delete", "u1"},
      {"user.deleted", {{"id", "u1"}}, "users", "delete", "u1"},
      {"group.created", {{"id", "g1"}, {"name", "Sales"}}, "groups", "upsert", "g1"},
      {"group.updated", {{"id", "g1"}, {"name", "Sales EU"}}, "groups", "upsert", "g1"},
      {"group.member_added", {{"id", "g1"}, {"members", json::array{}}}, "groups", "upsert", "g1"},
      {"group.member_deleted",
       {{"id", "g1"}, {"members", json::array{}}},
       "groups",
       "upsert",
       "g1"},
      {"group.deleted", {{"id", "g1"}}, "groups", "delete", "g1"},
      {"meeting.created",
       {{"uuid", "m/uu+id=="}, {"id", 85746065432}},
       "meetings",
       "upsert",
       "m/uu+id=="},
      {"meeting.deleted",
       {{"uuid", "m/uu+id=="}, {"id", 85746065432}},
       "meetings",
       "delete",
       "m/uu+id=="},
      {"webinar.created", {{"uuid", "w1=="}, {"id", 9}}, "webinars", "upsert", "w1=="},
      {"webinar.updated", {{"uuid", "w1=="}, {"id", 9}}, "webinars", "upsert", "w1=="},
      {"webinar.deleted", {{"uuid", "w1=="}, {"id", 9}}, "webinars", "delete", "w1=="},
      {"recording.completed", {{"uuid", "r1=="}, {"id", 5}}, "recordings", "upsert", "r1=="},
      {"recording.transcript_completed", {{"uuid", "r1=="}}, "recordings", "upsert", "r1=="},
      {"recording.trashed", {{"uuid", "r1=="}}, "recordings", "delete", "r1=="},
      {"recording.deleted", {{"uuid", "r1=="}}, "recordings", "delete", "r1=="},
      {"meeting.participant_joined",
       {{"uuid", "i1=="}, {"id", "5"}, {"participant", participant}},
       "past_meeting_participants",
       "upsert",
       "16778240"},
      {"meeting.participant_left",
       {{"uuid", "i1=="}, {"id", "5"}, {"participant", participant}},
       "past_meeting_participants",
       "upsert",
       "16778240"},
  };
  for (const auto& c : cases) {
    const auto got = items(event(c.event, c.object));
    ASSERT_EQ(got.size(), 1u) << c.event;
    EXPECT_EQ(got[0].stream, c.stream) << c.event;
    EXPECT_EQ(change_op_word(got[0].op), c.op) << c.event;
    ASSERT_TRUE(got[0].key.has_value()) << c.event;
    EXPECT_EQ(*got[0].key, c.key) << c.event;
    EXPECT_EQ(got[0].event, c.event);
    EXPECT_EQ(got[0].event_ts, 1765000000123);
    EXPECT_EQ(got[0].partial, c.op == "upsert") << c.event;
    EXPECT_TRUE(got[0].record.empty()) << c.event;  // nothing is carried from a partial payload
  }
  const auto joined = items(event("meeting.participant_joined",
                                  {{"uuid", "i1=="}, {"id", "5"}, {"participant", participant}}));
  EXPECT_EQ(joined.at(0).parent, "i1==");
}

TEST(ChangeParser, UpdatedMeetingNamedByIdOnlyCarriesTheLookup) {
  // meeting.updated carries the changed fields and the meeting's id, not its uuid.
  const auto got = items(event("meeting.updated", {{"id", 85746065432}, {"topic", "New"}}));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_FALSE(got[0].key.has_value());
  EXPECT_EQ(got[0].lookup, "85746065432");
  EXPECT_EQ(
      json::parse(change_item_json(got[0])),
      json::parse(R"({"stream":"meetings","op":"upsert","key":null,"lookup":"85746065432",)"
                  R"("partial":true,"event":{"name":"meeting.updated","ts":1765000000123}})"));
}

TEST(ChangeParser, CallHistoryGivesOneChangePerCallLog) {
  json::array logs;
  for (int i = 0; i < 3; ++i) logs.push_back(json::object{{"id", "call-" + std::to_string(i)}});
  const auto got =
      items(event("phone.callee_call_history_completed", {{"user_id", "u1"}, {"call_logs", logs}}));
  ASSERT_EQ(got.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(got[i].stream, "phone_call_history");
    EXPECT_EQ(got[i].key, "call-" + std::to_string(i));
  }
  EXPECT_TRUE(items(event("phone.caller_call_history_completed",
                          {{"user_id", "u1"}, {"call_logs", json::array{}}}))
                  .empty());
  ChangeLimits limits;
  limits.max_items = 2;
  EXPECT_NE(refusal(event("phone.callee_call_history_completed",
                          {{"user_id", "u1"}, {"call_logs", logs}}),
                    limits)
                .find("more than 2 changes"),
            std::string::npos);
  EXPECT_NE(refusal(event("phone.callee_call_history_completed", {{"call_logs", "x"}}))
                .find("not a list"),
            std::string::npos);
}

TEST(ChangeParser, TimesAndDigests) {
  const auto a = items(event("user.updated", {{"id", "u1"}, {"dept", "A"}}, 2000, 1500));
  EXPECT_EQ(a.at(0).change_ts, 1500);  // the object's own time first
  EXPECT_EQ(a.at(0).event_ts, 2000);
  const auto b = items(event("user.updated", {{"id", "u1"}, {"dept", "A"}}, 2000));
  EXPECT_EQ(b.at(0).change_ts, 2000);  // else the event's
  // A redelivery has the digest of the first; another change has another.
  EXPECT_EQ(items(event("user.updated", {{"id", "u1"}, {"dept", "A"}}, 2000, 1500)).at(0).digest,
            a.at(0).digest);
  EXPECT_NE(items(event("user.updated", {{"id", "u1"}, {"dept", "B"}}, 2000, 1500)).at(0).digest,
            a.at(0).digest);
}

TEST(ChangeParser, EventsNoStreamListensToGiveNothing) {
  EXPECT_TRUE(items(event("meeting.started", {{"uuid", "x"}})).empty());
  EXPECT_TRUE(items(R"({"event":"endpoint.url_validation","payload":{"plainToken":"t"}})").empty());
  EXPECT_TRUE(items(R"({"event":"some.future_event"})").empty());
}

TEST(ChangeParser, MalformedEventsAreRefusedWithoutRepeatingThem) {
  const std::string secretish = "SECRET-looking-value-0123456789";
  std::vector<std::pair<std::string, std::string>> cases{
      {"not json " + secretish, "not a JSON object"},
      {"[\"" + secretish + "\"]", "not a JSON object"},
      {R"({"payload":{}})", "no \"event\" name"},
      {R"({"event":5})", "no \"event\" name"},
      {R"({"event":"user.deleted","payload":{"object":{"id":"u1"}}})", "no event_ts"},
      {R"({"event":"user.deleted","event_ts":-5,"payload":{"object":{"id":"u1"}}})", "no event_ts"},
      {R"({"event":"user.deleted","event_ts":"1","payload":{"object":{"id":"u1"}}})",
       "no event_ts"},
      {R"({"event":"user.deleted","event_ts":1.5,"payload":{"object":{"id":"u1"}}})",
       "no event_ts"},
      {R"({"event":"user.deleted","event_ts":1})", "no payload object"},
      {R"({"event":"user.deleted","event_ts":1,"payload":[]})", "no payload object"},
      {event("user.deleted", {{"email", secretish}}), "no key at payload.object.id"},
      {event("user.deleted", {{"id", json::object{{"x", secretish}}}}),
       "object.id is not a usable id"},
      {event("user.deleted", {{"id", ""}}), "not a usable id"},
      {event("user.deleted", {{"id", secretish + "\n"}}), "not a usable id"},
      {event("user.deleted", {{"id", std::string(257, 'a')}}), "not a usable id"},
      {event("user.deleted", {{"id", true}}), "not a usable id"},
  };
  for (const auto& [text, expected] : cases) {
    const auto message = refusal(text);
    EXPECT_NE(message.find(expected), std::string::npos) << message;
    EXPECT_EQ(message.find(secretish), std::string::npos) << message;
  }
  // Nested too deep, too large.
  EXPECT_NE(refusal(std::string(100, '[') + std::string(100, ']')).find("too deeply"),
            std::string::npos);
  ChangeLimits small;
  small.max_bytes = 10;
  EXPECT_NE(refusal(event("user.deleted", {{"id", "u1"}}), small).find("over 10 bytes"),
            std::string::npos);
  // A whole-number id is its digits; an unsigned one too.
  EXPECT_EQ(items(event("user.deleted", {{"id", 18446744073709551615ull}})).at(0).key,
            "18446744073709551615");
}

}  // namespace
}  // namespace zc::events
