// The one config object Airbyte (or Singer) hands a source, split into what
// the plugin takes: the credential (the plugin's credential schema), the
// deployment options (the "deployment" object, passed to the plugin as its
// options, so the plugin is the judge of every key) and the fetch settings
// (start_date, plan, rate_share, max_concurrency). Also the spec that
// describes that object.
#pragma once

#include <boost/json/object.hpp>
#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "pipeline_plugin.hpp"

namespace airbyte_source {

// The text of a file we were given, at most 16 MiB.
std::expected<std::string, std::string> read_input_text(const std::filesystem::path& path);

// A JSON object from a file we were given: bounded in size, parsed strictly.
std::expected<boost::json::value, std::string> read_json_file(const std::filesystem::path& path);

struct SourceConfig {
  boost::json::object credential;
  boost::json::object options;            // the plugin's options (deployment settings)
  boost::json::object fetch_settings;     // plan, rate_share, max_concurrency
  std::optional<std::string> start_date;  // yyyy-mm-dd
  std::vector<std::string> ignored_keys;  // top-level keys this source does not know
};

// Every problem is named; values are never echoed (one of them is a secret).
std::expected<SourceConfig, std::string> split_config(const boost::json::object& config,
                                                      const pp::Plugin& plugin);

// The connectionSpecification (JSON Schema, draft-07): the plugin's
// credential fields (secrets marked airbyte_secret), the fetch settings and
// the deployment options.
boost::json::object connection_specification(const pp::Plugin& plugin);

}  // namespace airbyte_source
