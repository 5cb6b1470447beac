#include "connector/zoom_connector.hpp"

#include <spdlog/logger.h>

#include <boost/json/parse.hpp>
#include <boost/url/parse.hpp>

#include "connector/verdict.hpp"
#include "core/bounded_text.hpp"
#include "core/catalog_document.hpp"
#include "core/json_input.hpp"
#include "core/redacting_log_sink.hpp"
#include "core/secret_wipe.hpp"
#include "core/stream_scopes.hpp"
#include "core/url_policy.hpp"
#include "fetch/start_fetch.hpp"
#include "write/write_catalog.hpp"

namespace zc {
namespace {

std::atomic<std::uint64_t> g_connector_serial{0};

std::optional<Identity> parse_identity(const HttpResponse& response,
                                       const std::string& credential_account) {
  boost::system::error_code ec;
  const auto body = boost::json::parse(response.body, ec);
  if (ec || !body.is_object()) return std::nullopt;
  const auto& o = body.as_object();
  auto text = [&](std::string_view key) -> std::string {
    const auto* v = o.if_contains(key);
    if (v == nullptr) return {};
    if (v->is_string()) return bounded_text(v->as_string());
    if (v->is_int64()) return std::to_string(v->as_int64());
    return {};
  };
  Identity id;
  id.account_id = text("account_id");
  if (id.account_id.empty()) id.account_id = credential_account;
  id.user_id = text("id");
  id.email = text("email");
  return id;
}

}  // namespace

Result<std::unique_ptr<ZoomConnector>> ZoomConnector::create(
    ConnectorConfig config, std::shared_ptr<const HostLog> host_log) {
  std::unique_ptr<ZoomConnector> c(new ZoomConnector());
  c->config_ = std::move(config);
  const ConnectorOptions& opt = c->config_.options;

  c->redactor_ = std::make_shared<Redactor>();
  c->redactor_->add_secret(c->config_.credential.client_secret);
  if (!opt.proxy.empty()) {  // a proxy password is a secret too
    if (auto p = boost::urls::parse_uri(opt.proxy); p && p->has_password()) {
      c->redactor_->add_secret(p->password());
      c->redactor_->add_secret(p->encoded_password());
    }
  }
  c->log_ = make_connector_logger("zoom#" + std::to_string(++g_connector_serial),
                                  std::move(host_log), c->redactor_);

  HttpClientOptions http;
  http.connect_timeout_ms = opt.connect_timeout_ms;
  http.total_timeout_ms = opt.total_timeout_ms;
  http.low_speed_limit_bytes = opt.low_speed_limit_bytes;
  http.low_speed_time_s = opt.low_speed_time_s;
  http.proxy = opt.proxy;
  http.ca_bundle = opt.ca_bundle;
  http.user_agent = opt.user_agent;
  http.connect_to = c->config_.connect_to_for_tests;
  auto client = HttpClient::create(std::move(http));
  if (!client) return std::unexpected(client.error());
  c->http_ = std::move(*client);

  TokenRequestSettings token_settings{
      std::string(c->config_.oauth_url.buffer()), c->config_.credential.account_id,
      c->config_.credential.client_id, c->config_.credential.client_secret};
  c->tokens_ = std::make_shared<TokenProvider>(c->http_, std::move(token_settings), c->redactor_,
                                               c->log_, c->cancelled_.get());
  c->api_ = std::make_unique<ZoomApiClient>(
      c->http_, c->tokens_, c->config_.api_base, c->config_.default_api_base,
      opt.allow_insecure_loopback, c->log_, c->cancelled_.get());
  for (const auto& warning : c->config_.warnings) c->log_->warn("{}", warning);  // at every create
  c->log_->debug("connector created for credential \"{}\"", c->config_.credential.credential_name);
  return c;
}

Error ZoomConnector::redacted(Error error) const {
  error.message = redactor_->redact(error.message);
  return error;
}

Result<void> ZoomConnector::authenticate() {
  auto token = tokens_->get();
  if (!token) return std::unexpected(redacted(std::move(token.error())));
  return {};
}

Result<std::string> ZoomConnector::validate() {
  if (cancelled_->load()) return fail(Status::cancelled, "cancelled");
  Verdict v;
  v.validation_url = std::string(config_.validation_url.buffer());

  // Step "config": make_connector already refused a bad URL; checked again
  // here so that no code path can send the token elsewhere.
  if (auto allowed = check_token_destination(config_.validation_url, config_.pinned_api_origin());
      !allowed) {
    v.set_failure(VerdictStep::config,
                  ZoomFailure::from(Error::make(
                      Status::invalid_argument,
                      "the Credential Validation URL is not allowed: it " + allowed.error())));
  } else {
    auto answer = api_->get_detailed(v.validation_url);
    if (!answer && answer.error().failure.error.status == Status::cancelled) {
      return fail(Status::cancelled, "cancelled");
    }
    TokenPtr token = answer ? answer->token : nullptr;
    if (!token && (!answer && answer.error().step != ZoomApiClient::Failure::Step::token)) {
      token = tokens_->get().value_or(nullptr);  // cached: no new request
    }
    if (token) {
      v.granted_scopes.assign(token->scopes.begin(), token->scopes.end());
      v.allowed_streams = allowed_streams(token->scopes);
      v.api_base_url = api_->api_base_url(token.get());
    }
    if (!answer) {
      const auto step = answer.error().step == ZoomApiClient::Failure::Step::token
                            ? VerdictStep::token
                        : answer.error().step == ZoomApiClient::Failure::Step::config
                            ? VerdictStep::config
                            : VerdictStep::validation_call;
      v.set_failure(step, answer.error().failure);
    } else if (answer->response.status / 100 != 2) {
      v.set_failure(VerdictStep::validation_call,
                    classify_api_failure(answer->response, "the Credential Validation URL"));
    } else if (!answer->response.is_json()) {
      HttpResponse r = answer->response;
      r.status = r.status == 0 ? 200 : r.status;
      auto f = classify_api_failure(r, "the Credential Validation URL");
      // classify_api_failure only judges non-2xx; a 2xx HTML page is the
      // same story: someone other than Zoom answered.
      f.error.status = Status::remote_error;
      f.error.message = "Zoom's API (the Credential Validation URL) answered HTTP " +
                        std::to_string(r.status) + " with \"" +
                        bounded_text(r.content_type(), 100) +
                        "\" instead of JSON: a proxy or firewall answered instead of Zoom.";
      f.error.http_status = static_cast<int>(r.status);
      v.set_failure(VerdictStep::validation_call, f);
    } else {
      v.ok = true;
      v.status = Status::ok;
      v.http_status = static_cast<int>(answer->response.status);
      v.identity = parse_identity(answer->response, config_.credential.account_id);
      v.message = "the credential works: Zoom issued a token and answered the validation URL";
      if (v.identity && !v.identity->email.empty()) v.message += " as " + v.identity->email;
      v.message += ".";
    }
  }
  v.warnings = config_.warnings;  // the verdict says where else the secret goes
  if (v.ok) {
    for (const auto& warning : v.warnings) v.message += " Warning: " + warning + ".";
    log_->info("validate: ok; {} streams allowed", v.allowed_streams.size());
  } else {
    log_->warn("validate: failed at step {}: {}", step_name(v.failed_step), v.message);
  }
  return verdict_to_json(v, *redactor_);
}

Result<std::unique_ptr<FetchStream>> ZoomConnector::fetch(std::string_view request_json) {
  return fetch(request_json, fetch::FetchSettings{});
}

Result<std::unique_ptr<FetchStream>> ZoomConnector::fetch(std::string_view request_json,
                                                          const fetch::FetchSettings& settings) {
  if (cancelled_->load()) return fail(Status::cancelled, "cancelled");
  const fetch::FetchContext context{
      *api_,
      *tokens_,
      *cancelled_,
      log_,
      redactor_,
      fetch::credential_fingerprint(config_.credential.account_id, config_.credential.client_id),
      pacer_.get()};
  auto stream = fetch::start_fetch(context, request_json, settings);
  if (!stream) return std::unexpected(redacted(std::move(stream.error())));
  return stream;
}

Result<std::string> ZoomConnector::catalog() {
  auto token = tokens_->get();
  if (!token) return std::unexpected(redacted(token.error()));
  return catalog_document_for_scopes(embedded_catalog_document(), (*token)->scopes);
}

Result<std::string> ZoomConnector::write_catalog() {
  auto token = tokens_->get();
  if (!token) return std::unexpected(redacted(token.error()));
  return write::mark_write_catalog((*token)->scopes);
}

Result<std::unique_ptr<write::WriteSession>> ZoomConnector::write(std::string_view request_json) {
  return write(request_json, write::WriteSettings{});
}

Result<std::unique_ptr<write::WriteSession>> ZoomConnector::write(
    std::string_view request_json, const write::WriteSettings& settings) {
  if (cancelled_->load()) return fail(Status::cancelled, "cancelled");
  const write::WriteContext context{*api_,     *tokens_, *cancelled_, log_,
                                    redactor_, nullptr,  pacer_.get()};
  auto session = write::WriteSession::open(context, request_json, settings);
  if (!session) return std::unexpected(redacted(std::move(session.error())));
  return session;
}

ZoomConnector::~ZoomConnector() { wipe(config_.credential.client_secret); }

void ZoomConnector::cancel() noexcept { cancelled_->store(true); }

}  // namespace zc
