// Deterministic Zoom-like data generated from a seed and sizes.
//
// Every record carries a stable unique id and its pre-serialised JSON as the
// simulator sends it, so tests can compute the exact expected records of an
// endpoint (filter by the typed fields, compare the ids) without re-implementing
// the serialiser, and serving a 300-record page only concatenates strings.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace zoom_sim {

using sys_seconds = std::chrono::sys_seconds;
using sys_days = std::chrono::sys_days;

struct DataSizes {
  int users = 50;                    // account users; index 0 is the account owner
  int meetings_per_user = 8;         // about 3/4 in the past, the rest upcoming
  int webinars_per_user = 2;         // only for users licensed for webinars
  int recordings_per_user = 3;       // past meetings with a cloud recording (<= past meetings)
  int participants_per_meeting = 4;  // per past meeting (shared by /past_meetings and /report)
  int groups = 5;                    // users are spread round-robin over the groups
  int phone_users = 20;              // the first N active users have Zoom Phone
  int call_logs_per_phone_user = 6;
  int transcript_cues = 6;            // cues per recording TRANSCRIPT (WebVTT) file
  int unlicensed_webinar_every = 5;  // user i with i % N == N-1 lacks a webinar licence (3161)
  int history_days = 170;            // past data lies within [today - history_days, today - 1]
  int hosting_percent = 20;          // share of users who held meetings (past ones); 0..100
  int eager_max_users = 2000;        // larger accounts are lazy (Dataset::lazy)
};

// Whether user `index` is one of the hosts (the owner always is): deterministic from
// the seed and the index. Non-hosts hold no past meetings but keep upcoming ones.
bool user_hosts(std::uint64_t seed, const DataSizes& sizes, std::size_t index);

struct User {
  std::size_t index = 0;  // position in the account (Dataset::user_at)
  std::string id;         // 22 chars, base64url-like, unique; encodes the index
  std::string email;
  std::string first_name, last_name, display_name;
  int type = 2;         // 1 basic, 2 licensed
  std::string status;   // "active" | "inactive" | "pending"
  std::string role_id;  // "0" owner, "1" admin, "2" member
  std::string dept;
  bool webinar_licensed = true;  // false → GET /users/{id}/webinars answers 400/3161
  bool hosts = true;             // user_hosts(): false → no past meetings at all
  std::int64_t pmi = 0;
  sys_seconds created_at{};
  sys_seconds last_login_time{};
  std::vector<std::size_t> meetings;  // indices into Dataset::meetings (eager only)
  std::vector<std::size_t> webinars;  // indices into Dataset::webinars (eager only)
  std::vector<std::string> group_ids;
  std::string json_list;    // element of GET /users
  std::string json_detail;  // body of GET /users/{userId}
};

struct Meeting {
  std::string uuid;  // 24 chars ending "==", some start with '/' or contain "//"
  std::int64_t id = 0;
  std::size_t host_index = 0;
  std::string host_id;
  std::string topic;
  int type = 2;            // 1 instant (past only), 2 scheduled, 8 recurring with fixed time
  std::uint64_t slot = 0;  // user x (meetings+webinars per user) + k: seeds its children
  sys_seconds start_time{};
  int duration = 0;  // minutes
  bool past = false;
  bool has_recording = false;
  std::vector<std::size_t> participants;  // into Dataset::participants (past, eager only)
  std::string json_list;                  // element of GET /users/{id}/meetings
  std::string json_report;                // element of GET /report/users/{id}/meetings
  std::string json_metrics;               // element of GET /metrics/meetings?type=past
  std::string json_recording;  // element of GET /users/{id}/recordings (has_recording only)
};

struct Webinar {
  std::string uuid;
  std::int64_t id = 0;
  std::size_t host_index = 0;
  int type = 5;  // 5 webinar, 6 recurring without fixed time (no registration), 9 with
  std::uint64_t slot = 0;
  sys_seconds start_time{};
  std::string json_list;
};

struct Participant {
  std::string user_id;  // unique participant id (Zoom: unique per join of a meeting)
  std::string id;       // the Zoom user id of the participant, "" for guests
  std::string name, user_email;
  std::size_t meeting_index = 0;
  sys_seconds join_time{}, leave_time{};
  std::string json_past;    // element of GET /past_meetings/{uuid}/participants
  std::string json_report;  // element of GET /report/meetings/{id}/participants
};

struct Group {
  std::string id;
  std::string name;
  int total_members = 0;
  std::string json_list;
};

struct PhoneUser {
  std::string id;  // phone user id (distinct from the account user id)
  std::size_t user_index = 0;
  std::string email;
  std::string json_list;
};

struct CallLog {
  std::string id;  // unique
  std::size_t phone_user_index = 0;
  sys_seconds start_time{};
  std::string json_list;
};

// Every record derives from (seed, its index) alone, so an account can be eager
// (every vector below filled at start-up) or lazy (users, meetings, webinars and
// participants made when asked for; those vectors stay empty). Both hold the same
// records. groups, phone_users and call_logs are always stored. The accessors below
// work in both modes; the vectors (and the index fields pointing into them) only
// in an eager account.
struct Dataset {
  sys_days today{};  // the UTC day the data is anchored on
  std::uint64_t seed = 0;
  DataSizes sizes;
  bool lazy = false;
  std::vector<User> users;
  std::vector<Meeting> meetings;
  std::vector<Webinar> webinars;
  std::vector<Participant> participants;
  std::vector<Group> groups;
  std::vector<PhoneUser> phone_users;
  std::vector<CallLog> call_logs;
  std::size_t owner_index = 0;  // GET /users/me returns users[owner_index]

  std::size_t user_count() const;
  const char* status_of(std::size_t user_index) const;       // without making the user
  User user_at(std::size_t user_index) const;                // a copy, or made now
  std::string user_list_json(std::size_t user_index) const;  // its GET /users element
  // Users with a status, counted and enumerated without making them.
  std::size_t count_with_status(std::string_view status) const;
  std::size_t index_with_status(std::string_view status, std::size_t position) const;
  std::vector<Meeting> meetings_of(std::size_t user_index) const;
  std::vector<Webinar> webinars_of(std::size_t user_index) const;
  std::vector<Participant> participants_of(const Meeting& m) const;
  // Meetings of one user in order, without copies in an eager account. Without
  // with_json a lazy account leaves the json_* fields empty (faster).
  void visit_meetings(std::size_t user_index, const std::function<void(const Meeting&)>& f,
                      bool with_json = true) const;

  // Lookups used by the server (userId may be an id or an email, as on Zoom). In a
  // lazy account the record lives in a per-thread ring of the last 512 made: the
  // pointer stays valid for 512 more lookups on the same thread.
  const User* user_ptr(std::size_t user_index) const;
  const User* find_user(std::string_view id_or_email) const;
  const User* find_user_by_pmi(std::int64_t pmi) const;
  const Meeting* find_meeting_by_uuid(std::string_view uuid) const;
  const Meeting* find_meeting_by_id(std::int64_t id) const;
  const Webinar* find_webinar_by_id(std::int64_t id) const;
  const Webinar* find_webinar_by_uuid(std::string_view uuid) const;  // made now (both modes)

  std::unordered_map<std::string, std::size_t> user_by_key;  // id and lowercase email
  std::unordered_map<std::string, std::size_t> meeting_by_uuid;
  std::unordered_map<std::int64_t, std::size_t> meeting_by_id;
  std::unordered_map<std::int64_t, std::size_t> webinar_by_id;
};

// Deterministic: the same (seed, sizes, today) always yields the same dataset.
// `lazy`: nullopt = lazy above sizes.eager_max_users.
Dataset generate_dataset(std::uint64_t seed, const DataSizes& sizes, sys_days today,
                         std::optional<bool> lazy = std::nullopt);

}  // namespace zoom_sim
