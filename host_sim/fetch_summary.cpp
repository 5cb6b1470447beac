#include "fetch_summary.hpp"

#include <boost/json.hpp>
#include <cstdio>
#include <sstream>
#include <vector>

namespace host_sim {
namespace {

namespace json = boost::json;

std::int64_t number(const json::object& object, const char* key) {
  const auto* value = object.if_contains(key);
  if (value == nullptr) return 0;
  if (value->is_int64()) return value->as_int64();
  if (value->is_uint64()) return static_cast<std::int64_t>(value->as_uint64());
  return 0;
}

// Remote text: printable ASCII, bounded.
std::string shown(std::string_view text, std::size_t limit = 160) {
  std::string out;
  for (const char c : text) {
    if (out.size() >= limit) return out + "...";
    out += (c >= 0x20 && c < 0x7f) ? c : '?';
  }
  return out;
}

std::string plural(std::int64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// Why partitions were skipped, in a few words, from the reason word the
// plugin gives each (its summary schema lists them).
std::string skip_reason(std::string_view reason) {
  if (reason == "user_unlicensed") return "users without the licence, plan or permission needed";
  if (reason == "not_permitted")
    return "partitions needing a plan, licence or permission the account lacks";
  if (reason == "meeting_gone")
    return "meetings no longer there (deleted, or past their data's retention)";
  if (reason == "user_gone") return "users no longer there";
  if (reason == "no_summary") return "meetings without an AI Companion summary";
  if (reason == "parent_gone") return "partitions whose parent record is no longer there";
  if (reason == "no_registration") return "webinars that take no registration";
  if (reason == "past_retention") return "meetings or webinars older than Zoom keeps their data";
  return "partitions Zoom refused";
}

}  // namespace

std::string elapsed_text(double seconds) {
  char buffer[48];
  if (seconds < 0) seconds = 0;
  if (seconds < 120) {
    std::snprintf(buffer, sizeof buffer, "%.1f s", seconds);
  } else if (seconds < 3600) {
    const auto whole = static_cast<long long>(seconds + 0.5);
    std::snprintf(buffer, sizeof buffer, "%lld min %lld s", whole / 60, whole % 60);
  } else {
    const auto minutes = static_cast<long long>(seconds / 60 + 0.5);
    std::snprintf(buffer, sizeof buffer, "%lld h %lld min", minutes / 60, minutes % 60);
  }
  return buffer;
}

std::string fetch_summary_text(const std::map<std::string, std::int64_t>& counts,
                               const std::string& summary_json, double seconds) {
  std::int64_t total = 0;
  for (const auto& [stream, count] : counts) total += count;
  boost::system::error_code ec;
  const auto parsed = json::parse(summary_json, ec);
  const json::object summary = !ec && parsed.is_object() ? parsed.as_object() : json::object();
  const json::object* stats = nullptr;
  if (const auto* streams = summary.if_contains("streams"); streams && streams->is_object()) {
    stats = &streams->as_object();
  }

  std::ostringstream out;
  out << "Summary: " << plural(total, "record", "records") << " in " << elapsed_text(seconds);
  if (const auto* status = summary.if_contains("status");
      status != nullptr && status->is_string() && status->as_string() != "ok") {
    out << " (status: " << shown(status->as_string(), 40) << ")";
  }
  out << "\n";
  std::map<std::string, std::int64_t> streams = counts;
  if (stats != nullptr) {
    for (const auto& [name, value] : *stats) streams.try_emplace(std::string(name), 0);
  }
  for (const auto& [stream, count] : streams) {
    out << "  " << shown(stream, 60) << ": " << plural(count, "record", "records");
    const json::value* entry = stats != nullptr ? stats->if_contains(stream) : nullptr;
    if (entry != nullptr && entry->is_object()) {
      const auto& s = entry->as_object();
      out << ", " << plural(number(s, "pages"), "page", "pages");
      if (const auto retries = number(s, "retries"))
        out << ", " << plural(retries, "retry", "retries");
      if (const auto throttled = number(s, "throttled"))
        out << ", " << throttled << " x 429 (throttled)";
      if (const auto skipped = number(s, "partitions_skipped")) {
        out << ", " << plural(skipped, "partition", "partitions") << " skipped";
      }
    }
    out << "\n";
  }

  // Whether the per-user walks were pruned by Zoom's active-hosts report.
  if (const auto* pruning = summary.if_contains("pruning"); pruning && pruning->is_object()) {
    if (const auto* note = pruning->as_object().if_contains("note"); note && note->is_string()) {
      out << "  Pruning: " << shown(note->as_string(), 300) << "\n";
    }
  }

  // Skipped partitions, grouped by stream and reason.
  std::map<std::pair<std::string, std::string>, std::int64_t> skipped;
  if (const auto* list = summary.if_contains("skipped_partitions"); list && list->is_array()) {
    for (const auto& item : list->as_array()) {
      if (!item.is_object()) continue;
      const auto& p = item.as_object();
      const auto* stream_value = p.if_contains("stream");
      const std::string stream =
          stream_value && stream_value->is_string() ? std::string(stream_value->as_string()) : "?";
      const std::int64_t code = number(p, "code");
      const auto* reason_value = p.if_contains("reason");
      std::string reason = skip_reason(reason_value && reason_value->is_string()
                                           ? std::string_view(reason_value->as_string())
                                           : std::string_view());
      if (code != 0) reason += " (" + std::to_string(code) + ")";
      ++skipped[{stream, reason}];
    }
  }
  if (!skipped.empty()) out << "  Skipped (the rest of the stream was fetched):\n";
  for (const auto& [key, count] : skipped) {
    out << "    " << shown(key.first, 60) << ": " << count << " " << key.second << "\n";
  }

  if (const auto* list = summary.if_contains("failed_partitions");
      list && list->is_array() && !list->as_array().empty()) {
    const auto& failed = list->as_array();
    out << "  Failed: "
        << plural(static_cast<std::int64_t>(failed.size()), "partition", "partitions");
    if (failed.front().is_object()) {
      if (const auto* message = failed.front().as_object().if_contains("message");
          message && message->is_string()) {
        out << "; first: " << shown(message->as_string());
      }
    }
    out << "\n";
  }

  // What else the connector said, for a plugin that is not Zoom's.
  for (const auto& [key, value] : summary) {
    if (key == "status" || key == "elapsed_s" || key == "streams" ||
        key == "requests_by_category" || key == "skipped_partitions" ||
        key == "failed_partitions") {
      continue;
    }
    if (value.is_string()) {
      out << "  " << shown(key, 60) << ": " << shown(value.as_string()) << "\n";
    } else if (value.is_number() || value.is_bool()) {
      out << "  " << shown(key, 60) << ": " << json::serialize(value) << "\n";
    }
  }
  return out.str();
}

}  // namespace host_sim
