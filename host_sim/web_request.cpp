#include "web_request.hpp"

#include <boost/asio/error.hpp>
#include <charconv>

#include "secure_memory.hpp"

namespace host_sim::web {

namespace http = boost::beast::http;

RequestReader::RequestReader(std::size_t body_limit)
    : buffer(WipingAllocator(wiping_resource())),
      parser(std::piecewise_construct, std::make_tuple(WipingAllocator(wiping_resource()))) {
  parser.header_limit(k_header_limit);
  parser.body_limit(body_limit);
}

std::optional<ReadRefusal> read_refusal(const boost::system::error_code& ec,
                                        std::size_t body_limit) {
  if (ec == http::error::end_of_stream || ec == boost::asio::error::eof) return std::nullopt;
  if (ec == http::error::body_limit) {
    return ReadRefusal{http::status::payload_too_large,
                       "request body too large (limit " + std::to_string(body_limit) + " bytes)"};
  }
  if (ec == http::error::header_limit) {
    return ReadRefusal{http::status::request_header_fields_too_large, "headers too large"};
  }
  return ReadRefusal{http::status::bad_request, "malformed HTTP request"};
}

std::string_view path_of(std::string_view target) { return target.substr(0, target.find('?')); }

std::string query_value(std::string_view target, std::string_view key) {
  const auto question = target.find('?');
  if (question == std::string_view::npos) return {};
  std::string_view query = target.substr(question + 1);
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    if (pair.size() > key.size() && pair.substr(0, key.size()) == key && pair[key.size()] == '=') {
      return std::string(pair.substr(key.size() + 1));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return {};
}

std::string_view cookie_value(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const auto semicolon = header.find(';');
    std::string_view pair = header.substr(0, semicolon);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    if (pair.size() > name.size() && pair.starts_with(name) && pair[name.size()] == '=') {
      return pair.substr(name.size() + 1);
    }
    if (semicolon == std::string_view::npos) break;
    header.remove_prefix(semicolon + 1);
  }
  return {};
}

std::optional<std::pair<std::int64_t, std::string_view>> id_path(std::string_view path,
                                                                 std::string_view prefix) {
  if (!path.starts_with(prefix)) return std::nullopt;
  const std::string_view rest = path.substr(prefix.size());
  const auto slash = rest.find('/');
  const std::string_view digits = rest.substr(0, slash);
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) {
    return std::nullopt;
  }
  const std::string_view action =
      slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
  return std::pair{id, action};
}

bool carries_write_records(const Request& request) {
  if (request.method() != http::verb::post) return false;
  const auto named = credential_path(path_of(request.target()));
  return named && named->second == "write";
}

}  // namespace host_sim::web
