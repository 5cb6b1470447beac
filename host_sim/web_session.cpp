#include "web_session.hpp"

#include <sodium.h>

#include <algorithm>

#include "secret_box.hpp"

namespace host_sim::web {

namespace http = boost::beast::http;

namespace {

constexpr const char* k_open_the_printed_url =
    "this page needs the key host_sim printed when it started: open the URL it printed "
    "(http://127.0.0.1:PORT/?key=...)";

bool same_token(std::string_view a, std::string_view b) {
  return !a.empty() && a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

WebSession::WebSession(const std::string& bind, bool ipv6, unsigned short port)
    : csrf_token_(random_hex(32)), launch_key_(random_hex(32)), session_(random_hex(32)) {
  const std::string port_text = std::to_string(port);
  cookie_name_ = "host_sim_session_" + port_text;
  allowed_hosts_ = {"127.0.0.1:" + port_text, "localhost:" + port_text};
  if (ipv6) allowed_hosts_.push_back("[" + bind + "]:" + port_text);
  if (bind != "127.0.0.1") allowed_hosts_.push_back(bind + ":" + port_text);
}

std::optional<Response> WebSession::refuse(const Request& request) const {
  const unsigned version = request.version();
  const std::string_view target = request.target();
  const std::string_view path = path_of(target);
  const auto method = request.method();
  if (!host_allowed(request)) {
    return error_response(http::status::misdirected_request,
                          "unexpected Host header: this server answers only for its own address",
                          version);
  }
  if (method == http::verb::get && path == "/" && target.find('?') != std::string_view::npos &&
      !query_value(target, "key").empty()) {
    return sign_in(target, version);
  }
  if (!has_session(request)) return unauthorized(path, version);
  if (method == http::verb::get || method == http::verb::head) return std::nullopt;
  if (method != http::verb::post && method != http::verb::put && method != http::verb::delete_) {
    return error_response(http::status::method_not_allowed, "method not allowed", version);
  }
  if (const std::string why = refuse_change(request); !why.empty()) {
    return error_response(http::status::forbidden, why, version);
  }
  if (method != http::verb::delete_) {
    const auto type = request[http::field::content_type];
    if (type.substr(0, 16) != "application/json") {
      return error_response(http::status::unsupported_media_type,
                            "send JSON (Content-Type: application/json)", version);
    }
  }
  return std::nullopt;
}

bool WebSession::host_allowed(const Request& request) const {
  const auto value = request[http::field::host];
  return std::ranges::find(allowed_hosts_, std::string(value)) != allowed_hosts_.end();
}

// Why a state-changing request is refused, or "".
std::string WebSession::refuse_change(const Request& request) const {
  const auto sent = request["X-CSRF-Token"];
  if (sent.empty()) return "missing CSRF token (X-CSRF-Token header)";
  if (!same_token(sent, csrf_token_)) return "wrong CSRF token";
  const auto origin = request[http::field::origin];
  if (!origin.empty()) {
    const std::string origin_text(origin);
    const bool same = std::ranges::any_of(allowed_hosts_, [&](const std::string& allowed) {
      return origin_text == "http://" + allowed;
    });
    if (!same) return "cross-origin request refused (Origin " + origin_text + ")";
  }
  return {};
}

bool WebSession::has_session(const Request& request) const {
  return same_token(cookie_value(request[http::field::cookie], cookie_name_), session_);
}

Response WebSession::unauthorized(std::string_view path, unsigned version) const {
  if (path.starts_with("/api/")) {
    return error_response(http::status::unauthorized, k_open_the_printed_url, version);
  }
  std::string page =
      "<!doctype html><meta charset=\"utf-8\"><title>host_sim: open the printed URL</title>"
      "<p>This page needs the key that <code>host_sim serve</code> printed when it started. "
      "Open the URL it printed (<code>http://127.0.0.1:PORT/?key=&hellip;</code>) in this "
      "browser.</p>\n";
  return make_response(http::status::unauthorized, std::move(page), "text/html; charset=utf-8",
                       version);
}

// The printed URL: trade its key for the session cookie, then drop the key
// from the address bar.
Response WebSession::sign_in(std::string_view target, unsigned version) const {
  if (!same_token(query_value(target, "key"), launch_key_)) return unauthorized("/", version);
  Response response = make_response(http::status::see_other, "", "text/plain", version);
  response.set(http::field::location, "/");
  response.set(http::field::set_cookie,
               cookie_name_ + "=" + session_ + "; Path=/; HttpOnly; SameSite=Strict");
  return response;
}

}  // namespace host_sim::web
