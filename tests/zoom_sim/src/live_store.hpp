// Internal: what the activity generator adds that the generated dataset and the
// write overlay have no place for: the participants of meetings it ran, the
// cloud recordings it completed or deleted, the phone calls it made. The REST
// routes merge these into their answers (api.cpp). Bounded: once `max_records`
// are kept the generator stops adding (nothing is ever evicted, so the API never
// forgets a record without an event).
#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace zoom_sim {

class LiveStore {
 public:
  explicit LiveStore(std::size_t max_records) : max_records_(max_records) {}

  bool room_for(std::size_t n) const;

  // The participants (GET /past_meetings/{uuid}/participants elements) of an
  // ended meeting, found by its UUID or its numeric id.
  void add_instance(const std::string& uuid, std::int64_t id, std::vector<std::string> rows);
  std::optional<std::vector<std::string>> participants(const std::string& uuid_or_id) const;

  // Cloud recordings (GET /users/{userId}/recordings elements) by host and day.
  void add_recording(const std::string& host_id, std::chrono::sys_days day, const std::string& uuid,
                     std::string row);
  // Hides a recording (the generator's or the dataset's) from now on.
  void delete_recording(const std::string& uuid);
  bool recording_deleted(const std::string& uuid) const;
  // Appends the live recordings of `host_id` within [from, to] to `out`.
  void recordings_of(const std::string& host_id, std::chrono::sys_days from,
                     std::chrono::sys_days to, std::vector<std::string>& out) const;
  // A live recording of `host_id` that is not deleted, by position; nullopt past the end.
  std::optional<std::pair<std::string, std::string>> live_recording(std::size_t pick) const;

  // Phone call logs (GET /phone/call_history elements) by day.
  void add_call(std::chrono::sys_days day, std::string row);
  void calls_between(std::chrono::sys_days from, std::chrono::sys_days to,
                     std::vector<std::string>& out) const;

 private:
  struct Recording {
    std::string host_id, uuid, row;
    std::chrono::sys_days day;
  };
  mutable std::mutex mu_;
  std::size_t max_records_;
  std::size_t records_ = 0;
  std::atomic<bool> any_deleted_{false};
  std::unordered_map<std::string, std::vector<std::string>> participants_;  // uuid → rows
  std::unordered_map<std::string, std::string> uuid_by_id_;
  std::vector<Recording> recordings_;
  std::unordered_map<std::string, std::vector<std::size_t>> recordings_by_host_;
  std::unordered_set<std::string> deleted_recordings_;
  std::multimap<std::chrono::sys_days, std::string> calls_;
};

}  // namespace zoom_sim
