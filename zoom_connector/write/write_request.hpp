// The write request as the host sends it (JSON), checked and typed.
//
//   {"operation": "meetings.create",  // a name from the write catalog
//    "dry_run": false,                // check and plan every call, send none
//    "plan": "business",              // free | pro | business | learn
//    "rate_share": 1.0,               // part of the account's rate budget, (0, 1]
//    "resume": true,                  // look the first batch's creates up first
//    "state": {...}}                  // the last state a push returned (write_state)
#pragma once

#include <optional>
#include <string_view>

#include "core/error.hpp"
#include "core/rate_plan.hpp"
#include "write/write_catalog.hpp"
#include "write/write_state.hpp"

namespace zc::write {

struct WriteRequest {
  const OperationSpec* operation = nullptr;
  bool dry_run = false;
  RatePlan rate{ZoomPlan::business, false, 1.0};
  std::optional<WriteState> state;
  // Look the first batch's creates up by their key before sending them: a
  // host that restarts a job sends its last batch again. Default: true when
  // a state is given.
  bool check_before_create = false;
};

// Every problem is an INVALID_ARGUMENT naming the field.
Result<WriteRequest> parse_write_request(std::string_view json);

}  // namespace zc::write
