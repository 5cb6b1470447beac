// A small HTTP client on libcurl, shared by the token provider, validate and
// the fetch work.
//
// - Thread-safe and reusable: perform() may be called from many threads at
//   once. Each call borrows a "slot" (an easy handle plus its own multi
//   handle) from a pool and gives it back, so connections stay alive between
//   calls (keep-alive) and a slot's connection cache is reused. DNS results
//   and TLS sessions are shared between all slots through a share handle.
//   (Connections themselves are not put in the share handle: libcurl 7.88
//   documents that sharing the connection cache between concurrent threads
//   is unsafe.)
// - TLS verification is always on (peer and host name). ca_bundle adds a CA
//   file (CURLOPT_CAINFO; the system CA directory stays in use).
// - Plain http goes only to loopback: after connecting and before sending
//   anything, the address libcurl actually connected to (the primary IP)
//   must be in 127.0.0.0/8 or ::1, else the request is aborted unsent
//   (CURLOPT_PREREQFUNCTION). Through a proxy, the proxy must be loopback.
// - Header values (and the User-Agent) with CR, LF or NUL are refused: they
//   would add headers of their own.
// - Answers are bounded (answer_reader.hpp): a 2xx body by the request's
//   limit, an error body cut at 64 KiB, all bodies being read at once by
//   one budget per client, headers at 64 KiB.
// - gzip/deflate accepted (CURLOPT_ACCEPT_ENCODING ""); no redirects are
//   followed (a token must not be carried to another host); http(s) only.
// - The proxy comes from the options, else libcurl's usual environment
//   variables (http_proxy, HTTPS_PROXY, ALL_PROXY, NO_PROXY).
// - A cancel flag is polled every 50 ms while a request runs, so a blocked
//   call ends promptly with Status::cancelled.
// - Every HTTP status is a successful Result; only transport failures are
//   errors, mapped from the CURLcode to network / timeout / cancelled, with
//   TLS and proxy failures told apart in the message.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace zc {

struct HttpClientOptions {
  long connect_timeout_ms = 10'000;
  long total_timeout_ms = 60'000;
  long low_speed_limit_bytes = 1;
  long low_speed_time_s = 60;
  std::string proxy;      // empty: environment
  std::string ca_bundle;  // empty: system CAs only
  std::string user_agent = "zoom-connector";
  // Answer sizes (answer_reader.hpp): a 2xx body unless the request sets its
  // own limit; a non-2xx body (then reading stops, the answer is kept cut);
  // every body being read at once through this client.
  std::size_t max_body_bytes = 4u << 20;
  std::size_t max_error_body_bytes = 64u << 10;
  std::size_t max_buffered_bytes = 32u << 20;
  // Tests only: CURLOPT_CONNECT_TO entries, "HOST:PORT:CONNECT-TO-HOST:CONNECT-TO-PORT".
  // TLS still verifies the certificate against the URL's own host name.
  std::vector<std::string> connect_to;
};

struct HttpRequest {
  std::string method = "GET";  // GET, POST, PATCH or DELETE
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;  // name, value
  std::string body;                                          // POST and PATCH only
  std::size_t max_body_bytes = 0;  // a 2xx answer's body; 0: the client's max_body_bytes
};

struct HttpResponse {
  long status = 0;
  // Header names in lower case, in arrival order (the final response's only).
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  bool body_cut = false;  // a non-2xx body longer than max_error_body_bytes: its start only

  // The first header named `name` (case-insensitive), e.g. "retry-after",
  // "x-ratelimit-remaining", "content-type".
  std::optional<std::string_view> header(std::string_view name) const;
  std::string_view content_type() const;
  bool is_json() const;  // the Content-Type says JSON, or the body looks like JSON
};

// The CA file libcurl verifies against when no ca_bundle is given (the
// system's), or "" when libcurl does not say.
std::string default_ca_file();

class HttpClient {
 public:
  // Initialises libcurl once per process (curl_global_init, thread-safe).
  static Result<std::shared_ptr<HttpClient>> create(HttpClientOptions options);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // `cancel` (may be null) is polled while the request runs.
  Result<HttpResponse> perform(const HttpRequest& request,
                               const std::atomic<bool>* cancel = nullptr) const;

  const HttpClientOptions& options() const { return options_; }

  struct Impl;

 private:
  explicit HttpClient(HttpClientOptions options);
  HttpClientOptions options_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace zc
