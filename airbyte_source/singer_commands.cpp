#include "singer_commands.hpp"

#include <boost/json.hpp>
#include <iostream>

#include "message_output.hpp"
#include "plugin_finder.hpp"
#include "read_session.hpp"
#include "source_config.hpp"
#include "state_input.hpp"
#include "stream_list.hpp"
#include "stream_state.hpp"

namespace airbyte_source {
namespace {

namespace json = boost::json;

void log_line(std::string_view level, std::string_view message) {
  std::cerr << level << " " << bounded_text(message) << "\n";
}

// The replication method the tap uses for a stream, whatever a catalog asks:
// a dated stream resumes from its bookmark's cursor, any other is read whole.
std::string_view replication_method(const StreamInfo& stream) {
  return stream.incremental ? "INCREMENTAL" : "FULL_TABLE";
}

json::object singer_entry(const StreamInfo& stream) {
  json::array keys;
  for (const auto& key : stream.primary_key) keys.emplace_back(key);
  json::object top{{"inclusion", "available"},
                   {"selected-by-default", true},
                   {"table-key-properties", keys},
                   {"forced-replication-method", replication_method(stream)}};
  if (stream.incremental) top["valid-replication-keys"] = json::array{json::string(k_cursor_field)};
  json::array metadata{json::object{{"breadcrumb", json::array{}}, {"metadata", std::move(top)}}};
  if (const auto* properties = stream.json_schema.if_contains("properties");
      properties != nullptr && properties->is_object()) {
    for (const auto& [name, rule] : properties->as_object()) {
      const bool key = std::ranges::find(stream.primary_key, std::string_view(name)) !=
                           stream.primary_key.end() ||
                       (stream.incremental && name == k_cursor_field);
      metadata.push_back(
          json::object{{"breadcrumb", json::array{"properties", json::string(name)}},
                       {"metadata", json::object{{"inclusion", key ? "automatic" : "available"}}}});
    }
  }
  json::object entry{{"tap_stream_id", stream.name},
                     {"stream", stream.name},
                     {"schema", stream.json_schema},
                     {"key_properties", std::move(keys)},
                     {"metadata", std::move(metadata)}};
  if (stream.incremental) entry["replication_key"] = std::string(k_cursor_field);
  return entry;
}

// The stream-level metadata (breadcrumb []) of a catalog entry.
const json::object* top_metadata(const json::object& entry) {
  const auto* list = entry.if_contains("metadata");
  if (list == nullptr || !list->is_array()) return nullptr;
  for (const auto& item : list->as_array()) {
    if (!item.is_object()) continue;
    const auto* crumb = item.as_object().if_contains("breadcrumb");
    const auto* meta = item.as_object().if_contains("metadata");
    if (crumb != nullptr && crumb->is_array() && crumb->as_array().empty() && meta != nullptr &&
        meta->is_object()) {
      return &meta->as_object();
    }
  }
  return nullptr;
}

bool flag(const json::object* object, const char* key) {
  if (object == nullptr) return false;
  const auto* value = object->if_contains(key);
  return value != nullptr && value->is_bool() && value->as_bool();
}

class SingerWriter : public ReadListener {
 public:
  SingerWriter(MessageOutput& out, std::vector<StreamInfo> streams)
      : out_(out), streams_(std::move(streams)) {}

  void stream_status(const std::string& stream, StreamStatus status, bool rate_limited) override {
    if (status == StreamStatus::started) {
      const StreamInfo* info = find_stream(streams_, stream);
      json::array keys;
      for (const auto& key : info->primary_key) keys.emplace_back(key);
      json::object schema{{"type", "SCHEMA"},
                          {"stream", stream},
                          {"schema", info->json_schema},
                          {"key_properties", std::move(keys)}};
      if (info->incremental)
        schema["bookmark_properties"] = json::array{json::string(k_cursor_field)};
      out_.write(schema);
    } else if (rate_limited) {
      log_line("INFO", "stream " + stream + ": waiting out Zoom's rate limit");
    }
  }

  void record(const std::string& stream, std::string_view data) override {
    line_ =
        "{\"type\":\"RECORD\",\"stream\":" + json::serialize(json::string(stream)) + ",\"record\":";
    line_ += data.find('\n') == std::string_view::npos ? std::string(data)
                                                       : json::serialize(json::parse(data));
    line_ += "}";
    out_.write_raw(line_);
  }

  void state(const StreamBlobs& current, const std::vector<std::string>&,
             const std::map<std::string, std::int64_t>&) override {
    for (const auto& [name, blob] : current) bookmarks_[name] = blob;
    out_.write(json::object{{"type", "STATE"}, {"value", json::object{{"bookmarks", bookmarks_}}}});
    out_.flush();
  }

  void log(LogLevel level, std::string_view message) override {
    static constexpr const char* k_levels[] = {"DEBUG", "INFO", "WARNING", "ERROR"};
    log_line(k_levels[static_cast<int>(level)], message);
  }

  // Bookmarks of streams not synced this time are kept.
  void keep(const StreamBlobs& saved) {
    for (const auto& [name, blob] : saved) bookmarks_[name] = blob;
  }

 private:
  MessageOutput& out_;
  std::vector<StreamInfo> streams_;
  json::object bookmarks_;
  std::string line_;
};

int sync(const pp::Plugin& plugin, const SingerArgs& args, MessageOutput& out) {
  auto config_file = read_json_file(args.config);
  if (!config_file || !config_file->is_object()) {
    log_line("CRITICAL", config_file ? "the config must be a JSON object" : config_file.error());
    return 1;
  }
  auto config = split_config(config_file->as_object(), plugin);
  if (!config) {
    log_line("CRITICAL", config.error());
    return 1;
  }
  const std::vector<StreamInfo> known = parse_streams(plugin.catalog_json());
  ReadPlan plan;
  plan.config = std::move(*config);
  if (args.catalog) {
    auto catalog = read_json_file(*args.catalog);
    const json::value* entries =
        catalog && catalog->is_object() ? catalog->as_object().if_contains("streams") : nullptr;
    if (entries == nullptr || !entries->is_array()) {
      log_line("CRITICAL", catalog ? "the catalog has no \"streams\" list" : catalog.error());
      return 1;
    }
    for (const auto& item : entries->as_array()) {
      if (!item.is_object()) continue;
      const json::object& entry = item.as_object();
      const json::object* meta = top_metadata(entry);
      if (!flag(meta, "selected") && !flag(&entry, "selected")) continue;
      const auto* id = entry.if_contains("tap_stream_id");
      if (id == nullptr || !id->is_string()) id = entry.if_contains("stream");
      const StreamInfo* info =
          id != nullptr && id->is_string() ? find_stream(known, id->as_string()) : nullptr;
      if (info == nullptr) {
        log_line("CRITICAL", "a selected catalog entry is not one of this tap's streams");
        return 1;
      }
      const json::value* method =
          meta != nullptr ? meta->if_contains("replication-method") : nullptr;
      if (method != nullptr && !method->is_null() &&
          !(method->is_string() && method->as_string() == replication_method(*info))) {
        log_line("WARNING", "stream " + info->name + ": its replication-method is ignored; it is " +
                                std::string(replication_method(*info)) +
                                " (forced-replication-method)" +
                                (info->incremental ? ": to read it again from start_date, leave "
                                                     "its bookmark out of the state"
                                                   : ""));
      }
      plan.streams.push_back(ReadStream{info->name, info->incremental, info->incremental});
    }
    if (plan.streams.empty()) {
      log_line("CRITICAL",
               "no stream of the catalog is selected: set \"selected\": true in the top-level "
               "metadata (breadcrumb []) of each stream to sync");
      return 1;
    }
  } else {
    for (const auto& info : known)
      plan.streams.push_back(ReadStream{info.name, info.incremental, info.incremental});
  }
  if (args.state) {
    const auto text = read_input_text(*args.state);
    auto blobs = text ? singer_state_text_blobs(*text) : std::unexpected(text.error());
    if (!blobs) {
      log_line("CRITICAL", "the state: " + blobs.error());
      return 1;
    }
    plan.saved = std::move(*blobs);
  }
  SingerWriter writer(out, known);
  writer.keep(plan.saved);
  const ReadOutcome outcome = run_read(plugin, plan, writer);
  out.flush();
  if (!outcome.ok) {
    log_line("CRITICAL", outcome.message + " (" + outcome.internal + ")");
    return 1;
  }
  return 0;
}

}  // namespace

int singer_run(const SingerArgs& args) {
  MessageOutput out;
  try {
    const pp::Plugin plugin = load_plugin(args.plugin);
    if (args.discover) {
      json::array streams;
      for (const auto& stream : parse_streams(plugin.catalog_json()))
        streams.push_back(singer_entry(stream));
      out.write(json::object{{"streams", std::move(streams)}});
      out.flush();
      return 0;
    }
    return sync(plugin, args, out);
  } catch (const std::exception& e) {
    log_line("CRITICAL", e.what());
    return 1;
  }
}

}  // namespace airbyte_source
