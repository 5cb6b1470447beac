#include "core/rate_limit_answer.hpp"

#include <algorithm>
#include <charconv>

#include "core/ascii_text.hpp"
#include "core/iso_time.hpp"
#include "core/zoom_error.hpp"

namespace zc {

bool is_daily_limit(const HttpResponse& response) {
  if (const auto type = response.header("x-ratelimit-type")) {
    return ascii_lower(*type).find("daily") != std::string::npos;  // "Daily-limit", not "QPS"
  }
  // Without the header, Zoom's message names the daily limit ("... the
  // maximum daily rate limit for this API"; a per-second one says "per-second").
  const ZoomErrorBody body = parse_zoom_error_body(response);
  const std::string_view message = body.is_json ? std::string_view(body.message) : response.body;
  return ascii_lower(message.substr(0, 4096)).find("daily") != std::string::npos;
}

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value,
                                                      std::chrono::system_clock::time_point now) {
  value = trim_space(value);
  long long seconds = 0;
  const auto* end = value.data() + value.size();
  if (auto [ptr, ec] = std::from_chars(value.data(), end, seconds);
      ec == std::errc() && ptr == end && !value.empty()) {
    return std::chrono::seconds(std::max(0LL, seconds));
  }
  // A date: ISO-8601 UTC, as Zoom sends for the daily limit, or an HTTP-date.
  auto when = parse_iso_utc(value);
  if (!when) when = parse_http_date(value);
  if (!when) return std::nullopt;
  // In seconds: a far date does not fit system_clock's nanoseconds.
  return std::max(*when - std::chrono::floor<std::chrono::seconds>(now), std::chrono::seconds(0));
}

std::optional<double> stated_rate_limit(const HttpResponse& response) {
  const auto type = response.header("x-ratelimit-type");
  if (type && type->find("QPS") == std::string_view::npos) return std::nullopt;  // a daily figure
  const auto limit = response.header("x-ratelimit-limit");
  if (!limit) return std::nullopt;
  double per_second = 0;
  if (std::from_chars(limit->data(), limit->data() + limit->size(), per_second).ec != std::errc())
    return std::nullopt;
  return per_second;
}

}  // namespace zc
