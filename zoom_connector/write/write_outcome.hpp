// What one Zoom answer to a write means for its record, by the rules the
// write catalog gives its operation. Zoom has no
// idempotency keys, so a create whose answer was lost (or that a gateway
// answered) may or may not have happened: it is "unknown" and must be
// checked by its natural key before any retry. Updates and deletes may be
// repeated, so a lost answer to them is simply retried.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/http_client.hpp"

namespace zc::write {

enum class WriteKind { create, update, remove };

enum class Outcome {
  done,              // applied (the operation's success status)
  done_already,      // a delete of what is gone (one of its gone codes)
  exists,            // a create of what exists (its conflict status and code)
  failed,            // Zoom refused this record; retrying the same record will not help
  retry,             // not applied; the same call may be repeated (after retry_after)
  host_daily_limit,  // the host's daily create/update budget is spent: retry after 00:00 UTC
  daily_limit,       // the account's daily limit: stop, keep a checkpoint
  unknown,           // a create that may have happened: look it up before deciding
};
const char* to_string(Outcome o);

// The catalog's word on an operation's answers.
struct AnswerRules {
  WriteKind kind = WriteKind::create;
  long success_status = 201;    // "success_status"
  std::vector<int> gone_codes;  // "repeat.gone_codes": a delete's target is already gone
  // A create of what exists ("repeat.code", or "on_conflict"): this status and code.
  long conflict_status = 409;
  std::optional<int> conflict_code;
  std::string id_field = "id";  // "result_id": where a success names what it made
};

struct FieldError {
  std::string field;    // bounded
  std::string message;  // bounded
};

struct WriteOutcome {
  Outcome outcome = Outcome::unknown;
  long http_status = 0;  // 0 when no answer arrived
  std::optional<int> zoom_code;
  std::string message;  // Zoom's message or what happened, bounded
  std::vector<FieldError> field_errors;
  std::string retry_after;  // the Retry-After header as sent (seconds or a date), bounded
  std::string created_id;   // a success's id_field ("id", "registrant_id", "ids"), when present
  bool retry_may_help() const {
    return outcome == Outcome::retry || outcome == Outcome::host_daily_limit ||
           outcome == Outcome::daily_limit;
  }
};

// What `answer` means by the operation's `rules` (the write catalog's).
// `answer` null: no complete answer arrived (reset, timeout, cut body);
// `transport_error` says what happened.
WriteOutcome classify_write_answer(const AnswerRules& rules, const HttpResponse* answer,
                                   std::string_view transport_error);

}  // namespace zc::write
