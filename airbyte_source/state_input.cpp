#include "state_input.hpp"

#include <boost/json/parse.hpp>

#include "message_output.hpp"
#include "state_shape.hpp"

namespace airbyte_source {
namespace {

namespace json = boost::json;

std::string_view type_of(const json::object& message) {
  const auto* type = message.if_contains("type");
  return type != nullptr && type->is_string() ? std::string_view(type->as_string()) : "";
}

// The message's "type" for an error message: bounded, quoted.
std::string named_type(std::string_view type) {
  return type.empty() ? std::string("a message without a \"type\"")
                      : "a \"" + bounded_text(type, 40) + "\" message";
}

std::string too_many_messages() {
  return "more than " + std::to_string(k_max_state_messages) +
         " messages; pass only the last state of each stream";
}

std::expected<void, std::string> add_stream_state(const json::value& entry, StreamBlobs& out) {
  if (!entry.is_object()) return std::unexpected("a stream state is not an object");
  const auto* descriptor = entry.as_object().if_contains("stream_descriptor");
  const json::value* name = descriptor != nullptr && descriptor->is_object()
                                ? descriptor->as_object().if_contains("name")
                                : nullptr;
  if (name == nullptr || !name->is_string()) {
    return std::unexpected("a stream state has no stream_descriptor.name");
  }
  json::object blob;
  if (const auto* state = entry.as_object().if_contains("stream_state");
      state != nullptr && !state->is_null()) {
    if (!state->is_object()) return std::unexpected("a stream_state is not an object");
    blob = state->as_object();
  }
  out[std::string(name->as_string())] = std::move(blob);
  return {};
}

// One AirbyteStateMessage (STREAM or GLOBAL), or the AirbyteMessage around it.
std::expected<void, std::string> add_airbyte_message(const json::value& message, StreamBlobs& out) {
  if (!message.is_object()) return std::unexpected("a state message is not a JSON object");
  const json::object* entry = &message.as_object();
  if (type_of(*entry) == "STATE") {
    const auto* inner = entry->if_contains("state");
    if (inner == nullptr || !inner->is_object()) {
      return std::unexpected("a STATE message has no \"state\" object");
    }
    entry = &inner->as_object();
  }
  const std::string_view kind = type_of(*entry);
  if (kind == "STREAM") {
    const auto* stream = entry->if_contains("stream");
    if (stream == nullptr) return std::unexpected("a STREAM state has no \"stream\"");
    return add_stream_state(*stream, out);
  }
  if (kind == "GLOBAL") {
    const auto* global = entry->if_contains("global");
    const json::value* list = global != nullptr && global->is_object()
                                  ? global->as_object().if_contains("stream_states")
                                  : nullptr;
    if (list == nullptr || !list->is_array()) {
      return std::unexpected("a GLOBAL state has no global.stream_states");
    }
    for (const auto& stream : list->as_array()) {
      if (auto added = add_stream_state(stream, out); !added) return added;
    }
    return {};
  }
  if (kind == "LEGACY" || (kind.empty() && entry->contains("data"))) {
    return std::unexpected(
        "a LEGACY state (only \"data\") is not understood: this source writes per-stream "
        "(STREAM) states; reset the connection's state, or pass the STATE messages a read "
        "of this source printed");
  }
  return std::unexpected("it holds " + named_type(kind) +
                         ", not a STATE message or its STREAM / GLOBAL state; pass only the "
                         "STATE messages a read printed");
}

}  // namespace

std::expected<json::value, std::string> parse_state_text(std::string_view text) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return nullptr;
  boost::system::error_code ec;
  auto whole = json::parse(text, ec);
  if (!ec) return whole;
  // JSON lines: one document per line.
  json::array lines;
  std::size_t number = 0;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    if (lines.size() == k_max_state_messages) {
      return std::unexpected(too_many_messages());
    }
    auto value = json::parse(line, ec);
    if (ec) {
      return std::unexpected("neither one JSON document nor JSON lines: line " +
                             std::to_string(number) + " is not valid JSON");
    }
    lines.push_back(std::move(value));
  }
  return lines;
}

std::expected<StreamBlobs, std::string> airbyte_state_blobs(const json::value& state) {
  StreamBlobs out;
  if (state.is_null() || (state.is_object() && state.as_object().empty())) return out;
  if (state.is_array()) {
    if (state.as_array().size() > k_max_state_messages) {
      return std::unexpected(too_many_messages());
    }
    for (const auto& message : state.as_array()) {
      if (auto added = add_airbyte_message(message, out); !added) {
        return std::unexpected(added.error());
      }
    }
  } else if (auto added = add_airbyte_message(state, out); !added) {
    return std::unexpected(added.error());
  }
  if (auto checked = check_state_shape(out); !checked) return std::unexpected(checked.error());
  return out;
}

std::expected<StreamBlobs, std::string> singer_state_blobs(const json::value& given) {
  StreamBlobs out;
  const json::value* state = &given;
  // STATE message lines: the last one carries every bookmark.
  if (state->is_array()) {
    if (state->as_array().empty()) return out;
    if (state->as_array().size() > k_max_state_messages)
      return std::unexpected(too_many_messages());
    for (const auto& message : state->as_array()) {
      const std::string_view kind = message.is_object() ? type_of(message.as_object()) : "";
      if (kind != "STATE") {
        return std::unexpected("its lines hold " + named_type(kind) +
                               "; pass the last STATE message, or its \"value\"");
      }
    }
    state = &state->as_array().back();
  }
  if (state->is_null()) return out;
  if (!state->is_object()) return std::unexpected("the state must be a JSON object");
  if (state->as_object().contains("type")) {
    const std::string_view kind = type_of(state->as_object());
    const auto* value = state->as_object().if_contains("value");
    if (kind != "STATE") {
      return std::unexpected("it is " + named_type(kind) +
                             "; pass the last STATE message, or its \"value\"");
    }
    if (value == nullptr || !value->is_object()) {
      return std::unexpected("the STATE message has no \"value\" object");
    }
    state = value;
  }
  const auto* bookmarks = state->as_object().if_contains("bookmarks");
  if (bookmarks == nullptr) return out;
  if (!bookmarks->is_object()) return std::unexpected("\"bookmarks\" must be an object");
  for (const auto& [stream, blob] : bookmarks->as_object()) {
    if (!blob.is_object()) return std::unexpected("a bookmark is not an object");
    out[std::string(stream)] = blob.as_object();
  }
  if (auto checked = check_state_shape(out); !checked) return std::unexpected(checked.error());
  return out;
}

std::expected<StreamBlobs, std::string> airbyte_state_text_blobs(std::string_view text) {
  auto state = parse_state_text(text);
  if (!state) return std::unexpected(state.error());
  return airbyte_state_blobs(*state);
}

std::expected<StreamBlobs, std::string> singer_state_text_blobs(std::string_view text) {
  auto state = parse_state_text(text);
  if (!state) return std::unexpected(state.error());
  return singer_state_blobs(*state);
}

}  // namespace airbyte_source
