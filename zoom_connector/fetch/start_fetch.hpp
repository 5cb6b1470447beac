// Starts a fetch: checks the request and the state, checks the token's
// scopes cover the requested streams, then runs. It takes from the connector
// only what it uses (FetchContext), so the engine knows nothing above it.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <string_view>

#include "core/account_pacer.hpp"
#include "core/redactor.hpp"
#include "core/token_provider.hpp"
#include "core/zoom_api_client.hpp"
#include "fetch/fetch_run.hpp"
#include "fetch/fetch_stream.hpp"

namespace spdlog {
class logger;
}

namespace zc::fetch {

struct FetchContext {
  ZoomApiClient& api;
  TokenProvider& tokens;
  const std::atomic<bool>& cancelled;  // the connector's cancel flag
  std::shared_ptr<spdlog::logger> logger;
  std::shared_ptr<const Redactor> redactor;  // every message the engine hands back passes it
  std::string owner;  // credential_fingerprint(): a state from another credential is refused
  AccountPacer* pacer = nullptr;  // the account's limiter, shared with writes; null: its own
};

Result<std::unique_ptr<FetchStream>> start_fetch(const FetchContext& context,
                                                 std::string_view request_json,
                                                 FetchSettings settings = {});

}  // namespace zc::fetch
