#include "events/change_parser.hpp"

#include <boost/json.hpp>
#include <functional>

namespace zc::events {

namespace json = boost::json;

namespace {

const json::value* walk(const json::value& from, const FieldPath& path) {
  const json::value* at = &from;
  for (const auto& name : path) {
    if (!at->is_object()) return nullptr;
    at = at->as_object().if_contains(name);
    if (!at) return nullptr;
  }
  return at;
}

std::string dotted(const FieldPath& path) {
  std::string out;
  for (const auto& name : path) out += (out.empty() ? "" : ".") + name;
  return out;
}

// A key-like value: a string of printable text, or a whole number (Zoom's
// meeting ids) written as its digits.
std::optional<std::string> key_text(const json::value& value, std::size_t max_bytes) {
  if (value.is_int64()) return std::to_string(value.as_int64());
  if (value.is_uint64()) return std::to_string(value.as_uint64());
  if (!value.is_string()) return std::nullopt;
  const std::string_view text = value.as_string();
  if (text.empty() || text.size() > max_bytes) return std::nullopt;
  for (unsigned char c : text)
    if (c < 0x20 || c == 0x7f) return std::nullopt;
  return std::string(text);
}

std::optional<std::int64_t> millis(const json::value* value) {
  if (!value) return std::nullopt;
  if (value->is_int64() && value->as_int64() >= 0) return value->as_int64();
  if (value->is_uint64() && value->as_uint64() <= std::uint64_t(INT64_MAX))
    return static_cast<std::int64_t>(value->as_uint64());
  return std::nullopt;
}

struct EventHead {
  std::string name;
  std::int64_t event_ts = 0;
  std::int64_t change_ts = 0;
  std::uint64_t digest = 0;
};

Result<std::optional<std::string>> optional_key(const json::value& from, const FieldPath& path,
                                                const EventRule& rule, std::string_view what,
                                                const ChangeLimits& limits) {
  if (path.empty()) return std::optional<std::string>{};
  const auto* value = walk(from, path);
  if (!value || value->is_null()) return std::optional<std::string>{};
  auto text = key_text(*value, limits.max_key_bytes);
  if (!text)
    return fail(Status::invalid_argument, "event " + rule.event + ": " + std::string(what) + " " +
                                              dotted(path) + " is not a usable id");
  return std::optional<std::string>{std::move(*text)};
}

// One change of `rule` out of `from` (the payload, or one element of "each").
Result<ChangeItem> one_change(const json::value& from, const EventRule& rule, const EventHead& head,
                              const json::value& payload, const ChangeLimits& limits) {
  ChangeItem item;
  item.stream = rule.stream;
  item.op = rule.op;
  item.partial = rule.partial;
  item.event = head.name;
  item.event_ts = head.event_ts;
  item.change_ts = head.change_ts;
  item.digest = head.digest;
  auto key = optional_key(from, rule.key, rule, "key", limits);
  auto lookup = optional_key(from, rule.lookup, rule, "lookup", limits);
  auto parent = optional_key(payload, rule.parent, rule, "parent", limits);
  for (auto* part : {&key, &lookup, &parent})
    if (!*part) return std::unexpected(part->error());
  item.key = std::move(*key);
  item.lookup = std::move(*lookup);
  item.parent = std::move(*parent);
  if (!item.key && !item.lookup)
    return fail(Status::invalid_argument,
                "event " + rule.event + ": no key at payload." + dotted(rule.key));
  if (!rule.partial && rule.op == ChangeOp::upsert) {
    const auto* object = rule.each.empty() ? walk(payload, {"object"}) : &from;
    if (!object || !object->is_object())
      return fail(Status::invalid_argument, "event " + rule.event + ": no object to carry");
    item.record = json::serialize(*object);
  }
  return item;
}

Result<void> changes_of_rule(const EventRule& rule, const EventHead& head,
                             const json::value& payload, const ChangeLimits& limits,
                             std::vector<ChangeItem>& out) {
  if (rule.each.empty()) {
    auto item = one_change(payload, rule, head, payload, limits);
    if (!item) return std::unexpected(item.error());
    out.push_back(std::move(*item));
    return {};
  }
  const auto* list = walk(payload, rule.each);
  if (!list || !list->is_array())
    return fail(Status::invalid_argument,
                "event " + rule.event + ": payload." + dotted(rule.each) + " is not a list");
  for (const auto& element : list->as_array()) {
    if (out.size() >= limits.max_items)
      return fail(Status::invalid_argument, "event " + rule.event + ": more than " +
                                                std::to_string(limits.max_items) + " changes");
    auto item = one_change(element, rule, head, payload, limits);
    if (!item) return std::unexpected(item.error());
    out.push_back(std::move(*item));
  }
  return {};
}

}  // namespace

Result<std::vector<ChangeItem>> parse_event(std::string_view text, const EventCatalog& catalog,
                                            const ChangeLimits& limits) {
  if (text.size() > limits.max_bytes)
    return fail(Status::invalid_argument,
                "event JSON: over " + std::to_string(limits.max_bytes) + " bytes");
  json::parse_options options;
  options.max_depth = static_cast<std::size_t>(limits.max_depth);
  std::error_code ec;
  const auto document = json::parse(text, ec, {}, options);
  if (ec || !document.is_object())
    return fail(Status::invalid_argument, "event JSON: not a JSON object (or nested too deeply)");
  const auto& event = document.as_object();
  const auto* name = event.if_contains("event");
  if (!name || !name->is_string())
    return fail(Status::invalid_argument, "event JSON: no \"event\" name");
  const auto& rules = catalog.rules_for(name->as_string());
  if (rules.empty()) return std::vector<ChangeItem>{};  // no stream listens to it
  EventHead head;
  head.name = rules.front().event;  // the catalog's spelling: known, printable
  const auto event_ts = millis(event.if_contains("event_ts"));
  if (!event_ts)
    return fail(Status::invalid_argument, "event " + head.name + ": no event_ts in milliseconds");
  head.event_ts = *event_ts;
  const auto* payload = event.if_contains("payload");
  if (!payload || !payload->is_object())
    return fail(Status::invalid_argument, "event " + head.name + ": no payload object");
  head.change_ts = millis(payload->as_object().if_contains("time_stamp")).value_or(head.event_ts);
  head.digest = std::hash<std::string>{}(head.name + '\n' + std::to_string(head.event_ts) + '\n' +
                                         json::serialize(*payload));
  std::vector<ChangeItem> out;
  for (const auto& rule : rules)
    if (auto added = changes_of_rule(rule, head, *payload, limits, out); !added)
      return std::unexpected(added.error());
  return out;
}

std::string change_item_json(const ChangeItem& item) {
  json::object line{{"stream", item.stream}, {"op", change_op_word(item.op)}};
  line["key"] = item.key ? json::value(*item.key) : json::value(nullptr);
  if (item.lookup) line["lookup"] = *item.lookup;
  if (item.parent) line["parent"] = *item.parent;
  line["partial"] = item.partial;
  if (!item.record.empty()) line["record"] = json::parse(item.record);
  line["event"] = json::object{{"name", item.event}, {"ts", item.event_ts}};
  return json::serialize(line);
}

}  // namespace zc::events
