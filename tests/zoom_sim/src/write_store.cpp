#include "write_store.hpp"

#include <algorithm>

#include "event_children.hpp"

namespace zoom_sim {

namespace json = boost::json;
using namespace std::chrono;

namespace {

json::object parse_object(const std::string& s) {
  auto v = json::parse(s);
  return v.is_object() ? std::move(v.as_object()) : json::object{};
}

json::object pick(const json::object& o, std::initializer_list<std::string_view> keys) {
  json::object out;
  for (auto k : keys)
    if (const auto* v = o.if_contains(k)) out[k] = *v;
  return out;
}

std::string meeting_row(const WrittenEvent& e) {
  if (e.webinar)
    return json::serialize(
        pick(e.obj, {"uuid", "id", "host_id", "topic", "type", "start_time", "duration", "timezone",
                     "created_at", "join_url", "agenda", "is_simulive"}));
  return json::serialize(pick(e.obj, {"uuid", "id", "host_id", "topic", "type", "start_time",
                                      "duration", "timezone", "created_at", "join_url", "agenda"}));
}

// What GET /meetings/{meetingId} shows of a dataset meeting or webinar.
json::object base_event_object(const json::object& list_element, const User& host, bool webinar) {
  json::object o = list_element;
  o["host_email"] = host.email;
  o["status"] = "waiting";
  o["password"] = "";
  const std::string id = std::to_string(o["id"].to_number<std::int64_t>());
  o["start_url"] = std::string("https://sim.zoom.example/s/") + id;
  o["settings"] = json::object{{"host_video", false},       {"participant_video", false},
                               {"join_before_host", false}, {"mute_upon_entry", false},
                               {"waiting_room", !webinar},  {"approval_type", 2},
                               {"audio", "both"},           {"auto_recording", "none"}};
  o["pre_schedule"] = false;
  return o;
}

std::string lower_key(std::string_view s) { return util::lower(s); }

std::int64_t day_number(TimePoint t) { return floor<days>(t).time_since_epoch().count(); }

}  // namespace

WriteStore::WriteStore(const Dataset& ds, const Options& opt, Now now)
    : ds_(ds), opt_(opt), now_(std::move(now)) {
  for (const auto& g : ds.groups) group_by_id_[g.id] = &g;
}

// ---------------------------------------------------------------- lookups
WriteStore::UserRef WriteStore::find_user(std::string_view key) const {
  // The store's lookups hand out mutable records to the write routes, which
  // hold mu; the const ledger queries only read them.
  auto* self = const_cast<WriteStore*>(this);
  if (key == "me") {
    const auto it = user_by_base_.find(ds_.owner_index);
    if (it != user_by_base_.end()) return {&self->users_[it->second], nullptr};
    return {nullptr, ds_.user_ptr(ds_.owner_index)};
  }
  auto it = user_by_key_.find(std::string(key));
  if (it == user_by_key_.end()) it = user_by_key_.find(lower_key(key));
  if (it != user_by_key_.end()) return {&self->users_[it->second], nullptr};
  const User* base = ds_.find_user(key);
  if (!base) return {};
  const auto bi = base->index;
  const auto bit = user_by_base_.find(bi);
  if (bit != user_by_base_.end()) return {&self->users_[bit->second], nullptr};
  return {nullptr, base};
}

WrittenUser& WriteStore::touch_user(const UserRef& u) {
  if (u.w) return *u.w;
  const auto bi = u.base->index;
  WrittenUser w;
  w.id = u.base->id;
  w.email = u.base->email;
  w.list = parse_object(u.base->json_list);
  for (const auto& kv : parse_object(u.base->json_detail))
    if (!w.list.contains(kv.key())) w.extra[kv.key()] = kv.value();
  w.status = u.base->status;
  w.type = u.base->type;
  w.webinar_licensed = u.base->webinar_licensed;
  w.base = bi;
  users_.push_back(std::move(w));
  const auto idx = users_.size() - 1;
  user_by_base_[bi] = idx;
  user_by_key_[users_[idx].id] = idx;
  user_by_key_[lower_key(users_[idx].email)] = idx;
  return users_[idx];
}

WrittenUser& WriteStore::add_user(WrittenUser u) {
  users_.push_back(std::move(u));
  const auto idx = users_.size() - 1;
  user_by_key_[users_[idx].id] = idx;
  user_by_key_[lower_key(users_[idx].email)] = idx;
  if (const auto* pmi = users_[idx].list.if_contains("pmi"))
    pmi_owner_[pmi->to_number<std::int64_t>()] = ds_.user_count() + idx;
  return users_[idx];
}

void WriteStore::remove_user(WrittenUser& u) {
  u.deleted = true;
  for (const auto& key : {u.id, lower_key(u.email)}) {
    const auto it = user_by_key_.find(key);
    if (it != user_by_key_.end() && &users_[it->second] == &u) user_by_key_.erase(it);
  }
  if (const auto* gids = u.list.if_contains("group_ids"); gids && gids->is_array()) {
    for (const auto& g : gids->as_array()) {
      const Group* grp = find_group(std::string(g.as_string()));
      if (!grp) continue;
      std::erase(touch_group(*grp).members, u.id);
    }
  }
}

WriteStore::EventRef WriteStore::find_event(std::int64_t id, bool webinar) const {
  auto* self = const_cast<WriteStore*>(this);
  EventRef e;
  if (const auto it = event_by_id_.find(id); it != event_by_id_.end()) {
    WrittenEvent& w = self->events_[it->second];
    if (w.webinar != webinar || w.deleted) return {};
    e.w = &w;
  } else if (!webinar) {
    e.meeting = ds_.find_meeting_by_id(id);
  } else {
    e.webinar = ds_.find_webinar_by_id(id);
  }
  if (!e.found() || find_user(host_of(e)).gone()) return {};
  return e;
}

std::string WriteStore::host_of(const EventRef& e) const {
  if (e.w) return e.w->host_id;
  if (e.meeting) return e.meeting->host_id;
  if (e.webinar) return ds_.user_ptr(e.webinar->host_index)->id;
  return {};
}

WrittenEvent& WriteStore::touch_event(const EventRef& e) {
  if (e.w) return *e.w;
  WrittenEvent w;
  w.from_dataset = true;
  if (e.meeting) {
    const Meeting& m = *e.meeting;
    w.id = m.id;
    w.uuid = m.uuid;
    w.host_id = m.host_id;
    w.topic = m.topic;
    w.start = m.start_time;
    w.duration = m.duration;
    w.past = m.past;
    w.obj = base_event_object(parse_object(m.json_list), *ds_.user_ptr(m.host_index), false);
  } else {
    const Webinar& b = *e.webinar;
    w.webinar = true;
    w.id = b.id;
    w.uuid = b.uuid;
    const User& host = *ds_.user_ptr(b.host_index);
    w.host_id = host.id;
    w.start = b.start_time;
    w.obj = base_event_object(parse_object(b.json_list), host, true);
    w.topic = std::string(w.obj["topic"].as_string());
    w.duration = static_cast<int>(w.obj["duration"].to_number<std::int64_t>());
  }
  events_.push_back(std::move(w));
  event_by_id_[events_.back().id] = events_.size() - 1;
  return events_.back();
}

WrittenEvent& WriteStore::add_event(WrittenEvent e) {
  events_.push_back(std::move(e));
  const auto idx = events_.size() - 1;
  event_by_id_[events_[idx].id] = idx;
  created_by_host_[events_[idx].host_id].push_back(idx);
  return events_[idx];
}

std::optional<std::size_t> WriteStore::pmi_owner(std::int64_t id) const {
  if (const User* u = ds_.find_user_by_pmi(id)) return u->index;
  const auto it = pmi_owner_.find(id);
  if (it == pmi_owner_.end()) return std::nullopt;
  return it->second;
}

const Group* WriteStore::find_group(std::string_view id) const {
  const auto it = group_by_id_.find(std::string(id));
  if (it == group_by_id_.end()) return nullptr;
  const auto w = groups_.find(it->second->id);
  return w != groups_.end() && w->second.deleted ? nullptr : it->second;
}

WrittenGroup& WriteStore::touch_group(const Group& g) {
  const auto [it, fresh] = groups_.try_emplace(g.id);
  if (fresh) {
    for (std::size_t i = 0; i < ds_.user_count(); ++i) {
      const User u = ds_.user_at(i);
      if (std::find(u.group_ids.begin(), u.group_ids.end(), g.id) == u.group_ids.end()) continue;
      if (find_user(u.id).gone()) continue;
      it->second.members.push_back(u.id);
    }
  }
  return it->second;
}

bool WriteStore::is_member(std::string_view group_id, const std::string& user_id) const {
  if (const auto it = groups_.find(std::string(group_id)); it != groups_.end())
    return std::find(it->second.members.begin(), it->second.members.end(), user_id) !=
           it->second.members.end();
  const auto u = find_user(user_id);
  if (u.gone()) return false;
  if (u.w) {  // a changed user keeps its dataset groups in its list
    const auto* gids = u.w->list.if_contains("group_ids");
    if (!gids || !gids->is_array()) return false;
    for (const auto& g : gids->as_array())
      if (g.is_string() && g.as_string() == group_id) return true;
    return false;
  }
  return std::find(u.base->group_ids.begin(), u.base->group_ids.end(), group_id) !=
         u.base->group_ids.end();
}

int WriteStore::count_today(const std::string& key, TimePoint now) const {
  const auto it = daily_.find(key);
  return it == daily_.end() || it->second.first != day_number(now) ? 0 : it->second.second;
}

void WriteStore::bump_today(const std::string& key, TimePoint now) {
  auto& [day, n] = daily_[key];
  if (day != day_number(now)) {
    day = day_number(now);
    n = 0;
  }
  ++n;
  if (daily_.size() > 100000)  // forget yesterday's counters
    std::erase_if(daily_, [&](const auto& kv) { return kv.second.first != day_number(now); });
}

std::int64_t WriteStore::next_id() {
  for (;;) {
    const auto id = 95000000000LL + static_cast<std::int64_t>(++seq_) * 7;
    if (!ds_.find_meeting_by_id(id) && !ds_.find_webinar_by_id(id) && !event_by_id_.contains(id))
      return id;
  }
}

namespace {
std::string seq_text(std::uint64_t seq, std::uint64_t salt, std::size_t n) {
  static constexpr char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  util::Rng rng(seq * 0x9E3779B97F4A7C15ULL ^ salt);
  std::string s(n, 'A');
  for (auto& c : s) c = a[rng.below(62)];
  // The sequence number's digits at the end keep every value unique.
  const auto digits = std::to_string(seq);
  s.replace(n - digits.size(), digits.size(), digits);
  return s;
}
}  // namespace

std::string WriteStore::next_uuid() { return seq_text(++seq_, 0x55, 22) + "=="; }

std::string WriteStore::next_user_id() {
  for (;;) {
    auto id = seq_text(++seq_, 0x77, 22);
    if (!ds_.find_user(id)) return id;
  }
}

std::string WriteStore::next_registrant_id() { return seq_text(++seq_, 0x99, 22); }

bool WriteStore::event_past(const WrittenEvent& e, TimePoint now) const {
  return e.past ? *e.past : e.start < floor<seconds>(now);
}

// ---------------------------------------------------------------- reads
std::vector<std::string> WriteStore::event_rows(const UserRef& u, bool webinar,
                                                std::string_view type, TimePoint now) const {
  const bool all = webinar || type == "scheduled";
  const bool upcoming = type == "upcoming" || type == "upcoming_meetings";
  const bool previous = type == "previous_meetings";
  auto keep = [&](bool past) { return all || (upcoming && !past) || (previous && past); };
  std::vector<std::string> rows;
  const auto base = u.base ? std::optional(u.base->index) : (u.w ? u.w->base : std::nullopt);
  if (base) {
    const auto ms = webinar ? std::vector<Meeting>{} : ds_.meetings_of(*base);
    const auto ws = webinar ? ds_.webinars_of(*base) : std::vector<Webinar>{};
    for (std::size_t i = 0; i < (webinar ? ws.size() : ms.size()); ++i) {
      const auto id = webinar ? ws[i].id : ms[i].id;
      if (const auto it = event_by_id_.find(id); it != event_by_id_.end()) {
        const auto& e = events_[it->second];
        if (!e.deleted && keep(event_past(e, now))) rows.push_back(meeting_row(e));
        continue;
      }
      const bool past = webinar ? ws[i].start_time < floor<seconds>(now) : ms[i].past;
      if (keep(past)) rows.push_back(webinar ? ws[i].json_list : ms[i].json_list);
    }
  }
  if (const auto it = created_by_host_.find(u.id()); it != created_by_host_.end()) {
    for (auto idx : it->second) {
      const auto& e = events_[idx];
      if (e.webinar == webinar && !e.deleted && keep(event_past(e, now)))
        rows.push_back(meeting_row(e));
    }
  }
  return rows;
}

std::optional<WriteStore::ReadAnswer> WriteStore::read(const Dataset& ds, std::string_view route,
                                                       const std::vector<std::string_view>& args,
                                                       const util::Params& params,
                                                       TimePoint now) const {
  const bool always = route == "GET /v2/meetings/{meetingId}" ||
                      route == "GET /v2/webinars/{webinarId}" ||
                      route == "GET /v2/meetings/{meetingId}/registrants" ||
                      route == "GET /v2/webinars/{webinarId}/registrants" ||
                      route == "GET /v2/groups/{groupId}/members";
  if (!always && !touched_.load(std::memory_order_acquire)) return std::nullopt;
  std::lock_guard lk(mu);
  const std::string arg = args.empty()
                              ? std::string{}
                              : util::pct_decode(args[0], false).value_or(std::string(args[0]));
  auto param = [&](std::string_view k, std::string def) {
    const auto* v = util::find_param(params, k);
    return v ? *v : def;
  };
  auto numeric_id = [](const std::string& s) -> std::optional<std::int64_t> {
    if (s.empty() || s.size() > 18 ||
        !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return std::nullopt;
    return std::stoll(s);
  };
  auto user_missing = [&] { return api_error(404, 1001, "User does not exist: " + arg + "."); };

  if (route == "GET /v2/users") {
    const auto status = param("status", "active");
    if (status != "active" && status != "inactive" && status != "pending")
      return validation_error("status");
    return user_rows(ds, status);
  }
  if (route == "GET /v2/users/{userId}") {
    const auto u = find_user(arg);
    if (!u.w) return std::nullopt;
    if (u.gone()) return user_missing();
    json::object d = u.w->list;
    for (const auto& kv : u.w->extra) d[kv.key()] = kv.value();
    return json_response(200, json::serialize(d));
  }
  if (route == "GET /v2/users/{userId}/meetings" || route == "GET /v2/users/{userId}/webinars") {
    const bool webinar = route.ends_with("webinars");
    const auto u = find_user(arg);
    if (!u.w && !u.base) return std::nullopt;
    if (u.gone()) return user_missing();
    if (webinar && !u.webinar_licensed())
      return api_error(
          400, 3161,
          "Webinar plan is missing. You must subscribe to the webinar plan and enable webinar "
          "for this user in order to perform this action.");
    const auto type = param("type", "scheduled");
    if (!webinar && type != "scheduled" && type != "upcoming" && type != "upcoming_meetings" &&
        type != "previous_meetings" && type != "live")
      return validation_error("type");
    return event_rows(u, webinar, type, now);
  }
  if (route == "GET /v2/groups") {
    std::vector<std::string> rows;
    auto row = [&](const Group& g) {
      const auto it = groups_.find(g.id);
      if (it == groups_.end()) {
        rows.push_back(g.json_list);
      } else if (!it->second.deleted) {
        rows.push_back(json::serialize(json::object{{"id", g.id},
                                                    {"name", it->second.name.value_or(g.name)},
                                                    {"total_members", it->second.members.size()}}));
      }
    };
    for (const auto& g : ds.groups) row(g);
    for (const auto& g : created_groups_) row(g);
    return rows;
  }
  if (route == "GET /v2/meetings/{meetingId}") {
    const auto id = numeric_id(arg);
    EventRef e;
    if (id) {
      e = find_event(*id, false);
    } else if (const Meeting* m = ds.find_meeting_by_uuid(arg)) {
      e = find_event(m->id, false);
    }
    if (!e.found()) return api_error(404, 3001, "Meeting does not exist: " + arg + ".");
    if (e.w) return json_response(200, json::serialize(e.w->obj));
    return json_response(
        200, json::serialize(base_event_object(parse_object(e.meeting->json_list),
                                               *ds.user_ptr(e.meeting->host_index), false)));
  }
  if (route == "GET /v2/webinars/{webinarId}") {
    const auto id = numeric_id(arg);
    const auto e = id ? find_event(*id, true) : EventRef{};
    if (!e.found()) return api_error(404, 3001, "Webinar does not exist: " + arg + ".");
    if (e.w) return json_response(200, json::serialize(e.w->obj));
    return json_response(
        200, json::serialize(base_event_object(parse_object(e.webinar->json_list),
                                               *ds.user_ptr(e.webinar->host_index), true)));
  }
  if (route == "GET /v2/meetings/{meetingId}/registrants" ||
      route == "GET /v2/webinars/{webinarId}/registrants") {
    const bool webinar = route.starts_with("GET /v2/webinars");
    const auto id = numeric_id(arg);
    const auto e = id ? find_event(*id, webinar) : EventRef{};
    if (!e.found())
      return api_error(
          404, 3001,
          std::string(webinar ? "Webinar" : "Meeting") + " does not exist: " + arg + ".");
    const auto status = param("status", "approved");
    if (status != "approved" && status != "pending" && status != "denied")
      return validation_error("status");
    // The dataset's own registrants first, then those written.
    std::vector<std::string> rows = dataset_registrants(ds, *id, webinar, status);
    if (e.w)
      for (const auto& r : e.w->registrants)
        if (r.obj.at("status").as_string() == status) rows.push_back(json::serialize(r.obj));
    return rows;
  }
  if (route == "GET /v2/groups/{groupId}/members") {
    const Group* g = find_group(arg);
    if (!g) return api_error(404, 4130, "A group with this " + arg + " does not exist.");
    std::vector<std::string> ids;
    if (const auto it = groups_.find(g->id); it != groups_.end()) {
      ids = it->second.members;
    } else {
      for (std::size_t i = 0; i < ds.user_count(); ++i) {
        const User* u = ds.user_ptr(i);
        if (std::find(u->group_ids.begin(), u->group_ids.end(), g->id) != u->group_ids.end())
          ids.push_back(u->id);
      }
    }
    std::vector<std::string> rows;
    for (const auto& uid : ids) {
      const auto u = find_user(uid);
      if (u.gone()) continue;
      const std::string first =
          u.w ? std::string(u.w->list.at("first_name").as_string()) : u.base->first_name;
      const std::string last =
          u.w ? std::string(u.w->list.at("last_name").as_string()) : u.base->last_name;
      rows.push_back(json::serialize(json::object{{"id", u.id()},
                                                  {"email", u.email()},
                                                  {"first_name", first},
                                                  {"last_name", last},
                                                  {"type", u.type()}}));
    }
    return rows;
  }
  return std::nullopt;
}

// ---------------------------------------------------------------- ledger
std::size_t WriteStore::count_events(std::string_view user, std::string_view topic,
                                     bool webinar) const {
  std::lock_guard lk(mu);
  const auto u = find_user(user);
  if (u.gone()) return 0;
  std::size_t n = 0;
  const auto base = u.base ? std::optional(u.base->index) : u.w->base;
  if (base) {
    const auto ms = webinar ? std::vector<Meeting>{} : ds_.meetings_of(*base);
    const auto ws = webinar ? ds_.webinars_of(*base) : std::vector<Webinar>{};
    for (std::size_t i = 0; i < (webinar ? ws.size() : ms.size()); ++i) {
      const auto id = webinar ? ws[i].id : ms[i].id;
      if (const auto it = event_by_id_.find(id); it != event_by_id_.end()) {
        const auto& e = events_[it->second];
        n += !e.deleted && (topic.empty() || e.topic == topic);
      } else if (webinar) {
        n += topic.empty() ||
             json::parse(ws[i].json_list).as_object().at("topic").as_string() == topic;
      } else {
        n += topic.empty() || ms[i].topic == topic;
      }
    }
  }
  if (const auto it = created_by_host_.find(u.id()); it != created_by_host_.end())
    for (auto idx : it->second) {
      const auto& e = events_[idx];
      n += e.webinar == webinar && !e.deleted && (topic.empty() || e.topic == topic);
    }
  return n;
}

std::size_t WriteStore::meetings(std::string_view user, std::string_view topic) const {
  return count_events(user, topic, false);
}
std::size_t WriteStore::webinars(std::string_view user, std::string_view topic) const {
  return count_events(user, topic, true);
}

std::size_t WriteStore::registrants(std::int64_t id, std::string_view email) const {
  std::lock_guard lk(mu);
  const auto it = event_by_id_.find(id);
  if (it == event_by_id_.end() || events_[it->second].deleted) return 0;
  const auto& e = events_[it->second];
  if (email.empty()) return e.registrants.size();
  return static_cast<std::size_t>(
      std::count_if(e.registrants.begin(), e.registrants.end(),
                    [&](const auto& r) { return util::lower(r.email) == util::lower(email); }));
}

std::size_t WriteStore::users_with_email(std::string_view email) const {
  std::lock_guard lk(mu);
  const auto want = util::lower(email);
  std::size_t n = 0;
  if (const User* u = ds_.find_user(want); u && !user_by_base_.contains(u->index))
    n += util::lower(u->email) == want;
  for (const auto& w : users_) n += !w.deleted && util::lower(w.email) == want;
  return n;
}

bool WriteStore::user_exists(std::string_view user) const {
  std::lock_guard lk(mu);
  return !find_user(user).gone();
}

bool WriteStore::in_group(std::string_view group_id, std::string_view user) const {
  std::lock_guard lk(mu);
  const auto u = find_user(user);
  return !u.gone() && is_member(group_id, u.id());
}

std::size_t WriteStore::group_size(std::string_view group_id) const {
  std::lock_guard lk(mu);
  const Group* g = find_group(group_id);
  if (!g) return 0;
  if (const auto it = groups_.find(g->id); it != groups_.end()) return it->second.members.size();
  return static_cast<std::size_t>(g->total_members);
}

std::uint64_t WriteStore::writes_applied() const {
  std::lock_guard lk(mu);
  return applied_;
}

int WriteStore::host_writes_today(std::string_view user, bool webinars) const {
  const auto now = now_();
  std::lock_guard lk(mu);
  const auto u = find_user(user);
  if (!u.w && !u.base) return 0;
  return count_today(u.id() + (webinars ? "|webinars" : "|meetings"), now);
}

HttpResponse written_counts(const WriteLedger& ledger, const std::string& query) {
  const auto params = util::parse_query(query);
  if (!params) return validation_error("query", "Malformed query string.");
  auto p = [&](std::string_view k) {
    const auto* v = util::find_param(*params, k);
    return v ? *v : std::string{};
  };
  const auto what = p("what");
  std::size_t n = 0;
  if (what == "meetings") {
    n = ledger.meetings(p("user"), p("topic"));
  } else if (what == "webinars") {
    n = ledger.webinars(p("user"), p("topic"));
  } else if (what == "registrants") {
    const auto id = p("id");
    if (id.empty() || id.size() > 18 ||
        !std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return validation_error("id");
    n = ledger.registrants(std::stoll(id), p("email"));
  } else if (what == "users_with_email") {
    n = ledger.users_with_email(p("email"));
  } else if (what == "group_size") {
    n = ledger.group_size(p("group"));
  } else if (what == "in_group") {
    n = ledger.in_group(p("group"), p("user")) ? 1 : 0;
  } else {
    return validation_error("what");
  }
  return json_response(200, json::serialize(json::object{
                                {"count", n}, {"writes_applied", ledger.writes_applied()}}));
}

}  // namespace zoom_sim
