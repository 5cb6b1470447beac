#include "read_session.hpp"

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstring>
#include <set>

#include "message_output.hpp"

namespace airbyte_source {
namespace {

namespace json = boost::json;
using std::chrono::days;
using std::chrono::sys_days;

// Zoom's reports reach back six months; a day of margin for the clocks.
constexpr days k_report_history{182};
constexpr int k_max_plugin_logs = 1000;
constexpr std::size_t k_max_listed_partitions = 100;

std::string format_date(sys_days day) {
  const std::chrono::year_month_day ymd{day};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return text;
}

sys_days today_utc() { return std::chrono::floor<days>(std::chrono::system_clock::now()); }

std::int64_t integer_of(const json::object& object, const char* key) {
  const auto* value = object.if_contains(key);
  if (value == nullptr) return 0;
  if (value->is_int64()) return value->as_int64();
  if (value->is_uint64()) return static_cast<std::int64_t>(value->as_uint64());
  return 0;
}

std::string text_of(const json::object& object, const char* key) {
  const auto* value = object.if_contains(key);
  if (value == nullptr) return "";
  return value->is_string() ? std::string(value->as_string()) : json::serialize(*value);
}

// Where one stream starts, and whether it has anything to read at all.
struct StreamStart {
  std::optional<std::string> cursor;  // carried in its blob
  std::optional<std::string> from;    // passed to the plugin
  bool nothing_to_read = false;
};

// Skipped partitions (deleted meeting, unlicensed user, vanished user) and
// failed ones are reported, never dropped silently.
void report_partitions(const json::object& summary, ReadListener& listener) {
  for (const char* list : {"skipped_partitions", "failed_partitions"}) {
    const auto* entries = summary.if_contains(list);
    if (entries == nullptr || !entries->is_array()) continue;
    const bool skipped = std::strcmp(list, "skipped_partitions") == 0;
    std::size_t listed = 0;
    for (const auto& entry : entries->as_array()) {
      if (!entry.is_object()) continue;
      if (++listed > k_max_listed_partitions) {
        listener.log(LogLevel::warn,
                     std::to_string(entries->as_array().size() - k_max_listed_partitions) +
                         " more " + (skipped ? "skipped" : "failed") +
                         " partitions are not listed");
        break;
      }
      const json::object& p = entry.as_object();
      const std::string where = skipped ? text_of(p, "id") : text_of(p, "partition");
      listener.log(LogLevel::warn,
                   bounded_text(std::string(skipped ? "skipped" : "failed") +
                                " partition of stream " + text_of(p, "stream") + " (" + where +
                                "): Zoom code " + std::to_string(integer_of(p, "code")) +
                                ", HTTP " + std::to_string(integer_of(p, "http_status")) + ": " +
                                text_of(p, "message")));
    }
  }
}

class ThrottleWatch {
 public:
  // Streams whose count of 429 answers grew since the last look.
  std::vector<std::string> newly_throttled(const std::string& progress_json) {
    std::vector<std::string> out;
    boost::system::error_code ec;
    const auto progress = json::parse(progress_json, ec);
    if (ec || !progress.is_object()) return out;
    const auto* streams = progress.as_object().if_contains("streams");
    if (streams == nullptr || !streams->is_object()) return out;
    for (const auto& [name, counters] : streams->as_object()) {
      if (!counters.is_object()) continue;
      const std::int64_t throttled = integer_of(counters.as_object(), "throttled");
      auto& seen = seen_[std::string(name)];
      if (throttled > seen) out.emplace_back(name);
      seen = throttled;
    }
    return out;
  }

 private:
  std::map<std::string, std::int64_t> seen_;
};

}  // namespace

FailureKind failure_kind(pp_status status) {
  switch (status) {
    case PP_STATUS_INVALID_ARGUMENT:
    case PP_STATUS_AUTH_FAILED:
    case PP_STATUS_PERMISSION_DENIED:
      return FailureKind::config;
    case PP_STATUS_NETWORK:
    case PP_STATUS_TIMEOUT:
    case PP_STATUS_RATE_LIMITED:
    case PP_STATUS_REMOTE_ERROR:
      return FailureKind::transient;
    default:
      return FailureKind::system;
  }
}

ReadOutcome run_read(const pp::Plugin& plugin, const ReadPlan& plan, ReadListener& listener) {
  const sys_days today = today_utc();
  const std::string today_text = format_date(today);

  // ---- Each stream's start, from its saved state and the start date.
  std::map<std::string, StreamStart> starts;
  StreamBlobs to_resume;
  json::array request_streams;
  std::vector<std::string> fetched;
  for (const ReadStream& stream : plan.streams) {
    StreamStart start;
    const auto saved = plan.saved.find(stream.name);
    if (saved != plan.saved.end()) {
      auto cursor = blob_cursor(stream.name, saved->second);
      if (!cursor)
        return ReadOutcome{false, FailureKind::config, cursor.error(), "INVALID_ARGUMENT"};
      if (stream.incremental) start.cursor = *cursor;
      to_resume[stream.name] = saved->second;
    }
    const bool dated = stream.dated;
    if (dated) {
      start.from = plan.config.start_date;
      if (start.cursor && (!start.from || *start.cursor > *start.from)) start.from = start.cursor;
    }
    if (dated && start.from && *start.from > today_text) {
      start.nothing_to_read = true;
      listener.log(LogLevel::info, "stream " + stream.name + ": its cursor " + *start.from +
                                       " is after today (" + today_text + "); nothing to read");
    } else if (dated && start.from && stream.name.starts_with("report_") &&
               *start.from < format_date(today - k_report_history)) {
      start.from = format_date(today - k_report_history);
      listener.log(LogLevel::info, "stream " + stream.name +
                                       ": Zoom keeps reports for six months; starting at " +
                                       *start.from);
    }
    if (!start.nothing_to_read) {
      fetched.push_back(stream.name);
      if (dated && start.from) {
        request_streams.push_back(json::object{{"name", stream.name}, {"from", *start.from}});
      } else {
        request_streams.emplace_back(stream.name);
      }
    }
    starts[stream.name] = std::move(start);
  }
  for (const ReadStream& stream : plan.streams) {
    listener.stream_status(stream.name, StreamStatus::started, false);
  }

  StreamBlobs current;
  std::map<std::string, std::optional<std::string>> cursors_before;
  for (const ReadStream& stream : plan.streams) {
    const auto saved = plan.saved.find(stream.name);
    current[stream.name] = saved != plan.saved.end() ? saved->second : json::object{};
    cursors_before[stream.name] = starts[stream.name].cursor;
  }
  std::map<std::string, std::int64_t> counts;
  std::set<std::string> reported;  // streams that have had a state
  const auto report_states = [&](const std::vector<std::string>& changed) {
    std::map<std::string, std::int64_t> now;
    for (const auto& name : changed) {
      now[name] = counts[name];
      counts[name] = 0;
      reported.insert(name);
    }
    listener.state(current, changed, now);
  };
  const auto finish = [&](StreamStatus status) {
    for (const ReadStream& stream : plan.streams) {
      listener.stream_status(stream.name, status, false);
    }
  };

  if (!fetched.empty()) {
    json::object request = plan.config.fetch_settings;
    request["streams"] = std::move(request_streams);
    StreamBlobs resumable;
    for (const auto& name : fetched) {
      if (const auto it = to_resume.find(name); it != to_resume.end()) resumable.insert(*it);
    }
    if (auto state = merge_checkpoints(resumable)) request["state"] = std::move(*state);

    std::atomic<int> plugin_logs{0};
    try {
      pp::Connector connector = plugin.create(
          json::serialize(plan.config.credential), json::serialize(plan.config.options),
          [&](pp_log_level level, const char* message) {
            if (level < PP_LOG_INFO || message == nullptr) return;
            const int n = ++plugin_logs;
            if (n > k_max_plugin_logs) return;
            const LogLevel mapped = level >= PP_LOG_ERROR  ? LogLevel::error
                                    : level == PP_LOG_WARN ? LogLevel::warn
                                                           : LogLevel::info;
            listener.log(mapped, n == k_max_plugin_logs
                                     ? "further log lines of the plugin are left out"
                                     : bounded_text(message));
          });
      pp::FetchStream stream = connector.fetch(json::serialize(request));
      std::set<std::string> running;
      ThrottleWatch throttle;
      auto next_look = std::chrono::steady_clock::now() + std::chrono::seconds(1);
      for (;;) {
        const pp::FetchItem item = stream.next();
        if (item.kind == PP_ITEM_END) break;
        if (item.kind == PP_ITEM_RECORD) {
          if (running.insert(item.stream).second) {
            listener.stream_status(item.stream, StreamStatus::running, false);
          }
          ++counts[item.stream];
          listener.record(item.stream, item.json);
        } else if (item.kind == PP_ITEM_STATE) {
          boost::system::error_code ec;
          const auto checkpoint = json::parse(item.json, ec);
          if (ec)
            throw pp::PluginError(PP_STATUS_INTERNAL,
                                  "the plugin sent a checkpoint that is not JSON");
          std::vector<std::string> changed;
          for (auto& [name, blob] : split_checkpoint(checkpoint, fetched, cursors_before)) {
            if (blob != current[name] || counts[name] > 0 || !reported.contains(name)) {
              current[name] = std::move(blob);
              changed.push_back(name);
            }
          }
          if (!changed.empty()) report_states(changed);
        } else if (item.kind == PP_ITEM_SUMMARY) {
          boost::system::error_code ec;
          const auto summary = json::parse(item.json, ec);
          if (!ec && summary.is_object()) report_partitions(summary.as_object(), listener);
        }
        if (const auto now = std::chrono::steady_clock::now(); now >= next_look) {
          next_look = now + std::chrono::seconds(1);
          for (const auto& name : throttle.newly_throttled(stream.progress_json())) {
            if (starts.contains(name)) listener.stream_status(name, StreamStatus::running, true);
          }
        }
      }
    } catch (const pp::PluginError& e) {
      finish(StreamStatus::incomplete);
      return ReadOutcome{false, failure_kind(e.status()), bounded_text(e.what()),
                         pp::status_name(e.status())};
    }
  }
  // Every stream ends with a state: also those with nothing to read.
  std::vector<std::string> unreported;
  for (const ReadStream& stream : plan.streams) {
    if (!reported.contains(stream.name)) unreported.push_back(stream.name);
  }
  if (!unreported.empty()) report_states(unreported);
  finish(StreamStatus::complete);
  return ReadOutcome{};
}

}  // namespace airbyte_source
