#include "web_response.hpp"

#include <boost/json/serialize.hpp>

#include "json_line.hpp"

namespace host_sim::web {

namespace http = boost::beast::http;
namespace json = boost::json;

namespace {

const char* k_security_policy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

// JSON with <, > and & escaped as \u00XX (those characters only occur
// inside strings, so the text stays the same JSON and can never be read as
// markup), and controls too, as in every JSON line a host prints.
std::string safe_json(const json::value& body) {
  return host_support::printable_json(json::serialize(body), true);
}

}  // namespace

Response make_response(http::status status, std::string body, const char* content_type,
                       unsigned version) {
  Response response(status, version);
  response.set(http::field::content_type, content_type);
  response.set(http::field::cache_control, "no-store");
  response.set("X-Content-Type-Options", "nosniff");
  response.set("X-Frame-Options", "DENY");
  response.set("Referrer-Policy", "no-referrer");
  response.set("Content-Security-Policy", k_security_policy);
  response.set(http::field::server, "host_sim");
  response.body() = std::move(body);
  return response;
}

Response json_response(http::status status, const json::value& body, unsigned version) {
  return make_response(status, safe_json(body), "application/json; charset=utf-8", version);
}

Response error_response(http::status status, const std::string& message, unsigned version) {
  return json_response(status, json::object{{"error", message}}, version);
}

}  // namespace host_sim::web
