#include "events/event_catalog.hpp"

#include <boost/json.hpp>
#include <set>
#include <stdexcept>

#include "core/catalog_document.hpp"

namespace zc::events {

namespace json = boost::json;

namespace {

constexpr std::size_t kMaxNameBytes = 128;
constexpr std::size_t kMaxPathDepth = 8;

bool name_chars(std::string_view text, bool allow_dot) {
  if (text.empty() || text.size() > kMaxNameBytes) return false;
  for (char c : text) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || (allow_dot && c == '.');
    if (!ok) return false;
  }
  return true;
}

Result<FieldPath> read_path(const json::object& rule, std::string_view field,
                            const std::string& where, bool required) {
  const auto* value = rule.if_contains(field);
  if (!value) {
    if (required)
      return fail(Status::internal, where + ": \"" + std::string(field) + "\" is required");
    return FieldPath{};
  }
  const std::string text = value->is_string() ? std::string(value->as_string()) : std::string();
  FieldPath path;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto dot = text.find('.', start);
    const auto end = dot == std::string::npos ? text.size() : dot;
    path.push_back(text.substr(start, end - start));
    if (!name_chars(path.back(), false) || path.size() > kMaxPathDepth)
      return fail(Status::internal, where + ": \"" + std::string(field) +
                                        "\" is not a dotted path of [a-z0-9_] names");
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return path;
}

Result<EventRule> read_rule(const json::value& entry, const std::string& stream,
                            const std::string& key_field, const std::string& where) {
  static const std::set<std::string, std::less<>> known{"name",   "op",   "key",    "lookup",
                                                        "parent", "each", "partial"};
  if (!entry.is_object()) return fail(Status::internal, where + ": not an object");
  const auto& rule = entry.as_object();
  for (const auto& member : rule)
    if (!known.contains(member.key()))
      return fail(Status::internal,
                  where + ": unknown field \"" + std::string(member.key()) + "\"");
  EventRule out;
  out.stream = stream;
  const auto* name = rule.if_contains("name");
  if (!name || !name->is_string() || !name_chars(name->as_string(), true))
    return fail(Status::internal, where + ": \"name\" must be an event name");
  out.event = std::string(name->as_string());
  const auto* op = rule.if_contains("op");
  if (op && *op == "upsert")
    out.op = ChangeOp::upsert;
  else if (op && *op == "delete")
    out.op = ChangeOp::remove;
  else
    return fail(Status::internal, where + ": \"op\" must be \"upsert\" or \"delete\"");
  const auto* partial = rule.if_contains("partial");
  if (!partial || !partial->is_bool())
    return fail(Status::internal, where + ": \"partial\" must be true or false");
  out.partial = partial->as_bool();
  auto key = read_path(rule, "key", where, true);
  auto lookup = read_path(rule, "lookup", where, false);
  auto parent = read_path(rule, "parent", where, false);
  auto each = read_path(rule, "each", where, false);
  for (auto* path : {&key, &lookup, &parent, &each})
    if (!*path) return std::unexpected(path->error());
  out.key = std::move(*key);
  out.lookup = std::move(*lookup);
  out.parent = std::move(*parent);
  out.each = std::move(*each);
  if (out.key.back() != key_field)
    return fail(Status::internal,
                where + ": \"key\" must end in the primary key \"" + key_field + "\"");
  if (!out.lookup.empty() && (out.op != ChangeOp::upsert || !out.partial))
    return fail(Status::internal, where + ": \"lookup\" is only for partial upserts");
  return out;
}

Result<void> read_stream(const json::object& stream, EventCatalog& catalog) {
  const auto* events = stream.if_contains("events");
  if (!events) return {};
  const auto* name = stream.if_contains("name");
  const std::string stream_name =
      name && name->is_string() ? std::string(name->as_string()) : std::string("?");
  const std::string where = "catalog stream " + stream_name + " events";
  const auto* key = stream.if_contains("primary_key");
  if (!key || !key->is_array() || key->as_array().size() != 1 || !key->as_array()[0].is_string())
    return fail(Status::internal, where + ": events need a primary key of one field");
  if (!events->is_array() || events->as_array().empty())
    return fail(Status::internal, where + ": must be a non-empty list");
  const std::string key_field(key->as_array()[0].as_string());
  std::set<std::string> seen;
  std::size_t index = 0;
  for (const auto& entry : events->as_array()) {
    auto rule =
        read_rule(entry, stream_name, key_field, where + "[" + std::to_string(index++) + "]");
    if (!rule) return std::unexpected(rule.error());
    if (!seen.insert(rule->event).second)
      return fail(Status::internal, where + ": " + rule->event + " is listed twice");
    catalog.add(std::move(*rule));
  }
  return {};
}

}  // namespace

std::string_view change_op_word(ChangeOp op) {
  return op == ChangeOp::upsert ? "upsert" : "delete";
}

const std::vector<EventRule>& EventCatalog::rules_for(std::string_view event) const {
  static const std::vector<EventRule> none;
  const auto it = by_event_.find(event);
  return it == by_event_.end() ? none : it->second;
}

std::vector<std::string> EventCatalog::event_names() const {
  std::vector<std::string> out;
  for (const auto& [name, rules] : by_event_) out.push_back(name);
  return out;
}

std::vector<std::string> EventCatalog::streams() const {
  std::set<std::string> out;
  for (const auto& [name, rules] : by_event_)
    for (const auto& rule : rules) out.insert(rule.stream);
  return {out.begin(), out.end()};
}

void EventCatalog::add(EventRule rule) { by_event_[rule.event].push_back(std::move(rule)); }

Result<EventCatalog> read_event_catalog(std::string_view catalog_json) {
  std::error_code ec;
  const auto document = json::parse(catalog_json, ec);
  const auto* streams =
      !ec && document.is_object() ? document.as_object().if_contains("streams") : nullptr;
  if (!streams || !streams->is_array())
    return fail(Status::internal, "catalog: not an object with a \"streams\" list");
  EventCatalog catalog;
  for (const auto& stream : streams->as_array()) {
    if (!stream.is_object()) return fail(Status::internal, "catalog: a stream is not an object");
    if (auto read = read_stream(stream.as_object(), catalog); !read)
      return std::unexpected(read.error());
  }
  return catalog;
}

const EventCatalog& embedded_event_catalog() {
  static const EventCatalog catalog = [] {
    auto read = read_event_catalog(embedded_catalog_document());
    // The catalog is the plugin's own, checked by the unit tests: a failure
    // here is a build that should not have shipped.
    if (!read) throw std::logic_error(read.error().message);
    return std::move(*read);
  }();
  return catalog;
}

}  // namespace zc::events
