// What --state may hold, for each protocol, turned into one blob per stream
// (stream_state.hpp). The file is hostile input: it is bounded when read
// (read_input_text), its messages are counted, and every blob then passes
// check_state_shape (state_shape.hpp).
//
// Airbyte: the STATE messages as `read` printed them, whole
// ({"type":"STATE","state":{...}}) or their inner AirbyteStateMessage
// ({"type":"STREAM","stream":{...}}, or GLOBAL with global.stream_states),
// one per line or as a JSON array; the last state of a stream wins. An empty
// file, [], {} or null is no state. A LEGACY state (only "data") is refused:
// this source never wrote one.
//
// Singer: the last STATE message's value ({"bookmarks": {...}}), or the
// STATE message itself ({"type":"STATE","value":{...}}), or STATE message
// lines (the last one is used: each carries every bookmark).
#pragma once

#include <boost/json/value.hpp>
#include <cstddef>
#include <expected>
#include <string>
#include <string_view>

#include "stream_state.hpp"

namespace airbyte_source {

// At most this many JSON documents (lines) in a state file.
inline constexpr std::size_t k_max_state_messages = 100'000;

// The file's text as one JSON document, or, when it is JSON lines, a JSON
// array of its lines' documents (blank lines skipped). Empty text is null.
std::expected<boost::json::value, std::string> parse_state_text(std::string_view text);

std::expected<StreamBlobs, std::string> airbyte_state_blobs(const boost::json::value& state);
std::expected<StreamBlobs, std::string> singer_state_blobs(const boost::json::value& state);

// The two above on a state file's text (parse_state_text first).
std::expected<StreamBlobs, std::string> airbyte_state_text_blobs(std::string_view text);
std::expected<StreamBlobs, std::string> singer_state_text_blobs(std::string_view text);

}  // namespace airbyte_source
