// The fetch request as the host sends it (JSON), checked and typed.
//
//   {"streams": ["users", {"name": "recordings", "from": "2026-10-01", "to": "2026-11-28"}],
//    "from": "2026-11-01", "to": "2026-11-28",  // default window for windowed streams
//    "page_size": 300,          // optional cap below each endpoint's maximum
//    "max_concurrency": 4,      // parallel requests, 1..16
//    "plan": "business",        // free | pro | business | learn (core/rate_plan)
//    "rate_share": 0.8,         // part of the account's rate budget to use, (0, 1]
//    "active_hosts_only": true, // walk the per-user streams of held meetings only for
//                               // the hosts Zoom's active-hosts report names
//    "state": {...}}            // a checkpoint from an earlier fetch, to resume
#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/iso_time.hpp"
#include "core/rate_limiter.hpp"

namespace zc::fetch {

struct DateRange {
  std::chrono::sys_days from{};
  std::chrono::sys_days to{};  // inclusive
};

struct StreamRequest {
  std::string name;
  std::optional<DateRange> range;  // set for windowed streams
  bool explicit_range = false;     // the request named the dates (else a cursor may move them)
};

struct FetchRequest {
  std::vector<StreamRequest> streams;
  DateRange default_range;  // for windowed streams listed only as parents
  std::optional<int> page_size;
  int max_concurrency = 4;
  ZoomPlan plan = ZoomPlan::pro;
  bool learn_plan = false;  // start at the plan's rates, adopt X-RateLimit-Limit
  double rate_share = 0.8;
  bool active_hosts_only = true;
  // Why active_hosts_only cannot apply although asked (start_fetch: a scope
  // the report needs is missing), or "".
  std::string active_hosts_off;
  std::optional<boost::json::object> state;

  bool wants(std::string_view stream) const;
  const StreamRequest* find(std::string_view stream) const;
};

// `today` is the current UTC day (a parameter so tests are deterministic).
// Every problem is named in one INVALID_ARGUMENT message.
Result<FetchRequest> parse_fetch_request(std::string_view json, std::chrono::sys_days today);

// Where a stored cursor (a state's "cursors", outside input) lets a dated
// stream start: no earlier than the stream's history reaches (the catalog's
// history_days), and for a stream without a limit no earlier than
// k_oldest_cursor, so a cursor of 0001-01-01 cannot plan thousands of
// monthly windows.
inline constexpr std::chrono::sys_days k_oldest_cursor{std::chrono::year{2011} /
                                                       std::chrono::January / 1};  // before Zoom
std::chrono::sys_days clamp_cursor(std::string_view stream, std::chrono::sys_days cursor,
                                   std::chrono::sys_days today);

}  // namespace zc::fetch
