#include "source_config.hpp"

#include <algorithm>
#include <array>
#include <boost/json/parse.hpp>
#include <fstream>
#include <iterator>
#include <string_view>

#include "message_output.hpp"

namespace airbyte_source {
namespace {

namespace json = boost::json;

constexpr std::uintmax_t k_max_input_bytes = 16u << 20;
constexpr std::string_view k_default_credential_name = "Airbyte source";

constexpr std::array<std::string_view, 3> k_fetch_keys{"plan", "rate_share", "max_concurrency"};

// Airbyte's words for the credential fields whose description in the
// plugin's schema is written for host_sim's own form (its screens, its
// credential store); the other fields' words fit every host.
struct FieldWording {
  std::string_view field;
  std::string_view description;
};
constexpr std::array k_airbyte_wording{
    FieldWording{"credential_name",
                 "A name for this credential in the connector's own log lines; Airbyte names "
                 "the source itself, so it may stay as it is."},
    FieldWording{"client_secret",
                 "The Client Secret of the same app (Zoom's are 32 characters). Airbyte keeps it "
                 "in its secret store and masks it in the form; the connector never logs it."},
};

bool is_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i == 4 || i == 7) continue;
    if (text[i] < '0' || text[i] > '9') return false;
  }
  return true;
}

json::object credential_properties(const pp::Plugin& plugin, json::array& required) {
  json::object out;
  const auto schema = json::parse(plugin.credential_schema_json());
  const json::object& root = schema.as_object();
  if (const auto* list = root.if_contains("required"); list != nullptr && list->is_array()) {
    for (const auto& key : list->as_array()) {
      // Airbyte names the connection itself; the host fills this one in.
      if (key.is_string() && key.as_string() != "credential_name") required.push_back(key);
    }
  }
  for (const auto& [key, value] : root.at("properties").as_object()) {
    if (!value.is_object()) continue;
    json::object field;
    for (const auto& [name, rule] : value.as_object()) {
      if (name == "x-order") {
        field["order"] = rule;
      } else if (name == "x-secret") {
        if (rule.is_bool() && rule.as_bool()) field["airbyte_secret"] = true;
      } else if (name != "writeOnly") {
        field[name] = rule;
      }
    }
    if (key == "credential_name") field["default"] = k_default_credential_name;
    for (const auto& wording : k_airbyte_wording) {
      if (wording.field == key) field["description"] = wording.description;
    }
    out[key] = std::move(field);
  }
  return out;
}

// One option of the plugin's options schema as an Airbyte field: its own
// keywords, a "$ref" inlined from the schema's "$defs", "x-secret" as
// airbyte_secret and "x-default-text" (a default in words) in the description.
json::object deployment_field(const json::object& option, const json::object& defs) {
  json::object field;
  for (const auto& [name, rule] : option) {
    if (name == "$ref" && rule.is_string() && rule.as_string().starts_with("#/$defs/")) {
      const auto* def = defs.if_contains(rule.as_string().subview(8));
      if (def == nullptr || !def->is_object()) continue;
      for (const auto& [def_name, def_rule] : def->as_object()) {
        if (def_name != "description") field[def_name] = def_rule;
      }
    } else if (name == "x-secret") {
      if (rule.is_bool() && rule.as_bool()) field["airbyte_secret"] = true;
    } else if (!name.starts_with("x-")) {
      field[name] = rule;
    }
  }
  if (const auto* text = option.if_contains("x-default-text");
      text != nullptr && text->is_string()) {
    const auto* said = field.if_contains("description");
    field["description"] =
        (said != nullptr && said->is_string() ? std::string(said->as_string()) + " "
                                              : std::string()) +
        "Default: " + std::string(text->as_string()) + ".";
  }
  return field;
}

// The "deployment" object: the options the plugin's info_json lists
// ("options_schema"), the one list of them. The plugin judges every key.
json::object deployment_specification(const pp::Plugin& plugin) {
  boost::system::error_code ec;
  const auto info = json::parse(plugin.info_json(), ec);
  const auto* schema =
      !ec && info.is_object() ? info.as_object().if_contains("options_schema") : nullptr;
  const json::object empty;
  const json::object& root = schema != nullptr && schema->is_object() ? schema->as_object() : empty;
  const auto* defs = root.if_contains("$defs");
  json::object options;
  if (const auto* list = root.if_contains("properties"); list != nullptr && list->is_object()) {
    for (const auto& [key, value] : list->as_object()) {
      if (!value.is_object()) continue;
      options[key] = deployment_field(
          value.as_object(), defs != nullptr && defs->is_object() ? defs->as_object() : empty);
    }
  }
  std::string description =
      "Where Zoom is and how to reach it: hosts, proxy, CA bundle, timeouts. Leave empty for "
      "zoom.us. Passed to the connector plugin as its options.";
  if (options.empty()) description += " This plugin does not list its options.";
  return json::object{{"type", "object"},
                      {"title", "Deployment options"},
                      {"description", std::move(description)},
                      {"additionalProperties", true},
                      {"properties", std::move(options)},
                      {"order", 20}};
}

}  // namespace

std::expected<std::string, std::string> read_input_text(const std::filesystem::path& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return std::unexpected("cannot read " + path.string() + ": " + ec.message());
  if (size > k_max_input_bytes) return std::unexpected(path.string() + " is larger than 16 MiB");
  std::ifstream in(path, std::ios::binary);
  std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (!in && !in.eof()) return std::unexpected("cannot read " + path.string());
  return text;
}

std::expected<json::value, std::string> read_json_file(const std::filesystem::path& path) {
  const auto text = read_input_text(path);
  if (!text) return std::unexpected(text.error());
  boost::system::error_code parse_error;
  auto value = json::parse(*text, parse_error);
  if (parse_error) return std::unexpected(path.string() + " is not valid JSON");
  return value;
}

std::expected<SourceConfig, std::string> split_config(const json::object& config,
                                                      const pp::Plugin& plugin) {
  SourceConfig out;
  std::string problems;
  const auto add_problem = [&](const std::string& problem) {
    problems += (problems.empty() ? "" : "; ") + problem;
  };
  const auto schema = json::parse(plugin.credential_schema_json());
  const json::object& fields = schema.as_object().at("properties").as_object();
  for (const auto& [key, value] : config) {
    if (fields.contains(key)) {
      out.credential[key] = value;
    } else if (key == "deployment") {
      if (!value.is_object()) {
        add_problem("\"deployment\" must be an object");
      } else {
        out.options = value.as_object();
      }
    } else if (key == "start_date") {
      const std::string_view text = value.is_string() ? std::string_view(value.as_string()) : "";
      // A date, or the date part of an RFC 3339 timestamp.
      if (text.size() < 10 || !is_date(text.substr(0, 10))) {
        add_problem("\"start_date\" must be a date yyyy-mm-dd");
      } else {
        out.start_date = std::string(text.substr(0, 10));
      }
    } else if (std::ranges::find(k_fetch_keys, std::string_view(key)) != k_fetch_keys.end()) {
      out.fetch_settings[key] = value;  // the plugin checks the values
    } else {
      out.ignored_keys.emplace_back(bounded_text(key, 100));
    }
  }
  if (!out.credential.contains("credential_name")) {
    out.credential["credential_name"] = k_default_credential_name;
  }
  if (!problems.empty()) return std::unexpected("invalid config: " + problems);
  return out;
}

json::object connection_specification(const pp::Plugin& plugin) {
  json::array required;
  json::object properties = credential_properties(plugin, required);
  properties["start_date"] = json::object{
      {"type", "string"},
      {"title", "Start date"},
      {"description",
       "The first day (UTC, yyyy-mm-dd) of the dated streams (recordings, reports, metrics, call "
       "history) on a first sync; later incremental syncs start at each stream's cursor. "
       "Reports reach back six months at most. Default: 30 days ago."},
      {"pattern", "^[0-9]{4}-[0-9]{2}-[0-9]{2}"},
      {"examples", json::array{"2026-06-01"}},
      {"order", 10}};
  properties["plan"] = json::object{
      {"type", "string"},
      {"title", "Zoom plan"},
      {"description",
       "The account's plan, whose rate limits the fetch paces itself to; \"learn\" starts low and "
       "adopts the limits Zoom's headers announce."},
      {"enum", json::array{"free", "pro", "business", "learn"}},
      {"default", "pro"},
      {"order", 11}};
  properties["rate_share"] = json::object{
      {"type", "number"},
      {"title", "Share of the rate budget"},
      {"description",
       "The part of the account's API rate limit this sync may use (above 0, at most 1); the "
       "limit is shared by every app on the account."},
      {"exclusiveMinimum", 0},
      {"maximum", 1},
      {"default", 0.8},
      {"order", 12}};
  properties["max_concurrency"] = json::object{
      {"type", "integer"},
      {"title", "Parallel requests"},
      {"description",
       "How many requests to Zoom the sync may have under way at once; the plan's rate limits "
       "still pace them."},
      {"minimum", 1},
      {"maximum", 16},
      {"default", 4},
      {"order", 13}};
  properties["deployment"] = deployment_specification(plugin);
  return json::object{{"$schema", "http://json-schema.org/draft-07/schema#"},
                      {"title", "Zoom (Server-to-Server OAuth)"},
                      {"type", "object"},
                      {"required", std::move(required)},
                      {"additionalProperties", true},
                      {"properties", std::move(properties)}};
}

}  // namespace airbyte_source
