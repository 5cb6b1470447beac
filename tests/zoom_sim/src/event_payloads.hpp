// Internal: the payloads of Zoom's events, shaped after Zoom's published webhook
// inventories (developers.zoom.us, "Users", "Meetings", "Phone" event references).
// Each builder returns the "payload" object; the bus adds event and event_ts.
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace zoom_sim::payloads {

// Who and where: the account the change belongs to and who made it (the simulator
// names the account owner as the operator of every change: a guess).
struct Who {
  std::string account_id;
  std::string operator_email;
  std::string operator_id;
  std::int64_t ts_ms = 0;  // time_stamp of the *.updated payloads
};

// user.created: `user` is the GET /users element; creation_type the POST action.
boost::json::object user_created(const Who& w, const boost::json::object& user,
                                 std::string_view creation_type);
// user.updated: only the fields that differ (plus id) in object, their old values
// in old_object; nullopt when nothing changed.
std::optional<boost::json::object> user_updated(const Who& w, const boost::json::object& before,
                                                const boost::json::object& after);
// user.deactivated / user.activated / user.disassociated / user.deleted.
boost::json::object user_plain(const Who& w, const boost::json::object& user);

// meeting.created / webinar.created: `obj` is the GET /meetings/{id} body.
boost::json::object event_created(const Who& w, const boost::json::object& obj);
// meeting.updated / webinar.updated: changed fields only (settings by key).
std::optional<boost::json::object> event_updated(const Who& w, const boost::json::object& before,
                                                 const boost::json::object& after);
// meeting.deleted / webinar.deleted.
boost::json::object event_deleted(const Who& w, const boost::json::object& obj);
// meeting.registration_created / webinar.registration_created.
boost::json::object registration_created(const Who& w, const boost::json::object& obj,
                                         const boost::json::object& registrant);

// group.created / group.deleted ({id, name}); group.updated (name changed).
boost::json::object group_plain(const Who& w, std::string_view id, std::string_view name);
boost::json::object group_updated(const Who& w, std::string_view id, std::string_view old_name,
                                  std::string_view new_name);
// group.member_added / group.member_deleted: members [{id, email}].
boost::json::object group_members(const Who& w, std::string_view group_id,
                                  const boost::json::array& members);

// A meeting instance as meeting.started/ended and the participant events show it
// (ids as strings, as Zoom's inventory types them there).
struct Instance {
  std::int64_t id = 0;
  std::string uuid, host_id, topic, timezone;
  int type = 2;
  std::string start_time;  // ISO-8601
  int duration = 0;
};
boost::json::object meeting_started(const Who& w, const Instance& m);
boost::json::object meeting_ended(const Who& w, const Instance& m, std::string_view end_time);
// meeting.participant_joined / _left: `participant` is the event's participant object.
boost::json::object participant(const Who& w, const Instance& m,
                                const boost::json::object& participant);

// recording.completed (without operator) / recording.deleted / recording.trashed:
// `recording` is the GET /users/{userId}/recordings element.
boost::json::object recording(const Who& w, const boost::json::object& recording,
                              std::string_view host_email, bool with_operator);

// phone.caller_call_history_completed / phone.callee_call_history_completed.
boost::json::object call_history(const Who& w, std::string_view user_id,
                                 const boost::json::object& call_log);

}  // namespace zoom_sim::payloads
