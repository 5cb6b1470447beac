// A hostile "Zoom" on 127.0.0.1 (HostileServer) and connectors pointed at
// it: the token endpoint and the API answer with whatever a test wants,
// e.g. error messages of many megabytes that quote the credential.
#pragma once

#include <boost/json.hpp>
#include <string>

#include "hostile_server.hpp"
#include "sim_connector.hpp"

namespace zc_test {

inline constexpr const char* k_hostile_secret = "HostileSecret0123456789abcdef";
inline constexpr const char* k_hostile_token = "hostile-token.0123456789.sig";

// The server's token answer: a valid token with the scopes of `users`.
inline CannedAnswer hostile_token_answer() {
  return {200, "application/json",
          boost::json::serialize(boost::json::object{{"access_token", k_hostile_token},
                                                     {"token_type", "bearer"},
                                                     {"expires_in", 3600},
                                                     {"scope", "user:read:admin"}})};
}

// A text of about `size` bytes that quotes the secret and the token first,
// then runs into the shape that crashed the old regex redactor.
inline std::string hostile_text(std::size_t size) {
  std::string text = std::string("your secret ") + k_hostile_secret + " and token " +
                     k_hostile_token + " were seen; Authorization: Bearer ";
  text.append(size > text.size() ? size - text.size() : 0, 'A');
  return text;
}

// {"code": code, <key>: hostile_text(size)} (key "message" or "reason").
inline std::string hostile_error_body(std::size_t size, const char* key, int code) {
  boost::json::object o{{key, hostile_text(size)}, {"code", code}};
  if (std::string_view(key) == "reason") o["error"] = "invalid_client";
  return boost::json::serialize(o);
}

inline boost::json::object hostile_credential(const HostileServer& server) {
  return boost::json::object{{"credential_name", "hostile"},
                             {"account_id", "hostile-account"},
                             {"client_id", "hostile-client"},
                             {"client_secret", k_hostile_secret},
                             {"validation_url", server.base_url() + "/v2/users/me"}};
}

inline boost::json::object hostile_options(const HostileServer& server) {
  return boost::json::object{{"oauth_url", server.base_url() + "/oauth/token"},
                             {"api_base_url", server.base_url() + "/v2"},
                             {"allow_insecure_loopback", true},
                             {"connect_timeout_ms", 5000},
                             {"total_timeout_ms", 60000}};
}

// Checks a text the plugin hands out: short, and without the credential
// (the token only once the server issued it).
inline void expect_safe(std::string_view text, std::size_t max_size, bool token_issued = true) {
  EXPECT_LE(text.size(), max_size) << text.substr(0, 400);
  EXPECT_EQ(text.find(k_hostile_secret), std::string_view::npos) << text.substr(0, 400);
  if (token_issued) {
    EXPECT_EQ(text.find(k_hostile_token), std::string_view::npos) << text.substr(0, 400);
  }
  EXPECT_EQ(text.find("AAAAAAAA"), std::string_view::npos) << text.substr(0, 400);
}

}  // namespace zc_test
