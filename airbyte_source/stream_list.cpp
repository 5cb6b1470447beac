#include "stream_list.hpp"

#include <boost/json/parse.hpp>
#include <stdexcept>

namespace airbyte_source {
namespace {

namespace json = boost::json;

// The record schemas are written for draft 2020-12 but use only keywords
// draft-07 has too; say draft-07, and drop the plugin-internal $id.
json::object as_draft07(json::object schema) {
  schema.erase("$id");
  schema["$schema"] = "http://json-schema.org/draft-07/schema#";
  return schema;
}

}  // namespace

std::vector<StreamInfo> parse_streams(std::string_view catalog_json) {
  boost::system::error_code ec;
  const auto catalog = json::parse(catalog_json, ec);
  const json::value* streams =
      !ec && catalog.is_object() ? catalog.as_object().if_contains("streams") : nullptr;
  if (streams == nullptr || !streams->is_array()) {
    throw std::runtime_error("the plugin's stream catalog has no \"streams\" list");
  }
  std::vector<StreamInfo> out;
  for (const auto& entry : streams->as_array()) {
    if (!entry.is_object()) continue;
    const json::object& stream = entry.as_object();
    const auto* name = stream.if_contains("name");
    const auto* schema = stream.if_contains("record_schema");
    if (name == nullptr || !name->is_string() || schema == nullptr || !schema->is_object()) {
      throw std::runtime_error("a stream of the plugin's catalog has no name or record schema");
    }
    StreamInfo info;
    info.name = name->as_string();
    info.json_schema = as_draft07(schema->as_object());
    if (const auto* key = stream.if_contains("primary_key"); key != nullptr && key->is_array()) {
      for (const auto& part : key->as_array()) {
        if (part.is_string()) info.primary_key.emplace_back(part.as_string());
      }
    }
    if (const auto* flag = stream.if_contains("incremental"); flag != nullptr && flag->is_bool()) {
      info.incremental = flag->as_bool();
    }
    if (const auto* flag = stream.if_contains("allowed"); flag != nullptr && flag->is_bool()) {
      info.allowed = flag->as_bool();
    }
    if (const auto* missing = stream.if_contains("missing_scopes");
        missing != nullptr && missing->is_array()) {
      for (const auto& scope : missing->as_array()) {
        if (scope.is_string()) info.missing_scopes.emplace_back(scope.as_string());
      }
    }
    out.push_back(std::move(info));
  }
  return out;
}

const StreamInfo* find_stream(const std::vector<StreamInfo>& streams, std::string_view name) {
  for (const auto& stream : streams) {
    if (stream.name == name) return &stream;
  }
  return nullptr;
}

json::object airbyte_stream(const StreamInfo& stream) {
  json::array modes{"full_refresh"};
  if (stream.incremental) modes.emplace_back("incremental");
  json::array key;
  for (const auto& part : stream.primary_key) key.push_back(json::array{json::string(part)});
  json::object out{{"name", stream.name},
                   {"json_schema", stream.json_schema},
                   {"supported_sync_modes", std::move(modes)},
                   {"source_defined_primary_key", std::move(key)},
                   // Every walk resumes from the plugin's checkpoint.
                   {"is_resumable", true}};
  if (stream.incremental) {
    out["source_defined_cursor"] = true;
    out["default_cursor_field"] = json::array{json::string(k_cursor_field)};
  }
  return out;
}

}  // namespace airbyte_source
