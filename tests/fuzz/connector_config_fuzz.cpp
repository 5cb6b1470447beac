// The credential and the connector options: parse_json_object, then
// parse_connector_config. A failure never repeats a value (the client
// secret least of all); a success holds URLs that pass the URL policy.
// Input: credential JSON '\n' options JSON (JSON text itself has no raw newline
// inside strings, so the split loses nothing).
#include <string>

#include "core/connector_config.hpp"
#include "core/json_input.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto [credential_text, options_text] = fuzz::split_once(fuzz::as_text(data, size), '\n');
  const auto credential = zc::parse_json_object(credential_text, "credential JSON");
  const auto options =
      zc::parse_json_object(options_text.empty() ? "{}" : options_text, "options JSON");
  if (!credential || !options) {
    const auto& error = credential ? options.error() : credential.error();
    FUZZ_CHECK(error.status == zc::Status::invalid_argument);
    FUZZ_CHECK(fuzz::valid_utf8(error.message));
    return 0;
  }
  const auto config = zc::parse_connector_config(*credential, *options);
  if (!config) {
    const std::string& message = config.error().message;
    FUZZ_CHECK(config.error().status == zc::Status::invalid_argument);
    FUZZ_CHECK(fuzz::bounded_problems(message));
    if (const auto* secret = credential->if_contains("client_secret");
        secret != nullptr && secret->is_string() && fuzz::marked_value(secret->as_string())) {
      // Unknown keys are named (bounded), so a secret typed into a key name,
      // or spanning a cut name and its cut marker, is shown: only a message
      // that loses the secret when the secret alone changes repeated it.
      const std::string value(secret->as_string());
      if (message.find(value) != std::string::npos) {
        boost::json::object other = *credential;
        other["client_secret"] = fuzz::stand_in(value);
        const auto again = zc::parse_connector_config(other, *options);
        FUZZ_CHECK(!fuzz::repeats(message, again ? std::string() : again.error().message, value));
      }
    }
    return 0;
  }
  const bool loopback = config->options.allow_insecure_loopback;
  FUZZ_CHECK(zc::check_endpoint_url(config->oauth_url.buffer(), loopback).has_value());
  FUZZ_CHECK(zc::check_endpoint_url(config->validation_url.buffer(), loopback).has_value());
  if (config->api_base) {
    FUZZ_CHECK(zc::check_endpoint_url(config->api_base->buffer(), loopback).has_value());
    FUZZ_CHECK(!config->api_base->buffer().ends_with('/'));
  }
  FUZZ_CHECK(!config->credential.client_secret.empty());
  FUZZ_CHECK(config->options.connect_timeout_ms > 0 && config->options.total_timeout_ms > 0);
  return 0;
}
