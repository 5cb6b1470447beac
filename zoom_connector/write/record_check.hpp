// Checks a record a pipeline hands over against its write schema
// (schemas/writes/*.schema.json) before any call, and names every failing
// field at once. Implements the subset of JSON Schema 2020-12 those schemas
// use (supported_keywords()); a schema using anything else is refused, so no
// constraint is skipped silently. Values are never repeated in messages (a
// record may carry a password); field names are bounded.
#pragma once

#include <boost/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace zc::write {

struct RecordError {
  std::string field;  // "topic", "settings.audio", "tracking_fields[0].field"; "" = the record
  std::string message;
};

inline constexpr std::size_t k_max_record_errors = 100;

std::vector<RecordError> check_record(const boost::json::value& record,
                                      const boost::json::object& schema);

// The keywords check_record understands; annotations (title, description,
// default, writeOnly, x-*) are accepted and ignored.
std::span<const std::string_view> supported_keywords();

// The first keyword of `schema` (searched recursively) that is neither
// supported nor an annotation; empty when none.
std::string unsupported_keyword(const boost::json::object& schema);

}  // namespace zc::write
