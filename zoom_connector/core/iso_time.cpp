#include "core/iso_time.hpp"

#include <charconv>
#include <cstdio>

namespace zc {

using namespace std::chrono;

namespace {

// "HH:MM:SS".
std::optional<seconds> time_of_day(std::string_view text) {
  if (text.size() != 8 || text[2] != ':' || text[5] != ':') return std::nullopt;
  int part[3] = {};
  for (int i = 0; i < 3; ++i) {
    const char* at = text.data() + 3 * i;
    if (std::from_chars(at, at + 2, part[i]).ptr != at + 2) return std::nullopt;
  }
  if (part[0] > 23 || part[1] > 59 || part[2] > 60) return std::nullopt;
  return hours{part[0]} + minutes{part[1]} + seconds{part[2]};
}

std::optional<unsigned> month_number(std::string_view name) {
  static constexpr std::string_view k_months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (unsigned i = 0; i < 12; ++i)
    if (name == k_months[i]) return i + 1;
  return std::nullopt;
}

std::optional<int> whole_number(std::string_view text, std::size_t max_digits) {
  int value = 0;
  if (text.empty() || text.size() > max_digits) return std::nullopt;
  const char* end = text.data() + text.size();
  if (std::from_chars(text.data(), end, value).ptr != end || value < 0) return std::nullopt;
  return value;
}

std::optional<sys_seconds> at(int y, std::string_view month_name, std::string_view day_text,
                              std::string_view clock) {
  const auto m = month_number(month_name);
  const auto d = whole_number(day_text, 2);
  const auto t = time_of_day(clock);
  if (!m || !d || !t) return std::nullopt;
  const year_month_day ymd{year{y}, month{*m}, day{static_cast<unsigned>(*d)}};
  if (!ymd.ok()) return std::nullopt;
  return sys_seconds{sys_days{ymd}} + *t;
}

}  // namespace

std::optional<sys_seconds> parse_iso_utc(std::string_view text) {
  if (text.size() < 19 || text[10] != 'T' || text[13] != ':' || text[16] != ':') {
    return std::nullopt;
  }
  const auto day = parse_date(text.substr(0, 10));
  if (!day) return std::nullopt;
  auto number = [&](std::size_t at, std::size_t n) -> std::optional<int> {
    int value = 0;
    const char* end = text.data() + at + n;
    if (std::from_chars(text.data() + at, end, value).ptr != end) return std::nullopt;
    return value;
  };
  const auto h = number(11, 2), mi = number(14, 2), s = number(17, 2);
  if (!h || !mi || !s || *h > 23 || *mi > 59 || *s > 60) return std::nullopt;
  std::size_t at = 19;
  if (at < text.size() && text[at] == '.') {
    ++at;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') ++at;
  }
  seconds offset{0};
  if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
    if (text.size() != at + 6 || text[at + 3] != ':') return std::nullopt;
    const auto oh = number(at + 1, 2), om = number(at + 4, 2);
    if (!oh || !om) return std::nullopt;
    offset = hours{*oh} + minutes{*om};
    if (text[at] == '-') offset = -offset;
    at += 6;
  } else if (at < text.size() && text[at] == 'Z') {
    ++at;
  }
  if (at != text.size()) return std::nullopt;
  return sys_seconds{*day} + hours{*h} + minutes{*mi} + seconds{*s} - offset;
}

std::string format_iso_utc(sys_seconds time) {
  const sys_days day = floor<days>(time);
  const year_month_day ymd{day};
  const hh_mm_ss clock{time - day};
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
                static_cast<int>(clock.seconds().count()));
  return text;
}

std::optional<sys_days> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int y = 0;
  unsigned m = 0;
  unsigned d = 0;
  auto number = [&](std::size_t at, std::size_t n, auto& out) {
    const auto* end = text.data() + at + n;
    return std::from_chars(text.data() + at, end, out).ptr == end;
  };
  if (!number(0, 4, y) || !number(5, 2, m) || !number(8, 2, d)) return std::nullopt;
  const year_month_day ymd{year{y}, month{m}, day{d}};
  if (!ymd.ok()) return std::nullopt;
  return sys_days{ymd};
}

std::string format_date(sys_days day) {
  const year_month_day ymd{day};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return text;
}

std::optional<sys_seconds> parse_http_date(std::string_view text) {
  std::string_view words[6];
  std::size_t count = 0;
  while (!text.empty()) {
    const auto space = text.find(' ');
    if (space != 0) {
      if (count == 6) return std::nullopt;
      words[count++] = text.substr(0, space);
    }
    if (space == std::string_view::npos) break;
    text.remove_prefix(space + 1);
  }
  if (count == 6 && words[0].ends_with(',') && words[5] == "GMT") {
    const auto y = whole_number(words[3], 4);  // "Sun, 06 Nov 1994 08:49:37 GMT"
    if (!y || words[3].size() != 4) return std::nullopt;
    return at(*y, words[2], words[1], words[4]);
  }
  if (count == 4 && words[0].ends_with(',') && words[3] == "GMT") {
    const std::string_view date = words[1];  // "Sunday, 06-Nov-94 08:49:37 GMT"
    if (date.size() != 9 || date[2] != '-' || date[6] != '-') return std::nullopt;
    const auto yy = whole_number(date.substr(7), 2);
    if (!yy) return std::nullopt;
    // RFC 9110: a two-digit year more than 50 years ahead is in the past century.
    return at(*yy < 70 ? 2000 + *yy : 1900 + *yy, date.substr(3, 3), date.substr(0, 2), words[2]);
  }
  if (count == 5 && !words[0].ends_with(',')) {
    const auto y = whole_number(words[4], 4);  // "Sun Nov  6 08:49:37 1994"
    if (!y || words[4].size() != 4) return std::nullopt;
    return at(*y, words[1], words[2], words[3]);
  }
  return std::nullopt;
}

}  // namespace zc
