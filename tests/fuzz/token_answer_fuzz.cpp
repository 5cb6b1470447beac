// The token endpoint's 200 answer: a token comes out only with a non-empty
// access_token; its refresh point lies between when it was obtained and
// when it expires; any other body is refused (no exception, no overflow).
#include <chrono>

#include "core/token_provider.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  zc::HttpResponse response;
  response.status = 200;
  response.headers.emplace_back("content-type", "application/json");
  response.body.assign(fuzz::as_text(data, size));
  const auto now = std::chrono::steady_clock::now();
  const auto token = zc::read_token_answer(response, now);
  if (!token) return 0;
  FUZZ_CHECK(!token->value.empty());
  FUZZ_CHECK(token->lifetime.count() >= 1 && token->lifetime.count() <= 24 * 3600);
  FUZZ_CHECK(token->obtained_at == now);
  FUZZ_CHECK(token->obtained_at < token->expires_at);
  FUZZ_CHECK(token->obtained_at <= token->refresh_at && token->refresh_at <= token->expires_at);
  for (const auto& scope : token->scopes) {
    FUZZ_CHECK(!scope.empty());
    FUZZ_CHECK(scope.find(' ') == scope.npos);
  }
  if (token->api_url) FUZZ_CHECK(!token->api_url->empty());
  return 0;
}
