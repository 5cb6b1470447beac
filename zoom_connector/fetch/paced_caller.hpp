// One paced, retried GET of a Zoom list page.
//
// Before each attempt the category's rate limiter books a slot. Answers:
// - 2xx with a JSON object: left parsed in the caller's PageReader.
// - 429 per-second: Retry-After (seconds, or a date) pauses the category and
//   the call is retried; a run of them is bounded.
// - 429 daily limit: Status::rate_limited, retryable (tomorrow) — the fetch
//   stops with a checkpoint, never a false success.
// - 5xx, transport failures, timeouts, a 200 that is not JSON (a proxy's
//   HTML page): retried with exponential backoff and full jitter, bounded.
// - other answers (4xx): returned as the classified Zoom error; the caller
//   decides whether that skips a partition or fails the fetch.
// (401/124 token refresh is done one level down, in ZoomApiClient.)
#pragma once

#include <atomic>
#include <chrono>
#include <string_view>

#include "core/error.hpp"
#include "core/rate_limiter.hpp"
#include "core/stop_signal.hpp"
#include "core/zoom_api_client.hpp"
#include "fetch/fetch_counters.hpp"
#include "fetch/page_reader.hpp"

namespace zc::fetch {

struct RetryPolicy {
  int max_attempts = 6;    // for 5xx / transport / non-JSON answers
  int max_throttled = 30;  // consecutive 429s on one call
  std::chrono::milliseconds base_delay{250};
  std::chrono::milliseconds max_delay{15'000};
  std::chrono::seconds max_retry_after{120};  // longer waits end the call as rate limited
};

class PacedCaller {
 public:
  PacedCaller(ZoomApiClient& api, RateLimiter& limiter, RetryPolicy policy, FetchCounters& counters,
              StopSignal stop, bool learn_limits);

  // On success `reader` holds the page.
  Result<void> get_page(std::string_view target, RateCategory category, StreamCounters& stream,
                        PageReader& reader);

 private:
  Result<void> pause(std::chrono::milliseconds delay);
  std::chrono::milliseconds backoff(int attempt);
  void learn_from(const HttpResponse& response, RateCategory category);

  ZoomApiClient& api_;
  RateLimiter& limiter_;
  RetryPolicy policy_;
  FetchCounters& counters_;
  StopSignal stop_;
  bool learn_limits_;
};

// Retry-After as seconds ("2") or a date ("2026-11-30T00:00:00Z" or an
// HTTP-date); nullopt when it cannot be read. `now` is the current UTC time.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value,
                                                      std::chrono::system_clock::time_point now);

}  // namespace zc::fetch
