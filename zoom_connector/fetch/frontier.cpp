#include "fetch/frontier.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <cstdio>
#include <set>

#include "core/bounded_text.hpp"
#include "fetch/partition_planner.hpp"

namespace zc::fetch {
namespace {

namespace json = boost::json;

constexpr std::size_t k_max_stream_name = 64;

bool is_fingerprint(std::string_view text) {
  if (text.size() != 16) return false;
  for (const char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

std::expected<LoadedFrontier, std::string> Frontier::load(const json::value& blob) {
  using Fail = std::unexpected<std::string>;
  if (!blob.is_object()) return Fail("its \"frontier\" is not an object");
  const json::object& root = blob.as_object();
  const auto* plan = root.if_contains("plan");
  if (plan == nullptr || !plan->is_string() || !is_fingerprint(plan->as_string())) {
    return Fail("its \"frontier\" has no \"plan\" fingerprint");
  }
  const auto* open = root.if_contains("open");
  if (open == nullptr || !open->is_object()) return Fail("its \"frontier\" has no \"open\" object");
  LoadedFrontier out;
  out.plan = plan->as_string();
  for (const auto& [name, ids] : open->as_object()) {
    const StreamDef* stream = find_stream(name);
    if (stream == nullptr)
      return Fail("its frontier names an unknown stream " + quoted_text(name, k_max_stream_name));
    if (stream->parent.empty()) {
      return Fail("its frontier names " + quoted_text(name, k_max_stream_name) +
                  ", which is not a child stream");
    }
    if (!ids.is_array())
      return Fail("the frontier of " + quoted_text(name, k_max_stream_name) + " is not a list");
    if (ids.as_array().size() > k_max_entries - out.entries.size()) {
      return Fail("its frontier holds more than " + std::to_string(k_max_entries) + " entries");
    }
    std::set<std::string_view> seen;
    for (const json::value& id : ids.as_array()) {
      if (!id.is_string() || id.as_string().empty() || id.as_string().size() > k_max_id_bytes) {
        return Fail("the frontier of " + quoted_text(name, k_max_stream_name) +
                    " holds an id that is not a string of 1 to " + std::to_string(k_max_id_bytes) +
                    " bytes");
      }
      if (!seen.insert(std::string_view(id.as_string())).second) {
        return Fail("the frontier of " + quoted_text(name, k_max_stream_name) +
                    " names a parent twice");
      }
      out.entries.push_back(FrontierEntry{stream, std::string(id.as_string())});
    }
  }
  return out;
}

void Frontier::open(const std::string& key, const StreamDef& stream, const std::string& parent_id) {
  open_.try_emplace(key, FrontierEntry{&stream, parent_id});
}

std::optional<json::object> Frontier::to_json(const std::string& plan) const {
  std::map<std::string_view, std::set<std::string_view>> by_stream;
  std::size_t entries = 0;
  for (const auto& [key, entry] : open_) {
    entries += by_stream[entry.stream->name].insert(entry.parent_id).second ? 1 : 0;
  }
  if (entries > k_max_entries) return std::nullopt;
  json::object open;
  for (const auto& [stream, ids] : by_stream) {
    json::array list;
    list.reserve(ids.size());
    for (const std::string_view id : ids) list.emplace_back(id);
    open[stream] = std::move(list);
  }
  return json::object{{"plan", plan}, {"open", std::move(open)}};
}

std::string plan_fingerprint(const FetchRequest& request, const json::object& raw) {
  std::string plan = "plan 1;page_size=" + std::to_string(request.page_size.value_or(0)) +
                     ";default=" + format_date(request.default_range.from) + ".." +
                     format_date(request.default_range.to);
  for (const StreamRequest& stream : request.streams) {
    plan += ";" + stream.name;
    if (stream.range) {
      plan += "=" + format_date(stream.range->from) + ".." + format_date(stream.range->to);
    }
  }
  json::object fields = raw;
  for (const char* pacing : {"state", "max_concurrency", "plan", "rate_share"}) {
    fields.erase(pacing);
  }
  plan += ";request=" + json::serialize(fields);
  // FNV-1a 64: tells plans apart, not a security measure.
  std::uint64_t hash = 1469598103934665603ULL;
  for (const unsigned char c : plan) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  char text[24];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash));
  return text;
}

Result<void> check_frontier_covered(const LoadedFrontier& frontier,
                                    const PartitionPlanner& planner) {
  for (const FrontierEntry& entry : frontier.entries) {
    if (planner.wanted(*entry.stream) || planner.feeds_children(*entry.stream)) continue;
    return fail(Status::invalid_argument,
                "the fetch state is not usable: its frontier names " +
                    quoted_text(entry.stream->name, k_max_stream_name) +
                    ", which this request does not fetch, although the request's plan matches "
                    "(the state was altered). Start without a state to fetch everything again.");
  }
  return {};
}

}  // namespace zc::fetch
