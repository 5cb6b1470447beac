#include "state_shape.hpp"

#include <chrono>
#include <string_view>

#include "message_output.hpp"

namespace airbyte_source {
namespace {

namespace json = boost::json;

constexpr std::size_t k_max_streams = 1000;
constexpr std::size_t k_max_name_bytes = 100;
constexpr std::size_t k_max_short_text = 64;
constexpr std::size_t k_max_partition_key_bytes = 1024;
constexpr std::size_t k_max_open_parents = 50000;
constexpr std::size_t k_max_parent_id_bytes = 256;

using Problem = std::unexpected<std::string>;

bool is_real_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  int parts[3] = {0, 0, 0};
  int part = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i == 4 || i == 7) {
      ++part;
      continue;
    }
    if (text[i] < '0' || text[i] > '9') return false;
    parts[part] = parts[part] * 10 + (text[i] - '0');
  }
  const std::chrono::year_month_day day{std::chrono::year(parts[0]),
                                        std::chrono::month(static_cast<unsigned>(parts[1])),
                                        std::chrono::day(static_cast<unsigned>(parts[2]))};
  return day.ok() && parts[0] >= 1970;
}

bool short_text(const json::value* value) {
  return value != nullptr && value->is_string() && value->as_string().size() <= k_max_short_text;
}

std::expected<void, std::string> check_frontier(const std::string& stream,
                                                const json::value& frontier) {
  const json::object* object = frontier.if_object();
  const json::value* open = object != nullptr ? object->if_contains("open") : nullptr;
  if (object == nullptr || object->size() != 2 || !short_text(object->if_contains("plan")) ||
      open == nullptr || !open->is_object()) {
    return Problem("its frontier is not {\"plan\", \"open\"}");
  }
  for (const auto& [child, parents] : open->as_object()) {
    if (child != stream) return Problem("its frontier names another stream's partitions");
    const json::array* ids = parents.if_array();
    if (ids == nullptr || ids->size() > k_max_open_parents) {
      return Problem("its frontier's open parents are not a list of at most 50000 ids");
    }
    for (const auto& id : *ids) {
      if (!id.is_string() || id.as_string().empty() ||
          id.as_string().size() > k_max_parent_id_bytes) {
        return Problem("its frontier holds a parent id that is not text of 1 to 256 bytes");
      }
    }
  }
  return {};
}

// The plugin's checkpoint as this source splits it (stream_state.hpp).
std::expected<void, std::string> check_checkpoint(const std::string& stream,
                                                  const json::object& checkpoint) {
  const json::value* partitions = checkpoint.if_contains("partitions");
  if (partitions == nullptr) return {};  // another shape (a newer plugin): the plugin judges it
  const json::value* version = checkpoint.if_contains("version");
  if (version == nullptr || !version->is_number() ||
      !short_text(checkpoint.if_contains("credential"))) {
    return Problem("its checkpoint's version or credential is missing or not short");
  }
  if (!partitions->is_object()) return Problem("its checkpoint's partitions are not an object");
  const std::string prefix = stream + "|";
  for (const auto& [key, progress] : partitions->as_object()) {
    if (!std::string_view(key).starts_with(prefix) || key.size() > k_max_partition_key_bytes) {
      return Problem("its checkpoint holds a partition of another stream");
    }
    if (!progress.is_object())
      return Problem("its checkpoint holds a partition that is not an object");
  }
  for (const auto& [key, value] : checkpoint) {
    if (key == "version" || key == "credential" || key == "partitions") continue;
    if (key == "moment" && short_text(&value)) continue;
    if (key == "frontier") {
      if (auto checked = check_frontier(stream, value); !checked) return checked;
      continue;
    }
    return Problem("its checkpoint has a member \"" + bounded_text(key, 40) +
                   "\" this source never writes");
  }
  return {};
}

std::expected<void, std::string> check_blob(const std::string& stream, const json::object& blob) {
  for (const auto& [key, value] : blob) {
    if (key == "cursor") {
      if (!value.is_null() && !(value.is_string() && is_real_date(value.as_string()))) {
        return Problem("its \"cursor\" is not a date yyyy-mm-dd of 1970 or later");
      }
    } else if (key == "checkpoint") {
      if (value.is_null()) continue;
      if (!value.is_object()) return Problem("its \"checkpoint\" is not an object");
      if (auto checked = check_checkpoint(stream, value.as_object()); !checked) return checked;
    } else {
      return Problem("it has a member \"" + bounded_text(key, 40) + "\" this source never writes");
    }
  }
  return {};
}

}  // namespace

std::expected<void, std::string> check_state_shape(const StreamBlobs& blobs) {
  if (blobs.size() > k_max_streams) return Problem("it names more than 1000 streams");
  for (const auto& [stream, blob] : blobs) {
    if (stream.empty() || stream.size() > k_max_name_bytes) {
      return Problem("it names a stream that is empty or longer than 100 bytes");
    }
    if (auto checked = check_blob(stream, blob); !checked) {
      return Problem("stream \"" + bounded_text(stream, k_max_name_bytes) +
                     "\": " + checked.error());
    }
  }
  return {};
}

}  // namespace airbyte_source
