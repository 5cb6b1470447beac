#include "event_children.hpp"

#include <algorithm>
#include <boost/json.hpp>

namespace zoom_sim {

namespace json = boost::json;
using namespace std::chrono;

namespace {

enum Kind : int {
  meeting_polls,
  past_meeting_polls,
  meeting_questions,
  webinar_panelists,
  webinar_absentees,
  past_webinar_participants,
  webinar_polls,
  past_webinar_polls,
  webinar_questions,
  webinar_tracking_sources,
  past_webinar_qa,
  report_webinar,
  report_webinar_participants,
};

constexpr std::uint64_t kParticipantBase = 16778240;  // as the meetings' participants

// A number from (seed, slot, salt): every child record derives from these.
std::uint64_t mix(const Dataset& ds, std::uint64_t slot, std::uint64_t salt) {
  return util::Rng(ds.seed ^ (slot * 0x9E3779B97F4A7C15ULL) ^ (salt * 0xC2B2AE3D27D4EB4FULL))
      .next();
}

std::string hex_id(const Dataset& ds, std::uint64_t slot, std::uint64_t salt) {
  static constexpr char digits[] = "0123456789abcdef";
  std::uint64_t v = mix(ds, slot, salt);
  std::string out(16, '0');
  for (auto& c : out) {
    c = digits[v & 15];
    v >>= 4;
  }
  return out;
}

bool held(sys_seconds start, TimePoint now) { return start < floor<seconds>(now); }

// Registration is possible for scheduled meetings (2, 8) and webinars (5, 9).
bool takes_registration(int type) { return type == 2 || type == 8 || type == 5 || type == 9; }

int registrant_count(const Dataset& ds, std::uint64_t slot, int type) {
  return takes_registration(type) ? 1 + static_cast<int>(mix(ds, slot, 1) % 3) : 0;
}

const char* registrant_status(int r) { return r == 2 ? "pending" : "approved"; }

std::string registrant_json(const Dataset& ds, std::uint64_t slot, int r, std::int64_t event_id,
                            bool webinar, sys_seconds start) {
  const std::string tag = std::to_string(r + 1) + "." + std::to_string(slot);
  json::object o;
  o["id"] = hex_id(ds, slot, 100 + static_cast<std::uint64_t>(r));
  o["email"] = "registrant" + tag + "@attendees.sim.example.com";
  o["first_name"] = "Registrant";
  o["last_name"] = "No. " + tag;
  o["org"] = "Sim Org";
  o["custom_questions"] = json::array{};
  o["status"] = registrant_status(r);
  o["create_time"] = util::iso8601(start - hours(24 * (3 + r)));
  o["join_url"] = std::string("https://sim.zoom.example/") + (webinar ? "w/" : "j/") +
                  std::to_string(event_id) + "?tk=" + hex_id(ds, slot, 200 + r);
  return json::serialize(o);
}

// A meeting or webinar id from a path: a number, or a UUID that arrives
// double-encoded where it starts with '/' or holds "//" (else Zoom answers 3001).
std::optional<std::string> decoded_id(std::string_view raw) {
  auto once = util::pct_decode(raw, false);
  if (!once) return std::nullopt;
  if (!util::has_pct_escape(*once)) {
    if (once->starts_with("/") || once->find("//") != std::string::npos) return std::nullopt;
    return once;
  }
  return util::pct_decode(*once, false);
}

bool numeric(const std::string& id) {
  return !id.empty() && id.size() < 19 &&
         std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; });
}

const Meeting* find_meeting(const Dataset& ds, const std::string& id) {
  return numeric(id) ? ds.find_meeting_by_id(std::stoll(id)) : ds.find_meeting_by_uuid(id);
}

const Webinar* find_webinar(const Dataset& ds, const std::string& id) {
  return numeric(id) ? ds.find_webinar_by_id(std::stoll(id)) : ds.find_webinar_by_uuid(id);
}

json::array poll_list(const Dataset& ds, std::uint64_t slot, bool ended) {
  json::array polls;
  const auto count = mix(ds, slot, 2) % 3;  // 0 to 2 polls
  for (std::uint64_t p = 0; p < count; ++p) {
    polls.push_back(json::object{
        {"id", hex_id(ds, slot, 300 + p)},
        {"title", "Poll " + std::to_string(p + 1)},
        {"status", ended ? "ended" : "notstart"},
        {"anonymous", false},
        {"poll_type", 1},
        {"questions",
         json::array{json::object{{"name", "How useful was this?"},
                                  {"type", "single"},
                                  {"answer_required", true},
                                  {"answers", json::array{"Very", "Somewhat", "Not"}}}}}});
  }
  return polls;
}

// Who answered polls or asked questions: the first two named participants.
struct Attendee {
  std::string name, email;
};

std::vector<Attendee> attendees(const Dataset& ds, std::size_t host_index, std::uint64_t slot) {
  std::vector<Attendee> out;
  const auto n = ds.user_count();
  const int np = std::max(0, ds.sizes.participants_per_meeting);
  for (int p = 0; p < np && out.size() < 2 && n > 0; ++p) {
    if (p % 3 == 2) continue;  // guests, as in the meetings' participants
    const User u = ds.user_at((host_index + static_cast<std::size_t>(p) + slot) % n);
    out.push_back({u.display_name, u.email});
  }
  return out;
}

// GET /past_meetings|past_webinars/{id}/polls and .../qa: who answered what.
std::string answers_json(const Dataset& ds, std::int64_t id, const std::string& uuid,
                         sys_seconds start, std::size_t host_index, std::uint64_t slot, bool qa) {
  json::array questions;
  const json::array polls = poll_list(ds, slot, true);
  if (qa || !polls.empty()) {
    for (const Attendee& who : attendees(ds, host_index, slot)) {
      json::object detail;
      if (qa) {
        detail = {{"question", "Will the slides be shared?"},
                  {"answer", "Yes, after the session."}};
      } else {
        detail = {{"question", "How useful was this?"},
                  {"answer", "Very"},
                  {"polling_id", polls.front().as_object().at("id")},
                  {"date_time", util::iso8601(start + minutes(10))}};
      }
      questions.push_back(json::object{{"name", who.name},
                                       {"email", who.email},
                                       {"question_details", json::array{std::move(detail)}}});
    }
  }
  return json::serialize(json::object{{"id", id},
                                      {"uuid", uuid},
                                      {"start_time", util::iso8601(start)},
                                      {"questions", std::move(questions)}});
}

std::string questions_json(bool registration) {
  json::array questions, custom;
  if (registration) {
    questions = {json::object{{"field_name", "last_name"}, {"required", true}},
                 json::object{{"field_name", "org"}, {"required", false}}};
    custom = {json::object{{"title", "How did you hear about us?"},
                           {"type", "short"},
                           {"required", false},
                           {"answers", json::array{}}}};
  }
  return json::serialize(
      json::object{{"questions", std::move(questions)}, {"custom_questions", std::move(custom)}});
}

HttpResponse list_answer(std::string_view key, const json::array& rows) {
  return json_response(200,
                       json::serialize(json::object{{"total_records", rows.size()}, {key, rows}}));
}

// Past participants of a held webinar (report: the report's fields).
std::vector<std::string> webinar_participants(const Dataset& ds, const Webinar& w, bool report) {
  std::vector<std::string> rows;
  const int np = std::max(0, ds.sizes.participants_per_meeting);
  const auto n = ds.user_count();
  for (int p = 0; p < np && n > 0; ++p) {
    const bool guest = p % 3 == 2;
    const auto uid =
        kParticipantBase + w.slot * static_cast<std::uint64_t>(np) + static_cast<std::uint64_t>(p);
    const User u = ds.user_at((w.host_index + static_cast<std::size_t>(p) + 1) % n);
    const auto join = w.start_time + seconds(mix(ds, w.slot, 400 + p) % 300);
    json::object o{{"id", guest ? "" : u.id},
                   {"name", guest ? "Guest " + std::to_string(uid % 1000) : u.display_name},
                   {"user_id", std::to_string(uid)},
                   {"registrant_id", ""},
                   {"join_time", util::iso8601(join)},
                   {"leave_time", util::iso8601(join + minutes(55))},
                   {"duration", 55 * 60},
                   {"failover", false},
                   {"status", "in_meeting"}};
    // A guest has no e-mail: Zoom's reference types the field as an e-mail,
    // so the simulator leaves it out (a guess: Zoom may send "").
    if (!guest) o["user_email"] = u.email;
    if (report) {
      o["customer_key"] = "";
      o["participant_user_id"] = o["id"];
      o["bo_mtg_id"] = "";
    } else {
      o["internal_user"] = !guest;
    }
    rows.push_back(json::serialize(o));
  }
  return rows;
}

std::string report_webinar_json(const Dataset& ds, const Webinar& w) {
  const User host = ds.user_at(w.host_index);
  const int np = std::max(0, ds.sizes.participants_per_meeting);
  return json::serialize(json::object{{"uuid", w.uuid},
                                      {"id", w.id},
                                      {"type", w.type},
                                      {"topic", "Webinar " + std::to_string(w.slot + 1)},
                                      {"user_name", host.display_name},
                                      {"user_email", host.email},
                                      {"dept", host.dept},
                                      {"start_time", util::iso8601(w.start_time)},
                                      {"end_time", util::iso8601(w.start_time + minutes(60))},
                                      {"duration", 60},
                                      {"total_minutes", 55 * np},
                                      {"participants_count", np},
                                      {"custom_keys", json::array{}},
                                      {"tracking_fields", json::array{}}});
}

EventChildAnswer meeting_child(const Dataset& ds, int kind, const std::string& shown,
                               const Meeting* m) {
  if (m == nullptr || (kind == past_meeting_polls && !m->past))
    return api_error(404, 3001, "Meeting does not exist: " + shown + ".");
  switch (kind) {
    case meeting_polls:
      return list_answer("polls", poll_list(ds, m->slot, m->past));
    case past_meeting_polls:
      return json_response(
          200, answers_json(ds, m->id, m->uuid, m->start_time, m->host_index, m->slot, false));
    default:  // meeting_questions: empty lists without registration (a guess)
      return json_response(200, questions_json(takes_registration(m->type)));
  }
}

EventChildAnswer webinar_child(const Dataset& ds, int kind, const std::string& shown,
                               const Webinar* w, TimePoint now) {
  if (w == nullptr) return api_error(404, 3001, "Webinar does not exist: " + shown + ".");
  const bool past_only = kind == webinar_absentees || kind == past_webinar_participants ||
                         kind == past_webinar_polls || kind == past_webinar_qa ||
                         kind == report_webinar || kind == report_webinar_participants;
  if (past_only && !held(w->start_time, now)) {
    if (kind == report_webinar || kind == report_webinar_participants)
      return api_error(404, 3001, "Webinar \"" + shown + "\" not found or has expired");
    return api_error(404, 3001, "Webinar ID is invalid or not end.");
  }
  const bool registration = takes_registration(w->type);
  switch (kind) {
    case webinar_panelists: {
      json::array rows;
      for (std::uint64_t p = 0; p < 2; ++p) {
        const auto tag = std::to_string(p + 1) + "." + std::to_string(w->slot);
        rows.push_back(json::object{
            {"id", hex_id(ds, w->slot, 500 + p)},
            {"email", "panelist" + tag + "@speakers.sim.example.com"},
            {"name", "Panelist " + tag},
            {"join_url", "https://sim.zoom.example/w/" + std::to_string(w->id) + "?tk=p" + tag}});
      }
      return list_answer("panelists", rows);
    }
    case webinar_absentees: {
      if (!registration)
        return api_error(400, 3000, "This webinar doesn't have registration required: " + shown);
      std::vector<std::string> rows;
      for (int r = 1; r < registrant_count(ds, w->slot, w->type); r += 2)
        if (std::string_view(registrant_status(r)) == "approved")
          rows.push_back(registrant_json(ds, w->slot, r, w->id, true, w->start_time));
      return rows;
    }
    case past_webinar_participants:
    case report_webinar_participants:
      return webinar_participants(ds, *w, kind == report_webinar_participants);
    case webinar_polls:
      return list_answer("polls", poll_list(ds, w->slot, held(w->start_time, now)));
    case past_webinar_polls:
    case past_webinar_qa:
      return json_response(200, answers_json(ds, w->id, w->uuid, w->start_time, w->host_index,
                                             w->slot, kind == past_webinar_qa));
    case webinar_questions:
      if (!registration)
        return api_error(400, 3000, "Registration has not been enabled for this webinar: " + shown);
      return json_response(200, questions_json(true));
    case webinar_tracking_sources: {
      json::array rows;
      for (std::uint64_t t = 0; registration && t < 2; ++t) {
        const auto visits = 10 + mix(ds, w->slot, 600 + t) % 90;
        rows.push_back(json::object{
            {"id", hex_id(ds, w->slot, 700 + t)},
            {"source_name", t == 0 ? "Newsletter" : "Website"},
            {"tracking_url",
             "https://sim.zoom.example/w/" + std::to_string(w->id) + "?src=" + std::to_string(t)},
            {"visitor_count", visits},
            {"registration_count", visits / 4}});
      }
      return list_answer("tracking_sources", rows);
    }
    default:  // report_webinar
      return json_response(200, report_webinar_json(ds, *w));
  }
}

}  // namespace

const std::vector<EventChildRoute>& event_child_routes() {
  static const std::vector<EventChildRoute> r = {
      {meeting_polls,
       {"meetings", "{}", "polls"},
       "GET /v2/meetings/{meetingId}/polls",
       Category::light,
       "meeting:read:admin",
       "meeting:read:list_polls:admin",
       "polls",
       0},
      {past_meeting_polls,
       {"past_meetings", "{}", "polls"},
       "GET /v2/past_meetings/{meetingId}/polls",
       Category::medium,
       "meeting:read:admin",
       "meeting:read:list_poll_results:admin",
       "",
       0},
      {meeting_questions,
       {"meetings", "{}", "registrants", "questions"},
       "GET /v2/meetings/{meetingId}/registrants/questions",
       Category::light,
       "meeting:read:admin",
       "meeting:read:list_registration_questions:admin",
       "",
       0},
      {webinar_panelists,
       {"webinars", "{}", "panelists"},
       "GET /v2/webinars/{webinarId}/panelists",
       Category::medium,
       "webinar:read:admin",
       "webinar:read:list_panelists:admin",
       "panelists",
       0},
      {webinar_absentees,
       {"past_webinars", "{}", "absentees"},
       "GET /v2/past_webinars/{webinarId}/absentees",
       Category::medium,
       "webinar:read:admin",
       "webinar:read:list_absentees:admin",
       "registrants",
       300},
      {past_webinar_participants,
       {"past_webinars", "{}", "participants"},
       "GET /v2/past_webinars/{webinarId}/participants",
       Category::medium,
       "webinar:read:admin",
       "webinar:read:list_past_participants:admin",
       "participants",
       300},
      {webinar_polls,
       {"webinars", "{}", "polls"},
       "GET /v2/webinars/{webinarId}/polls",
       Category::light,
       "webinar:read:admin",
       "webinar:read:list_polls:admin",
       "polls",
       0},
      {past_webinar_polls,
       {"past_webinars", "{}", "polls"},
       "GET /v2/past_webinars/{webinarId}/polls",
       Category::medium,
       "webinar:read:admin",
       "webinar:read:list_past_polls:admin",
       "",
       0},
      {webinar_questions,
       {"webinars", "{}", "registrants", "questions"},
       "GET /v2/webinars/{webinarId}/registrants/questions",
       Category::light,
       "webinar:read:admin",
       "webinar:read:list_registration_questions:admin",
       "",
       0},
      {webinar_tracking_sources,
       {"webinars", "{}", "tracking_sources"},
       "GET /v2/webinars/{webinarId}/tracking_sources",
       Category::medium,
       "webinar:read:admin",
       "webinar:read:list_tracking_sources:admin",
       "tracking_sources",
       0},
      {past_webinar_qa,
       {"past_webinars", "{}", "qa"},
       "GET /v2/past_webinars/{webinarId}/qa",
       Category::medium,
       "webinar:read:admin",
       "webinar:read:past_qa:admin",
       "",
       0},
      {report_webinar,
       {"report", "webinars", "{}"},
       "GET /v2/report/webinars/{webinarId}",
       Category::heavy,
       "report:read:admin",
       "report:read:webinar:admin",
       "",
       0},
      {report_webinar_participants,
       {"report", "webinars", "{}", "participants"},
       "GET /v2/report/webinars/{webinarId}/participants",
       Category::heavy,
       "report:read:admin",
       "report:read:list_webinar_participants:admin",
       "participants",
       300},
  };
  return r;
}

EventChildAnswer event_child_answer(const Dataset& ds, const EventChildRoute& route,
                                    std::string_view raw_id, const util::Params& params,
                                    TimePoint now) {
  (void)params;  // occurrence_id, anonymous, include_fields: accepted, not applied
  const auto id = decoded_id(raw_id);
  const std::string shown =
      id ? *id : util::pct_decode(raw_id, false).value_or(std::string(raw_id));
  const bool meeting = route.kind == meeting_polls || route.kind == past_meeting_polls ||
                       route.kind == meeting_questions;
  if (meeting) return meeting_child(ds, route.kind, shown, id ? find_meeting(ds, *id) : nullptr);
  return webinar_child(ds, route.kind, shown, id ? find_webinar(ds, *id) : nullptr, now);
}

std::vector<std::string> dataset_registrants(const Dataset& ds, std::int64_t id, bool webinar,
                                             std::string_view status) {
  std::vector<std::string> rows;
  std::uint64_t slot = 0;
  int type = 0;
  sys_seconds start{};
  if (webinar) {
    const Webinar* w = ds.find_webinar_by_id(id);
    if (w == nullptr) return rows;
    slot = w->slot;
    type = w->type;
    start = w->start_time;
  } else {
    const Meeting* m = ds.find_meeting_by_id(id);
    if (m == nullptr) return rows;
    slot = m->slot;
    type = m->type;
    start = m->start_time;
  }
  for (int r = 0; r < registrant_count(ds, slot, type); ++r)
    if (registrant_status(r) == status)
      rows.push_back(registrant_json(ds, slot, r, id, webinar, start));
  return rows;
}

}  // namespace zoom_sim
