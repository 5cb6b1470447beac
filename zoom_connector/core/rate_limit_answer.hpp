// What Zoom's answer to a call over its limits says (docs/zoom_api_facts.md
// section 3): whether a 429 is the daily limit (wait for the next UTC day) or
// the per-second one, how long Retry-After asks to wait, and the per-second
// limit X-RateLimit-Limit names. The one place these headers are read.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

#include "core/http_client.hpp"

namespace zc {

// A 429 of a daily limit (the account's, or a per-user one such as the 100
// meeting creates a host may make a day): X-RateLimit-Type says so, or,
// without that header, Zoom's message names a daily limit.
bool is_daily_limit(const HttpResponse& response);

// Retry-After as seconds ("2") or a date ("2026-11-30T00:00:00Z" or an
// HTTP-date); nullopt when it cannot be read. `now` is the current UTC time.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value,
                                                      std::chrono::system_clock::time_point now);

// The per-second limit X-RateLimit-Limit states for the call's category, when
// the answer says it (a QPS figure, not a daily one).
std::optional<double> stated_rate_limit(const HttpResponse& response);

}  // namespace zc
