#include "write/host_daily_cap.hpp"

#include <algorithm>

#include "core/iso_time.hpp"

namespace zc::write {

using namespace std::chrono;
namespace json = boost::json;

namespace {

std::string day_text(std::int64_t day) { return format_date(sys_days{days{day}}); }

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace

HostDailyCap::HostDailyCap(int limit, Clock clock)
    : limit_(std::max(0, limit)), clock_(std::move(clock)) {
  day_ = today();
}

std::int64_t HostDailyCap::today() const {
  const auto now = clock_ ? clock_() : system_clock::now();
  return floor<days>(now).time_since_epoch().count();
}

void HostDailyCap::roll_locked(std::int64_t day) {
  if (day == day_) return;
  day_ = day;
  used_.clear();
}

std::string HostDailyCap::key(std::string_view family, std::string_view host) {
  return std::string(family) + "|" + lower(host);
}

bool HostDailyCap::try_take(std::string_view family, std::string_view host) {
  const auto day = today();
  std::lock_guard lk(mu_);
  roll_locked(day);
  int& used = used_[key(family, host)];
  if (used >= limit_) return false;
  ++used;
  return true;
}

void HostDailyCap::give_back(std::string_view family, std::string_view host) {
  const auto day = today();
  std::lock_guard lk(mu_);
  roll_locked(day);
  const auto it = used_.find(key(family, host));
  if (it != used_.end() && it->second > 0) --it->second;
}

void HostDailyCap::mark_spent(std::string_view family, std::string_view host) {
  const auto day = today();
  std::lock_guard lk(mu_);
  roll_locked(day);
  used_[key(family, host)] = limit_;
}

int HostDailyCap::remaining(std::string_view family, std::string_view host) const {
  const auto day = today();
  std::lock_guard lk(mu_);
  if (day != day_) return limit_;
  const auto it = used_.find(key(family, host));
  return it == used_.end() ? limit_ : limit_ - it->second;
}

HostDailyCap::TimePoint HostDailyCap::resets_at() const {
  return TimePoint{sys_days{days{today() + 1}}};
}

json::object HostDailyCap::to_json() const {
  const auto day = today();
  std::lock_guard lk(mu_);
  json::object used;
  if (day == day_)
    for (const auto& [k, n] : used_)
      if (n > 0) used[k] = n;
  return json::object{{"day", day_text(day)}, {"used", std::move(used)}};
}

void HostDailyCap::restore(const json::object& saved) {
  const auto day = today();
  const auto* d = saved.if_contains("day");
  const auto* used = saved.if_contains("used");
  if (!d || !d->is_string() || d->as_string() != day_text(day) || !used || !used->is_object())
    return;
  std::lock_guard lk(mu_);
  roll_locked(day);
  for (const auto& kv : used->as_object()) {
    if (!kv.value().is_int64()) continue;
    const auto n = std::clamp<std::int64_t>(kv.value().as_int64(), 0, limit_);
    int& mine = used_[std::string(kv.key())];
    mine = std::max(mine, static_cast<int>(n));
  }
}

}  // namespace zc::write
