#include "read_session.hpp"

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstring>
#include <memory>
#include <random>
#include <set>
#include <utility>

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

// 64 random bits as hex: a read's name in its checkpoints' moments.
std::string random_read_id() {
  std::random_device device;
  const std::uint64_t bits = (std::uint64_t{device()} << 32) ^ device();
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(bits));
  return text;
}

// What the plugin is asked for.
struct FetchPlan {
  json::object request;
  std::vector<std::string> fetched;  // the streams in the request
  // Every read stream's cursor at the start; carried in its blobs until the
  // plugin's final checkpoint moves it.
  std::map<std::string, std::optional<std::string>> cursors_before;
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

// Each stream's dates from its saved cursor and the start date, and the
// plugin state to resume from. A dated stream whose start is after today is
// not asked for.
std::expected<FetchPlan, std::string> plan_fetch(const ReadPlan& plan, sys_days today,
                                                 ReadListener& listener) {
  const std::string today_text = format_date(today);
  FetchPlan out;
  json::array streams;
  StreamBlobs resumable;
  for (const ReadStream& stream : plan.streams) {
    std::optional<std::string> cursor;
    const auto saved = plan.saved.find(stream.name);
    if (saved != plan.saved.end()) {
      auto found = blob_cursor(stream.name, saved->second);
      if (!found) return std::unexpected(found.error());
      if (stream.incremental) cursor = *found;
    }
    out.cursors_before[stream.name] = cursor;
    std::optional<std::string> from;
    if (stream.dated) {
      from = plan.config.start_date;
      if (cursor && (!from || *cursor > *from)) from = cursor;
    }
    if (from && *from > today_text) {
      listener.log(LogLevel::info, "stream " + stream.name + ": its start " + *from +
                                       " is after today (" + today_text + "); nothing to read");
      continue;
    }
    if (from && stream.name.starts_with("report_") &&
        *from < format_date(today - k_report_history)) {
      from = format_date(today - k_report_history);
      listener.log(LogLevel::info, "stream " + stream.name +
                                       ": Zoom keeps reports for six months; starting at " + *from);
    }
    out.fetched.push_back(stream.name);
    if (from) {
      streams.push_back(json::object{{"name", stream.name}, {"from", *from}});
    } else {
      streams.emplace_back(stream.name);
    }
    if (saved != plan.saved.end()) resumable.insert(*saved);
  }
  out.request = plan.config.fetch_settings;
  out.request["streams"] = std::move(streams);
  if (auto merged = merge_checkpoints(resumable)) {
    if (merged->frontier) {
      std::size_t open = 0;
      for (const auto& [name, parents] : merged->state.at("frontier").at("open").as_object()) {
        if (parents.is_array()) open += parents.as_array().size();
      }
      listener.log(LogLevel::info, "resuming from the last checkpoint: " + std::to_string(open) +
                                       " unfinished child partitions are queued, finished "
                                       "parents are not listed again");
    } else if (merged->state.contains("partitions")) {
      listener.log(LogLevel::info,
                   "resuming from the streams' states, which are not all of one checkpoint (or "
                   "carry no frontier): finished parents are listed again to find their "
                   "unfinished children");
    }
    out.request["state"] = std::move(merged->state);
  }
  return out;
}

// The plugin's log lines (INFO and above), bounded in length and number.
pp::LogCallback plugin_log_sink(ReadListener& listener, std::shared_ptr<std::atomic<int>> count) {
  return [&listener, count](pp_log_level level, const char* message) {
    if (level < PP_LOG_INFO || message == nullptr) return;
    const int n = ++*count;
    if (n > k_max_plugin_logs) return;
    const LogLevel mapped = level >= PP_LOG_ERROR  ? LogLevel::error
                            : level == PP_LOG_WARN ? LogLevel::warn
                                                   : LogLevel::info;
    listener.log(mapped, n == k_max_plugin_logs ? "further log lines of the plugin are left out"
                                                : bounded_text(message));
  };
}

// One read's bookkeeping: each stream's latest state blob, its records since
// its last state, and which streams have had a state at all.
class ReadRun {
 public:
  ReadRun(const ReadPlan& plan, FetchPlan fetch, ReadListener& listener)
      : plan_(plan), fetch_(std::move(fetch)), listener_(listener) {
    for (const ReadStream& stream : plan_.streams) {
      const auto saved = plan_.saved.find(stream.name);
      current_[stream.name] = saved != plan_.saved.end() ? saved->second : json::object{};
    }
  }

  bool has_work() const { return !fetch_.fetched.empty(); }
  const json::object& request() const { return fetch_.request; }

  // Pulls the fetch to its end; throws pp::PluginError.
  void pull(pp::FetchStream& stream) {
    std::set<std::string> running;
    ThrottleWatch throttle;
    auto next_look = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    for (;;) {
      const pp::FetchItem item = stream.next();
      if (item.kind == PP_ITEM_END) return;
      if (item.kind == PP_ITEM_RECORD) {
        if (running.insert(item.stream).second) {
          listener_.stream_status(item.stream, StreamStatus::running, false);
        }
        ++counts_[item.stream];
        listener_.record(item.stream, item.json);
      } else if (item.kind == PP_ITEM_STATE) {
        on_checkpoint(item.json);
      } else if (item.kind == PP_ITEM_SUMMARY) {
        boost::system::error_code ec;
        const auto summary = json::parse(item.json, ec);
        if (!ec && summary.is_object()) report_partitions(summary.as_object(), listener_);
      }
      if (const auto now = std::chrono::steady_clock::now(); now >= next_look) {
        next_look = now + std::chrono::seconds(1);
        for (const auto& name : throttle.newly_throttled(stream.progress_json())) {
          if (current_.contains(name)) listener_.stream_status(name, StreamStatus::running, true);
        }
      }
    }
  }

  // Every stream ends with a state: also those with nothing to read.
  void report_the_rest() {
    std::vector<std::string> unreported;
    for (const ReadStream& stream : plan_.streams) {
      if (!reported_.contains(stream.name)) unreported.push_back(stream.name);
    }
    if (!unreported.empty()) report_states(unreported);
  }

  void status_of_all(StreamStatus status) {
    for (const ReadStream& stream : plan_.streams) {
      listener_.stream_status(stream.name, status, false);
    }
  }

 private:
  void on_checkpoint(const std::string& text) {
    boost::system::error_code ec;
    const auto checkpoint = json::parse(text, ec);
    if (ec)
      throw pp::PluginError(PP_STATUS_INTERNAL, "the plugin sent a checkpoint that is not JSON");
    std::vector<std::string> changed;
    const std::string moment = read_id_ + ":" + std::to_string(++checkpoints_);
    for (auto& [name, blob] :
         split_checkpoint(checkpoint, fetch_.fetched, fetch_.cursors_before, moment)) {
      if (blob != current_[name] || counts_[name] > 0 || !reported_.contains(name)) {
        current_[name] = std::move(blob);
        changed.push_back(name);
      }
    }
    if (!changed.empty()) report_states(changed);
  }

  void report_states(const std::vector<std::string>& changed) {
    std::map<std::string, std::int64_t> counts;
    for (const auto& name : changed) {
      counts[name] = std::exchange(counts_[name], 0);
      reported_.insert(name);
    }
    listener_.state(current_, changed, counts);
  }

  const ReadPlan& plan_;
  FetchPlan fetch_;
  ReadListener& listener_;
  StreamBlobs current_;
  std::map<std::string, std::int64_t> counts_;
  std::set<std::string> reported_;
  // Names this read's checkpoints apart from another read's (see stream_state.hpp).
  const std::string read_id_ = random_read_id();
  std::uint64_t checkpoints_ = 0;
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
  auto fetch = plan_fetch(plan, today_utc(), listener);
  if (!fetch) {
    return ReadOutcome{false, FailureKind::config, fetch.error(),
                       pp::status_name(PP_STATUS_INVALID_ARGUMENT)};
  }
  ReadRun run(plan, std::move(*fetch), listener);
  run.status_of_all(StreamStatus::started);
  if (run.has_work()) {
    try {
      pp::Connector connector = plugin.create(
          json::serialize(plan.config.credential), json::serialize(plan.config.options),
          plugin_log_sink(listener, std::make_shared<std::atomic<int>>(0)));
      pp::FetchStream stream = connector.fetch(json::serialize(run.request()));
      run.pull(stream);
    } catch (const pp::PluginError& e) {
      run.status_of_all(StreamStatus::incomplete);
      return ReadOutcome{false, failure_kind(e.status()), bounded_text(e.what()),
                         pp::status_name(e.status())};
    }
  }
  run.report_the_rest();
  run.status_of_all(StreamStatus::complete);
  return ReadOutcome{};
}

}  // namespace airbyte_source
