#include "fetch/paced_caller.hpp"

#include <algorithm>
#include <charconv>
#include <random>
#include <thread>

#include "core/ascii_text.hpp"
#include "core/bounded_text.hpp"
#include "core/zoom_error.hpp"
#include "core/iso_time.hpp"

namespace zc::fetch {
namespace {

bool is_daily_limit(const HttpResponse& response) {
  if (const auto type = response.header("x-ratelimit-type")) {
    return type->find("aily") != std::string_view::npos;  // "Daily-limit"
  }
  // Without headers, Zoom's message names the daily limit.
  return response.body.find("daily rate limit") != std::string::npos;
}

bool transport_retryable(const Error& error) {
  return error.status == Status::network || error.status == Status::timeout;
}

}  // namespace

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value,
                                                      std::chrono::system_clock::time_point now) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  long long seconds = 0;
  const auto* end = value.data() + value.size();
  if (auto [ptr, ec] = std::from_chars(value.data(), end, seconds);
      ec == std::errc() && ptr == end) {
    return std::chrono::seconds(std::max(0LL, seconds));
  }
  // ISO-8601 UTC date-time, as Zoom sends for the daily limit.
  if (const auto when = parse_iso_utc(value)) {
    // In seconds: a far date does not fit system_clock's nanoseconds.
    return std::max(*when - std::chrono::floor<std::chrono::seconds>(now), std::chrono::seconds(0));
  }
  return std::nullopt;
}

PacedCaller::PacedCaller(ZoomApiClient& api, RateLimiter& limiter, RetryPolicy policy,
                         FetchCounters& counters, StopSignal stop, bool learn_limits)
    : api_(api),
      limiter_(limiter),
      policy_(policy),
      counters_(counters),
      stop_(stop),
      learn_limits_(learn_limits) {}

Result<void> PacedCaller::pause(std::chrono::milliseconds delay) {
  const auto until = std::chrono::steady_clock::now() + delay;
  while (std::chrono::steady_clock::now() < until) {
    if (stop_.requested()) return fail(Status::cancelled, "fetch cancelled");
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
        until - std::chrono::steady_clock::now(), std::chrono::milliseconds(50)));
  }
  return {};
}

std::chrono::milliseconds PacedCaller::backoff(int attempt) {
  // Full jitter: uniform in [0, min(max, base * 2^attempt)].
  thread_local std::minstd_rand random{std::random_device{}()};
  const auto ceiling = std::min<long long>(policy_.max_delay.count(), policy_.base_delay.count()
                                                                          << std::min(attempt, 16));
  std::uniform_int_distribution<long long> pick(ceiling / 4, std::max<long long>(ceiling, 1));
  return std::chrono::milliseconds(pick(random));
}

void PacedCaller::learn_from(const HttpResponse& response, RateCategory category) {
  if (!learn_limits_) return;
  const auto type = response.header("x-ratelimit-type");
  if (type && type->find("QPS") == std::string_view::npos) return;  // a daily figure
  const auto limit = response.header("x-ratelimit-limit");
  if (!limit) return;
  double per_second = 0;
  if (std::from_chars(limit->data(), limit->data() + limit->size(), per_second).ec == std::errc()) {
    limiter_.learn_limit(category, per_second);
  }
}

Result<void> PacedCaller::get_page(std::string_view target, RateCategory category,
                                   StreamCounters& stream, PageReader& reader) {
  int failures = 0;
  int throttled = 0;
  Error last = Error::make(Status::remote_error, "no answer");
  // Names the request in messages ("Zoom refused GET /users/x/webinars ..."), without its query.
  constexpr std::size_t k_max_shown = 160;
  std::string what = "GET " + std::string(target.substr(0, target.find('?')));
  if (what.size() > k_max_shown) what = what.substr(0, k_max_shown) + "...";
  while (failures < policy_.max_attempts) {
    if (stop_.requested()) return fail(Status::cancelled, "fetch cancelled");
    if (auto slot = limiter_.acquire(category, stop_); !slot) return std::unexpected(slot.error());
    counters_.requests_by_category[static_cast<std::size_t>(category)]++;
    stream.requests++;
    auto answer = api_.get(target);
    if (!answer) {
      last = answer.error();
      if (!transport_retryable(last)) return std::unexpected(last);
    } else if (answer->status == 429) {
      stream.throttled++;
      if (is_daily_limit(*answer)) {
        auto failure = classify_api_failure(*answer, what);
        failure.error.message =
            "Zoom's daily API limit for this account is used up; the fetch stopped at its last "
            "checkpoint. Run it again after the limit resets (" +
            bounded_text(answer->header("retry-after").value_or("tomorrow, UTC"), 100) + ").";
        failure.error.retryable = true;
        return std::unexpected(failure.error);
      }
      auto wait = parse_retry_after(answer->header("retry-after").value_or(""),
                                    std::chrono::system_clock::now())
                      .value_or(std::chrono::seconds(1));
      if (wait > policy_.max_retry_after || ++throttled > policy_.max_throttled) {
        return std::unexpected(classify_api_failure(*answer, what).error);
      }
      limiter_.on_throttled(category, wait);
      stream.retries++;
      continue;  // the limiter now holds the pause
    } else if (answer->status >= 200 && answer->status < 300 && trim_space(answer->body).empty()) {
      // A 204, or a 200 with nothing in it, where a page was expected: not
      // the last page (that says so), so it is retried like a cut answer.
      last = Error::make(Status::remote_error, "Zoom answered " + what + " with HTTP " +
                                                   std::to_string(answer->status) +
                                                   " and an empty body where a page was expected");
      last.http_status = static_cast<int>(answer->status);
    } else if (answer->status >= 500 || !answer->is_json()) {
      // 5xx, or a proxy's / firewall's HTML page in place of Zoom's answer.
      last = classify_api_failure(*answer, what).error;
    } else if (answer->status >= 200 && answer->status < 300) {
      learn_from(*answer, category);
      // The body moves into the reader; the message below needs none of it.
      if (reader.parse(std::move(answer->body))) return {};
      answer->body.clear();
      // A 200 that is not a JSON object: a proxy or firewall page. Retry.
      last = classify_api_failure(*answer, what).error;
      last.status = Status::remote_error;
      last.message =
          "Zoom's answer was not JSON (a proxy or firewall may have answered "
          "instead of Zoom)";
    } else {
      learn_from(*answer, category);
      return std::unexpected(classify_api_failure(*answer, what).error);
    }
    ++failures;
    if (failures >= policy_.max_attempts) break;
    stream.retries++;
    if (auto slept = pause(backoff(failures)); !slept) return std::unexpected(slept.error());
  }
  last.message += " (gave up after " + std::to_string(policy_.max_attempts) + " attempts)";
  last.retryable = true;
  return std::unexpected(last);
}

}  // namespace zc::fetch
