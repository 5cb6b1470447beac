// A partition: one paginated walk of one endpoint with fixed parameters (one
// user's meetings, one month of a report). The fetch run schedules pages of
// partitions; a partition is walked by one worker at a time.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/stream_table.hpp"
#include "fetch/fetch_request.hpp"

namespace zc::fetch {

struct Partition {
  const StreamDef* stream = nullptr;   // its row of the stream table
  std::string key;                     // state key: "<stream>|<what>", e.g. "meetings|user=abc"
  std::string parent_id;               // the user id / meeting UUID it hangs off, or ""
  std::string target;                  // path and query without next_page_token
  bool emit = true;                    // false: listed only to feed child streams
  int depth = 0;                       // 0 for top-level walks; children are deeper
  std::string window_from, window_to;  // yyyy-mm-dd, for windowed streams
  // Why its path cannot be made (parent_id cannot fill a path segment:
  // path_id_problem); then target is empty and the partition is never walked.
  std::string refused;

  // Walk progress.
  std::string page_token;
  std::uint64_t emitted = 0;          // records of this partition handed over
  std::uint64_t skip = 0;             // records to pass over (resume / restart)
  std::string last_id;                // id of the last record handed over
  std::set<std::string> seen_tokens;  // loop guard
  int restarts = 0;                   // after an expired page token, without getting further
  std::size_t furthest_pages = 0;     // most pages one walk of it reached before a token expired
};

// "/past_meetings/{id}/participants" with {id} percent-encoded; meeting UUIDs
// that start with '/' or contain "//" are encoded twice, as Zoom requires.
std::string fill_path(std::string_view path_template, std::string_view id, bool is_meeting_uuid);

// RFC 3986 percent-encoding of everything but unreserved characters.
std::string percent_encode(std::string_view text);

// Splits a date range into windows of at most one calendar month.
std::vector<DateRange> month_windows(const DateRange& range);

}  // namespace zc::fetch
