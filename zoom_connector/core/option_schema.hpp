// The connector's options as its embedded schema
// (schemas/zoom.connector_options.schema.json) lists them: the one list of
// the options a host may pass. connector_config binds each to the member of
// ConnectorOptions the binding table below names (option_schema_mismatches
// in connector_config.hpp says where the two disagree; tested); the kind of
// value and its range come from the schema, and info_json hands the same
// schema to hosts for their help and forms.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace zc {

enum class OptionKind { text, integer, boolean, choice };

struct OptionSpec {
  std::string key;
  OptionKind kind = OptionKind::text;
  long min = 0;  // integer only
  long max = 0;
  std::vector<std::string> choices;  // choice only
  std::string default_json;          // the schema's "default" as JSON; "" without one
};

struct OptionSchema {
  std::vector<OptionSpec> options;  // in the schema's order
  std::vector<std::string> errors;  // a broken embedded schema is a bug (tested)
  const OptionSpec* find(std::string_view key) const;
};

// Parsed once from the embedded schema.
const OptionSchema& option_schema();

// The embedded schema's bytes (NUL-terminated), as info_json carries them.
std::string_view option_schema_text();

// Which member of ConnectorOptions (core/connector_config.hpp) an option of
// the schema fills; nullptr for a key the binding table lacks.
struct ConnectorOptions;
using OptionMember =
    std::variant<std::string ConnectorOptions::*, std::optional<std::string> ConnectorOptions::*,
                 long ConnectorOptions::*, bool ConnectorOptions::*>;
struct OptionBinding {
  std::string_view key;
  OptionMember member;
};
const OptionBinding* option_binding(std::string_view key);

}  // namespace zc
