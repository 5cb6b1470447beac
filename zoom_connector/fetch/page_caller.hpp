// One paced, retried GET of a Zoom list page: what its answers mean for a
// fetch. The pacing and retrying are core's (RetryingCaller); here:
// - 2xx with a JSON object: left parsed in the caller's PageReader.
// - 5xx, transport failures, timeouts, a 2xx that is empty or not JSON (a
//   proxy's HTML page): made again (backoff with jitter, bounded).
// - a 429 of the daily limit: Status::rate_limited, retryable (tomorrow): the
//   fetch stops with a checkpoint, never a false success.
// - other answers (4xx): returned as the classified Zoom error; the caller
//   decides whether that skips a partition or fails the fetch.
#pragma once

#include <string_view>

#include "core/error.hpp"
#include "core/retrying_caller.hpp"
#include "fetch/fetch_counters.hpp"
#include "fetch/page_reader.hpp"

namespace zc::fetch {

class PageCaller {
 public:
  PageCaller(ZoomApiClient& api, RateLimiter& limiter, RetryPolicy policy, FetchCounters& counters,
             StopSignal stop, bool learn_limits);

  // On success `reader` holds the page.
  Result<void> get_page(std::string_view target, RateCategory category, StreamCounters& stream,
                        PageReader& reader);

 private:
  RetryingCaller caller_;
  FetchCounters& counters_;
};

}  // namespace zc::fetch
