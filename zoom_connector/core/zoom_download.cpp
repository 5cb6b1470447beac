// ZoomApiClient::download: a file Zoom names by URL, with the bearer token
// on the first request only, never after a redirect.
#include <spdlog/logger.h>

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include "core/secret_wipe.hpp"
#include "core/url_policy.hpp"
#include "core/zoom_api_client.hpp"

namespace zc {
namespace {

bool is_redirect(long status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

Error download_error(Status status, std::string message) {
  return Error::make(status, "the download " + std::move(message));
}

}  // namespace

Result<HttpResponse> ZoomApiClient::download(std::string_view url_text, std::size_t max_bytes) {
  auto url = check_endpoint_url(url_text, allow_insecure_loopback_);
  if (!url) return std::unexpected(download_error(Status::remote_error, "URL " + url.error()));
  auto token = tokens_->token();
  if (!token) return std::unexpected(std::move(token.error().error));
  auto base_url = check_endpoint_url(api_base_url(token->get()), allow_insecure_loopback_);
  std::optional<Origin> api_origin;
  if (base_url) api_origin = origin_of(*base_url);
  if (auto allowed = check_token_destination(*url, api_origin); !allowed) {
    if (log_) log_->warn("refused to send the token to a download URL: it {}", allowed.error());
    return std::unexpected(download_error(Status::remote_error, "URL " + allowed.error()));
  }
  HttpRequest request;
  request.url = std::string(url->buffer());
  request.max_body_bytes = max_bytes;
  request.headers = {{"Authorization", "Bearer " + (*token)->value}};
  for (int hop = 0;; ++hop) {
    auto response = http_->perform(request, cancel_);
    if (!request.headers.empty()) wipe(request.headers.front().second);  // the Bearer token
    request.headers.clear();  // a redirect is followed without it
    if (!response) return std::unexpected(std::move(response.error()));
    if (!is_redirect(response->status)) return response;
    if (hop == k_max_download_redirects) {
      return std::unexpected(download_error(
          Status::remote_error,
          "was redirected more than " + std::to_string(k_max_download_redirects) + " times"));
    }
    const auto location = response->header("location");
    boost::urls::url next = *url;
    const auto reference = boost::urls::parse_uri_reference(location.value_or(""));
    if (!location || !reference || !next.resolve(*reference)) {
      return std::unexpected(
          download_error(Status::remote_error, "was redirected without a usable Location"));
    }
    next.remove_fragment();
    auto checked = check_endpoint_url(next.buffer(), allow_insecure_loopback_);
    if (!checked) {
      return std::unexpected(
          download_error(Status::remote_error, "was redirected to a URL that " + checked.error()));
    }
    url = std::move(checked);
    request.url = std::string(url->buffer());
  }
}

}  // namespace zc
