// One webhook request from Zoom, judged: what the host must answer, and
// whether the body is an event to process. Zoom signs every request with the
// subscription's Secret Token:
//   x-zm-request-timestamp: Unix seconds
//   x-zm-signature: "v0=" + hex HMAC-SHA256(secret, "v0:{timestamp}:{raw body}")
// computed here over the raw bytes as received (never a re-serialisation) and
// compared in constant time. A request outside +-window of `now` is refused
// (replay), as is one over the size bounds. The endpoint.url_validation
// challenge is answered only when signed too: unsigned, it would let anyone
// have us compute HMACs with the secret. Everything refused gets 401 with an
// empty body; the reason stays inside (for counters and logs), never sent.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "events/change_parser.hpp"

namespace zc::events {

struct WebhookLimits {
  std::size_t max_body_bytes = kMaxEventBytes;  // the raw body
  std::size_t max_headers_bytes = 64 * 1024;    // the headers' JSON
  std::chrono::seconds window{300};             // +- around now (Zoom's samples: 5 minutes)
  std::size_t max_plain_token_bytes = 256;
};

enum class WebhookRefusal {
  no_secret,           // no Secret Token configured
  body_too_large,      // over max_body_bytes
  headers_malformed,   // not a JSON object of strings, too large, or a header given twice
  missing_timestamp,   // no x-zm-request-timestamp
  bad_timestamp,       // not 1..12 decimal digits
  outside_window,      // more than `window` from now
  missing_signature,   // no x-zm-signature
  bad_signature,       // not the HMAC of this timestamp and body
  body_not_json,       // signed, but not a JSON object with an "event" string
  challenge_malformed  // url_validation without a usable payload.plainToken
};

enum class WebhookKind { event, challenge, refused };

struct WebhookAnswer {
  WebhookKind kind = WebhookKind::refused;
  std::optional<WebhookRefusal> refusal;  // set when refused; never sent
  int status = 401;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

// `headers_json`: {"Header-Name": "value", ...}, names in any case.
WebhookAnswer check_webhook(std::string_view headers_json, std::string_view body,
                            std::string_view secret, std::chrono::system_clock::time_point now,
                            const WebhookLimits& limits = {});

// {"status": 200, "headers": {...}, "body": "..."}: what the host sends back.
std::string webhook_response_json(const WebhookAnswer& answer);

// A stable word for a refusal ("bad_signature"), for counters and logs.
std::string_view refusal_word(WebhookRefusal refusal);

}  // namespace zc::events
