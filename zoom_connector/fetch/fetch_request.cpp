#include "fetch/fetch_request.hpp"

#include <algorithm>

#include "core/bounded_text.hpp"
#include "core/json_input.hpp"
#include "core/nearest_name.hpp"
#include "core/rate_plan.hpp"
#include "core/stream_table.hpp"

namespace zc::fetch {
namespace {

// 'unknown stream "usres" (did you mean "users"?); the streams: users, ...'
std::string unknown_stream_text(std::string_view typed) {
  std::vector<std::string_view> names;
  for (const StreamDef& def : stream_table()) names.push_back(def.name);
  std::string text = "unknown stream " + quoted_text(typed, 64);
  if (const auto near = nearest_name(typed, names); !near.empty()) {
    text += " (did you mean \"" + std::string(near) + "\"?)";
  }
  text += "; the streams:";
  for (std::size_t i = 0; i < names.size(); ++i) text += (i ? ", " : " ") + std::string(names[i]);
  return text;
}

namespace json = boost::json;
using std::chrono::days;

constexpr int k_max_concurrency = 16;
constexpr days k_default_window{30};

struct Problems {
  std::vector<std::string> list;
  void add(std::string problem) { list.push_back(std::move(problem)); }
  Result<FetchRequest> fail_or(FetchRequest request) const {
    if (list.empty()) return request;
    std::string message = "invalid fetch request: ";
    for (std::size_t i = 0; i < list.size(); ++i) message += (i ? "; " : "") + list[i];
    return fail(Status::invalid_argument, message);
  }
};

std::optional<DateRange> read_range(const json::object& object, std::string_view where,
                                    std::chrono::sys_days today, Problems& problems) {
  std::optional<std::chrono::sys_days> from;
  std::optional<std::chrono::sys_days> to;
  for (const char* key : {"from", "to"}) {
    const json::value* value = object.if_contains(key);
    if (value == nullptr) continue;
    auto day = value->is_string() ? parse_date(value->as_string()) : std::nullopt;
    if (!day) {
      problems.add(std::string(where) + "\"" + key + "\" must be a date yyyy-mm-dd");
      continue;
    }
    (std::string_view(key) == "from" ? from : to) = day;
  }
  if (!from && !to) return std::nullopt;
  DateRange range;
  range.to = to.value_or(today);
  range.from = from.value_or(range.to - k_default_window);
  if (range.from > range.to) problems.add(std::string(where) + "\"from\" is after \"to\"");
  if (range.to > today) problems.add(std::string(where) + "\"to\" is in the future");
  return range;
}

// Zoom keeps some data only so long (its reports: six months,
// docs/zoom_api_facts.md section 5).
void check_history(const StreamDef& def, const StreamRequest& stream, std::chrono::sys_days today,
                   Problems& problems) {
  if (def.history_days == 0 || !stream.range) return;
  const std::chrono::sys_days earliest = today - days{def.history_days};
  if (stream.range->from < earliest) {
    problems.add("stream \"" + stream.name + "\": Zoom keeps only the last " +
                 std::to_string(def.history_days) + " days of it (\"from\" may be " +
                 format_date(earliest) + " at the earliest)");
  }
}

void reject_unknown_keys(const json::object& object, std::initializer_list<std::string_view> known,
                         std::string_view where, Problems& problems) {
  for (const auto& [key, value] : object) {
    if (std::ranges::find(known, std::string_view(key)) == known.end()) {
      problems.add(std::string(where) + "unknown field \"" + bounded_text(key, 64) + "\"");
    }
  }
}

}  // namespace

bool FetchRequest::wants(std::string_view stream) const { return find(stream) != nullptr; }

const StreamRequest* FetchRequest::find(std::string_view stream) const {
  for (const auto& s : streams) {
    if (s.name == stream) return &s;
  }
  return nullptr;
}

std::chrono::sys_days clamp_cursor(std::string_view stream, std::chrono::sys_days cursor,
                                   std::chrono::sys_days today) {
  const StreamDef* def = find_stream(stream);
  const int history = def != nullptr ? def->history_days : 0;
  const auto earliest = history > 0 ? today - days{history} : k_oldest_cursor;
  return std::max(cursor, earliest);
}

Result<FetchRequest> parse_fetch_request(std::string_view text, std::chrono::sys_days today) {
  auto parsed = parse_json_object(text, "fetch request JSON");
  if (!parsed) return std::unexpected(parsed.error());
  const json::object& root = *parsed;
  Problems problems;
  FetchRequest request;
  reject_unknown_keys(root,
                      {"streams", "from", "to", "page_size", "max_concurrency", "plan",
                       "rate_share", "active_hosts_only", "state"},
                      "", problems);
  const auto default_range = read_range(root, "", today, problems);
  request.default_range = default_range.value_or(DateRange{today - k_default_window, today});

  const json::value* streams = root.if_contains("streams");
  if (streams == nullptr || !streams->is_array() || streams->as_array().empty()) {
    problems.add("\"streams\" must be a non-empty list of stream names");
  } else {
    for (const json::value& entry : streams->as_array()) {
      StreamRequest stream;
      const json::object* options = nullptr;
      if (entry.is_string()) {
        stream.name = entry.as_string();
      } else if (entry.is_object() && entry.as_object().contains("name") &&
                 entry.as_object().at("name").is_string()) {
        options = &entry.as_object();
        stream.name = options->at("name").as_string();
      } else {
        problems.add("each entry of \"streams\" must be a name or {\"name\": ...}");
        continue;
      }
      const StreamDef* spec = find_stream(stream.name);
      if (!spec) {
        problems.add(unknown_stream_text(stream.name));
        continue;
      }
      if (request.wants(stream.name)) {
        problems.add("stream \"" + stream.name + "\" is listed twice");
        continue;
      }
      const std::string where = "stream \"" + stream.name + "\": ";
      if (options != nullptr) {
        reject_unknown_keys(*options, {"name", "from", "to"}, where, problems);
        stream.range = read_range(*options, where, today, problems);
        stream.explicit_range = stream.range.has_value();
        if (stream.range && !spec->windowed) problems.add(where + "takes no date range");
      }
      if (spec->windowed && !stream.range) {
        stream.explicit_range = default_range.has_value();
        stream.range = request.default_range;
      }
      check_history(*spec, stream, today, problems);
      request.streams.push_back(std::move(stream));
    }
  }

  if (const auto* value = root.if_contains("page_size")) {
    if (!value->is_int64() || value->as_int64() < 1 || value->as_int64() > 2000) {
      problems.add("\"page_size\" must be a whole number from 1 to 2000");
    } else {
      request.page_size = static_cast<int>(value->as_int64());
    }
  }
  if (const auto* value = root.if_contains("max_concurrency")) {
    if (!value->is_int64() || value->as_int64() < 1 || value->as_int64() > k_max_concurrency) {
      problems.add("\"max_concurrency\" must be a whole number from 1 to 16");
    } else {
      request.max_concurrency = static_cast<int>(value->as_int64());
    }
  }
  const RatePlan rate = read_rate_plan(
      root, RatePlan{request.plan, request.learn_plan, request.rate_share}, problems.list);
  request.plan = rate.plan;
  request.learn_plan = rate.learn;
  request.rate_share = rate.share;
  if (const auto* value = root.if_contains("active_hosts_only")) {
    if (!value->is_bool()) {
      problems.add("\"active_hosts_only\" must be true or false");
    } else {
      request.active_hosts_only = value->as_bool();
    }
  }
  if (const auto* value = root.if_contains("state"); value != nullptr && !value->is_null()) {
    if (!value->is_object()) {
      problems.add("\"state\" must be the JSON object of an earlier checkpoint");
    } else {
      request.state = value->as_object();
    }
  }
  return problems.fail_or(std::move(request));
}

}  // namespace zc::fetch
