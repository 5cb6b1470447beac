// A record a pipeline hands to a write, checked against its operation's
// schema (write/record_check): at most k_max_record_errors errors (plus the
// note that there were more), field names valid UTF-8, and no string value
// of the record repeated in a message (it may be a password).
// Input: one byte picks the operation, the rest is the record's JSON.
#include <boost/json/parse.hpp>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "write/record_check.hpp"
#include "write/write_catalog.hpp"

namespace {

namespace json = boost::json;

// String values worth looking for (fuzz::marked_value), not part of the
// schema; record keys are collected too (field names are named).
void collect(const json::value& value, const std::string& schema, std::vector<std::string>& keys,
             std::vector<std::string>& out) {
  if (value.is_string()) {
    const std::string text(value.as_string());
    if (fuzz::marked_value(text) && schema.find(text) == std::string::npos) out.push_back(text);
  } else if (value.is_array()) {
    for (const auto& element : value.as_array()) collect(element, schema, keys, out);
  } else if (value.is_object()) {
    for (const auto& [key, element] : value.as_object()) {
      keys.emplace_back(key);
      collect(element, schema, keys, out);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto& specs = zc::write::operation_specs();
  const auto& spec = specs[data[0] % specs.size()];
  boost::system::error_code ec;
  const json::value record = json::parse(fuzz::as_text(data + 1, size - 1), ec);
  if (ec) return 0;
  const auto errors = zc::write::check_record(record, spec.record_schema);
  FUZZ_CHECK(errors.size() <= zc::write::k_max_record_errors + 1);
  static std::string schema_text;
  schema_text = json::serialize(spec.record_schema);
  std::vector<std::string> keys, values;
  collect(record, schema_text, keys, values);
  for (const auto& error : errors) {
    FUZZ_CHECK(fuzz::valid_utf8(error.field));
    FUZZ_CHECK(fuzz::valid_utf8(error.message));
    for (const auto& value : values) {
      bool is_key = false;
      for (const auto& key : keys) is_key = is_key || key.find(value) != std::string::npos;
      if (is_key) continue;
      FUZZ_CHECK(error.message.find(value) == std::string::npos);
      FUZZ_CHECK(error.field.find(value) == std::string::npos);
    }
  }
  return 0;
}
