// Dates and times, read and written in one place: Zoom's days "2026-11-29"
// and UTC timestamps "2026-11-29T13:22:54Z", and HTTP's dates (RFC 9110
// section 5.6.7, as a Retry-After header may carry them).
// (libstdc++ 12 has no std::chrono::parse or format.) Seconds, not
// system_clock's nanoseconds: any year a text can hold fits.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace zc {

// "YYYY-MM-DDTHH:MM:SSZ" (fractions and a numeric offset are accepted too).
std::optional<std::chrono::sys_seconds> parse_iso_utc(std::string_view text);
// "YYYY-MM-DDTHH:MM:SSZ".
std::string format_iso_utc(std::chrono::sys_seconds time);

// "YYYY-MM-DD", a real calendar day.
std::optional<std::chrono::sys_days> parse_date(std::string_view text);
std::string format_date(std::chrono::sys_days day);

// "Sun, 06 Nov 1994 08:49:37 GMT", and the two obsolete forms a recipient
// must still read: "Sunday, 06-Nov-94 08:49:37 GMT" and "Sun Nov  6 08:49:37 1994".
std::optional<std::chrono::sys_seconds> parse_http_date(std::string_view text);

}  // namespace zc
