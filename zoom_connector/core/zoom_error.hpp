// Reads Zoom's error answers (docs/zoom_api_facts.md sections 1 and 2) and turns them
// into errors a person can act on. The body is never assumed to parse: a
// proxy or firewall may answer with HTML.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/http_client.hpp"

namespace zc {

// An error plus the Zoom details a verdict shows.
struct ZoomFailure {
  Error error;               // status, message for people, http_status, remote_code
  std::string zoom_message;  // Zoom's "message" (API) or "reason" (token endpoint), bounded
  std::string zoom_error;    // the token endpoint's "error", e.g. "invalid_client"
  std::vector<std::string> missing_scopes;  // for 4711 / 4700
  // The credential form's fields (their keys) Zoom's refusal points at:
  // what a host offers to fix first. Empty: no field is to blame.
  std::vector<std::string> refused_fields;

  static ZoomFailure from(Error e) { return ZoomFailure{std::move(e), {}, {}, {}, {}}; }
};

// Zoom's texts here are bounded_text: at most k_remote_text_max bytes of
// valid, single-line UTF-8, marked when cut.
struct ZoomErrorBody {
  bool is_json = false;
  std::optional<int> code;                  // "code"
  std::string message;                      // "message"
  std::string reason;                       // "reason" (token endpoint)
  std::string error;                        // "error" (token endpoint)
  std::vector<std::string> missing_scopes;  // named in the full "message"
};

ZoomErrorBody parse_zoom_error_body(const HttpResponse& response);

// "Invalid access token, does not contain scopes:[a, b]." -> {"a", "b"}.
std::vector<std::string> parse_missing_scopes(std::string_view message);

// The answer of the token endpoint was not a usable 200.
ZoomFailure classify_token_failure(const HttpResponse& response);

// An API answer outside 2xx. `what` names the call in the message
// ("the validation URL").
ZoomFailure classify_api_failure(const HttpResponse& response, std::string_view what);

// 401, or code 124 ("Invalid access token."): the token should be replaced.
bool is_invalid_token_answer(const HttpResponse& response);

}  // namespace zc
