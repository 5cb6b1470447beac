// ISO-8601 UTC timestamps as Zoom writes them ("2026-11-29T13:22:54Z").
// (libstdc++ 12 has no std::chrono::parse.)
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace zc::fetch {

// "YYYY-MM-DDTHH:MM:SSZ" (fractions and a numeric offset are accepted too).
std::optional<std::chrono::sys_seconds> parse_iso_utc(std::string_view text);

}  // namespace zc::fetch
