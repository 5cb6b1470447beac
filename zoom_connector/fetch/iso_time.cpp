#include "fetch/iso_time.hpp"

#include <charconv>

namespace zc::fetch {

std::optional<std::chrono::sys_seconds> parse_iso_utc(std::string_view text) {
  using namespace std::chrono;
  if (text.size() < 19 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':') {
    return std::nullopt;
  }
  auto number = [&](std::size_t at, std::size_t n) -> std::optional<int> {
    int value = 0;
    const char* end = text.data() + at + n;
    if (std::from_chars(text.data() + at, end, value).ptr != end) return std::nullopt;
    return value;
  };
  const auto y = number(0, 4), mo = number(5, 2), d = number(8, 2);
  const auto h = number(11, 2), mi = number(14, 2), s = number(17, 2);
  if (!y || !mo || !d || !h || !mi || !s || *h > 23 || *mi > 59 || *s > 60) return std::nullopt;
  const year_month_day day{year{*y}, month{static_cast<unsigned>(*mo)},
                           std::chrono::day{static_cast<unsigned>(*d)}};
  if (!day.ok()) return std::nullopt;
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
  return sys_seconds{sys_days{day}} + hours{*h} + minutes{*mi} + seconds{*s} - offset;
}

}  // namespace zc::fetch
