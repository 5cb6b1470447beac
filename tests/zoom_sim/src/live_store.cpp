#include "live_store.hpp"

namespace zoom_sim {

bool LiveStore::room_for(std::size_t n) const {
  std::lock_guard lk(mu_);
  return records_ + n <= max_records_;
}

void LiveStore::add_instance(const std::string& uuid, std::int64_t id,
                             std::vector<std::string> rows) {
  std::lock_guard lk(mu_);
  records_ += 1 + rows.size();
  participants_[uuid] = std::move(rows);
  uuid_by_id_[std::to_string(id)] = uuid;
}

std::optional<std::vector<std::string>> LiveStore::participants(
    const std::string& uuid_or_id) const {
  std::lock_guard lk(mu_);
  auto it = participants_.find(uuid_or_id);
  if (it == participants_.end()) {
    const auto by_id = uuid_by_id_.find(uuid_or_id);
    if (by_id == uuid_by_id_.end()) return std::nullopt;
    it = participants_.find(by_id->second);
    if (it == participants_.end()) return std::nullopt;
  }
  return it->second;
}

void LiveStore::add_recording(const std::string& host_id, std::chrono::sys_days day,
                              const std::string& uuid, std::string row) {
  std::lock_guard lk(mu_);
  ++records_;
  recordings_by_host_[host_id].push_back(recordings_.size());
  recordings_.push_back(Recording{host_id, uuid, std::move(row), day});
}

void LiveStore::delete_recording(const std::string& uuid) {
  std::lock_guard lk(mu_);
  ++records_;
  deleted_recordings_.insert(uuid);
  any_deleted_ = true;
}

bool LiveStore::recording_deleted(const std::string& uuid) const {
  if (!any_deleted_.load()) return false;
  std::lock_guard lk(mu_);
  return deleted_recordings_.contains(uuid);
}

void LiveStore::recordings_of(const std::string& host_id, std::chrono::sys_days from,
                              std::chrono::sys_days to, std::vector<std::string>& out) const {
  std::lock_guard lk(mu_);
  const auto it = recordings_by_host_.find(host_id);
  if (it == recordings_by_host_.end()) return;
  for (auto i : it->second) {
    const auto& r = recordings_[i];
    if (r.day >= from && r.day <= to && !deleted_recordings_.contains(r.uuid)) out.push_back(r.row);
  }
}

std::optional<std::pair<std::string, std::string>> LiveStore::live_recording(
    std::size_t pick) const {
  std::lock_guard lk(mu_);
  std::size_t n = 0;
  for (const auto& r : recordings_)
    if (!deleted_recordings_.contains(r.uuid) && n++ == pick)
      return std::make_pair(r.host_id, r.row);
  return std::nullopt;
}

void LiveStore::add_call(std::chrono::sys_days day, std::string row) {
  std::lock_guard lk(mu_);
  ++records_;
  calls_.emplace(day, std::move(row));
}

void LiveStore::calls_between(std::chrono::sys_days from, std::chrono::sys_days to,
                              std::vector<std::string>& out) const {
  std::lock_guard lk(mu_);
  for (auto it = calls_.lower_bound(from); it != calls_.end() && it->first <= to; ++it)
    out.push_back(it->second);
}

}  // namespace zoom_sim
