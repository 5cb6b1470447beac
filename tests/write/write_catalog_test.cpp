// schemas/write_catalog.json is consistent: every operation the destination
// needs is there once, its record schema exists and parses, every field the
// entry names (path placeholders, query, keys, lookups, caps) is a field of the
// record, and every scope has Zoom's shape.
#include "write/write_catalog.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "catalog_support.hpp"

namespace {

namespace json = boost::json;
using zc_write_test::operations;
using zc_write_test::placeholders;
using zc_write_test::read_json;

std::string str(const json::value& v) { return std::string(v.as_string()); }

std::set<std::string> strings(const json::value* v) {
  std::set<std::string> out;
  if (v && v->is_array())
    for (const auto& s : v->as_array()) out.insert(str(s));
  return out;
}

bool is_word(std::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
}

std::vector<std::string_view> split_colon(std::string_view s) {
  std::vector<std::string_view> parts;
  for (;;) {
    const auto c = s.find(':');
    parts.push_back(s.substr(0, c));
    if (c == std::string_view::npos) return parts;
    s.remove_prefix(c + 1);
  }
}

// Classic: <product>:<read|write>:admin. Granular: <product>:<verb>:<entity>:admin.
bool classic_shape(std::string_view s) {
  const auto p = split_colon(s);
  return p.size() == 3 && is_word(p[0]) && (p[1] == "read" || p[1] == "write") && p[2] == "admin";
}
bool granular_shape(std::string_view s) {
  const auto p = split_colon(s);
  return p.size() == 4 && is_word(p[0]) &&
         (p[1] == "read" || p[1] == "write" || p[1] == "update" || p[1] == "delete") &&
         is_word(p[2]) && p[3] == "admin";
}

struct Record {
  std::set<std::string> properties, required, not_sent;
};

Record record_of(const json::object& op) {
  const auto schema = read_json(str(op.at("record_schema")));
  const auto& s = schema.as_object();
  EXPECT_EQ(s.at("$schema").as_string(), "https://json-schema.org/draft/2020-12/schema");
  EXPECT_EQ(s.at("type").as_string(), "object");
  EXPECT_EQ(s.at("additionalProperties"), json::value(false)) << "unknown fields must be refused";
  Record r;
  for (const auto& kv : s.at("properties").as_object()) {
    r.properties.insert(std::string(kv.key()));
    const auto& p = kv.value().as_object();
    EXPECT_TRUE(p.contains("type")) << op.at("name") << "." << kv.key();
    if (p.contains("x-not-sent")) r.not_sent.insert(std::string(kv.key()));
  }
  r.required = strings(s.if_contains("required"));
  for (const auto& k : r.required)
    EXPECT_TRUE(r.properties.contains(k)) << op.at("name") << " " << k;
  return r;
}

TEST(WriteCatalog, HasEveryOperationOnce) {
  std::vector<std::string> names;
  for (const auto& op : operations()) names.push_back(str(op.as_object().at("name")));
  const std::set<std::string> uniq(names.begin(), names.end());
  EXPECT_EQ(uniq.size(), names.size());
  for (const char* want :
       {"users.create", "users.update", "users.upsert", "users.delete", "meetings.create",
        "meetings.update", "meetings.delete", "meeting_registrants.add", "webinars.create",
        "webinars.update", "webinars.delete", "webinar_registrants.add", "group_members.add",
        "group_members.remove"})
    EXPECT_TRUE(uniq.contains(want)) << want;
}

TEST(WriteCatalog, EveryNamedFieldIsARecordField) {
  for (const auto& v : operations()) {
    const auto& op = v.as_object();
    SCOPED_TRACE(str(op.at("name")));
    const Record rec = record_of(op);
    for (const auto& p : placeholders(op.at("path").as_string())) {
      EXPECT_TRUE(rec.required.contains(p)) << "path placeholder " << p << " must be required";
      EXPECT_FALSE(rec.not_sent.contains(p));
    }
    for (const auto& q : strings(op.if_contains("query")))
      EXPECT_TRUE(rec.properties.contains(q)) << q;
    for (const auto& k : strings(op.if_contains("key")))
      EXPECT_TRUE(rec.properties.contains(k)) << k;
    const auto& repeat = op.at("repeat").as_object();
    if (const auto* nk = repeat.if_contains("natural_key")) {
      for (const auto& f : strings(nk->as_object().if_contains("fields")))
        EXPECT_TRUE(rec.properties.contains(f)) << f;
      const auto& lookup = nk->as_object().at("lookup").as_object();
      EXPECT_EQ(lookup.at("method").as_string(), "GET");
      for (const auto& p : placeholders(lookup.at("path").as_string()))
        EXPECT_TRUE(rec.required.contains(p)) << "lookup placeholder " << p;
      for (const auto& m : lookup.at("match").as_object())
        EXPECT_TRUE(rec.properties.contains(str(m.value()))) << "match " << m.key();
    }
    if (const auto& cap = op.at("daily_cap"); !cap.is_null()) {
      const auto& c = cap.as_object();
      EXPECT_EQ(c.at("per").as_string(), "host");
      EXPECT_EQ(c.at("limit").as_int64(), 100);
      EXPECT_TRUE(rec.properties.contains(str(c.at("host_field"))));
      if (const auto* l = c.if_contains("host_lookup")) {
        for (const auto& p : placeholders(l->as_object().at("path").as_string()))
          EXPECT_TRUE(rec.required.contains(p)) << "cap lookup placeholder " << p;
      }
    }
    for (const char* k : {"on_conflict", "after_create"})
      if (const auto* c = op.if_contains(k)) {
        for (const auto& p : placeholders(c->as_object().at("path").as_string()))
          EXPECT_TRUE(rec.required.contains(p)) << k << " placeholder " << p;
      }
  }
}

TEST(WriteCatalog, ScopesHaveZoomsShape) {
  for (const auto& v : operations()) {
    const auto& op = v.as_object();
    SCOPED_TRACE(str(op.at("name")));
    for (const char* k : {"scopes", "scopes_also"}) {
      const auto* s = op.if_contains(k);
      if (!s) continue;
      const std::string classic = str(s->as_object().at("classic"));
      const std::string granular = str(s->as_object().at("granular"));
      EXPECT_TRUE(classic_shape(classic)) << classic;
      EXPECT_TRUE(granular_shape(granular)) << granular;
      EXPECT_NE(classic.find(":write:"), std::string::npos) << "a write needs a write scope";
      EXPECT_EQ(split_colon(classic)[0], split_colon(granular)[0]) << "same product";
    }
  }
  EXPECT_TRUE(classic_shape("meeting:write:admin"));
  EXPECT_FALSE(classic_shape("meeting:write"));
  EXPECT_FALSE(granular_shape("meeting:write:meeting"));
  EXPECT_FALSE(granular_shape("Meeting:write:meeting:admin"));
}

TEST(WriteCatalog, MethodsStatusesCategoriesBatchesAndRepeats) {
  for (const auto& v : operations()) {
    const auto& op = v.as_object();
    const std::string name = str(op.at("name"));
    SCOPED_TRACE(name);
    const std::string method = str(op.at("method"));
    ASSERT_TRUE(method == "POST" || method == "PATCH" || method == "DELETE") << method;
    EXPECT_EQ(op.at("success_status").as_int64(), method == "POST" ? 201 : 204);
    const std::string cat = str(op.at("rate_category"));
    EXPECT_TRUE(cat == "Light" || cat == "Medium") << cat;
    const auto batch = op.at("batch_size").as_int64();
    EXPECT_GE(batch, 1);
    EXPECT_LE(batch, 30);
    const auto& body = op.at("body");
    if (batch > 1) {
      EXPECT_TRUE(body.is_object() && body.as_object().contains("batch_array"));
    }
    if (method == "DELETE") {
      EXPECT_EQ(body, json::value("none"));
    }
    const auto& repeat = op.at("repeat").as_object();
    const std::string kind = str(repeat.at("kind"));
    EXPECT_TRUE(kind == "idempotent" || kind == "duplicates" || kind == "conflict") << kind;
    if (method == "DELETE") {
      EXPECT_EQ(kind, "idempotent");
      EXPECT_FALSE(repeat.at("gone_codes").as_array().empty())
          << "a delete of what is gone is done";
    }
    // A create that may duplicate must say how a lost answer is checked.
    if (kind == "duplicates") {
      EXPECT_TRUE(repeat.contains("natural_key"));
    }
    if (name.starts_with("meetings.") || name.starts_with("webinars.")) {
      EXPECT_EQ(op.at("daily_cap").is_null(), method == "DELETE");
    }
  }
}

TEST(WriteCatalog, SecretFieldsAreMarked) {
  for (const auto& v : operations()) {
    const auto schema = read_json(str(v.as_object().at("record_schema")));
    for (const auto& kv : schema.as_object().at("properties").as_object()) {
      const bool secret_name = kv.key() == "password" || kv.key() == "host_key";
      const auto& p = kv.value().as_object();
      EXPECT_EQ(secret_name, p.contains("x-secret")) << v.as_object().at("name") << "." << kv.key();
      if (secret_name) {
        EXPECT_EQ(p.at("writeOnly"), json::value(true));
      }
    }
  }
}

// Every fact of an entry the engine acts on is read from it (write_outcome's
// rules, the per-host budget), and a follow-up names an operation.
TEST(WriteCatalog, TheEngineReadsEveryAnswerRuleItActsOn) {
  for (const auto& v : operations()) {
    const auto& op = v.as_object();
    SCOPED_TRACE(str(op.at("name")));
    const auto* spec = zc::write::find_operation(str(op.at("name")));
    ASSERT_NE(spec, nullptr);
    EXPECT_EQ(spec->success_status, op.at("success_status").as_int64());
    const auto& repeat = op.at("repeat").as_object();
    if (const auto* code = repeat.if_contains("code")) {
      EXPECT_EQ(str(repeat.at("kind")), "conflict");
      EXPECT_EQ(spec->conflict_code, code->as_int64());
    }
    if (const auto* rule = op.if_contains("on_conflict")) {
      EXPECT_EQ(spec->conflict_status, rule->as_object().at("status").as_int64());
      EXPECT_EQ(spec->conflict_code, rule->as_object().at("code").as_int64());
    }
    if (!repeat.contains("code") && !op.contains("on_conflict")) {
      EXPECT_FALSE(spec->conflict_code.has_value());
    }
    if (const auto& cap = op.at("daily_cap"); !cap.is_null()) {
      EXPECT_EQ(spec->cap_limit, cap.as_object().at("limit").as_int64());
    }
    for (const char* k : {"on_conflict", "after_create"})
      if (const auto* rule = op.if_contains(k)) {
        const auto* then = zc::write::find_operation(str(rule->as_object().at("then")));
        ASSERT_NE(then, nullptr) << k;
        EXPECT_EQ(then->kind, zc::write::WriteKind::update) << k;
      }
    EXPECT_FALSE(op.contains("account_daily_cap")) << "a limit the engine does not keep";
  }
}

TEST(WriteCatalog, PlaceholderParser) {
  EXPECT_EQ(placeholders("/groups/{group_id}/members/{member_id}"),
            (std::vector<std::string>{"group_id", "member_id"}));
  EXPECT_TRUE(placeholders("/users").empty());
}

}  // namespace
