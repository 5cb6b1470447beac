#include "write/write_catalog.hpp"

#include <algorithm>
#include <stdexcept>

namespace zc::embedded {
extern const std::string_view write_catalog;  // generated at build time
}  // namespace zc::embedded

namespace zc::write {
namespace json = boost::json;

namespace {

std::string text(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::vector<std::string> strings(const json::object& o, std::string_view key) {
  std::vector<std::string> out;
  if (const auto* v = o.if_contains(key); v != nullptr && v->is_array())
    for (const auto& s : v->as_array())
      if (s.is_string()) out.emplace_back(s.as_string());
  return out;
}

Lookup parse_lookup(const json::object& o) {
  Lookup l;
  l.path = text(o, "path");
  l.array = text(o, "array");
  if (const auto* q = o.if_contains("query"); q != nullptr && q->is_object()) {
    for (const auto& [k, v] : q->as_object()) {
      std::string value;
      if (v.is_string()) value = v.as_string();
      if (v.is_array())
        for (const auto& s : v.as_array())
          if (s.is_string()) value += (value.empty() ? "" : ",") + std::string(s.as_string());
      l.query.emplace_back(std::string(k), value);
    }
  }
  if (const auto* m = o.if_contains("match"); m != nullptr && m->is_object())
    for (const auto& [k, v] : m->as_object())
      if (v.is_string()) l.match.emplace_back(std::string(k), std::string(v.as_string()));
  return l;
}

std::vector<OperationSpec> parse_catalog() {
  const json::value doc = json::parse(embedded_write_catalog());
  std::vector<OperationSpec> out;
  for (const auto& v : doc.as_object().at("operations").as_array()) {
    const auto& o = v.as_object();
    OperationSpec op;
    op.name = text(o, "name");
    op.method = text(o, "method");
    op.kind = op.method == "POST"    ? WriteKind::create
              : op.method == "PATCH" ? WriteKind::update
                                     : WriteKind::remove;
    op.path = text(o, "path");
    op.query = strings(o, "query");
    op.body = o.at("body");
    const auto& scopes = o.at("scopes").as_object();
    op.classic_scope = text(scopes, "classic");
    op.granular_scope = text(scopes, "granular");
    if (const auto* also = o.if_contains("scopes_also"); also != nullptr && also->is_object())
      op.scopes_also = {text(also->as_object(), "classic"), text(also->as_object(), "granular")};
    const auto category = parse_category(text(o, "rate_category"), false);
    if (!category) throw std::runtime_error("write catalog: bad rate_category in " + op.name);
    op.category = *category;
    if (const auto* cap = o.if_contains("daily_cap"); cap != nullptr && cap->is_object()) {
      op.cap_family = text(cap->as_object(), "counter");
      if (const auto* limit = cap->as_object().if_contains("limit"); limit && limit->is_int64())
        op.cap_limit = static_cast<int>(limit->as_int64());
      op.cap_host_field = text(cap->as_object(), "host_field");
      if (const auto* l = cap->as_object().if_contains("host_lookup"); l && l->is_object())
        op.cap_host_lookup = parse_lookup(l->as_object());
    }
    if (const auto* b = o.if_contains("batch_size"); b != nullptr && b->is_int64())
      op.batch_size = static_cast<std::size_t>(b->as_int64());
    op.success_status = o.at("success_status").as_int64();
    op.result_id = text(o, "result_id");
    op.result_id_is_integer = text(o, "result_id_type") == "integer";
    const auto& repeat = o.at("repeat").as_object();
    op.repeat_kind = text(repeat, "kind");
    if (const auto* code = repeat.if_contains("code"); code != nullptr && code->is_int64())
      op.conflict_code = static_cast<int>(code->as_int64());
    if (const auto* g = repeat.if_contains("gone_codes"); g != nullptr && g->is_array())
      for (const auto& c : g->as_array())
        if (c.is_int64()) op.gone_codes.push_back(static_cast<int>(c.as_int64()));
    if (const auto* nk = repeat.if_contains("natural_key"); nk != nullptr && nk->is_object())
      if (const auto* l = nk->as_object().if_contains("lookup"); l && l->is_object())
        op.natural_lookup = parse_lookup(l->as_object());
    if (const auto* c = o.if_contains("on_conflict"); c != nullptr && c->is_object()) {
      op.on_conflict = c->as_object();
      op.conflict_status = op.on_conflict.at("status").as_int64();
      op.conflict_code = static_cast<int>(op.on_conflict.at("code").as_int64());
    }
    if (const auto* c = o.if_contains("after_create"); c != nullptr && c->is_object())
      op.after_create = c->as_object();
    op.record_schema = o.at("record_schema").as_object();
    out.push_back(std::move(op));
  }
  for (const auto& op : out)
    for (const auto* rule : {&op.on_conflict, &op.after_create}) {
      if (rule->empty()) continue;
      const std::string then = text(*rule, "then");
      if (std::none_of(out.begin(), out.end(), [&](const auto& o) { return o.name == then; }))
        throw std::runtime_error("write catalog: " + op.name + " follows up with " + then +
                                 ", which is no operation");
    }
  return out;
}

bool granted_either(const std::set<std::string>& granted, const std::string& classic,
                    const std::string& granular) {
  return granted.contains(classic) || granted.contains(granular);
}

}  // namespace

std::string_view embedded_write_catalog() { return embedded::write_catalog; }

const std::vector<OperationSpec>& operation_specs() {
  static const std::vector<OperationSpec> specs = parse_catalog();
  return specs;
}

const OperationSpec* find_operation(std::string_view name) {
  for (const auto& op : operation_specs())
    if (op.name == name) return &op;
  return nullptr;
}

std::vector<std::string> missing_write_scopes(const OperationSpec& op,
                                              const std::set<std::string>& granted) {
  std::vector<std::string> out;
  if (!granted_either(granted, op.classic_scope, op.granular_scope))
    out.push_back(op.classic_scope + " or " + op.granular_scope);
  if (op.scopes_also && !granted_either(granted, op.scopes_also->first, op.scopes_also->second))
    out.push_back(op.scopes_also->first + " or " + op.scopes_also->second);
  return out;
}

Result<std::string> mark_write_catalog(const std::set<std::string>& granted) {
  boost::system::error_code ec;
  json::value doc = json::parse(embedded_write_catalog(), ec);
  if (ec || !doc.is_object()) return fail(Status::internal, "the embedded write catalog is broken");
  auto* ops = doc.as_object().if_contains("operations");
  if (ops == nullptr || !ops->is_array())
    return fail(Status::internal, "write catalog: no operations");
  json::array allowed_names;
  for (auto& v : ops->as_array()) {
    auto& o = v.as_object();
    const auto* op = find_operation(o.at("name").as_string());
    if (op == nullptr) return fail(Status::internal, "write catalog: unknown operation");
    const auto missing = missing_write_scopes(*op, granted);
    o["allowed"] = missing.empty();
    json::array m;
    for (const auto& s : missing) m.emplace_back(s);
    o["missing_scopes"] = std::move(m);
    if (missing.empty()) allowed_names.emplace_back(op->name);
  }
  doc.as_object()["allowed_operations"] = std::move(allowed_names);
  return json::serialize(doc);
}

}  // namespace zc::write
