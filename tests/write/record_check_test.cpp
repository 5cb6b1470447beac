// Records are checked against their write schema before any call, every
// failing field at once; the checker knows every keyword the schemas use.
#include "write/record_check.hpp"

#include <gtest/gtest.h>

#include <set>

#include "catalog_support.hpp"

namespace {

namespace json = boost::json;
using zc::write::check_record;
using zc_write_test::operations;
using zc_write_test::read_json;

json::object schema_of(const std::string& op) {
  return read_json("writes/" + op + ".schema.json").as_object();
}

std::set<std::string> fields(const std::vector<zc::write::RecordError>& errors) {
  std::set<std::string> out;
  for (const auto& e : errors) out.insert(e.field);
  return out;
}

TEST(RecordCheck, EverySchemaUsesOnlyKnownKeywords) {
  for (const auto& op : operations()) {
    const auto s = read_json(std::string(op.as_object().at("record_schema").as_string()));
    EXPECT_EQ(zc::write::unsupported_keyword(s.as_object()), "") << op.as_object().at("name");
  }
  const auto with_pattern =
      json::parse(R"({"type":"object","properties":{"a":{"type":"string","pattern":"^x"}}})");
  EXPECT_EQ(zc::write::unsupported_keyword(with_pattern.as_object()), "pattern");
}

TEST(RecordCheck, GoodRecordsOfEveryOperationPass) {
  const std::vector<std::pair<std::string, std::string>> good = {
      {"users.create", R"({"email":"a@example.com","type":1,"first_name":"A"})"},
      {"users.update", R"({"user_id":"a@example.com","dept":"R&D","pmi":3000000001})"},
      {"users.upsert",
       R"({"email":"a@example.com","type":2,"job_title":"CTO","action":"autoCreate"})"},
      {"users.delete", R"({"user_id":"KDcuGIm1QgePTO8WbOqwIQ","action":"delete"})"},
      {"meetings.create",
       R"({"user_id":"h@example.com","topic":"Plan","start_time":"2026-12-01T10:00:00Z","duration":30,"settings":{"audio":"voip","some_new_setting":1},"recurrence":{"type":2,"weekly_days":"2,4"}})"},
      {"meetings.update",
       R"({"meeting_id":81000000001,"topic":"Plan v2","host_id":"h@example.com"})"},
      {"meetings.delete", R"({"meeting_id":81000000001,"cancel_meeting_reminder":true})"},
      {"meeting_registrants.add",
       R"({"meeting_id":81000000001,"email":"r@example.com","first_name":"R","custom_questions":[{"title":"Why","value":"Because"}]})"},
      {"webinars.create",
       R"({"user_id":"h@example.com","topic":"Launch","type":5,"start_time":"2026-12-01T10:00:00"})"},
      {"webinars.update", R"({"webinar_id":95000000007,"agenda":"New"})"},
      {"webinars.delete", R"({"webinar_id":95000000007})"},
      {"webinar_registrants.add",
       R"({"webinar_id":95000000007,"email":"r@example.com","first_name":"R","language":"de-DE"})"},
      {"group_members.add", R"({"group_id":"g1","email":"m@example.com"})"},
      {"group_members.remove", R"({"group_id":"g1","member_id":"m@example.com"})"},
  };
  std::set<std::string> covered;
  for (const auto& [op, record] : good) {
    EXPECT_TRUE(check_record(json::parse(record), schema_of(op)).empty()) << op;
    covered.insert(op);
  }
  EXPECT_EQ(covered.size(), operations().size());
}

TEST(RecordCheck, EveryFailingFieldAtOnce) {
  const auto r = json::parse(R"({
    "topic": ")" + std::string(201, 't') +
                             R"(",
    "type": 4, "start_time": "tomorrow", "duration": 2000,
    "settings": {"audio": "loud", "waiting_room": "yes"},
    "tracking_fields": [{"value": "v"}],
    "agendaa": "typo"})");
  EXPECT_EQ(
      fields(check_record(r, schema_of("meetings.create"))),
      (std::set<std::string>{"user_id", "topic", "type", "start_time", "duration", "settings.audio",
                             "settings.waiting_room", "tracking_fields[0].field", "agendaa"}));
  EXPECT_EQ(fields(check_record(json::parse(R"({"user_id":"x"})"), schema_of("users.update"))),
            std::set<std::string>{""});
  const auto g = check_record(json::parse(R"({"group_id":"g"})"), schema_of("group_members.add"));
  ASSERT_EQ(g.size(), 1u);
  EXPECT_NE(g[0].message.find("id or email"), std::string::npos);
  EXPECT_EQ(fields(check_record(json::parse("[1]"), schema_of("users.create"))),
            std::set<std::string>{""});
  EXPECT_EQ(
      fields(check_record(json::parse(R"({"email":"nope","type":1})"), schema_of("users.create"))),
      std::set<std::string>{"email"});
}

TEST(RecordCheck, NeverRepeatsAValueAndStaysBounded) {
  const auto r = json::parse(R"({"email":"a@example.com","type":1,"password":"s3cr"})");
  const auto errors = check_record(r, schema_of("users.create"));
  ASSERT_EQ(fields(errors), std::set<std::string>{"password"});
  EXPECT_EQ(errors[0].message.find("s3cr"), std::string::npos);
  json::object many{{"email", "a@example.com"}, {"type", 1}};
  for (int i = 0; i < 10000; ++i) many["f" + std::to_string(i)] = i;
  EXPECT_EQ(check_record(many, schema_of("users.create")).size(), zc::write::k_max_record_errors);
}

}  // namespace
