// The event -> stream rules of schemas/catalog.json: the plugin's own catalog
// passes the checks and maps Zoom's published events (zoom-api.md §8), and a
// catalog that breaks a rule is refused with a message that says where.
#include "events/event_catalog.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

#include "core/catalog_document.hpp"

namespace zc::events {
namespace {

namespace json = boost::json;

TEST(EventCatalog, TheEmbeddedCatalogMapsZoomsEvents) {
  const auto& catalog = embedded_event_catalog();
  const std::map<std::string, std::pair<std::string, ChangeOp>> expected{
      {"user.created", {"users", ChangeOp::upsert}},
      {"user.updated", {"users", ChangeOp::upsert}},
      {"user.activated", {"users", ChangeOp::upsert}},
      {"user.deactivated", {"users", ChangeOp::upsert}},
      {"user.disassociated", {"users", ChangeOp::remove}},
      {"user.deleted", {"users", ChangeOp::remove}},
      {"group.created", {"groups", ChangeOp::upsert}},
      {"group.updated", {"groups", ChangeOp::upsert}},
      {"group.member_added", {"groups", ChangeOp::upsert}},
      {"group.member_deleted", {"groups", ChangeOp::upsert}},
      {"group.deleted", {"groups", ChangeOp::remove}},
      {"meeting.created", {"meetings", ChangeOp::upsert}},
      {"meeting.updated", {"meetings", ChangeOp::upsert}},
      {"meeting.deleted", {"meetings", ChangeOp::remove}},
      {"webinar.created", {"webinars", ChangeOp::upsert}},
      {"webinar.updated", {"webinars", ChangeOp::upsert}},
      {"webinar.deleted", {"webinars", ChangeOp::remove}},
      {"recording.completed", {"recordings", ChangeOp::upsert}},
      {"recording.transcript_completed", {"recordings", ChangeOp::upsert}},
      {"recording.trashed", {"recordings", ChangeOp::remove}},
      {"recording.deleted", {"recordings", ChangeOp::remove}},
      {"meeting.participant_joined", {"past_meeting_participants", ChangeOp::upsert}},
      {"meeting.participant_left", {"past_meeting_participants", ChangeOp::upsert}},
      {"phone.caller_call_history_completed", {"phone_call_history", ChangeOp::upsert}},
      {"phone.callee_call_history_completed", {"phone_call_history", ChangeOp::upsert}},
  };
  for (const auto& [event, target] : expected) {
    const auto& rules = catalog.rules_for(event);
    ASSERT_EQ(rules.size(), 1u) << event;
    EXPECT_EQ(rules[0].stream, target.first) << event;
    EXPECT_EQ(rules[0].op, target.second) << event;
    // No delete needs a read; the catalog's upserts all do (no event carries
    // the record as the stream serves it).
    EXPECT_EQ(rules[0].partial, target.second == ChangeOp::upsert) << event;
  }
  EXPECT_EQ(catalog.event_names().size(), expected.size());
  EXPECT_EQ(catalog.streams(),
            (std::vector<std::string>{"groups", "meetings", "past_meeting_participants",
                                      "phone_call_history", "recordings", "users", "webinars"}));
  EXPECT_TRUE(catalog.rules_for("meeting.started").empty());
  EXPECT_TRUE(catalog.rules_for("").empty());
}

TEST(EventCatalog, EveryEventStreamIsAStreamOfTheCatalog) {
  const auto document = json::parse(embedded_catalog_document()).as_object();
  std::set<std::string> names;
  for (const auto& s : document.at("streams").as_array())
    names.insert(std::string(s.at("name").as_string()));
  for (const auto& stream : embedded_event_catalog().streams()) EXPECT_TRUE(names.contains(stream));
}

// A one-stream catalog with `events` as its events list.
std::string catalog_with(const std::string& events, const std::string& key = R"(["uuid"])") {
  return R"({"streams":[{"name":"meetings","primary_key":)" + key + R"(,"events":)" + events +
         "}]}";
}

std::string refusal(const std::string& text) {
  auto read = read_event_catalog(text);
  EXPECT_FALSE(read.has_value()) << text;
  return read ? std::string() : read.error().message;
}

TEST(EventCatalog, AGoodRuleReadsInFull) {
  auto read = read_event_catalog(catalog_with(
      R"([{"name":"meeting.updated","op":"upsert","key":"object.uuid","lookup":"object.id",)"
      R"("parent":"object.host_id","partial":true},)"
      R"({"name":"meeting.deleted","op":"delete","key":"object.uuid","partial":false}])"));
  ASSERT_TRUE(read.has_value()) << read.error().message;
  const auto& rule = read->rules_for("meeting.updated").at(0);
  EXPECT_EQ(rule.key, (FieldPath{"object", "uuid"}));
  EXPECT_EQ(rule.lookup, (FieldPath{"object", "id"}));
  EXPECT_EQ(rule.parent, (FieldPath{"object", "host_id"}));
  EXPECT_TRUE(rule.each.empty());
  EXPECT_EQ(read->rules_for("meeting.deleted").at(0).op, ChangeOp::remove);
  // Streams without events are fine.
  EXPECT_TRUE(read_event_catalog(R"({"streams":[{"name":"x","primary_key":["a","b"]}]})"));
}

TEST(EventCatalog, BrokenRulesAreRefusedSayingWhere) {
  const std::string ok = R"("name":"meeting.deleted","op":"delete","key":"object.uuid")";
  EXPECT_NE(refusal(catalog_with("[{" + ok + R"(,"partial":false,"extra":1}])"))
                .find("unknown field \"extra\""),
            std::string::npos);
  EXPECT_NE(refusal(catalog_with("[{" + ok + "}]")).find("\"partial\""), std::string::npos);
  EXPECT_NE(
      refusal(
          catalog_with(
              R"([{"name":"meeting.deleted","op":"remove","key":"object.uuid","partial":false}])"))
          .find("\"op\""),
      std::string::npos);
  EXPECT_NE(
      refusal(
          catalog_with(
              R"([{"name":"meeting.deleted","op":"delete","key":"object.id","partial":false}])"))
          .find("primary key \"uuid\""),
      std::string::npos);
  for (const char* bad_key : {"", "object..uuid", "object.UUID", ".uuid", "object.uuid.", "a b"})
    EXPECT_NE(refusal(catalog_with(std::string(R"([{"name":"m.d","op":"delete","key":")") +
                                   bad_key + R"(","partial":false}])"))
                  .find("\"key\""),
              std::string::npos)
        << bad_key;
  EXPECT_NE(refusal(catalog_with(R"([{"name":"m.d","op":"delete","key":"object.uuid",)"
                                 R"("lookup":"object.id","partial":false}])"))
                .find("only for partial upserts"),
            std::string::npos);
  EXPECT_NE(
      refusal(catalog_with("[{" + ok + R"(,"partial":false},{)" + ok + R"(,"partial":false}])"))
          .find("listed twice"),
      std::string::npos);
  EXPECT_NE(
      refusal(catalog_with("[{" + ok + R"(,"partial":false}])", R"(["a","b"])")).find("one field"),
      std::string::npos);
  EXPECT_NE(refusal(catalog_with("[]")).find("non-empty"), std::string::npos);
  EXPECT_NE(refusal(catalog_with(R"([{"name":"Meeting Deleted","op":"delete","key":"object.uuid",)"
                                 R"("partial":false}])"))
                .find("\"name\""),
            std::string::npos);
  EXPECT_FALSE(read_event_catalog("not json"));
  EXPECT_FALSE(read_event_catalog(R"({"streams":{}})"));
}

}  // namespace
}  // namespace zc::events
