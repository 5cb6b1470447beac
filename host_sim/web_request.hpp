// How the web screen reads a request before any route sees it: the HTTP
// parser with its limits, what a failed read answers, and the pieces of the
// target and headers the routes look at. No socket here, so the fuzz target
// (tests/fuzz) parses exactly what the server parses.
#pragma once

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <cstddef>
#include <cstdint>
#include <memory_resource>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace host_sim::web {

// Request bytes (a form may carry a secret) live on wiping memory.
using WipingAllocator = std::pmr::polymorphic_allocator<char>;
using RequestBody =
    boost::beast::http::basic_string_body<char, std::char_traits<char>, WipingAllocator>;
using Request = boost::beast::http::request<RequestBody>;

inline constexpr std::size_t k_header_limit = 16 * 1024;

// The buffer and parser for one request, with the header and body limits.
struct RequestReader {
  explicit RequestReader(std::size_t body_limit);
  boost::beast::basic_flat_buffer<WipingAllocator> buffer;
  boost::beast::http::request_parser<RequestBody> parser;
};

// What the server answers when reading a request failed; nullopt when the
// peer closed before sending one (nothing to answer).
struct ReadRefusal {
  boost::beast::http::status status;
  std::string message;
};
std::optional<ReadRefusal> read_refusal(const boost::system::error_code& ec,
                                        std::size_t body_limit);

std::string_view path_of(std::string_view target);

// The raw value of `key` in the target's query, or "".
std::string query_value(std::string_view target, std::string_view key);

// The value of cookie `name` in a Cookie header, or "".
std::string_view cookie_value(std::string_view header, std::string_view name);

// "PREFIX12/fetch/stop" -> {12, "fetch/stop"}: the digits after `prefix` up
// to the next '/', all of them a number.
std::optional<std::pair<std::int64_t, std::string_view>> id_path(std::string_view path,
                                                                 std::string_view prefix);

// POST /api/credentials/{id}/write: the one request whose body may take
// ServeOptions::records_body_limit (a write's records) instead of body_limit.
bool carries_write_records(const Request& request);

// "/api/credentials/12/fetch/stop" -> {12, "fetch/stop"}.
inline std::optional<std::pair<std::int64_t, std::string_view>> credential_path(
    std::string_view path) {
  return id_path(path, "/api/credentials/");
}

}  // namespace host_sim::web
