#include "airbyte_commands.hpp"

#include <boost/json.hpp>
#include <chrono>
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

// Both from metadata.yaml, the connector's registry entry (CMakeLists.txt).
constexpr const char* k_protocol_version = AIRBYTE_SOURCE_PROTOCOL_VERSION;
constexpr const char* k_documentation_url = AIRBYTE_SOURCE_DOCUMENTATION_URL;

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

const char* level_name(LogLevel level) {
  switch (level) {
    case LogLevel::debug:
      return "DEBUG";
    case LogLevel::info:
      return "INFO";
    case LogLevel::warn:
      return "WARN";
    case LogLevel::error:
      return "ERROR";
  }
  return "INFO";
}

const char* failure_type(FailureKind kind) {
  switch (kind) {
    case FailureKind::config:
      return "config_error";
    case FailureKind::transient:
      return "transient_error";
    case FailureKind::system:
      return "system_error";
  }
  return "system_error";
}

void log(MessageOutput& out, LogLevel level, std::string_view message) {
  out.write(json::object{
      {"type", "LOG"},
      {"log", json::object{{"level", level_name(level)}, {"message", bounded_text(message)}}}});
}

// A fatal error: a TRACE ERROR, and the exit code for it.
int fail(MessageOutput& out, FailureKind kind, std::string_view message,
         std::string_view internal = {}) {
  json::object error{{"message", bounded_text(message)}, {"failure_type", failure_type(kind)}};
  if (!internal.empty()) error["internal_message"] = bounded_text(internal, 200);
  out.write(json::object{
      {"type", "TRACE"},
      {"trace",
       json::object{{"type", "ERROR"}, {"emitted_at", now_ms()}, {"error", std::move(error)}}}});
  out.flush();
  return 1;
}

void connection_status(MessageOutput& out, bool ok, std::string_view message) {
  json::object status{{"status", ok ? "SUCCEEDED" : "FAILED"}};
  if (!message.empty()) status["message"] = bounded_text(message);
  out.write(json::object{{"type", "CONNECTION_STATUS"}, {"connectionStatus", std::move(status)}});
}

// The config file, split for the plugin; unknown keys are logged.
std::expected<SourceConfig, std::string> load_config(MessageOutput& out, const pp::Plugin& plugin,
                                                     const std::filesystem::path& path) {
  auto value = read_json_file(path);
  if (!value) return std::unexpected(value.error());
  if (!value->is_object()) return std::unexpected("the config must be a JSON object");
  auto config = split_config(value->as_object(), plugin);
  if (config && !config->ignored_keys.empty()) {
    std::string keys;
    for (const auto& key : config->ignored_keys) keys += (keys.empty() ? "" : ", ") + key;
    log(out, LogLevel::warn, "config keys this source does not know are ignored: " + keys);
  }
  return config;
}

class AirbyteWriter : public ReadListener {
 public:
  explicit AirbyteWriter(MessageOutput& out) : out_(out) {}

  void stream_status(const std::string& stream, StreamStatus status, bool rate_limited) override {
    static constexpr const char* k_names[] = {"STARTED", "RUNNING", "COMPLETE", "INCOMPLETE"};
    json::object body{{"stream_descriptor", json::object{{"name", stream}}},
                      {"status", k_names[static_cast<int>(status)]}};
    if (rate_limited) body["reasons"] = json::array{json::object{{"type", "RATE_LIMITED"}}};
    out_.write(json::object{{"type", "TRACE"},
                            {"trace", json::object{{"type", "STREAM_STATUS"},
                                                   {"emitted_at", now_ms()},
                                                   {"stream_status", std::move(body)}}}});
  }

  void record(const std::string& stream, std::string_view data) override {
    auto prefix = prefixes_.find(stream);
    if (prefix == prefixes_.end()) {
      prefix = prefixes_
                   .emplace(stream, "{\"type\":\"RECORD\",\"record\":{\"stream\":" +
                                        json::serialize(json::string(stream)) + ",\"data\":")
                   .first;
    }
    line_.assign(prefix->second);
    // The plugin hands out compact JSON; re-serialise anything that is not.
    if (data.find('\n') != std::string_view::npos) {
      line_ += json::serialize(json::parse(data));
    } else {
      line_ += data;
    }
    line_ += ",\"emitted_at\":";
    line_ += std::to_string(now_ms());
    line_ += "}}";
    out_.write_raw(line_);
  }

  void state(const StreamBlobs& current, const std::vector<std::string>& changed,
             const std::map<std::string, std::int64_t>& counts) override {
    for (const auto& name : changed) {
      const json::object stream{{"stream_descriptor", json::object{{"name", name}}},
                                {"stream_state", current.at(name)}};
      // recordCount is a double in the protocol: written with its decimal point.
      out_.write_raw("{\"type\":\"STATE\",\"state\":{\"type\":\"STREAM\",\"stream\":" +
                     json::serialize(stream) + ",\"sourceStats\":{\"recordCount\":" +
                     std::to_string(counts.at(name)) + ".0}}}");
    }
    out_.flush();  // the records before a state are out before it is
  }

  void log(LogLevel level, std::string_view message) override {
    airbyte_source::log(out_, level, message);
  }

 private:
  MessageOutput& out_;
  std::map<std::string, std::string, std::less<>> prefixes_;
  std::string line_;
};

// Runs `body` with the plugin loaded; a plugin that cannot be loaded is a
// system error.
template <typename Body>
int with_plugin(MessageOutput& out, const AirbyteArgs& args, Body body) {
  std::optional<pp::Plugin> plugin;
  try {
    plugin.emplace(load_plugin(args.plugin));
  } catch (const std::exception& e) {
    return fail(out, FailureKind::system, std::string("cannot load the Zoom plugin: ") + e.what());
  }
  try {
    const int code = body(*plugin);
    out.flush();
    return code;
  } catch (const pp::PluginError& e) {
    return fail(out, failure_kind(e.status()), e.what(), pp::status_name(e.status()));
  } catch (const std::exception& e) {
    return fail(out, FailureKind::system, e.what());
  }
}

}  // namespace

int airbyte_spec(const AirbyteArgs& args) {
  MessageOutput out;
  return with_plugin(out, args, [&](const pp::Plugin& plugin) {
    out.write(json::object{
        {"type", "SPEC"},
        {"spec", json::object{{"documentationUrl", k_documentation_url},
                              {"connectionSpecification", connection_specification(plugin)},
                              {"supportsIncremental", true},
                              {"protocol_version", k_protocol_version}}}});
    return 0;
  });
}

int airbyte_check(const AirbyteArgs& args) {
  MessageOutput out;
  return with_plugin(out, args, [&](const pp::Plugin& plugin) {
    // Every answer is one CONNECTION_STATUS and exit 0: Airbyte reads a
    // failed check from the message, not from the exit code.
    auto config = load_config(out, plugin, args.config);
    if (!config) {
      connection_status(out, false, config.error());
      return 0;
    }
    try {
      pp::Connector connector =
          plugin.create(json::serialize(config->credential), json::serialize(config->options));
      const auto verdict = json::parse(connector.validate());
      const json::object& v = verdict.as_object();
      const bool ok = v.contains("ok") && v.at("ok").is_bool() && v.at("ok").as_bool();
      const std::string message = v.contains("message") && v.at("message").is_string()
                                      ? std::string(v.at("message").as_string())
                                      : "";
      if (ok) {
        if (const auto* missing = v.if_contains("missing_scopes");
            missing != nullptr && missing->is_array() && !missing->as_array().empty()) {
          log(out, LogLevel::warn,
              "the credential works, but its token lacks scopes some streams need: " +
                  json::serialize(*missing));
        }
      }
      connection_status(out, ok, ok ? "" : message);
    } catch (const pp::PluginError& e) {
      connection_status(out, false, e.what());
    }
    return 0;
  });
}

int airbyte_discover(const AirbyteArgs& args) {
  MessageOutput out;
  return with_plugin(out, args, [&](const pp::Plugin& plugin) {
    auto config = load_config(out, plugin, args.config);
    if (!config) return fail(out, FailureKind::config, config.error());
    pp::Connector connector =
        plugin.create(json::serialize(config->credential), json::serialize(config->options));
    std::string catalog_json;
    try {
      catalog_json = connector.catalog();
    } catch (const pp::PluginError& e) {
      if (e.status() != PP_STATUS_NOT_IMPLEMENTED) throw;
      log(out, LogLevel::warn,
          "the plugin cannot say which streams the token's scopes allow; "
          "every stream is listed");
      catalog_json = plugin.catalog_json();
    }
    json::array streams;
    for (const StreamInfo& stream : parse_streams(catalog_json)) {
      if (!stream.allowed) {
        std::string scopes;
        for (const auto& scope : stream.missing_scopes)
          scopes += (scopes.empty() ? "" : ", ") + scope;
        log(out, LogLevel::warn,
            "stream " + stream.name + " is left out: the app's token lacks the scope(s) " + scopes +
                " (add them on the app's Scopes page in the Zoom App Marketplace)");
        continue;
      }
      streams.push_back(airbyte_stream(stream));
    }
    out.write(json::object{{"type", "CATALOG"},
                           {"catalog", json::object{{"streams", std::move(streams)}}}});
    return 0;
  });
}

int airbyte_read(const AirbyteArgs& args) {
  MessageOutput out;
  return with_plugin(out, args, [&](const pp::Plugin& plugin) {
    auto config = load_config(out, plugin, args.config);
    if (!config) return fail(out, FailureKind::config, config.error());
    auto catalog = read_json_file(args.catalog);
    if (!catalog) return fail(out, FailureKind::config, catalog.error());
    const json::value* configured =
        catalog->is_object() ? catalog->as_object().if_contains("streams") : nullptr;
    if (configured == nullptr || !configured->is_array()) {
      return fail(out, FailureKind::config, "the configured catalog has no \"streams\" list");
    }
    const std::vector<StreamInfo> known = parse_streams(plugin.catalog_json());
    ReadPlan plan;
    plan.config = std::move(*config);
    for (const auto& entry : configured->as_array()) {
      const json::value* name = nullptr;
      if (entry.is_object()) {
        if (const auto* stream = entry.as_object().if_contains("stream");
            stream && stream->is_object()) {
          name = stream->as_object().if_contains("name");
        }
      }
      if (name == nullptr || !name->is_string()) {
        return fail(out, FailureKind::config, "a configured stream has no stream.name");
      }
      const StreamInfo* info = find_stream(known, name->as_string());
      if (info == nullptr) {
        return fail(out, FailureKind::config,
                    "the configured stream \"" + bounded_text(name->as_string(), 100) +
                        "\" is not one of this source's streams");
      }
      const auto* mode = entry.as_object().if_contains("sync_mode");
      const bool incremental =
          mode != nullptr && mode->is_string() && mode->as_string() == "incremental";
      if (incremental && !info->incremental) {
        log(out, LogLevel::warn,
            "stream " + info->name + " has no cursor; it is read in full (full_refresh)");
      }
      plan.streams.push_back(
          ReadStream{info->name, info->incremental, incremental && info->incremental});
    }
    if (args.state) {
      const auto text = read_input_text(*args.state);
      if (!text) return fail(out, FailureKind::config, "the state: " + text.error());
      auto blobs = airbyte_state_text_blobs(*text);
      if (!blobs) return fail(out, FailureKind::config, "the state: " + blobs.error());
      plan.saved = std::move(*blobs);
    }
    AirbyteWriter writer(out);
    const ReadOutcome outcome = run_read(plugin, plan, writer);
    if (!outcome.ok) return fail(out, outcome.kind, outcome.message, outcome.internal);
    return 0;
  });
}

}  // namespace airbyte_source
