#include "events/webhook_check.hpp"

#include <boost/json.hpp>

#include "events/webhook_hmac.hpp"

namespace zc::events {

namespace json = boost::json;

namespace {

constexpr std::string_view kTimestampHeader = "x-zm-request-timestamp";
constexpr std::string_view kSignatureHeader = "x-zm-signature";
constexpr std::size_t kMaxTimestampDigits = 12;
constexpr int kMaxBodyDepth = 64;

bool same_name(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

struct SignedHeaders {
  std::optional<std::string> timestamp;
  std::optional<std::string> signature;
};

// The two headers Zoom signs with, from {"name": "value"}; nullopt when the
// document is not that shape or names one of them twice (in two cases).
std::optional<SignedHeaders> read_headers(std::string_view headers_json,
                                          const WebhookLimits& limits) {
  if (headers_json.size() > limits.max_headers_bytes) return std::nullopt;
  json::parse_options options;
  options.max_depth = 2;
  std::error_code ec;
  const auto value = json::parse(headers_json, ec, {}, options);
  if (ec || !value.is_object()) return std::nullopt;
  SignedHeaders out;
  for (const auto& entry : value.as_object()) {
    if (!entry.value().is_string()) return std::nullopt;
    const std::string text(entry.value().as_string());
    for (auto [name, slot] : {std::pair{kTimestampHeader, &out.timestamp},
                              std::pair{kSignatureHeader, &out.signature}}) {
      if (!same_name(entry.key(), name)) continue;
      if (slot->has_value()) return std::nullopt;
      *slot = text;
    }
  }
  return out;
}

std::optional<long long> read_timestamp(std::string_view text) {
  if (text.empty() || text.size() > kMaxTimestampDigits) return std::nullopt;
  long long seconds = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    seconds = seconds * 10 + (c - '0');
  }
  return seconds;
}

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  for (auto& c : out)
    if (c >= 'A' && c <= 'F') c = char(c - 'A' + 'a');
  return out;
}

bool printable_token(std::string_view token, std::size_t max_bytes) {
  if (token.empty() || token.size() > max_bytes) return false;
  for (unsigned char c : token)
    if (c < 0x21 || c > 0x7e) return false;
  return true;
}

WebhookAnswer refused(WebhookRefusal why) {
  WebhookAnswer answer;
  answer.refusal = why;
  return answer;
}

// The challenge's answer: {"plainToken": ..., "encryptedToken": hex HMAC(secret, plainToken)}.
WebhookAnswer challenge_answer(const json::object& event, std::string_view secret,
                               const WebhookLimits& limits) {
  const auto* payload = event.if_contains("payload");
  const auto* token =
      payload && payload->is_object() ? payload->as_object().if_contains("plainToken") : nullptr;
  if (!token || !token->is_string() ||
      !printable_token(token->as_string(), limits.max_plain_token_bytes))
    return refused(WebhookRefusal::challenge_malformed);
  const std::string plain(token->as_string());
  WebhookAnswer answer;
  answer.kind = WebhookKind::challenge;
  answer.status = 200;
  answer.headers = {{"Content-Type", "application/json"}};
  answer.body = json::serialize(
      json::object{{"plainToken", plain}, {"encryptedToken", hmac_sha256_hex(secret, plain)}});
  return answer;
}

}  // namespace

WebhookAnswer check_webhook(std::string_view headers_json, std::string_view body,
                            std::string_view secret, std::chrono::system_clock::time_point now,
                            const WebhookLimits& limits) {
  if (secret.empty()) return refused(WebhookRefusal::no_secret);
  if (body.size() > limits.max_body_bytes) return refused(WebhookRefusal::body_too_large);
  const auto headers = read_headers(headers_json, limits);
  if (!headers) return refused(WebhookRefusal::headers_malformed);
  if (!headers->timestamp) return refused(WebhookRefusal::missing_timestamp);
  const auto timestamp = read_timestamp(*headers->timestamp);
  if (!timestamp) return refused(WebhookRefusal::bad_timestamp);
  const auto now_s =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  const auto skew = now_s > *timestamp ? now_s - *timestamp : *timestamp - now_s;
  if (skew > limits.window.count()) return refused(WebhookRefusal::outside_window);
  if (!headers->signature) return refused(WebhookRefusal::missing_signature);

  std::string message = "v0:" + *headers->timestamp + ":";
  message.append(body);
  const std::string expected = "v0=" + hmac_sha256_hex(secret, message);
  if (expected.size() <= 3 || !equal_in_constant_time(lower_ascii(*headers->signature), expected))
    return refused(WebhookRefusal::bad_signature);

  json::parse_options options;
  options.max_depth = kMaxBodyDepth;
  std::error_code ec;
  const auto value = json::parse(body, ec, {}, options);
  const auto* name = !ec && value.is_object() ? value.as_object().if_contains("event") : nullptr;
  if (!name || !name->is_string()) return refused(WebhookRefusal::body_not_json);
  if (name->as_string() == "endpoint.url_validation")
    return challenge_answer(value.as_object(), secret, limits);
  WebhookAnswer answer;
  answer.kind = WebhookKind::event;
  answer.status = 200;
  return answer;
}

std::string webhook_response_json(const WebhookAnswer& answer) {
  json::object headers;
  for (const auto& [name, value] : answer.headers) headers[name] = value;
  return json::serialize(json::object{
      {"status", answer.status}, {"headers", std::move(headers)}, {"body", answer.body}});
}

std::string_view refusal_word(WebhookRefusal refusal) {
  switch (refusal) {
    case WebhookRefusal::no_secret:
      return "no_secret";
    case WebhookRefusal::body_too_large:
      return "body_too_large";
    case WebhookRefusal::headers_malformed:
      return "headers_malformed";
    case WebhookRefusal::missing_timestamp:
      return "missing_timestamp";
    case WebhookRefusal::bad_timestamp:
      return "bad_timestamp";
    case WebhookRefusal::outside_window:
      return "outside_window";
    case WebhookRefusal::missing_signature:
      return "missing_signature";
    case WebhookRefusal::bad_signature:
      return "bad_signature";
    case WebhookRefusal::body_not_json:
      return "body_not_json";
    case WebhookRefusal::challenge_malformed:
      return "challenge_malformed";
  }
  return "refused";
}

}  // namespace zc::events
