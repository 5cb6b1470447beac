// A record a pipeline hands to a write, checked against its operation's
// schema (write/record_check): at most k_max_record_errors errors (plus the
// note that there were more), field names valid UTF-8, and no string value
// of the record repeated in a message (it may be a password; told from
// field names that hold it by a stand-in value, see fuzz::stand_in).
// Input: one byte picks the operation, the rest is the record's JSON.
#include <boost/json/parse.hpp>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "write/record_check.hpp"
#include "write/write_catalog.hpp"

namespace {

namespace json = boost::json;

// String values worth looking for (fuzz::marked_value), not part of the schema.
void collect(const json::value& value, const std::string& schema, std::vector<std::string>& out) {
  if (value.is_string()) {
    const std::string text(value.as_string());
    if (fuzz::marked_value(text) && schema.find(text) == std::string::npos) out.push_back(text);
  } else if (value.is_array()) {
    for (const auto& element : value.as_array()) collect(element, schema, out);
  } else if (value.is_object()) {
    for (const auto& [key, element] : value.as_object()) collect(element, schema, out);
  }
}

// `value` with every string equal to `from` replaced by `to` (keys kept).
json::value replaced(const json::value& value, const std::string& from, const std::string& to) {
  if (value.is_string()) return value.as_string() == from ? json::value(to) : value;
  if (value.is_array()) {
    json::array out;
    for (const auto& element : value.as_array()) out.push_back(replaced(element, from, to));
    return out;
  }
  if (value.is_object()) {
    json::object out;
    for (const auto& [key, element] : value.as_object()) out[key] = replaced(element, from, to);
    return out;
  }
  return value;
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
  std::vector<std::string> values;
  collect(record, schema_text, values);
  for (const auto& error : errors) {
    FUZZ_CHECK(fuzz::valid_utf8(error.field));
    FUZZ_CHECK(fuzz::valid_utf8(error.message));
  }
  // Field names are named, so a value typed into a key (or spanning a cut
  // name and our words) may show: only a message that loses the value when
  // the value alone changes repeated it.
  for (const auto& value : values) {
    bool shown = false;
    for (const auto& error : errors) {
      shown = shown || error.message.find(value) != std::string::npos ||
              error.field.find(value) != std::string::npos;
    }
    if (!shown) continue;
    const auto again = zc::write::check_record(replaced(record, value, fuzz::stand_in(value)),
                                               spec.record_schema);
    std::string before, after;
    for (const auto& error : errors) before += error.field + "\n" + error.message + "\n";
    for (const auto& error : again) after += error.field + "\n" + error.message + "\n";
    FUZZ_CHECK(!fuzz::repeats(before, after, value));
  }
  return 0;
}
