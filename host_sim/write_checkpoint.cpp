#include "write_checkpoint.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace host_sim {
namespace {

namespace json = boost::json;

constexpr int k_version = 1;
constexpr std::uintmax_t k_max_checkpoint_bytes = 1024 * 1024;

void write_all(int fd, const std::string& text, const std::string& what) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw std::runtime_error("cannot write " + what + ": " + std::strerror(errno));
    done += static_cast<std::size_t>(n);
  }
}

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
  json::object o{{"host_sim_write_checkpoint", k_version},
                 {"operation", c.operation},
                 {"input", c.input_path},
                 {"input_offset", c.input_offset},
                 {"input_lines", c.input_lines},
                 {"results_bytes", c.results_bytes},
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
  const std::string body = json::serialize(o) + "\n";
  const std::string temporary = path.string() + ".tmp";
  const int fd =
      ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot write " + temporary + ": " + std::strerror(errno));
  try {
    write_all(fd, body, temporary);
    if (::fsync(fd) != 0) throw std::runtime_error("cannot fsync " + temporary);
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    throw std::runtime_error("cannot replace " + path.string() + ": " + std::strerror(errno));
  }
  // The rename itself is durable once the folder is synced.
  const std::string folder = path.parent_path().empty() ? "." : path.parent_path().string();
  if (const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

std::optional<WriteCheckpoint> load_write_checkpoint(const std::filesystem::path& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return std::nullopt;
  const auto size = std::filesystem::file_size(path, error);
  if (error || size > k_max_checkpoint_bytes) {
    throw std::runtime_error(path.string() + " is not a write checkpoint (too large)");
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream body;
  body << in.rdbuf();
  boost::system::error_code parse_error;
  const json::value parsed = json::parse(body.str(), parse_error);
  const json::object* o = !parse_error && parsed.is_object() ? &parsed.as_object() : nullptr;
  const json::value* version = o != nullptr ? o->if_contains("host_sim_write_checkpoint") : nullptr;
  if (version == nullptr || !version->is_int64() || version->as_int64() != k_version) {
    throw std::runtime_error(path.string() + " is not a write checkpoint of this host_sim");
  }
  try {
    WriteCheckpoint c;
    c.operation = text(*o, "operation");
    c.input_path = text(*o, "input");
    c.input_offset = whole(*o, "input_offset");
    c.input_lines = whole(*o, "input_lines");
    c.results_bytes = whole(*o, "results_bytes");
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
    return c;
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(path.string() + " is not a write checkpoint: " + e.what());
  }
}

}  // namespace host_sim
