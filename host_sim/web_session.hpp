// Who may use the web screen, checked before any route: the Host header must
// name the server (DNS rebinding); the URL printed at start carries a random
// per-launch key, traded once for the session cookie (HttpOnly,
// SameSite=Strict) that every request must then carry; every POST, PUT and
// DELETE needs the per-server CSRF token (embedded in the page) in
// X-CSRF-Token, a same-origin Origin when the browser sends one, and a JSON
// content type (DELETE has no body).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "web_request.hpp"
#include "web_response.hpp"

namespace host_sim::web {

class WebSession {
 public:
  // `bind`: the address the server listens on, `port` its port.
  WebSession(const std::string& bind, bool ipv6, unsigned short port);

  const std::string& launch_key() const { return launch_key_; }
  const std::string& csrf_token() const { return csrf_token_; }

  // The answer that ends a request before its route: 421 for a foreign Host,
  // the sign-in (303 with the cookie, or 401 for a wrong key), 401 without
  // the session cookie, 405 for a method the page never uses, 403 for a
  // change without the CSRF token or from another origin, 415 for a change
  // that is not JSON. Nullopt: the request goes on to its route.
  std::optional<Response> refuse(const Request& request) const;

 private:
  bool host_allowed(const Request& request) const;
  std::string refuse_change(const Request& request) const;
  bool has_session(const Request& request) const;
  Response unauthorized(std::string_view path, unsigned version) const;
  Response sign_in(std::string_view target, unsigned version) const;

  std::string csrf_token_;
  std::string launch_key_;
  std::string session_;
  std::string cookie_name_;
  std::vector<std::string> allowed_hosts_;
};

}  // namespace host_sim::web
