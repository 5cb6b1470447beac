#include "core/stream_scopes.hpp"

#include <array>

namespace zc {
namespace {

// docs/zoom_api_facts.md section 5. Classic / granular scope per endpoint.
constexpr std::array<StreamScopes, 12> k_table{{
    {"users", "GET /users", "user:read:admin", "user:read:list_users:admin", ""},
    {"groups", "GET /groups", "group:read:admin", "group:read:list_groups:admin", ""},
    {"meetings", "GET /users/{userId}/meetings", "meeting:read:admin",
     "meeting:read:list_meetings:admin", "users"},
    {"webinars", "GET /users/{userId}/webinars", "webinar:read:admin",
     "webinar:read:list_webinars:admin", "users"},
    {"recordings", "GET /users/{userId}/recordings", "recording:read:admin",
     "cloud_recording:read:list_user_recordings:admin", "users"},
    {"past_meeting_participants", "GET /past_meetings/{meetingUUID}/participants",
     "meeting:read:admin", "meeting:read:list_past_participants:admin", "meetings"},
    {"report_users", "GET /report/users", "report:read:admin", "report:read:list_users:admin", ""},
    {"report_meetings", "GET /report/users/{userId}/meetings", "report:read:admin",
     "report:read:user:admin", "users"},
    {"report_meeting_participants", "GET /report/meetings/{meetingId}/participants",
     "report:read:admin", "report:read:list_meeting_participants:admin", "report_meetings"},
    {"metrics_meetings", "GET /metrics/meetings", "dashboard:read:admin",
     "dashboard:read:list_meetings:admin", ""},
    {"phone_users", "GET /phone/users", "phone:read:admin", "phone:read:list_users:admin", ""},
    {"phone_call_history", "GET /phone/call_history", "phone:read:admin",
     "phone:read:list_call_logs:admin", ""},
}};

}  // namespace

std::span<const StreamScopes> stream_scope_table() { return k_table; }

std::optional<StreamScopes> find_stream_scopes(std::string_view stream) {
  for (const auto& row : k_table) {
    if (row.stream == stream) return row;
  }
  return std::nullopt;
}

std::set<std::string> parse_scope_string(std::string_view scope) {
  std::set<std::string> out;
  std::size_t i = 0;
  while (i < scope.size()) {
    while (i < scope.size() && (scope[i] == ' ' || scope[i] == '\t' || scope[i] == ',')) ++i;
    std::size_t j = i;
    while (j < scope.size() && scope[j] != ' ' && scope[j] != '\t' && scope[j] != ',') ++j;
    if (j > i) out.emplace(scope.substr(i, j - i));
    i = j;
  }
  return out;
}

bool stream_scope_granted(const StreamScopes& row, const std::set<std::string>& granted) {
  return granted.contains(std::string(row.classic_scope)) ||
         granted.contains(std::string(row.granular_scope));
}

std::vector<std::string> missing_scopes_for_stream(std::string_view stream,
                                                   const std::set<std::string>& granted) {
  std::vector<std::string> missing;
  // Walk the stream and its ancestors; the table has no cycles (tested).
  for (auto row = find_stream_scopes(stream); row; row = find_stream_scopes(row->parent)) {
    if (!stream_scope_granted(*row, granted)) {
      missing.push_back(std::string(row->classic_scope) + " or " +
                        std::string(row->granular_scope));
    }
    if (row->parent.empty()) break;
  }
  return missing;
}

std::vector<std::string> allowed_streams(const std::set<std::string>& granted) {
  std::vector<std::string> out;
  for (const auto& row : k_table) {
    if (missing_scopes_for_stream(row.stream, granted).empty()) out.emplace_back(row.stream);
  }
  return out;
}

}  // namespace zc
