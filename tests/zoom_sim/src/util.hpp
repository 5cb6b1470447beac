// Small helpers shared by the simulator: dates, percent/base64 coding, a
// portable deterministic RNG, query-string parsing.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace zoom_sim::util {

// SplitMix64: tiny, fast and identical on every platform (std distributions are not).
struct Rng {
  std::uint64_t state;
  explicit Rng(std::uint64_t seed) : state(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  std::uint64_t below(std::uint64_t n) { return n == 0 ? 0 : next() % n; }
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
};

std::string iso8601(std::chrono::sys_seconds t);  // 2026-11-29T13:22:54Z
std::string ymd(std::chrono::sys_days d);         // 2026-11-29
std::optional<std::chrono::sys_days> parse_ymd(std::string_view s);
// d plus n calendar months, the day clamped to the month's last day.
std::chrono::sys_days add_months(std::chrono::sys_days d, int n);

std::optional<std::string> pct_decode(std::string_view s, bool plus_as_space);
bool has_pct_escape(std::string_view s);
std::string pct_encode(std::string_view s);  // everything but unreserved chars

std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view s);

using Params = std::vector<std::pair<std::string, std::string>>;
// application/x-www-form-urlencoded style ('+' is a space); nullopt on a bad escape.
std::optional<Params> parse_query(std::string_view q);
const std::string* find_param(const Params& p, std::string_view key);
// The query with the value of every parameter whose name `secret` accepts
// replaced by REDACTED (names and order kept).
std::string redacted_query(std::string_view q, bool (*secret)(std::string_view name));

std::string lower(std::string_view s);

}  // namespace zoom_sim::util
