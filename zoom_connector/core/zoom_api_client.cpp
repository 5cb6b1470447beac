#include "core/zoom_api_client.hpp"

#include <spdlog/logger.h>

#include "core/answer_reader.hpp"
#include "core/connector_config.hpp"
#include "core/path_segment.hpp"
#include "core/secret_wipe.hpp"
#include "core/url_policy.hpp"

namespace zc {

ZoomApiClient::ZoomApiClient(std::shared_ptr<HttpClient> http,
                             std::shared_ptr<TokenProvider> tokens,
                             std::optional<boost::urls::url> pinned_api_base,
                             std::string default_api_base, bool allow_insecure_loopback,
                             std::shared_ptr<spdlog::logger> log, const std::atomic<bool>* cancel)
    : http_(std::move(http)),
      tokens_(std::move(tokens)),
      pinned_api_base_(std::move(pinned_api_base)),
      default_api_base_(std::move(default_api_base)),
      allow_insecure_loopback_(allow_insecure_loopback),
      log_(std::move(log)),
      cancel_(cancel) {}

std::string ZoomApiClient::api_base_url(const AccessToken* token) const {
  if (pinned_api_base_) return std::string(pinned_api_base_->buffer());
  if (token != nullptr && token->api_url) {
    auto url = check_endpoint_url(*token->api_url, allow_insecure_loopback_);
    std::string why;
    if (!url) {
      why = url.error();
    } else if (const Origin o = origin_of(*url);
               (o.scheme == "https" && is_zoom_host(o.host)) ||
               (allow_insecure_loopback_ && is_loopback_host(*url))) {
      std::string base(url->buffer());
      while (!base.empty() && base.back() == '/') base.pop_back();
      return base + "/v2";
    } else {
      why = "names " + loggable_url_text(o.host) +
            ", which is not https on zoom.us, zoomgov.com or a subdomain of either";
    }
    if (log_ && api_url_warned_for_.exchange(token->serial) != token->serial) {
      log_->warn("ignoring the token's api_url \"{}\": it {}; using {}",
                 loggable_url_text(*token->api_url), why, default_api_base_);
    }
  }
  return default_api_base_;
}

std::expected<ZoomApiClient::Answer, ZoomApiClient::Failure> ZoomApiClient::get_detailed(
    std::string_view target) {
  return send_detailed("GET", target, {});
}

std::expected<ZoomApiClient::Answer, ZoomApiClient::Failure> ZoomApiClient::send_detailed(
    std::string_view method, std::string_view target, std::string_view json_body) {
  auto config_failure = [](std::string message) {
    return std::unexpected(
        Failure{Failure::Step::config,
                ZoomFailure::from(Error::make(Status::invalid_argument, std::move(message)))});
  };
  for (int attempt = 0;; ++attempt) {
    auto token = tokens_->token();
    if (!token) return std::unexpected(Failure{Failure::Step::token, std::move(token.error())});

    const std::string base = api_base_url(token->get());
    const std::string text =
        target.starts_with('/') ? base + std::string(target) : std::string(target);
    auto url = check_endpoint_url(text, allow_insecure_loopback_);
    if (!url) return config_failure("the URL " + url.error());
    auto base_url = check_endpoint_url(base, allow_insecure_loopback_);
    std::optional<Origin> api_origin;
    if (base_url) api_origin = origin_of(*base_url);
    if (auto allowed = check_token_destination(*url, api_origin); !allowed) {
      if (log_) log_->warn("refused to send the token: the URL {}", allowed.error());
      return config_failure("the URL " + allowed.error());
    }
    // The path the template made (under the API base) must be the path sent.
    const std::string made = target.starts_with('/') && base_url
                                 ? std::string(base_url->encoded_path()) +
                                       std::string(target.substr(0, target.find('?')))
                                 : std::string(url->encoded_path());
    if (auto same = check_sent_path(std::string(url->buffer()), made); !same) {
      if (log_) log_->warn("refused a {} request: its URL {}", method, same.error());
      return config_failure("the request's URL " + same.error() + "; it was not sent");
    }

    HttpRequest request;
    request.method = std::string(method);
    request.url = std::string(url->buffer());
    request.max_body_bytes = answer_limit_for(target);  // a list page: what its size can need
    request.headers = {{"Authorization", "Bearer " + (*token)->value},
                       {"Accept", "application/json"}};
    if (!json_body.empty()) {
      request.headers.emplace_back("Content-Type", "application/json");
      request.body = std::string(json_body);
    }
    auto response = http_->perform(request, cancel_);
    wipe(request.headers.front().second);  // the Bearer token
    if (!response) {
      return std::unexpected(Failure{Failure::Step::call, ZoomFailure::from(response.error())});
    }
    if (attempt == 0 && is_invalid_token_answer(*response)) {
      if (log_) {
        log_->info("{} {} answered HTTP {} (invalid token); retrying once with a new token",
                   request.method, std::string(url->encoded_path()), response->status);
      }
      tokens_->invalidate(*token);
      continue;
    }
    return Answer{std::move(*response), *token};
  }
}

Result<HttpResponse> ZoomApiClient::get(std::string_view target) {
  auto answer = get_detailed(target);
  if (!answer) return std::unexpected(std::move(answer.error().failure.error));
  return std::move(answer->response);
}

}  // namespace zc
