// A push's answer: one result per record, in order, and the summary (how
// many records had each outcome).
//
//   {"results": [{"index": 0, "outcome": "done", "id": "85746065432", "retryable": false}],
//    "state": {...}, "summary": {"done": 1}}
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "write/write_outcome.hpp"

namespace zc {
class Redactor;
}

namespace zc::write {

// One record's result, as the host sees it.
struct RecordResult {
  Outcome outcome = Outcome::not_attempted;
  std::string id;
  long http_status = 0;
  std::optional<int> zoom_code;
  std::string message;
  std::vector<FieldError> field_errors;
  bool retryable = false;
  std::string retry_after;
  std::string check;                        // unknown: what to look at before sending again
  std::optional<boost::json::object> call;  // would_do: the planned call
};

// A result carrying what Zoom's answer said (status, code, message and field
// errors passed through `redactor`, which may be null).
RecordResult result_of(const WriteOutcome& answer, Outcome outcome, const Redactor* redactor);

// Done or already done: what a state counts as done.
bool counts_as_done(Outcome outcome);

// {"results": [...], "state": state, "summary": {outcome word: count}}.
// `integer_ids`: ids are numbers in results, as in the fetched records
// (a meeting's id); an id that is not all digits stays a string.
std::string push_answer_json(const std::vector<RecordResult>& results, boost::json::object state,
                             bool integer_ids = false);

}  // namespace zc::write
