#include "fetch/stream_catalog.hpp"

#include <array>

namespace zc::fetch {
namespace {

using RC = RateCategory;

// docs/zoom_api_facts.md section 5. The users stream is partitioned by status
// (active, inactive, pending) in the engine: Zoom lists one status per call.
constexpr std::array<StreamSpec, 12> k_specs{{
    {"users", "/users", "users", "id", 300, RC::medium, Parent::none, false, ""},
    {"groups", "/groups", "groups", "id", 300, RC::medium, Parent::none, false, ""},
    {"meetings", "/users/{id}/meetings", "meetings", "uuid", 300, RC::medium, Parent::user, false,
     "type=scheduled"},
    {"webinars", "/users/{id}/webinars", "webinars", "uuid", 300, RC::medium, Parent::user, false,
     ""},
    {"recordings", "/users/{id}/recordings", "meetings", "uuid", 300, RC::medium, Parent::user,
     true, ""},
    {"past_meeting_participants", "/past_meetings/{id}/participants", "participants", "user_id",
     300, RC::medium, Parent::past_meeting, false, ""},
    {"report_users", "/report/users", "users", "id", 300, RC::heavy, Parent::none, true, ""},
    {"report_meetings", "/report/users/{id}/meetings", "meetings", "uuid", 300, RC::heavy,
     Parent::user, true, ""},
    {"report_meeting_participants", "/report/meetings/{id}/participants", "participants", "user_id",
     300, RC::heavy, Parent::report_meeting, false, ""},
    {"metrics_meetings", "/metrics/meetings", "meetings", "uuid", 300, RC::resource_intensive,
     Parent::none, true, "type=past"},
    {"phone_users", "/phone/users", "users", "id", 100, RC::phone_medium, Parent::none, false, ""},
    {"phone_call_history", "/phone/call_history", "call_logs", "id", 300, RC::phone_heavy,
     Parent::none, true, ""},
}};

}  // namespace

std::span<const StreamSpec> stream_specs() { return k_specs; }

std::optional<StreamSpec> find_stream_spec(std::string_view name) {
  for (const auto& spec : k_specs) {
    if (spec.name == name) return spec;
  }
  return std::nullopt;
}

}  // namespace zc::fetch
