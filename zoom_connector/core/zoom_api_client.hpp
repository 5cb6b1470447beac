// Authorised GETs against Zoom's REST API, for validate and the fetch work.
//
// - The API base in effect: the pinned api_base_url option, else the token's
//   api_url + "/v2" (the account's regional host) when api_url is https on a
//   Zoom host (or loopback with allow_insecure_loopback), else the cloud's
//   default (https://api.zoom.us/v2 or https://api.zoomgov.com/v2). An
//   api_url naming any other host is ignored with a warning: the token
//   response must not be able to send the token elsewhere.
// - Before a token is attached, the URL passes the URL policy (url_policy.hpp):
//   https (or loopback http with the switch), and zoom.us, a subdomain of it,
//   or the API host in effect. The token is never sent anywhere else.
// - Every request's path is checked once, here, before it is sent
//   (check_sent_path, path_segment.hpp): libcurl sends exactly the path
//   made (the API base's and the template's, dot segments kept as
//   CURLOPT_PATH_AS_IS keeps them), with no empty or dot segment.
// - A 401 or code 124 answer invalidates the token and the call is retried
//   once with a fresh one.
// - Every other HTTP status is returned as a response for the caller to
//   judge (e.g. 429 handling in the fetch work; classify_api_failure for a
//   message). Errors are transport, token and policy failures only.
// Thread-safe.
#pragma once

#include <atomic>
#include <boost/url/url.hpp>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/http_client.hpp"
#include "core/token_provider.hpp"
#include "core/zoom_error.hpp"

namespace zc {

class ZoomApiClient {
 public:
  ZoomApiClient(std::shared_ptr<HttpClient> http, std::shared_ptr<TokenProvider> tokens,
                std::optional<boost::urls::url> pinned_api_base, std::string default_api_base,
                bool allow_insecure_loopback, std::shared_ptr<spdlog::logger> log,
                const std::atomic<bool>* cancel);

  // The API base for `token` (no trailing '/').
  std::string api_base_url(const AccessToken* token) const;

  // GET `target`: an absolute URL, or a path such as "/users?page_size=300"
  // under the API base. Step "token" failures keep Zoom's details.
  struct Failure {
    enum class Step { config, token, call } step;
    ZoomFailure failure;
  };
  struct Answer {
    HttpResponse response;
    TokenPtr token;  // the token the answer was obtained with
  };
  std::expected<Answer, Failure> get_detailed(std::string_view target);

  // Any method (GET, POST, PATCH, DELETE) with a JSON body (empty: none), under
  // the same URL policy and token handling as a GET. The answer is returned
  // whatever its status; a write is never repeated here except after an
  // invalid-token answer (which Zoom gives before doing anything).
  std::expected<Answer, Failure> send_detailed(std::string_view method, std::string_view target,
                                               std::string_view json_body);

  // The same, flattened to zc::Error.
  Result<HttpResponse> get(std::string_view target);

  // GET a file Zoom names by an absolute URL (a recording's download_url;
  // zoom_download.cpp). The token goes with the first request only, and only
  // where the URL policy lets it (rule 3); a redirect is followed, at most
  // k_max_download_redirects times, WITHOUT the token, to a URL that passes
  // rule 1. A 2xx body longer than `max_bytes` is refused. Messages never
  // quote the URL: a download URL may carry an access token in its query.
  static constexpr int k_max_download_redirects = 3;
  Result<HttpResponse> download(std::string_view url, std::size_t max_bytes);

  TokenProvider& tokens() { return *tokens_; }

 private:
  std::shared_ptr<HttpClient> http_;
  std::shared_ptr<TokenProvider> tokens_;
  std::optional<boost::urls::url> pinned_api_base_;
  std::string default_api_base_;
  bool allow_insecure_loopback_;
  mutable std::atomic<std::uint64_t> api_url_warned_for_{0};  // token serial last warned about
  std::shared_ptr<spdlog::logger> log_;
  const std::atomic<bool>* cancel_;
};

}  // namespace zc
