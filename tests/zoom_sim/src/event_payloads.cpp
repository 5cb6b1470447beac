#include "event_payloads.hpp"

namespace zoom_sim::payloads {

namespace json = boost::json;

namespace {

json::object base(const Who& w, bool with_operator) {
  json::object p;
  p["account_id"] = w.account_id;
  if (with_operator) {
    p["operator"] = w.operator_email;
    p["operator_id"] = w.operator_id;
  }
  return p;
}

json::object pick(const json::object& o, std::initializer_list<std::string_view> keys) {
  json::object out;
  for (auto k : keys)
    if (const auto* v = o.if_contains(k)) out[k] = *v;
  return out;
}

// The keys whose values differ between two objects (a key present on one side
// only counts too); nested objects (settings) by key.
void diff(const json::object& before, const json::object& after, json::object& now,
          json::object& old) {
  for (const auto& kv : after) {
    const auto* b = before.if_contains(kv.key());
    if (b && *b == kv.value()) continue;
    if (b && b->is_object() && kv.value().is_object()) {
      json::object n, o;
      diff(b->as_object(), kv.value().as_object(), n, o);
      if (!n.empty()) {
        now[kv.key()] = std::move(n);
        old[kv.key()] = std::move(o);
      }
      continue;
    }
    now[kv.key()] = kv.value();
    old[kv.key()] = b ? *b : json::value(nullptr);
  }
}

std::optional<json::object> updated(const Who& w, const json::object& before,
                                    const json::object& after) {
  json::object now, old;
  diff(before, after, now, old);
  if (now.empty()) return std::nullopt;
  if (const auto* id = after.if_contains("id")) {
    now["id"] = *id;
    old["id"] = *id;
  }
  auto p = base(w, true);
  p["object"] = std::move(now);
  p["old_object"] = std::move(old);
  p["time_stamp"] = w.ts_ms;
  return p;
}

json::object instance_object(const Instance& m) {
  return json::object{
      {"id", std::to_string(m.id)}, {"uuid", m.uuid},        {"host_id", m.host_id},
      {"topic", m.topic},           {"type", m.type},        {"start_time", m.start_time},
      {"timezone", m.timezone},     {"duration", m.duration}};
}

}  // namespace

json::object user_created(const Who& w, const json::object& user, std::string_view creation_type) {
  auto p = base(w, true);
  p["creation_type"] = creation_type;
  p["object"] = pick(user, {"id", "first_name", "last_name", "display_name", "email", "type"});
  return p;
}

std::optional<json::object> user_updated(const Who& w, const json::object& before,
                                         const json::object& after) {
  return updated(w, before, after);
}

json::object user_plain(const Who& w, const json::object& user) {
  auto p = base(w, true);
  p["object"] = pick(user, {"id", "first_name", "last_name", "email", "type"});
  return p;
}

json::object event_created(const Who& w, const json::object& obj) {
  auto p = base(w, true);
  p["object"] = pick(obj, {"uuid", "id", "host_id", "topic", "type", "start_time", "duration",
                           "timezone", "join_url", "agenda", "settings"});
  return p;
}

std::optional<json::object> event_updated(const Who& w, const json::object& before,
                                          const json::object& after) {
  return updated(w, before, after);
}

json::object event_deleted(const Who& w, const json::object& obj) {
  auto p = base(w, true);
  p["object"] =
      pick(obj, {"uuid", "id", "host_id", "topic", "type", "start_time", "duration", "timezone"});
  return p;
}

json::object registration_created(const Who& w, const json::object& obj,
                                  const json::object& registrant) {
  auto p = base(w, false);
  auto o =
      pick(obj, {"uuid", "id", "host_id", "topic", "type", "start_time", "duration", "timezone"});
  o["registrant"] = pick(
      registrant, {"id", "first_name", "last_name", "email", "status", "join_url", "create_time"});
  p["object"] = std::move(o);
  return p;
}

json::object group_plain(const Who& w, std::string_view id, std::string_view name) {
  auto p = base(w, true);
  p["time_stamp"] = w.ts_ms;
  p["object"] = json::object{{"id", id}, {"name", name}};
  return p;
}

json::object group_updated(const Who& w, std::string_view id, std::string_view old_name,
                           std::string_view new_name) {
  auto p = base(w, true);
  p["time_stamp"] = w.ts_ms;
  p["object"] = json::object{{"id", id}, {"name", new_name}};
  p["old_object"] = json::object{{"id", id}, {"name", old_name}};
  return p;
}

json::object group_members(const Who& w, std::string_view group_id, const json::array& members) {
  auto p = base(w, true);
  p["time_stamp"] = w.ts_ms;
  p["object"] = json::object{{"id", group_id}, {"members", members}};
  return p;
}

json::object meeting_started(const Who& w, const Instance& m) {
  auto p = base(w, false);
  p["object"] = instance_object(m);
  return p;
}

json::object meeting_ended(const Who& w, const Instance& m, std::string_view end_time) {
  auto p = base(w, false);
  auto o = instance_object(m);
  o["end_time"] = end_time;
  p["object"] = std::move(o);
  return p;
}

json::object participant(const Who& w, const Instance& m, const json::object& participant) {
  auto p = base(w, false);
  auto o = instance_object(m);
  o["participant"] = participant;
  p["object"] = std::move(o);
  return p;
}

json::object recording(const Who& w, const json::object& recording, std::string_view host_email,
                       bool with_operator) {
  auto p = base(w, with_operator);
  auto o = recording;
  o["host_email"] = host_email;
  o["password"] = "";
  o["recording_play_passcode"] = "";
  p["object"] = std::move(o);
  return p;
}

json::object call_history(const Who& w, std::string_view user_id, const json::object& call_log) {
  auto p = base(w, false);
  auto log = pick(call_log, {"id", "call_id", "direction", "connect_type", "call_type",
                             "start_time", "answer_time", "end_time", "caller_ext_number",
                             "caller_name", "caller_email", "callee_did_number", "callee_name"});
  log["call_path_id"] = call_log.at("id");
  log["result"] = call_log.at("call_result");
  log["talk_time"] = call_log.at("duration");
  p["object"] = json::object{{"user_id", user_id}, {"call_logs", json::array{std::move(log)}}};
  return p;
}

}  // namespace zoom_sim::payloads
