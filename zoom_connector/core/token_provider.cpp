#include "core/token_provider.hpp"

#include <spdlog/logger.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/url/parse.hpp>

#include "core/oauth_encoding.hpp"
#include "core/secret_wipe.hpp"
#include "core/stream_scopes.hpp"
#include "core/url_policy.hpp"

namespace zc {
namespace {

using Clock = std::chrono::steady_clock;

std::unexpected<ZoomFailure> cancelled() {
  return std::unexpected(ZoomFailure::from(Error::make(Status::cancelled, "cancelled")));
}

}  // namespace

TokenProvider::TokenProvider(std::shared_ptr<HttpClient> http, TokenRequestSettings settings,
                             std::shared_ptr<Redactor> redactor,
                             std::shared_ptr<spdlog::logger> log, const std::atomic<bool>* cancel)
    : http_(std::move(http)),
      settings_(std::move(settings)),
      redactor_(std::move(redactor)),
      log_(std::move(log)),
      cancel_(cancel) {
  redactor_->add_secret(settings_.client_secret);
  std::string basic = basic_authorization(settings_.client_id, settings_.client_secret);
  const WipeOnExit wipe_basic(basic);
  redactor_->add_secret(std::string_view(basic).substr(6));  // the base64 part
  if (auto url = boost::urls::parse_uri(settings_.oauth_url);
      log_ && url && !is_zoom_host(origin_of(*url).host) && !is_loopback_host(*url)) {
    log_->warn(
        "the client secret is sent to {}, which is not a Zoom host, because the option "
        "trusted_gateway_host names it",
        loggable_url_text(origin_of(*url).host));
  }
}

std::chrono::seconds TokenProvider::refresh_margin(std::chrono::seconds lifetime) {
  return std::min(std::chrono::seconds(300), lifetime / 10);
}

Result<TokenPtr> TokenProvider::get() {
  auto t = token();
  if (!t) return std::unexpected(std::move(t.error().error));
  return *t;
}

void TokenProvider::invalidate(const TokenPtr& stale) {
  std::lock_guard lock(mutex_);
  if (stale && current_ && current_->serial == stale->serial) {
    current_.reset();
    if (log_)
      log_->info("access token #{} was rejected by Zoom; a new one will be requested",
                 stale->serial);
  }
}

std::expected<TokenPtr, ZoomFailure> TokenProvider::token() {
  std::unique_lock lock(mutex_);
  for (;;) {
    if (cancel_ != nullptr && cancel_->load()) return cancelled();
    const auto now = Clock::now();
    if (current_ && now < current_->refresh_at) return current_;

    if (!flight_) {
      // This caller asks Zoom; everyone arriving meanwhile waits for it.
      auto flight = std::make_shared<Flight>();
      flight_ = flight;
      lock.unlock();
      std::expected<TokenPtr, ZoomFailure> result =
          std::unexpected(ZoomFailure::from(Error::make(Status::internal, "token request failed")));
      try {
        result = request_token();
      } catch (...) {
        lock.lock();
        flight->done = true;
        flight->result = result;
        flight_.reset();
        changed_.notify_all();
        throw;
      }
      lock.lock();
      if (result) {
        current_ = *result;
      } else if (current_ && Clock::now() < current_->expires_at &&
                 result.error().error.status != Status::cancelled) {
        if (log_)
          log_->warn(
              "refreshing the access token failed ({}); the current one is still "
              "valid and stays in use",
              result.error().error.message);
        result = current_;
      }
      flight->done = true;
      flight->result = result;
      flight_.reset();
      changed_.notify_all();
      return result;
    }

    const auto flight = flight_;
    while (!flight->done) {
      if (cancel_ != nullptr && cancel_->load()) return cancelled();
      changed_.wait_for(lock, std::chrono::milliseconds(50));
    }
    return flight->result;
  }
}

std::expected<TokenPtr, ZoomFailure> TokenProvider::request_token() {
  HttpRequest request;
  request.method = "POST";
  request.url = settings_.oauth_url;
  request.headers = {
      {"Authorization", basic_authorization(settings_.client_id, settings_.client_secret)},
      {"Content-Type", "application/x-www-form-urlencoded"},
      {"Accept", "application/json"},
  };
  // Parameters in the form body: in the query string they have been seen to fail.
  request.body = account_credentials_form(settings_.account_id);

  const auto serial = requests_sent_.fetch_add(1) + 1;
  if (log_) log_->debug("requesting access token #{} from {}", serial, settings_.oauth_url);
  auto response = http_->perform(request, cancel_);
  wipe(request.headers.front().second);  // the Basic credentials
  if (!response) return std::unexpected(ZoomFailure::from(std::move(response.error())));
  const WipeOnExit wipe_answer(response->body);  // it holds the new token

  if (response->status == 200) {
    if (auto token = read_token_answer(*response, Clock::now())) {
      redactor_->add_token(token->value);  // before anything can log it
      token->serial = serial;
      if (log_) {
        log_->info("obtained access token #{} (expires in {} s, {} scopes{})", serial,
                   token->lifetime.count(), token->scopes.size(),
                   token->api_url ? ", api_url " + loggable_url_text(*token->api_url) : "");
      }
      return token;
    }
  }
  auto failure = classify_token_failure(*response);
  if (log_) log_->warn("token request #{} failed: {}", serial, failure.error.message);
  return std::unexpected(std::move(failure));
}

std::shared_ptr<AccessToken> read_token_answer(const HttpResponse& response,
                                               Clock::time_point now) {
  if (response.status != 200 || !response.is_json()) return nullptr;
  boost::system::error_code ec;
  const auto body = boost::json::parse(response.body, ec);
  const auto* object = !ec && body.is_object() ? &body.as_object() : nullptr;
  const auto* value = object ? object->if_contains("access_token") : nullptr;
  if (value == nullptr || !value->is_string() || value->as_string().empty()) return nullptr;
  auto token = std::make_shared<AccessToken>();
  token->value = value->as_string();
  std::int64_t expires_in = 3600;  // Zoom's documented lifetime, if absent
  // A longer claim is not believed: the token is asked for again after a day.
  constexpr std::int64_t k_max_lifetime = 24 * 3600;
  if (const auto* e = object->if_contains("expires_in"); e && e->is_int64()) {
    expires_in = e->as_int64();
  } else if (e && e->is_uint64()) {
    expires_in = k_max_lifetime;
  } else if (e && e->is_double()) {
    const double d = e->as_double();  // 3.6e3, or 1e300: read without overflow
    expires_in = d >= k_max_lifetime ? k_max_lifetime : d >= 1 ? static_cast<std::int64_t>(d) : 1;
  }
  expires_in = std::clamp<std::int64_t>(expires_in, 1, k_max_lifetime);
  token->lifetime = std::chrono::seconds(expires_in);
  token->obtained_at = now;
  token->expires_at = token->obtained_at + token->lifetime;
  token->refresh_at = token->expires_at - TokenProvider::refresh_margin(token->lifetime);
  if (const auto* s = object->if_contains("scope"); s && s->is_string()) {
    token->scopes = parse_scope_string(s->as_string());
  }
  if (const auto* a = object->if_contains("api_url");
      a && a->is_string() && !a->as_string().empty()) {
    token->api_url = std::string(a->as_string());
  }
  return token;
}

AccessToken::~AccessToken() { wipe(value); }

TokenProvider::~TokenProvider() { wipe(settings_.client_secret); }

}  // namespace zc
