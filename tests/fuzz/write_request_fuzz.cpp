// The write request (WriteSession::open): operation, plan, rate_share,
// dry_run, resume and a checkpoint "state" from the host. With the
// connector cancelled, open() reads and checks the whole request and stops
// before the token step, so nothing is sent. Every outcome is a refusal
// (INVALID_ARGUMENT, a clean message) or that cancel.
#include <atomic>
#include <memory>

#include "core/http_client.hpp"
#include "core/redactor.hpp"
#include "core/token_provider.hpp"
#include "core/zoom_api_client.hpp"
#include "fuzz_support.hpp"
#include "write/write_session.hpp"

namespace {

struct Connector {
  std::atomic<bool> cancel{true};
  std::shared_ptr<zc::HttpClient> http = *zc::HttpClient::create({});
  std::shared_ptr<zc::Redactor> redactor = std::make_shared<zc::Redactor>();
  // A closed loopback port: never asked, since open() stops at the cancel.
  std::shared_ptr<zc::TokenProvider> tokens = std::make_shared<zc::TokenProvider>(
      http,
      zc::TokenRequestSettings{"http://127.0.0.1:9/oauth/token", "account", "client",
                               "fuzz-client-secret-000"},
      redactor, nullptr, &cancel);
  zc::ZoomApiClient api{http, tokens,  std::nullopt, "http://127.0.0.1:9/v2",
                        true, nullptr, &cancel};
  zc::write::WriteContext context{api, *tokens, cancel, nullptr, redactor};
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Connector connector;
  const auto session = zc::write::WriteSession::open(connector.context, fuzz::as_text(data, size));
  FUZZ_CHECK(!session.has_value());
  const zc::Error& error = session.error();
  FUZZ_CHECK(error.status == zc::Status::invalid_argument || error.status == zc::Status::cancelled);
  FUZZ_CHECK(fuzz::bounded_problems(error.message));
  return 0;
}
