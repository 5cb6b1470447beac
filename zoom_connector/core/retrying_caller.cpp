#include "core/retrying_caller.hpp"

#include <algorithm>
#include <random>
#include <thread>

#include "core/rate_limit_answer.hpp"

namespace zc {
namespace {

// A stop is seen within this long while pausing.
constexpr std::chrono::milliseconds k_pause_step{20};

Attempt stopped_unsent() {
  Attempt attempt;
  attempt.stopped = true;
  attempt.error = Error::make(Status::cancelled, "cancelled before it was sent");
  return attempt;
}

}  // namespace

RetryingCaller::RetryingCaller(ZoomApiClient& api, RateLimiter& limiter, RetryPolicy policy,
                               StopSignal stop, bool learn_limits)
    : api_(api), limiter_(limiter), policy_(policy), stop_(stop), learn_limits_(learn_limits) {}

Attempt RetryingCaller::send(const ApiCall& call) {
  Attempt attempt;
  auto answer = api_.send_detailed(call.method, call.target, call.body);
  if (answer) {
    attempt.sent = true;
    attempt.response = std::move(answer->response);
    return attempt;
  }
  auto& failure = answer.error();
  attempt.sent = failure.step == ZoomApiClient::Failure::Step::call;
  attempt.error = std::move(failure.failure.error);
  attempt.stopped = attempt.error.status == Status::cancelled;
  return attempt;
}

bool RetryingCaller::pause(std::chrono::milliseconds delay) const {
  const auto until = std::chrono::steady_clock::now() + delay;
  while (std::chrono::steady_clock::now() < until) {
    if (stop_.requested()) return false;
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
        until - std::chrono::steady_clock::now(), k_pause_step));
  }
  return !stop_.requested();
}

std::chrono::milliseconds RetryingCaller::backoff(int attempt) const {
  // Jitter over [ceiling / 4, ceiling], ceiling = min(max, base * 2^attempt):
  // workers that failed together do not come back together.
  thread_local std::minstd_rand random{std::random_device{}()};
  const auto ceiling = std::min<long long>(policy_.max_delay.count(), policy_.base_delay.count()
                                                                          << std::min(attempt, 16));
  std::uniform_int_distribution<long long> pick(ceiling / 4, std::max<long long>(ceiling, 1));
  return std::chrono::milliseconds(pick(random));
}

CallResult RetryingCaller::call(const ApiCall& call, const Judge& judge, CallObserver* observer) {
  int repeats = 0;
  int throttled = 0;
  for (;;) {
    if (stop_.requested() || !limiter_.acquire(call.category, stop_)) {
      return {CallEnd::stopped, stopped_unsent()};
    }
    if (observer) observer->on_request();
    Attempt attempt = send(call);
    if (attempt.stopped) return {CallEnd::stopped, std::move(attempt)};
    if (attempt.response && attempt.response->status == 429) {
      if (observer) observer->on_throttled();
      const HttpResponse& answer = *attempt.response;
      if (is_daily_limit(answer)) return {CallEnd::daily_limit, std::move(attempt)};
      const auto wait = parse_retry_after(answer.header("retry-after").value_or(""),
                                          std::chrono::system_clock::now())
                            .value_or(std::chrono::seconds(1));
      if (wait > policy_.max_retry_after || ++throttled > policy_.max_throttled) {
        return {CallEnd::throttled_out, std::move(attempt)};
      }
      limiter_.on_throttled(call.category, wait);
      if (observer) observer->on_repeat();
      continue;  // the limiter now holds the pause
    }
    if (learn_limits_ && attempt.response && attempt.response->status < 500) {
      if (const auto limit = stated_rate_limit(*attempt.response)) {
        limiter_.learn_limit(call.category, *limit);
      }
    }
    if (judge(attempt) == Judgement::accept) return {CallEnd::answered, std::move(attempt)};
    if (++repeats >= policy_.max_attempts) return {CallEnd::gave_up, std::move(attempt)};
    if (observer) observer->on_repeat();
    // Stopped while pausing: the next attempt would not have been sent.
    if (!pause(backoff(repeats))) return {CallEnd::stopped, stopped_unsent()};
  }
}

}  // namespace zc
