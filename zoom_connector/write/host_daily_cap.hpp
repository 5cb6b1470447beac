// Zoom's per-host daily limit on meeting and webinar creates + updates (100
// per host user per UTC day, each family counted apart, on top of the
// account's rate limits). Tracked before calling, so a host's budget is known
// to be spent without burning a request on a 429, and other hosts go on.
// Thread-safe.
#pragma once

#include <boost/json.hpp>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace zc::write {

class HostDailyCap {
 public:
  using TimePoint = std::chrono::system_clock::time_point;
  using Clock = std::function<TimePoint()>;

  // `limit`: calls per host and UTC day (the write catalog's daily_cap.limit);
  // `clock` empty: the system clock.
  explicit HostDailyCap(int limit, Clock clock = {});

  // Takes one call from `host`'s budget in `family` ("meetings", "webinars");
  // false when today's budget is spent. Hosts are compared case-insensitively
  // (an id and that user's e-mail are different hosts here: resolve first).
  bool try_take(std::string_view family, std::string_view host);
  // The call taken was not applied (refused before Zoom counted it, e.g. a
  // 400 field error or a 429 of the account's per-second limit).
  void give_back(std::string_view family, std::string_view host);
  // Zoom answered the per-host 429 although budget was left here (another app
  // wrote for this host): nothing more for this host today.
  void mark_spent(std::string_view family, std::string_view host);
  int remaining(std::string_view family, std::string_view host) const;
  int limit() const { return limit_; }

  // The next 00:00 UTC, when every budget is full again.
  TimePoint resets_at() const;

  // For a write checkpoint: {"day": "2026-11-29", "used": {"meetings|<host>": n, ...}}.
  // Restoring a checkpoint from another day restores nothing.
  boost::json::object to_json() const;
  void restore(const boost::json::object& saved);

 private:
  std::int64_t today() const;
  void roll_locked(std::int64_t day);
  static std::string key(std::string_view family, std::string_view host);

  const int limit_;
  Clock clock_;
  mutable std::mutex mu_;
  std::int64_t day_ = 0;  // days since the epoch, UTC
  std::unordered_map<std::string, int> used_;
};

}  // namespace zc::write
