// Pacing and retrying one call to Zoom's API, for every engine (the fetch
// engine's pages, the write engine's writes and lookups). What an answer
// means stays with the engine: it judges each attempt, and the caller does
// the rest the same way for all of them:
// - before each attempt the category's rate limiter books a slot;
// - a 429 of the per-second limit pauses the category for Retry-After (1 s
//   when absent or unreadable) and the call is made again, up to
//   max_throttled times in a row and never for a Retry-After over
//   max_retry_after (CallEnd::throttled_out);
// - a 429 of a daily limit ends the call (CallEnd::daily_limit): nothing
//   more goes out today, and the engine says what that means;
// - an attempt the engine judges worth repeating is made again after an
//   exponential backoff with jitter, max_attempts attempts in all;
// - a stop or cancel ends every wait within 20 ms (CallEnd::stopped).
// (The 401 / code 124 token refresh is one level down, in ZoomApiClient.)
// A write is repeated only when its engine judged that safe: the caller
// never repeats an attempt on its own except after a 429, which Zoom gives
// before doing anything. Reentrant: a judge may make calls of its own.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string_view>

#include "core/error.hpp"
#include "core/http_client.hpp"
#include "core/rate_limiter.hpp"
#include "core/stop_signal.hpp"
#include "core/zoom_api_client.hpp"

namespace zc {

struct RetryPolicy {
  int max_attempts = 6;    // attempts of one call its engine judged worth repeating
  int max_throttled = 30;  // consecutive per-second 429s on one call
  std::chrono::milliseconds base_delay{250};
  std::chrono::milliseconds max_delay{15'000};
  std::chrono::seconds max_retry_after{120};  // a longer wait ends the call as throttled
};

// One request: method, target (a path under the API base, or an absolute
// URL) and JSON body (empty: none), paced in `category`.
struct ApiCall {
  std::string_view method;
  std::string_view target;
  std::string_view body;
  RateCategory category = RateCategory::light;
};

// What one attempt gave.
struct Attempt {
  std::optional<HttpResponse> response;  // an answer, whatever its status; empty: none came
  Error error;                           // no answer: why (transport, token, URL policy, stop)
  // The request left this process (so a write may have happened even without
  // an answer). False: a token or URL-policy failure, or a stop, before sending.
  bool sent = false;
  bool stopped = false;  // a stop or cancel ended it
};

enum class CallEnd {
  answered,       // the engine accepted the attempt (a success, or an answer it acts on)
  daily_limit,    // a 429 of a daily limit
  throttled_out,  // per-second 429s beyond the policy
  gave_up,        // max_attempts attempts, each judged worth repeating
  stopped,        // a stop or cancel before, between or during attempts (`attempt.sent` says)
};

struct CallResult {
  CallEnd end = CallEnd::stopped;
  Attempt attempt;  // the last one
};

// An engine's judgement of one attempt that was neither a 429 nor stopped.
enum class Judgement { accept, repeat };
using Judge = std::function<Judgement(Attempt&)>;

// Tallies an engine keeps; every hook is optional.
class CallObserver {
 public:
  virtual void on_request() {}    // an attempt is about to be sent
  virtual void on_throttled() {}  // a 429 (per second or daily)
  virtual void on_repeat() {}     // the call is about to be made again

 protected:
  ~CallObserver() = default;
};

class RetryingCaller {
 public:
  // `learn_limits`: adopt the per-second limit Zoom's X-RateLimit-Limit
  // states for a category (the request's plan "learn").
  RetryingCaller(ZoomApiClient& api, RateLimiter& limiter, RetryPolicy policy, StopSignal stop,
                 bool learn_limits);

  CallResult call(const ApiCall& call, const Judge& judge, CallObserver* observer = nullptr);

  const RetryPolicy& policy() const { return policy_; }

 private:
  Attempt send(const ApiCall& call);
  bool pause(std::chrono::milliseconds delay) const;  // false: stopped
  std::chrono::milliseconds backoff(int attempt) const;

  ZoomApiClient& api_;
  RateLimiter& limiter_;
  RetryPolicy policy_;
  StopSignal stop_;
  bool learn_limits_;
};

}  // namespace zc
