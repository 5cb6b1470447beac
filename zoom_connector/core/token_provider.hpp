// Zoom Server-to-Server OAuth (docs/zoom_api_facts.md section 1): one cached access
// token per credential, refreshed before it expires, and never fetched twice
// at once.
//
// - token() returns the cached token until its refresh point: expiry minus a
//   margin of min(300 s, lifetime / 10), so a 3600 s token is renewed 5
//   minutes early and a 10 s test token 1 s early.
// - Single flight: when the token must be (re)fetched, the first caller asks
//   Zoom; every concurrent caller waits for that one answer and gets the same
//   token or the same failure. Zoom caps live tokens per app.
// - If a refresh fails while the old token has not expired yet, the old one
//   is still served (and the failure logged).
// - invalidate(t) drops t if it is still the cached one (after a 401 / code
//   124), so the next token() asks Zoom again.
// - Waiting callers poll the cancel flag every 50 ms; the HTTP call polls it too.
// Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <expected>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "core/http_client.hpp"
#include "core/redactor.hpp"
#include "core/zoom_error.hpp"

namespace spdlog {
class logger;
}

namespace zc {

struct AccessToken {
  std::string value;  // secret; registered with the Redactor before anything logs
  std::chrono::steady_clock::time_point obtained_at;
  std::chrono::steady_clock::time_point refresh_at;
  std::chrono::steady_clock::time_point expires_at;
  std::chrono::seconds lifetime{0};
  std::set<std::string> scopes;        // from the space-separated "scope" string
  std::optional<std::string> api_url;  // "api_url" as Zoom sent it (no /v2)
  std::uint64_t serial = 0;            // 1, 2, ... per provider

  ~AccessToken();  // wipes value
};
using TokenPtr = std::shared_ptr<const AccessToken>;

// A 200 answer of the token endpoint read into a token, its times counted
// from `now`; null when it holds no usable access_token. Serial not set.
std::shared_ptr<AccessToken> read_token_answer(const HttpResponse& response,
                                               std::chrono::steady_clock::time_point now);

struct TokenRequestSettings {
  std::string oauth_url;  // already checked by the URL policy
  std::string account_id;
  std::string client_id;
  std::string client_secret;
};

class TokenProvider {
 public:
  TokenProvider(std::shared_ptr<HttpClient> http, TokenRequestSettings settings,
                std::shared_ptr<Redactor> redactor, std::shared_ptr<spdlog::logger> log,
                const std::atomic<bool>* cancel);
  TokenProvider(const TokenProvider&) = delete;
  TokenProvider& operator=(const TokenProvider&) = delete;
  ~TokenProvider();  // wipes its copy of the client secret

  // The cached token, or a new one (single flight). Failures keep Zoom's details.
  std::expected<TokenPtr, ZoomFailure> token();
  Result<TokenPtr> get();

  // Drops `stale` if it is still the cached token.
  void invalidate(const TokenPtr& stale);

  // How many token requests were sent to Zoom (for tests and progress).
  std::uint64_t requests_sent() const { return requests_sent_.load(); }

  static std::chrono::seconds refresh_margin(std::chrono::seconds lifetime);

 private:
  struct Flight {
    bool done = false;
    std::expected<TokenPtr, ZoomFailure> result;
  };
  std::expected<TokenPtr, ZoomFailure> request_token();

  std::shared_ptr<HttpClient> http_;
  TokenRequestSettings settings_;
  std::shared_ptr<Redactor> redactor_;
  std::shared_ptr<spdlog::logger> log_;
  const std::atomic<bool>* cancel_;
  std::atomic<std::uint64_t> requests_sent_{0};

  std::mutex mutex_;
  std::condition_variable changed_;
  TokenPtr current_;
  std::shared_ptr<Flight> flight_;
};

}  // namespace zc
