// The Zoom connector: one object per credential. It owns the HTTP client,
// the token provider, the API client, the redactor and its logger, and hands
// the fetch engine the parts it uses.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "connector/connector.hpp"
#include "core/account_pacer.hpp"
#include "core/connector_config.hpp"
#include "core/http_client.hpp"
#include "core/redactor.hpp"
#include "core/token_provider.hpp"
#include "core/zoom_api_client.hpp"
#include "fetch/start_fetch.hpp"

namespace spdlog {
class logger;
}

namespace zc {

class ZoomConnector final : public Connector {
 public:
  static Result<std::unique_ptr<ZoomConnector>> create(ConnectorConfig config,
                                                       std::shared_ptr<const HostLog> host_log);
  ~ZoomConnector() override;  // wipes its copy of the client secret

  // The token for the credential (cached; one request for concurrent callers).
  Result<void> authenticate() override;
  // See Connector::validate for the status contract.
  Result<std::string> validate() override;
  // The catalog marked for this credential's token (obtains one if needed).
  Result<std::string> catalog() override;
  Result<std::unique_ptr<FetchStream>> fetch(std::string_view request_json) override;
  // The same with the engine's settings (tests shorten its waits).
  Result<std::unique_ptr<FetchStream>> fetch(std::string_view request_json,
                                             const fetch::FetchSettings& settings);
  Result<std::string> write_catalog() override;
  Result<std::unique_ptr<write::WriteSession>> write(std::string_view request_json) override;
  // The same with the engine's settings (tests shorten its waits, move its day).
  Result<std::unique_ptr<write::WriteSession>> write(std::string_view request_json,
                                                     const write::WriteSettings& settings);
  void cancel() noexcept override;
  std::shared_ptr<const Redactor> message_redactor() const override { return redactor_; }

  // Its parts, for tests that drive one step at a time.
  const ConnectorConfig& config() const { return config_; }
  TokenProvider& tokens() { return *tokens_; }
  ZoomApiClient& api() { return *api_; }
  const Redactor& redactor() const { return *redactor_; }
  const std::shared_ptr<spdlog::logger>& logger() const { return log_; }
  // An error safe to hand to the host: the message passed through the Redactor.
  Error redacted(Error error) const;

 private:
  ZoomConnector() = default;

  ConnectorConfig config_;
  std::shared_ptr<std::atomic<bool>> cancelled_ = std::make_shared<std::atomic<bool>>(false);
  std::shared_ptr<Redactor> redactor_;
  std::shared_ptr<spdlog::logger> log_;
  std::shared_ptr<HttpClient> http_;
  std::shared_ptr<TokenProvider> tokens_;
  std::unique_ptr<ZoomApiClient> api_;
  // Zoom's limits are per account: fetches and writes running at once book one limiter.
  std::unique_ptr<AccountPacer> pacer_ = std::make_unique<AccountPacer>();
};

}  // namespace zc
