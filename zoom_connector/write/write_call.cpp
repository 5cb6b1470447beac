#include "write/write_call.hpp"

#include <algorithm>
#include <set>

#include "core/oauth_encoding.hpp"
#include "core/path_segment.hpp"

namespace zc::write {
namespace json = boost::json;

namespace {

std::vector<std::string> placeholders(const std::string& path) {
  std::vector<std::string> out;
  for (auto open = path.find('{'); open != std::string::npos; open = path.find('{', open + 1)) {
    const auto close = path.find('}', open);
    if (close == std::string::npos) break;
    out.push_back(path.substr(open + 1, close - open - 1));
  }
  return out;
}

bool contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

void collect_secrets(const json::object& schema, std::set<std::string>& out) {
  if (const auto* props = schema.if_contains("properties"); props && props->is_object()) {
    for (const auto& [k, v] : props->as_object()) {
      if (!v.is_object()) continue;
      const auto& p = v.as_object();
      if (const auto* s = p.if_contains("x-secret"); s && s->is_bool() && s->as_bool())
        out.emplace(k);
      collect_secrets(p, out);
    }
  }
  if (const auto* items = schema.if_contains("items"); items && items->is_object())
    collect_secrets(items->as_object(), out);
}

void mask(json::value& v, const std::set<std::string>& secrets) {
  if (v.is_object()) {
    for (auto& [k, child] : v.as_object()) {
      if (secrets.contains(std::string(k)))
        child = "(secret, not shown)";
      else
        mask(child, secrets);
    }
  } else if (v.is_array()) {
    for (auto& child : v.as_array()) mask(child, secrets);
  }
}

}  // namespace

std::vector<std::string> string_list(const json::object& o, std::string_view key) {
  std::vector<std::string> out;
  if (const auto* v = o.if_contains(key); v != nullptr && v->is_array())
    for (const auto& s : v->as_array())
      if (s.is_string()) out.emplace_back(s.as_string());
  return out;
}

std::string value_text(const json::value& v) {
  if (v.is_string()) return std::string(v.as_string());
  if (v.is_array()) {
    std::string out;
    for (const auto& item : v.as_array()) out += (out.empty() ? "" : ",") + value_text(item);
    return out;
  }
  return json::serialize(v);
}

bool fill_path(const std::string& path, const json::object& record, std::string& out) {
  out.clear();
  std::size_t at = 0;
  while (at < path.size()) {
    const auto open = path.find('{', at);
    if (open == std::string::npos) {
      out += path.substr(at);
      break;
    }
    const auto close = path.find('}', open);
    if (close == std::string::npos) return false;
    out += path.substr(at, open - at);
    const auto* v = record.if_contains(path.substr(open + 1, close - open - 1));
    const std::string id = v != nullptr && !v->is_null() ? value_text(*v) : std::string();
    if (v == nullptr || v->is_null() || path_id_problem(id)) {
      out.clear();  // no partial path: the request check refuses an empty one
      return false;
    }
    out += form_urlencode(id);
    at = close + 1;
  }
  return true;
}

std::vector<RecordError> path_id_errors(const OperationSpec& op, const json::object& record) {
  std::vector<std::string> paths{op.path};
  if (op.natural_lookup) paths.push_back(op.natural_lookup->path);
  if (op.cap_host_lookup) paths.push_back(op.cap_host_lookup->path);
  for (const auto* rule : {&op.on_conflict, &op.after_create}) {
    if (const auto* p = rule->if_contains("path"); p != nullptr && p->is_string()) {
      paths.emplace_back(p->as_string());
    }
  }
  std::vector<RecordError> errors;
  std::set<std::string> named;
  for (const auto& path : paths) {
    for (const auto& field : placeholders(path)) {
      const auto* v = record.if_contains(field);
      if (v == nullptr || v->is_null() || named.contains(field)) continue;
      if (const auto problem = path_id_problem(value_text(*v))) {
        named.insert(field);
        errors.push_back({field, "\"" + field + "\" fills the path " + path + " and " + *problem +
                                     "; refused, nothing was sent"});
      }
    }
  }
  return errors;
}

PlannedCall plan_patch(const std::string& path, const json::object& record,
                       const std::vector<std::string>& only, const std::vector<std::string>& drop) {
  PlannedCall call{"PATCH", {}, {}};
  fill_path(path, record, call.target);
  json::object body;
  const auto in_path = placeholders(path);
  for (const auto& [k, v] : record) {
    const std::string key(k);
    if ((!only.empty() && !contains(only, key)) || contains(drop, key)) continue;
    if (contains(in_path, key) && only.empty()) continue;
    body[key] = v;
  }
  call.body = json::serialize(body);
  return call;
}

PlannedCall plan_call(const OperationSpec& op, const json::object& record) {
  PlannedCall call{op.method, {}, {}};
  fill_path(op.path, record, call.target);
  std::string query;
  for (const auto& name : op.query) {
    const auto* v = record.if_contains(name);
    if (v == nullptr || v->is_null()) continue;
    query += (query.empty() ? "?" : "&") + name + "=" + form_urlencode(value_text(*v));
  }
  call.target += query;

  const auto in_path = placeholders(op.path);
  std::set<std::string> not_sent;
  if (const auto* props = op.record_schema.if_contains("properties"); props && props->is_object())
    for (const auto& [k, v] : props->as_object())
      if (v.is_object())
        if (const auto* ns = v.as_object().if_contains("x-not-sent");
            ns && ns->is_bool() && ns->as_bool())
          not_sent.emplace(k);
  auto sent = [&](const std::string& key) {
    return !contains(in_path, key) && !contains(op.query, key) && !not_sent.contains(key);
  };

  if (op.body.is_string() && op.body.as_string() == "none") return call;
  json::object body;
  if (op.body.is_object() && op.body.as_object().contains("wrap")) {
    const auto& rule = op.body.as_object();
    const std::string wrap(rule.at("wrap").as_string());
    const auto top = string_list(rule, "top_level");
    const auto only = string_list(rule, "only");
    if (const auto* d = rule.if_contains("defaults"); d && d->is_object())
      for (const auto& [k, v] : d->as_object()) body[k] = v;
    json::object inner;
    for (const auto& [k, v] : record) {
      const std::string key(k);
      if (!sent(key) || (!only.empty() && !contains(only, key))) continue;
      if (contains(top, key))
        body[key] = v;
      else
        inner[key] = v;
    }
    body[wrap] = std::move(inner);
  } else {
    for (const auto& [k, v] : record)
      if (sent(std::string(k))) body[k] = v;
  }
  call.body = json::serialize(body);
  return call;
}

json::value mask_secrets(const json::value& body, const json::object& schema) {
  std::set<std::string> secrets;
  collect_secrets(schema, secrets);
  json::value out = body;
  mask(out, secrets);
  return out;
}

}  // namespace zc::write
