// What one Zoom answer to a write means for its record, by the rules the
// write catalog gives the operation. Zoom has no idempotency keys, so a
// create whose answer was lost (or that a gateway answered) may or may not
// have happened: it is "unknown" and must be checked by its natural key
// before any repeat. Updates and deletes may be repeated, so a lost answer to
// them is simply made again.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/http_client.hpp"
#include "core/retrying_caller.hpp"

namespace zc::write {

enum class WriteKind { create, update, remove };

// A record's outcome, the word a host reads in its result, and what an
// answer means on the way there. `exists` and `repeat` are an answer's
// meaning only: the session acts on them and no result carries them.
enum class Outcome {
  done,              // applied (the operation's success status)
  already_done,      // a delete of what is gone (a gone code), or found done before
  failed,            // Zoom refused this record; sending the same record again will not help
  host_daily_limit,  // the host's daily create/update budget is spent: retry after 00:00 UTC
  rate_limited,      // the account's daily limit: stop, keep a checkpoint
  not_attempted,     // never sent (stopped, cancelled, no token): safe to send again
  unknown,           // a create that may have happened: look it up before deciding
  would_do,          // a dry run's planned call
  exists,            // answer only: a create of what exists (the conflict status and code)
  repeat,            // answer only: not applied; the same call may be made again
};
// "done", "already_done", ... as hosts read them.
std::string_view outcome_word(Outcome o);

// The catalog's word on an operation's answers.
struct AnswerRules {
  WriteKind kind = WriteKind::create;
  long success_status = 201;    // "success_status"
  std::vector<int> gone_codes;  // "repeat.gone_codes": a delete's target is already gone
  // A create of what exists ("repeat.code" or "on_conflict"): this status and code.
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
    return outcome == Outcome::repeat || outcome == Outcome::host_daily_limit ||
           outcome == Outcome::rate_limited;
  }
};

// What `answer` means by the operation's `rules` (the write catalog's).
// `answer` null: no complete answer arrived (reset, timeout, cut body);
// `transport_error` says what happened.
WriteOutcome classify_write_answer(const AnswerRules& rules, const HttpResponse* answer,
                                   std::string_view transport_error);

// The same for a call's attempt: its answer, or why none came.
WriteOutcome classify_attempt(const AnswerRules& rules, const Attempt& attempt);

// The judge of a call that may be made again when its answer says "repeat"
// and, with `repeat_lost`, when a lost answer leaves it unknown (a write that
// changes nothing when repeated). `last` keeps the last attempt's meaning.
// An attempt that was never sent is accepted: nothing happened to repeat.
Judge repeat_when_safe(const AnswerRules& rules, WriteOutcome& last, bool repeat_lost);

}  // namespace zc::write
