#include "fetch/partition.hpp"

#include <cctype>

namespace zc::fetch {

std::string percent_encode(std::string_view text) {
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3);
  for (const unsigned char c : text) {
    if (std::isalnum(c) != 0 || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += k_hex[c >> 4];
      out += k_hex[c & 15];
    }
  }
  return out;
}

std::string fill_path(std::string_view path_template, std::string_view id, bool is_meeting_uuid) {
  std::string encoded = percent_encode(id);
  if (is_meeting_uuid && (id.starts_with('/') || id.find("//") != std::string_view::npos)) {
    encoded = percent_encode(encoded);
  }
  std::string path(path_template);
  if (const auto at = path.find("{id}"); at != std::string::npos) path.replace(at, 4, encoded);
  return path;
}

std::vector<DateRange> month_windows(const DateRange& range) {
  using namespace std::chrono;
  std::vector<DateRange> windows;
  for (sys_days from = range.from; from <= range.to;) {
    // One calendar month later, minus a day; a day past the month's end
    // (Jan 31 + 1 month) is clamped to the month's last day.
    year_month_day start{from};
    year_month next = year_month{start.year(), start.month()} + months{1};
    const auto last_day = year_month_day_last{next.year(), month_day_last{next.month()}}.day();
    const year_month_day end_ymd{next.year(), next.month(), std::min(start.day(), last_day)};
    sys_days to = sys_days{end_ymd} - days{1};
    if (to > range.to) to = range.to;
    windows.push_back(DateRange{from, to});
    from = to + days{1};
  }
  return windows;
}

}  // namespace zc::fetch
