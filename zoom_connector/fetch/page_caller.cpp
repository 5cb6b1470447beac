#include "fetch/page_caller.hpp"

#include "core/ascii_text.hpp"
#include "core/bounded_text.hpp"
#include "core/zoom_error.hpp"

namespace zc::fetch {
namespace {

bool transport_retryable(const Error& error) {
  return error.status == Status::network || error.status == Status::timeout;
}

// The fetch's tallies of one page's calls.
class PageCounts final : public CallObserver {
 public:
  PageCounts(FetchCounters& counters, RateCategory category, StreamCounters& stream)
      : counters_(counters), category_(category), stream_(stream) {}
  void on_request() override {
    counters_.requests_by_category[static_cast<std::size_t>(category_)]++;
    stream_.requests++;
  }
  void on_throttled() override { stream_.throttled++; }
  void on_repeat() override { stream_.retries++; }

 private:
  FetchCounters& counters_;
  RateCategory category_;
  StreamCounters& stream_;
};

}  // namespace

PageCaller::PageCaller(ZoomApiClient& api, RateLimiter& limiter, RetryPolicy policy,
                       FetchCounters& counters, StopSignal stop, bool learn_limits)
    : caller_(api, limiter, policy, stop, learn_limits), counters_(counters) {}

Result<void> PageCaller::get_page(std::string_view target, RateCategory category,
                                  StreamCounters& stream, PageReader& reader) {
  // Names the request in messages ("Zoom refused GET /users/x/webinars ..."), without its query.
  constexpr std::size_t k_max_shown = 160;
  std::string what = "GET " + std::string(target.substr(0, target.find('?')));
  if (what.size() > k_max_shown) what = what.substr(0, k_max_shown) + "...";

  Error last = Error::make(Status::remote_error, "no answer");
  Result<void> outcome{};
  const Judge judge = [&](Attempt& attempt) {
    if (!attempt.response) {
      last = attempt.error;
      if (transport_retryable(last)) return Judgement::repeat;
      outcome = std::unexpected(last);
      return Judgement::accept;
    }
    HttpResponse& answer = *attempt.response;
    const bool success = answer.status >= 200 && answer.status < 300;
    if (success && trim_space(answer.body).empty()) {
      // A 204, or a 200 with nothing in it, where a page was expected: not
      // the last page (that says so), so it is made again like a cut answer.
      last = Error::make(Status::remote_error, "Zoom answered " + what + " with HTTP " +
                                                   std::to_string(answer.status) +
                                                   " and an empty body where a page was expected");
      last.http_status = static_cast<int>(answer.status);
      return Judgement::repeat;
    }
    if (answer.status >= 500 || !answer.is_json() ||
        (!success && !parse_zoom_error_body(answer).is_json)) {
      // 5xx, a proxy's / firewall's HTML page in place of Zoom's answer, or
      // a refusal whose body was cut on the way: a GET may be made again.
      last = classify_api_failure(answer, what).error;
      return Judgement::repeat;
    }
    if (!success) {
      outcome = std::unexpected(classify_api_failure(answer, what).error);
      return Judgement::accept;
    }
    // The body moves into the reader; the message below needs none of it.
    if (reader.parse(std::move(answer.body))) {
      outcome = {};
      return Judgement::accept;
    }
    answer.body.clear();
    // A 2xx that is not a JSON object: a proxy or firewall page. Again.
    last = classify_api_failure(answer, what).error;
    last.status = Status::remote_error;
    last.message =
        "Zoom's answer was not JSON (a proxy or firewall may have answered "
        "instead of Zoom)";
    return Judgement::repeat;
  };
  PageCounts counts(counters_, category, stream);
  CallResult result = caller_.call(ApiCall{"GET", target, {}, category}, judge, &counts);
  switch (result.end) {
    case CallEnd::answered:
      return outcome;
    case CallEnd::stopped:
      return fail(Status::cancelled, "fetch cancelled");
    case CallEnd::daily_limit: {
      const HttpResponse& answer = *result.attempt.response;
      auto failure = classify_api_failure(answer, what);
      failure.error.message =
          "Zoom's daily API limit for this account is used up; the fetch stopped at its last "
          "checkpoint. Run it again after the limit resets (" +
          bounded_text(answer.header("retry-after").value_or("tomorrow, UTC"), 100) + ").";
      failure.error.retryable = true;
      return std::unexpected(failure.error);
    }
    case CallEnd::throttled_out:
      return std::unexpected(classify_api_failure(*result.attempt.response, what).error);
    case CallEnd::gave_up:
      break;
  }
  last.message += " (gave up after " + std::to_string(caller_.policy().max_attempts) + " attempts)";
  last.retryable = true;
  return std::unexpected(last);
}

}  // namespace zc::fetch
