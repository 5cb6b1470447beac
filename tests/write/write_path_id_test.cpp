// An id that fills a path cannot retarget a write (issue 20, point 1): every
// operation, with an empty, ".", "..", or slash-hidden ".." value in each
// field that fills one of its paths, dry run and live, against a capture
// server on 127.0.0.1: the record fails naming the field, and no request
// goes out. A good id sends exactly the request line its template makes.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "catalog_support.hpp"
#include "hostile_zoom.hpp"
#include "write/write_session.hpp"

namespace {

namespace json = boost::json;
using zc_test::CannedAnswer;
using zc_test::HostileServer;

// A valid record of each operation, every id plain.
json::object good_record(std::string_view op) {
  const std::string when = "2031-01-15T10:00:00Z";
  if (op == "users.create" || op == "users.upsert") {
    return {{"email", "new.user@example.com"}, {"type", 1}};
  }
  if (op == "users.update") return {{"user_id", "u1"}, {"dept", "Finance"}};
  if (op == "users.delete") return {{"user_id", "u1"}};
  if (op == "meetings.create") {
    return {{"user_id", "u1"}, {"topic", "T"}, {"type", 2}, {"start_time", when}, {"duration", 30}};
  }
  if (op == "webinars.create") {
    return {{"user_id", "u1"}, {"topic", "T"}, {"type", 5}, {"start_time", when}, {"duration", 60}};
  }
  if (op == "meetings.update") return {{"meeting_id", 85746065432}, {"topic", "R"}};
  if (op == "meetings.delete") return {{"meeting_id", 85746065432}};
  if (op == "webinars.update") return {{"webinar_id", 81234567890}, {"topic", "R"}};
  if (op == "webinars.delete") return {{"webinar_id", 81234567890}};
  if (op == "meeting_registrants.add") {
    return {{"meeting_id", 85746065432}, {"email", "guest@example.com"}, {"first_name", "G"}};
  }
  if (op == "webinar_registrants.add") {
    return {{"webinar_id", 81234567890}, {"email", "guest@example.com"}, {"first_name", "G"}};
  }
  if (op == "group_members.add") return {{"group_id", "g1"}, {"id", "m1"}};
  if (op == "group_members.remove") return {{"group_id", "g1"}, {"member_id", "m1"}};
  ADD_FAILURE() << "no sample record for " << op;
  return {};
}

// Every field any path of `op` takes: its own, its lookups', its PATCHes'.
std::set<std::string> path_fields(const json::object& op) {
  std::vector<std::string> paths{std::string(op.at("path").as_string())};
  auto add = [&](const json::value* v) {
    if (v != nullptr && v->is_object())
      if (const auto* p = v->as_object().if_contains("path"); p && p->is_string())
        paths.emplace_back(p->as_string());
  };
  if (const auto* r = op.if_contains("repeat"); r && r->is_object())
    if (const auto* k = r->as_object().if_contains("natural_key"); k && k->is_object())
      add(k->as_object().if_contains("lookup"));
  if (const auto* c = op.if_contains("daily_cap"); c && c->is_object())
    add(c->as_object().if_contains("host_lookup"));
  add(op.if_contains("on_conflict"));
  add(op.if_contains("after_create"));
  std::set<std::string> fields;
  for (const auto& path : paths)
    for (auto& f : zc_write_test::placeholders(path)) fields.insert(f);
  return fields;
}

std::string every_write_scope() {
  std::set<std::string> scopes;
  for (const auto& op : zc_write_test::operations()) {
    for (const char* key : {"scopes", "scopes_also"})
      if (const auto* s = op.as_object().if_contains(key); s && s->is_object())
        scopes.emplace(s->as_object().at("classic").as_string());
  }
  std::string out;
  for (const auto& s : scopes) out += (out.empty() ? "" : " ") + s;
  return out;
}

class WritePathIds : public ::testing::Test {
 protected:
  WritePathIds()
      : server_([this](const std::string& method, const std::string& target) {
          if (target.starts_with("/oauth/token")) {
            return CannedAnswer{200, "application/json",
                                json::serialize(json::object{{"access_token", "tok"},
                                                             {"token_type", "bearer"},
                                                             {"expires_in", 3600},
                                                             {"scope", every_write_scope()}})};
          }
          std::lock_guard lock(mutex_);
          lines_.push_back(method + " " + target);
          if (method == "GET") return CannedAnswer{200, "application/json", R"({"host_id":"h1"})"};
          if (method == "POST") {
            return CannedAnswer{201, "application/json", R"({"id":"n1","ids":"m1"})"};
          }
          return CannedAnswer{204, "application/json", ""};
        }) {
    built_ =
        zc_test::build(zc_test::hostile_credential(server_), zc_test::hostile_options(server_));
  }

  // Pushes one record; returns its result and the API request lines it sent.
  std::pair<json::object, std::vector<std::string>> push(const std::string& op,
                                                         const json::object& record, bool dry) {
    {
      std::lock_guard lock(mutex_);
      lines_.clear();
    }
    const json::object request{{"operation", op}, {"dry_run", dry}};
    auto session = built_.connector->write(json::serialize(request));
    EXPECT_TRUE(session) << (session ? "" : session.error().message);
    if (!session) return {};
    auto answer = (*session)->push(json::serialize(json::array{record}));
    EXPECT_TRUE(answer) << (answer ? "" : answer.error().message);
    if (!answer) return {};
    auto result = json::parse(*answer).as_object().at("results").as_array().at(0).as_object();
    std::lock_guard lock(mutex_);
    return {result, lines_};
  }

  std::mutex mutex_;
  std::vector<std::string> lines_;
  HostileServer server_;
  zc_test::Built built_;
};

TEST_F(WritePathIds, EveryBadIdInEveryPathFieldFailsAndSendsNothing) {
  ASSERT_TRUE(built_.connector);
  std::size_t cases = 0;
  for (const auto& op_value : zc_write_test::operations()) {
    const json::object& op = op_value.as_object();
    const std::string name(op.at("name").as_string());
    for (const auto& field : path_fields(op)) {
      for (const char* bad : {"", ".", "..", "x/../y@example.com"}) {
        for (const bool dry : {true, false}) {
          json::object record = good_record(name);
          record[field] = bad;
          const auto [result, lines] = push(name, record, dry);
          const std::string where =
              name + " " + field + "=\"" + bad + "\"" + (dry ? " (dry run)" : "");
          EXPECT_EQ(result.at("outcome"), "failed") << where << ": " << json::serialize(result);
          EXPECT_TRUE(lines.empty()) << where << " sent " << lines.front();
          bool named = false;
          if (const auto* errors = result.if_contains("field_errors"))
            for (const auto& e : errors->as_array())
              named = named || e.as_object().at("field").as_string() == field;
          EXPECT_TRUE(named) << where << ": " << json::serialize(result);
          ++cases;
        }
      }
    }
  }
  EXPECT_GE(cases, 14u * 4u * 2u) << "every operation has a path field";
}

TEST_F(WritePathIds, AGoodIdSendsExactlyThePathItsTemplateMakes) {
  ASSERT_TRUE(built_.connector);
  const std::pair<const char*, const char*> expected[] = {
      {"users.delete", "DELETE /v2/users/u1"},
      {"users.update", "PATCH /v2/users/u1"},
      {"meetings.create", "POST /v2/users/u1/meetings"},
      {"meetings.delete", "DELETE /v2/meetings/85746065432"},
      {"group_members.remove", "DELETE /v2/groups/g1/members/m1"},
      {"group_members.add", "POST /v2/groups/g1/members"},
  };
  for (const auto& [op, line] : expected) {
    const auto [dry, none] = push(op, good_record(op), true);
    EXPECT_EQ(dry.at("outcome"), "would_do") << op << ": " << json::serialize(dry);
    EXPECT_TRUE(none.empty()) << op << ": a dry run sends no write";
    const auto [live, lines] = push(op, good_record(op), false);
    EXPECT_EQ(live.at("outcome"), "done") << op << ": " << json::serialize(live);
    EXPECT_NE(std::find(lines.begin(), lines.end(), line), lines.end())
        << op << " sent: " << (lines.empty() ? "nothing" : lines.back());
    for (const auto& sent : lines) EXPECT_TRUE(sent.find("/v2/") != std::string::npos) << sent;
  }
  // Three dots are no dot segment: sent as they are, never resolved.
  json::object dots = good_record("group_members.remove");
  dots["member_id"] = "...";
  const auto [result, lines] = push("group_members.remove", dots, false);
  EXPECT_EQ(result.at("outcome"), "done") << json::serialize(result);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines.front(), "DELETE /v2/groups/g1/members/...");
}

}  // namespace
