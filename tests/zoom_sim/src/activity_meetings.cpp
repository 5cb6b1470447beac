// The activity generator's meeting life: meetings starting and ending,
// participants joining and leaving, cloud recordings completing and being
// deleted, and completed phone calls.
#include "activity.hpp"
#include "event_system.hpp"
#include "write_records.hpp"

namespace zoom_sim {

namespace json = boost::json;
using namespace std::chrono;

namespace {

constexpr std::size_t kJoinsPerMeeting = 12;
constexpr std::uint64_t kParticipantIdBase = 30000000000ULL;  // above every dataset id

std::string str_of(const json::object& o, std::string_view k, std::string def = {}) {
  const auto* v = o.if_contains(k);
  return v && v->is_string() ? std::string(v->as_string()) : def;
}

std::string hex(util::Rng& rng, std::size_t n) {
  static constexpr char h[] = "0123456789abcdef";
  std::string s(n, '0');
  for (auto& c : s) c = h[rng.below(16)];
  return s;
}

std::string display_name(const WriteStore::UserRef& u) {
  return u.w ? str_of(u.w->list, "display_name") : u.base->display_name;
}

}  // namespace

bool Activity::start_meeting(Ctx& c) {
  if (live_.size() >= static_cast<std::size_t>(std::max(0, opt_.max_live_meetings)) ||
      !ev_.live.room_for(1 + kJoinsPerMeeting))
    return false;
  const auto pick = pick_upcoming(c, false, true);
  if (!pick) return false;
  auto& w = c.st.touch_event(*pick);
  w.obj["status"] = "started";
  LiveMeeting m;
  m.inst = payloads::Instance{w.id,
                              w.uuid,
                              w.host_id,
                              w.topic,
                              str_of(w.obj, "timezone", "UTC"),
                              static_cast<int>(w.obj["type"].to_number<std::int64_t>()),
                              util::iso8601(c.now_s),
                              w.duration};
  m.host_email = c.st.find_user(w.host_id).email();
  m.start = c.now_s;
  started_.insert(w.id);
  c.publish(ev_, "meeting.started", payloads::meeting_started(c.who, m.inst));
  live_.push_back(std::move(m));
  return true;
}

bool Activity::join(Ctx& c) {
  if (live_.empty()) return false;
  auto& m = live_[c.rng.below(live_.size())];
  if (m.in.size() + m.rows.size() >= kJoinsPerMeeting) return false;
  Participant p;
  const auto pid = std::to_string(kParticipantIdBase + ++serial_);
  if (c.rng.below(3) != 0 && c.ds.user_count() > 0) {
    const auto ref = c.st.find_user(c.ds.user_ptr(c.rng.below(c.ds.user_count()))->id);
    if (!ref.gone()) {
      p.zoom_user_id = ref.id();
      p.name = display_name(ref);
      p.email = ref.email();
    }
  }
  if (p.zoom_user_id.empty()) p.name = "Guest " + std::to_string(c.rng.below(1000));
  p.join = c.now_s;
  p.joined = json::object{{"user_id", pid},
                          {"user_name", p.name},
                          {"id", p.zoom_user_id},
                          {"join_time", util::iso8601(p.join)},
                          {"email", p.email},
                          {"registrant_id", ""},
                          {"participant_user_id", p.zoom_user_id}};
  c.publish(ev_, "meeting.participant_joined", payloads::participant(c.who, m.inst, p.joined));
  m.in.push_back(std::move(p));
  return true;
}

void Activity::leave_one(Ctx& c, LiveMeeting& m, std::size_t who) {
  Participant p = std::move(m.in[who]);
  m.in.erase(m.in.begin() + static_cast<std::ptrdiff_t>(who));
  const auto pid = str_of(p.joined, "user_id");
  // The row GET /past_meetings/{uuid}/participants serves once the meeting ended,
  // in the dataset's shape.
  json::object row{{"id", p.zoom_user_id},
                   {"name", p.name},
                   {"user_id", pid},
                   {"registrant_id", ""},
                   {"user_email", p.email},
                   {"join_time", util::iso8601(p.join)},
                   {"leave_time", util::iso8601(c.now_s)},
                   {"duration", (c.now_s - p.join).count()},
                   {"failover", false},
                   {"status", "in_meeting"},
                   {"internal_user", !p.zoom_user_id.empty()}};
  m.rows.push_back(json::serialize(row));
  const json::object left{{"user_id", pid},
                          {"user_name", p.name},
                          {"id", p.zoom_user_id},
                          {"leave_time", util::iso8601(c.now_s)},
                          {"leave_reason", "left the meeting"},
                          {"email", p.email},
                          {"registrant_id", ""},
                          {"participant_user_id", p.zoom_user_id}};
  c.publish(ev_, "meeting.participant_left", payloads::participant(c.who, m.inst, left));
}

bool Activity::leave(Ctx& c) {
  std::vector<std::size_t> busy;
  for (std::size_t i = 0; i < live_.size(); ++i)
    if (!live_[i].in.empty()) busy.push_back(i);
  if (busy.empty()) return false;
  auto& m = live_[busy[c.rng.below(busy.size())]];
  leave_one(c, m, c.rng.below(m.in.size()));
  return true;
}

bool Activity::end_meeting(Ctx& c, std::size_t which) {
  LiveMeeting m = std::move(live_[which]);
  live_.erase(live_.begin() + static_cast<std::ptrdiff_t>(which));
  while (!m.in.empty()) leave_one(c, m, m.in.size() - 1);
  // Applied first: the meeting is past and its participants are served.
  ev_.live.add_instance(m.inst.uuid, m.inst.id, m.rows);
  if (const auto e = c.st.find_event(m.inst.id, false); e.found()) {
    auto& w = c.st.touch_event(e);
    w.past = true;
    w.obj["status"] = "waiting";
  }
  c.publish(ev_, "meeting.ended", payloads::meeting_ended(c.who, m.inst, util::iso8601(c.now_s)));
  if (c.rng.unit() < opt_.recording_share)
    pending_recordings_.push_back(PendingRecording{m.inst, m.host_email, m.start, c.now_s});
  return true;
}

bool Activity::complete_recording(Ctx& c) {
  if (pending_recordings_.empty()) return false;
  const PendingRecording r = std::move(pending_recordings_.front());
  pending_recordings_.pop_front();
  if (c.st.find_user(r.inst.host_id).gone()) return false;  // its host was deleted meanwhile
  const auto minutes_long = std::max<std::int64_t>(1, (r.end - r.start).count() / 60);
  json::array files;
  std::int64_t total = 0;
  for (const char* ft : {"MP4", "M4A"}) {
    const auto size = static_cast<std::int64_t>(1000000 + c.rng.below(50000000));
    total += size;
    const std::string fid = hex(c.rng, 32);
    files.push_back(json::object{
        {"id", fid},
        {"meeting_id", r.inst.uuid},
        {"recording_start", util::iso8601(r.start)},
        {"recording_end", util::iso8601(r.end)},
        {"file_type", ft},
        {"file_extension", ft},
        {"file_size", size},
        {"play_url", "https://sim.zoom.example/rec/play/" + fid},
        {"download_url", "https://sim.zoom.example/rec/download/" + fid},
        {"status", "completed"},
        {"recording_type",
         std::string_view(ft) == "MP4" ? "shared_screen_with_speaker_view" : "audio_only"}});
  }
  json::object row{{"uuid", r.inst.uuid},
                   {"id", r.inst.id},
                   {"account_id", c.who.account_id},
                   {"host_id", r.inst.host_id},
                   {"topic", r.inst.topic},
                   {"type", r.inst.type},
                   {"start_time", util::iso8601(r.start)},
                   {"timezone", r.inst.timezone},
                   {"duration", minutes_long},
                   {"total_size", total},
                   {"recording_count", 2},
                   {"share_url", "https://sim.zoom.example/rec/share/" + std::to_string(r.inst.id)},
                   {"recording_files", std::move(files)}};
  ev_.live.add_recording(r.inst.host_id, floor<days>(r.start), r.inst.uuid, json::serialize(row));
  c.publish(ev_, "recording.completed", payloads::recording(c.who, row, r.host_email, false),
            json::object{{"download_token", random_alnum(c.rng, 40)}});
  return true;
}

bool Activity::delete_recording(Ctx& c) {
  std::optional<std::pair<std::string, std::string>> pick;  // host id, recording row
  if (c.rng.below(2) == 0) pick = ev_.live.live_recording(c.rng.below(8));
  for (int tries = 0; !pick && tries < 8 && c.ds.user_count() > 0; ++tries) {
    const auto i = c.rng.below(c.ds.user_count());
    if (!user_hosts(c.ds.seed, c.ds.sizes, i)) continue;
    const auto ref = c.st.find_user(c.ds.user_ptr(i)->id);
    if (ref.gone()) continue;
    std::vector<std::string> rows;
    for (const auto& m : c.ds.meetings_of(i))
      if (m.has_recording && !ev_.live.recording_deleted(m.uuid)) rows.push_back(m.json_recording);
    if (!rows.empty()) pick.emplace(ref.id(), rows[c.rng.below(rows.size())]);
  }
  if (!pick) return false;
  const auto row = json::parse(pick->second).as_object();
  ev_.live.delete_recording(str_of(row, "uuid"));
  const auto host = c.st.find_user(pick->first);
  c.publish(ev_, c.rng.below(2) == 0 ? "recording.deleted" : "recording.trashed",
            payloads::recording(c.who, row, host.gone() ? "" : host.email(), true));
  return true;
}

bool Activity::phone_call(Ctx& c) {
  if (!opt_.phone_calls || c.ds.phone_users.empty() || !ev_.live.room_for(1)) return false;
  const auto& pu = c.ds.phone_users[c.rng.below(c.ds.phone_users.size())];
  const auto ref = c.st.find_user(c.ds.user_ptr(pu.user_index)->id);
  if (ref.gone()) return false;
  const auto dur = static_cast<std::int64_t>(30 + c.rng.below(1800));
  const auto start = c.now_s - seconds(dur + 5);
  const bool outbound = c.rng.below(2) == 0;
  const auto ext = json::parse(pu.json_list).as_object().at("extension_number");
  json::object row{
      {"id", hex(c.rng, 32)},
      {"call_id", std::to_string(7000000000000000000ULL + c.rng.below(1000000000000ULL))},
      {"direction", outbound ? "outbound" : "inbound"},
      {"international", false},
      {"start_time", util::iso8601(start)},
      {"answer_time", util::iso8601(start + seconds(5))},
      {"end_time", util::iso8601(c.now_s)},
      {"duration", dur},
      {"connect_type", "internal"},
      {"call_type", "general"},
      {"call_result", "answered"},
      {"caller_ext_number", std::to_string(ext.to_number<std::int64_t>())},
      {"caller_name", display_name(ref)},
      {"caller_email", ref.email()},
      {"callee_did_number", "+1555" + std::to_string(2000000 + c.rng.below(999999))},
      {"callee_name", "External"},
      {"user_id", ref.id()}};
  ev_.live.add_call(floor<days>(start), json::serialize(row));
  c.publish(
      ev_, outbound ? "phone.caller_call_history_completed" : "phone.callee_call_history_completed",
      payloads::call_history(c.who, ref.id(), row));
  return true;
}

}  // namespace zoom_sim
