#include "write_records.hpp"

#include "write_validate.hpp"

namespace zoom_sim {

namespace json = boost::json;
using namespace std::chrono;

namespace {

std::string str_or(const json::object& o, std::string_view k, std::string def) {
  const auto* v = o.if_contains(k);
  return v && v->is_string() ? std::string(v->as_string()) : def;
}

std::int64_t int_or(const json::object& o, std::string_view k, std::int64_t def) {
  const auto* v = o.if_contains(k);
  return v && (v->is_int64() || v->is_uint64()) ? v->to_number<std::int64_t>() : def;
}

json::object merged(json::object base, const json::object& changes) {
  for (const auto& kv : changes) base[kv.key()] = kv.value();
  return base;
}

}  // namespace

std::string random_alnum(util::Rng& rng, std::size_t n) {
  static constexpr char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string s(n, 'a');
  for (auto& c : s) c = a[rng.below(62)];
  return s;
}

WrittenUser make_written_user(WriteStore& st, const json::object& info, std::string_view action,
                              const std::string& account_id, sys_seconds now, util::Rng& rng) {
  const std::string now_text = util::iso8601(now);
  WrittenUser u;
  u.id = st.next_user_id();
  u.email = str_or(info, "email", "");
  u.type = static_cast<int>(int_or(info, "type", 1));
  u.status = action == "create" ? "pending" : "active";
  u.webinar_licensed = u.type == 2;
  const std::string first = str_or(info, "first_name", "");
  const std::string last = str_or(info, "last_name", "");
  std::string display = str_or(info, "display_name", "");
  if (display.empty()) display = first + (first.empty() || last.empty() ? "" : " ") + last;
  std::int64_t pmi = 0;
  do pmi = 5000000000LL + static_cast<std::int64_t>(rng.below(4000000000ULL));
  while (st.pmi_owner(pmi));
  u.list = json::object{{"id", u.id},
                        {"first_name", first},
                        {"last_name", last},
                        {"display_name", display},
                        {"email", u.email},
                        {"type", u.type},
                        {"pmi", pmi},
                        {"timezone", ""},
                        {"verified", u.status == "pending" ? 0 : 1},
                        {"dept", ""},
                        {"created_at", now_text},
                        {"user_created_at", now_text},
                        {"language", "en-US"},
                        {"status", u.status},
                        {"role_id", "2"},
                        {"group_ids", json::array{}}};
  u.extra =
      json::object{{"account_id", account_id},
                   {"account_number", 10000001},
                   {"role_name", "Member"},
                   {"use_pmi", false},
                   {"personal_meeting_url", "https://sim.zoom.example/j/" + std::to_string(pmi)},
                   {"jid", util::lower(u.id) + "@xmpp.zoom.us"},
                   {"login_types", json::array{100}},
                   {"cluster", "us05"}};
  return u;
}

void apply_event_fields(WrittenEvent& e, const json::object& b, bool update, sys_seconds now) {
  for (auto k : {"topic", "type", "duration", "timezone", "agenda", "password", "pre_schedule",
                 "recurrence", "tracking_fields", "is_simulive", "record_file_id"})
    if (const auto* v = b.if_contains(k)) e.obj[k] = *v;
  if (const auto* s = b.if_contains("start_time")) {
    const auto t = parse_date_time(s->as_string());
    if (!update || *t >= now) {
      e.start = *t;
      e.obj["start_time"] = util::iso8601(*t);
      e.past.reset();
    }
  }
  if (const auto* s = b.if_contains("settings"))
    e.obj["settings"] =
        merged(e.obj.contains("settings") ? e.obj["settings"].as_object() : json::object{},
               s->as_object());
  e.topic = str_or(e.obj, "topic", e.topic);
  e.duration = static_cast<int>(int_or(e.obj, "duration", e.duration));
}

WrittenEvent make_written_event(WriteStore& st, bool webinar, const WriteStore::UserRef& host,
                                const json::object& body, sys_seconds now, util::Rng& rng) {
  const std::string now_text = util::iso8601(now);
  WrittenEvent e;
  e.webinar = webinar;
  e.id = st.next_id();
  e.uuid = st.next_uuid();
  e.host_id = host.id();
  e.topic = webinar ? "Zoom webinar" : "Zoom meeting";
  e.start = now;
  const std::string id = std::to_string(e.id);
  const std::string pwd = str_or(body, "password", "");
  const bool gen_pwd =
      pwd.empty() &&
      !(webinar ? body.contains("default_passcode") && body.at("default_passcode") == false
                : body.contains("default_password") && body.at("default_password") == false);
  const std::string password = gen_pwd ? random_alnum(rng, 6) : pwd;
  e.obj = json::object{
      {"uuid", e.uuid},
      {"id", e.id},
      {"host_id", e.host_id},
      {"host_email", host.email()},
      {"topic", e.topic},
      {"type", webinar ? 5 : 2},
      {"status", "waiting"},
      {"start_time", now_text},
      {"duration", 60},
      {"timezone", "UTC"},
      {"agenda", ""},
      {"created_at", now_text},
      {"start_url", "https://sim.zoom.example/s/" + id + "?zak=" + random_alnum(rng, 16)},
      {"join_url", std::string("https://sim.zoom.example/") + (webinar ? "w/" : "j/") + id +
                       (password.empty() ? "" : "?pwd=" + random_alnum(rng, 20))},
      {"password", password},
      {"settings", json::object{{"host_video", false},
                                {"join_before_host", false},
                                {"approval_type", 2},
                                {"audio", "both"},
                                {"auto_recording", "none"}}},
      {"pre_schedule", false},
      {"creation_source", "open_api"}};
  if (webinar) e.obj["is_simulive"] = false;
  apply_event_fields(e, body, false, now);
  const auto approval = int_or(e.obj["settings"].as_object(), "approval_type", 2);
  if (approval == 0 || approval == 1)
    e.obj["registration_url"] = std::string("https://sim.zoom.example/") +
                                (webinar ? "webinar" : "meeting") + "/register/" + id;
  return e;
}

}  // namespace zoom_sim
