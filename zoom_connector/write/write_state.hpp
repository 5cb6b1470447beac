// A write session's checkpoint (JSON), as a push returns it and a host hands
// it back in the next request's "state":
//
//   {"version": "zoom-write-1", "operation": "meetings.create",
//    "host_caps": {"day": "2026-11-29", "used": {"meetings|<host>": 3}},
//    "pushed": 1200, "done": 1187, "saved_at": "2026-11-29T13:22:54Z"}
//
// Only the per-host daily budgets matter for what comes next; the counts
// and the time are for the host and for the resumed lookups (a record
// created before saved_at was there before this session).
#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <cstdint>
#include <optional>

#include "core/error.hpp"
#include "write/write_catalog.hpp"

namespace zc::write {

struct WriteState {
  boost::json::object host_caps;  // HostDailyCap::to_json of the checkpoint's day
  std::uint64_t pushed = 0;       // records pushed in every session of this job
  std::uint64_t done = 0;         // of them: done or already done
  std::optional<std::chrono::sys_seconds> saved_at;

  // A checkpoint of a write of `operation`, else INVALID_ARGUMENT. A field
  // that cannot be read counts as absent.
  static Result<WriteState> load(const boost::json::object& blob, const OperationSpec& operation);
  boost::json::object to_json(const OperationSpec& operation) const;
};

}  // namespace zc::write
