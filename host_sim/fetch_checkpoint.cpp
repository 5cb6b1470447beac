#include "fetch_checkpoint.hpp"

#include <boost/json.hpp>

namespace host_sim {
namespace {

namespace json = boost::json;

constexpr const char* k_marker = "host_sim_checkpoint";
constexpr std::size_t k_shown_streams = 6;

std::optional<std::int64_t> integer_of(const json::object& object, const char* key) {
  const auto* value = object.if_contains(key);
  if (value == nullptr) return std::nullopt;
  if (value->is_int64()) return value->as_int64();
  if (value->is_uint64() && value->as_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    return static_cast<std::int64_t>(value->as_uint64());
  }
  return std::nullopt;
}

std::optional<std::uint64_t> unsigned_of(const json::object& object, const char* key) {
  const auto* value = object.if_contains(key);
  if (value == nullptr) return std::nullopt;
  if (value->is_uint64()) return value->as_uint64();
  if (value->is_int64() && value->as_int64() >= 0) {
    return static_cast<std::uint64_t>(value->as_int64());
  }
  return std::nullopt;
}

std::string age_text(std::int64_t seconds) {
  if (seconds < 90) return std::to_string(std::max<std::int64_t>(seconds, 0)) + " s ago";
  if (seconds < 90 * 60) return std::to_string((seconds + 30) / 60) + " min ago";
  if (seconds < 36 * 3600) return std::to_string((seconds + 1800) / 3600) + " h ago";
  return std::to_string((seconds + 43200) / 86400) + " days ago";
}

// Stored text is not trusted: printable ASCII only, bounded.
std::string shown(const std::string& text, std::size_t limit = 80) {
  std::string out;
  for (const char c : text) {
    if (out.size() >= limit) return out + "...";
    out += (c >= 0x20 && c < 0x7f) ? c : '?';
  }
  return out;
}

}  // namespace

std::string encode_checkpoint(const FetchCheckpoint& checkpoint) {
  boost::system::error_code ec;
  json::value state = json::parse(checkpoint.plugin_state_json, ec);
  if (ec) state = json::string(checkpoint.plugin_state_json);
  json::object records;
  for (const auto& [stream, count] : checkpoint.records) records[stream] = count;
  json::object out{{k_marker, 1},
                   {"plugin_state", std::move(state)},
                   {"records", std::move(records)},
                   {"saved_at", checkpoint.saved_at}};
  if (!checkpoint.output_path.empty()) out["output_path"] = checkpoint.output_path;
  if (checkpoint.output_bytes) out["output_bytes"] = *checkpoint.output_bytes;
  if (checkpoint.output_file) {
    out["output_device"] = checkpoint.output_file->device;
    out["output_inode"] = checkpoint.output_file->inode;
  }
  if (checkpoint.complete) out["complete"] = true;
  return json::serialize(out);
}

FetchCheckpoint decode_checkpoint(const std::string& stored) {
  FetchCheckpoint checkpoint;
  checkpoint.plugin_state_json = stored;
  checkpoint.legacy = true;
  boost::system::error_code ec;
  const json::value parsed = json::parse(stored, ec);
  if (ec || !parsed.is_object() || !parsed.as_object().contains(k_marker)) return checkpoint;
  const auto& object = parsed.as_object();
  const auto* state = object.if_contains("plugin_state");
  if (state == nullptr) return checkpoint;
  checkpoint.legacy = false;
  checkpoint.plugin_state_json = json::serialize(*state);
  if (const auto* path = object.if_contains("output_path"); path != nullptr && path->is_string()) {
    checkpoint.output_path = std::string(path->as_string());
  }
  if (const auto bytes = integer_of(object, "output_bytes"); bytes && *bytes >= 0) {
    checkpoint.output_bytes = bytes;
  }
  if (const auto device = unsigned_of(object, "output_device")) {
    if (const auto inode = unsigned_of(object, "output_inode")) {
      checkpoint.output_file = FileId{*device, *inode};
    }
  }
  if (const auto* complete = object.if_contains("complete");
      complete != nullptr && complete->is_bool()) {
    checkpoint.complete = complete->as_bool();
  }
  if (const auto* records = object.if_contains("records");
      records != nullptr && records->is_object()) {
    for (const auto& [stream, count] : records->as_object()) {
      if (count.is_int64() && count.as_int64() >= 0) {
        checkpoint.records[std::string(stream)] = count.as_int64();
      }
    }
  }
  checkpoint.saved_at = integer_of(object, "saved_at").value_or(0);
  return checkpoint;
}

std::string describe_checkpoint(const FetchCheckpoint& checkpoint, std::int64_t now) {
  if (checkpoint.legacy) return "a checkpoint saved by an older host_sim (no record counts)";
  std::int64_t total = 0;
  for (const auto& [stream, count] : checkpoint.records) total += count;
  std::string text = std::to_string(total) + " record" + (total == 1 ? "" : "s") + " so far";
  if (!checkpoint.records.empty()) {
    text += " (";
    std::size_t shown_count = 0;
    for (const auto& [stream, count] : checkpoint.records) {
      if (shown_count == k_shown_streams) {
        text += ", +" + std::to_string(checkpoint.records.size() - shown_count) + " more";
        break;
      }
      text += (shown_count++ ? ", " : "") + shown(stream, 40) + ": " + std::to_string(count);
    }
    text += ")";
  }
  if (checkpoint.complete) text += ", complete";
  if (checkpoint.saved_at > 0) text += ", saved " + age_text(now - checkpoint.saved_at);
  if (!checkpoint.output_path.empty()) text += ", written to " + shown(checkpoint.output_path, 200);
  return text;
}

}  // namespace host_sim
