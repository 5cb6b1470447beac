// The simulator's write side: its limits (WriteOptions) and what tests can ask
// about the records the write endpoints created, changed or removed
// (WriteLedger, from Simulator::writes()).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace zoom_sim {

struct WriteOptions {
  // Meeting creates + updates per host user per UTC day; webinars have their own
  // counter of the same size.
  int host_daily_writes = 100;
  int registrants_per_meeting = 4999;
  int group_members_per_request = 30;
  // POST /users with action=create per account per UTC day; 0 = the plan's number
  // (free 50, pro 1,500, business 10,000). Scaled by Options::daily_cap_scale.
  int user_creates_per_day = 0;
  // Created users, meetings, webinars and registrants kept at most; one more
  // answers 503 (a simulator limit, not Zoom's) so memory stays bounded.
  std::size_t max_written_records = 200000;
};

// Read-only questions about the live state (dataset plus writes). Thread-safe.
// `user` is an id or an e-mail; `topic` empty matches every topic.
class WriteLedger {
 public:
  virtual ~WriteLedger() = default;
  virtual std::size_t meetings(std::string_view user, std::string_view topic = {}) const = 0;
  virtual std::size_t webinars(std::string_view user, std::string_view topic = {}) const = 0;
  // Registrants of a meeting or webinar (by numeric id); `email` empty = all.
  virtual std::size_t registrants(std::int64_t id, std::string_view email = {}) const = 0;
  // Live users with this e-mail (0 or 1 unless something duplicated them).
  virtual std::size_t users_with_email(std::string_view email) const = 0;
  virtual bool user_exists(std::string_view user) const = 0;
  virtual bool in_group(std::string_view group_id, std::string_view user) const = 0;
  virtual std::size_t group_size(std::string_view group_id) const = 0;
  // Write requests that changed something (2xx), since the start.
  virtual std::uint64_t writes_applied() const = 0;
  // Creates + updates counted today against a host's daily cap.
  virtual int host_writes_today(std::string_view user, bool webinars) const = 0;
};

}  // namespace zoom_sim
