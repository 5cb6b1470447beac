#include "write_checkpoint.hpp"

#include <boost/json.hpp>
#include <stdexcept>

namespace host_sim {
namespace {

namespace json = boost::json;

// 2: bound to its results file and input (results_file, input_hash).
constexpr int k_version = 2;
// 3: a retry's, also bound to the results file it retries (retry_of).
constexpr int k_retry_version = 3;
constexpr std::size_t k_max_checkpoint_bytes = 1024 * 1024;
constexpr const char* k_what = "the write checkpoint";

std::int64_t whole(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr) return 0;
  if (v->is_int64() && v->as_int64() >= 0) return v->as_int64();
  if (v->is_uint64() && v->as_uint64() <= INT64_MAX)
    return static_cast<std::int64_t>(v->as_uint64());
  throw std::runtime_error(std::string("its \"") + key + "\" is not a whole number");
}

std::string text(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr) return {};
  if (!v->is_string()) throw std::runtime_error(std::string("its \"") + key + "\" is not text");
  return std::string(v->as_string());
}

}  // namespace

std::filesystem::path checkpoint_path_for(const std::filesystem::path& results) {
  return results.string() + ".checkpoint";
}

void save_write_checkpoint(const std::filesystem::path& path, const WriteCheckpoint& c) {
  const int version = c.retry_of_path.empty() ? k_version : k_retry_version;
  json::object o{{"host_sim_write_checkpoint", version},
                 {"operation", c.operation},
                 {"input", c.input_path},
                 {"input_offset", c.input_offset},
                 {"input_lines", c.input_lines},
                 {"results_bytes", c.results_bytes},
                 {"results_device", c.results_file.device},
                 {"results_inode", c.results_file.inode},
                 {"input_hash", c.input_hash},
                 {"complete", c.complete},
                 {"saved_at", c.saved_at}};
  json::object outcomes;
  for (const auto& [name, count] : c.outcomes) outcomes[name] = count;
  o["outcomes"] = std::move(outcomes);
  if (!c.plugin_state_json.empty()) o["plugin_state"] = json::parse(c.plugin_state_json);
  if (c.in_flight_end_offset) {
    o["in_flight"] =
        json::object{{"end_offset", *c.in_flight_end_offset}, {"end_line", c.in_flight_end_line}};
  }
  if (!c.retry_of_path.empty()) {
    o["retry_of"] = json::object{{"path", c.retry_of_path},
                                 {"device", c.retry_of_file.device},
                                 {"inode", c.retry_of_file.inode},
                                 {"bytes", c.retry_of_bytes}};
  }
  replace_file(path, json::serialize(o) + "\n", k_what);
}

std::optional<WriteCheckpoint> load_write_checkpoint(const std::filesystem::path& path) {
  const std::optional<std::string> body = read_own_file(path, k_what, k_max_checkpoint_bytes);
  if (!body) return std::nullopt;
  boost::system::error_code parse_error;
  const json::value parsed = json::parse(*body, parse_error);
  const json::object* o = !parse_error && parsed.is_object() ? &parsed.as_object() : nullptr;
  const json::value* version = o != nullptr ? o->if_contains("host_sim_write_checkpoint") : nullptr;
  if (version != nullptr && version->is_int64() && version->as_int64() == 1) {
    throw std::runtime_error(
        path.string() +
        " was saved by an older host_sim and is not bound to its results and input, so nothing "
        "shows it was not planted or left over: check the results file, then move the "
        "checkpoint away and write the lines it has no result for (or --restart, which repeats "
        "every create)");
  }
  if (version == nullptr || !version->is_int64() ||
      (version->as_int64() != k_version && version->as_int64() != k_retry_version)) {
    throw std::runtime_error(path.string() + " is not a write checkpoint of this host_sim");
  }
  try {
    WriteCheckpoint c;
    c.operation = text(*o, "operation");
    c.input_path = text(*o, "input");
    c.input_offset = whole(*o, "input_offset");
    c.input_lines = whole(*o, "input_lines");
    c.results_bytes = whole(*o, "results_bytes");
    c.results_file.device = static_cast<std::uint64_t>(whole(*o, "results_device"));
    c.results_file.inode = static_cast<std::uint64_t>(whole(*o, "results_inode"));
    c.input_hash = text(*o, "input_hash");
    if (c.input_hash.size() != 64) throw std::runtime_error("its \"input_hash\" is missing");
    c.saved_at = whole(*o, "saved_at");
    if (const auto* complete = o->if_contains("complete"); complete && complete->is_bool()) {
      c.complete = complete->as_bool();
    }
    if (const auto* outcomes = o->if_contains("outcomes"); outcomes && outcomes->is_object()) {
      for (const auto& [name, count] : outcomes->as_object()) {
        if (name.size() <= 32 && count.is_int64()) c.outcomes[std::string(name)] = count.as_int64();
      }
    }
    if (const auto* state = o->if_contains("plugin_state"); state && !state->is_null()) {
      c.plugin_state_json = json::serialize(*state);
    }
    if (const auto* flight = o->if_contains("in_flight"); flight && flight->is_object()) {
      c.in_flight_end_offset = whole(flight->as_object(), "end_offset");
      c.in_flight_end_line = whole(flight->as_object(), "end_line");
    }
    if (version->as_int64() == k_retry_version) {
      const auto* retry = o->if_contains("retry_of");
      if (retry == nullptr || !retry->is_object()) {
        throw std::runtime_error("its \"retry_of\" is missing");
      }
      c.retry_of_path = text(retry->as_object(), "path");
      if (c.retry_of_path.empty()) throw std::runtime_error("its \"retry_of\" names no file");
      c.retry_of_file.device = static_cast<std::uint64_t>(whole(retry->as_object(), "device"));
      c.retry_of_file.inode = static_cast<std::uint64_t>(whole(retry->as_object(), "inode"));
      c.retry_of_bytes = whole(retry->as_object(), "bytes");
    }
    return c;
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(path.string() + " is not a write checkpoint: " + e.what());
  }
}

}  // namespace host_sim
