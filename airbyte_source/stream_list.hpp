// The plugin's stream catalog as this host needs it: each stream's record
// schema (as JSON Schema draft-07, the dialect Airbyte and Singer speak), its
// primary key, whether it is dated (incremental) and, for a credential, whether
// its token's scopes allow it.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace airbyte_source {

// Dated streams' records carry the first day of the window they were read
// in; an incremental read from a cursor returns only windows starting on or
// after it.
inline constexpr std::string_view k_cursor_field = "_window_from";

struct StreamInfo {
  std::string name;
  boost::json::object json_schema;
  std::vector<std::string> primary_key;
  bool incremental = false;
  bool allowed = true;
  std::vector<std::string> missing_scopes;
};

// From catalog_json() or connector_catalog(); throws std::runtime_error on a
// catalog that does not have the expected shape.
std::vector<StreamInfo> parse_streams(std::string_view catalog_json);

const StreamInfo* find_stream(const std::vector<StreamInfo>& streams, std::string_view name);

// The AirbyteStream of the protocol.
boost::json::object airbyte_stream(const StreamInfo& stream);

}  // namespace airbyte_source
