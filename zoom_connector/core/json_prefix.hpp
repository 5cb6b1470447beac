// Reads what a cut JSON object says so far. The HTTP client stops reading an
// error answer at 64 KiB (answer_reader.hpp); Zoom's own error JSON is far
// shorter, but the first members of a longer one ("code", "message",
// "reason") are still what a message should repeat.
#pragma once

#include <boost/json/value.hpp>
#include <string_view>

namespace zc {

// The top-level members of the JSON object `text` begins, as far as it
// goes: strings (the last one possibly cut short), integers, booleans and
// nulls; nested arrays and objects are skipped. A null value when `text`
// does not begin as a JSON object, or is not JSON as far as it goes.
boost::json::value json_object_prefix(std::string_view text);

}  // namespace zc
