// The activity generator's creates, updates and deletes of users, meetings,
// webinars and groups. What it never does, so that a listening client can
// always tell what changed (docs/zoom_sim.md): it deletes only users who host
// no past meetings, only meetings and webinars that never started, only groups
// it created; on a lazy account it changes only the groups it created.
#include "activity.hpp"
#include "event_system.hpp"
#include "write_records.hpp"

namespace zoom_sim {

namespace json = boost::json;
using namespace std::chrono;

namespace {

constexpr std::array kDepts = {"Sales", "Engineering", "Support", "Finance", "Legal"};
constexpr std::array kZones = {"America/Chicago", "Europe/Paris", "Asia/Singapore", "UTC"};
constexpr std::array kTopics = {"Planning", "Review", "Standup", "Workshop", "Offsite"};

json::object user_view(const WrittenUser& u) {
  json::object o = u.list;
  for (const auto& kv : u.extra) o[kv.key()] = kv.value();
  return o;
}

}  // namespace

std::optional<WriteStore::UserRef> Activity::pick_user(Ctx& c) {
  const auto written = c.st.written_user_count();
  if (written > 0 && c.rng.below(4) == 0) {
    auto& w = c.st.written_user(c.rng.below(written));
    if (w.deleted) return std::nullopt;
    return WriteStore::UserRef{&w, nullptr};
  }
  if (c.ds.user_count() == 0) return std::nullopt;
  const auto ref = c.st.find_user(c.ds.user_ptr(c.rng.below(c.ds.user_count()))->id);
  if (ref.gone()) return std::nullopt;
  return ref;
}

std::optional<WriteStore::EventRef> Activity::pick_upcoming(Ctx& c, bool webinar, bool hosts_only) {
  for (int tries = 0; tries < 16; ++tries) {
    const auto u = pick_user(c);
    if (!u) continue;
    const auto base = u->base ? std::optional(u->base->index) : u->w->base;
    if (hosts_only && (!base || !user_hosts(c.ds.seed, c.ds.sizes, *base))) continue;
    if (webinar ? !u->webinar_licensed() : u->status() != "active") continue;
    std::vector<std::int64_t> ids;
    if (base && webinar) {
      for (const auto& b : c.ds.webinars_of(*base))
        if (b.start_time > c.now_s) ids.push_back(b.id);
    } else if (base) {
      for (const auto& m : c.ds.meetings_of(*base))
        if (!m.past) ids.push_back(m.id);
    }
    for (auto idx : c.st.created_events_of(u->id())) {
      const auto& e = c.st.written_event(idx);
      if (e.webinar == webinar && !e.deleted) ids.push_back(e.id);
    }
    std::vector<WriteStore::EventRef> ok;
    for (auto id : ids) {
      if (started_.contains(id)) continue;
      const auto e = c.st.find_event(id, webinar);
      if (!e.found() || (e.w && e.w->past.value_or(e.w->start < c.now_s))) continue;
      ok.push_back(e);
    }
    if (!ok.empty()) return ok[c.rng.below(ok.size())];
  }
  return std::nullopt;
}

const Group* Activity::pick_group(Ctx& c, bool created_only) {
  // Touching a dataset group copies its members in: a walk over every user, which
  // a lazy account cannot afford on each step.
  const bool dataset_ok = !created_only && !c.ds.lazy && !c.ds.groups.empty();
  const auto created = c.st.created_group_count();
  if (created > 0 && (!dataset_ok || c.rng.below(2) == 0))
    return c.st.find_group(c.st.created_group(c.rng.below(created)).id);
  if (!dataset_ok) return nullptr;
  return c.st.find_group(c.ds.groups[c.rng.below(c.ds.groups.size())].id);
}

// ---------------------------------------------------------------- users
bool Activity::user_create(Ctx& c) {
  if (!c.st.room_for(1)) return false;
  const auto n = ++serial_;
  static constexpr const char* kActions[] = {"create", "autoCreate", "custCreate"};
  const std::string action = kActions[c.rng.below(3)];
  const json::object info{{"email", "activity." + std::to_string(n) + "@events.sim.example.com"},
                          {"type", c.rng.below(2) == 0 ? 1 : 2},
                          {"first_name", "Active"},
                          {"last_name", "User " + std::to_string(n)}};
  auto u = make_written_user(c.st, info, action, c.who.account_id, c.now_s, c.rng);
  c.st.note_records(1);
  const auto& w = c.st.add_user(std::move(u));
  c.publish(ev_, "user.created", payloads::user_created(c.who, w.list, action));
  return true;
}

bool Activity::user_update(Ctx& c) {
  const auto ref = pick_user(c);
  if (!ref) return false;
  auto& u = c.st.touch_user(*ref);
  const auto before = user_view(u);
  switch (c.rng.below(4)) {
    case 0:
      u.list["dept"] = kDepts[c.rng.below(kDepts.size())];
      break;
    case 1:
      u.list["timezone"] = kZones[c.rng.below(kZones.size())];
      break;
    case 2:
      u.extra["job_title"] = "Title " + std::to_string(c.rng.below(100));
      break;
    default: {
      const std::string last = "Renamed " + std::to_string(++serial_);
      u.list["last_name"] = last;
      const auto* first = u.list.if_contains("first_name");
      u.list["display_name"] =
          (first && first->is_string() ? std::string(first->as_string()) + " " : "") + last;
    }
  }
  const auto p = payloads::user_updated(c.who, before, user_view(u));
  if (!p) return false;
  c.publish(ev_, "user.updated", *p);
  return true;
}

bool Activity::user_status(Ctx& c) {
  const auto ref = pick_user(c);
  if (!ref || ref->id() == c.ds.user_ptr(c.ds.owner_index)->id) return false;
  const auto status = ref->status();
  if (status != "active" && status != "inactive") return false;
  auto& u = c.st.touch_user(*ref);
  u.status = status == "active" ? "inactive" : "active";
  u.list["status"] = u.status;
  c.publish(ev_, status == "active" ? "user.deactivated" : "user.activated",
            payloads::user_plain(c.who, u.list));
  return true;
}

bool Activity::user_delete(Ctx& c) {
  const auto ref = pick_user(c);
  if (!ref) return false;
  const auto base = ref->base ? std::optional(ref->base->index) : ref->w->base;
  // Never the owner or anyone with past meetings; on a lazy account only users
  // the writes created (a dataset user's groups would need a walk of every user).
  if (base && (*base == c.ds.owner_index || user_hosts(c.ds.seed, c.ds.sizes, *base) || c.ds.lazy))
    return false;
  auto& u = c.st.touch_user(*ref);
  c.st.remove_user(u);
  const bool del = c.rng.below(2) == 0;
  c.publish(ev_, del ? "user.deleted" : "user.disassociated", payloads::user_plain(c.who, u.list));
  return true;
}

// ---------------------------------------------------------------- meetings and webinars
bool Activity::event_create(Ctx& c, bool webinar) {
  if (!c.st.room_for(1)) return false;
  const auto host = pick_user(c);
  if (!host || (webinar ? !host->webinar_licensed() : host->status() != "active")) return false;
  const auto start = c.now_s + days(1 + c.rng.below(30)) + minutes(15 * c.rng.below(96));
  const json::object body{{"topic", std::string(kTopics[c.rng.below(kTopics.size())]) + " " +
                                        std::to_string(++serial_)},
                          {"type", webinar ? 5 : 2},
                          {"start_time", util::iso8601(start)},
                          {"duration", 30 + 15 * static_cast<int>(c.rng.below(4))},
                          {"timezone", kZones[c.rng.below(kZones.size())]}};
  auto e = make_written_event(c.st, webinar, *host, body, c.now_s, c.rng);
  c.st.note_records(1);
  const auto& added = c.st.add_event(std::move(e));
  c.publish(ev_, webinar ? "webinar.created" : "meeting.created",
            payloads::event_created(c.who, added.obj));
  return true;
}

bool Activity::event_change(Ctx& c, bool webinar, bool del) {
  const auto pick = pick_upcoming(c, webinar, false);
  if (!pick) return false;
  auto& e = c.st.touch_event(*pick);
  const char* kind = webinar ? "webinar" : "meeting";
  if (del) {
    e.deleted = true;
    c.publish(ev_, std::string(kind) + ".deleted", payloads::event_deleted(c.who, e.obj));
    return true;
  }
  const auto before = e.obj;
  json::object body;
  switch (c.rng.below(3)) {
    case 0:
      body["topic"] = std::string(kTopics[c.rng.below(kTopics.size())]) + " (moved " +
                      std::to_string(++serial_) + ")";
      break;
    case 1:
      body["duration"] = 15 + 15 * static_cast<int>(c.rng.below(8));
      break;
    default:
      body["agenda"] = "Agenda " + std::to_string(++serial_);
  }
  apply_event_fields(e, body, true, c.now_s);
  const auto p = payloads::event_updated(c.who, before, e.obj);
  if (!p) return false;
  c.publish(ev_, std::string(kind) + ".updated", *p);
  return true;
}

// ---------------------------------------------------------------- groups
bool Activity::group_create(Ctx& c) {
  if (c.st.created_group_count() >= 1000) return false;
  Group g;
  do g.id = random_alnum(c.rng, 22);
  while (c.st.find_group(g.id));
  g.name = "Activity group " + std::to_string(++serial_);
  g.json_list = json::serialize(json::object{{"id", g.id}, {"name", g.name}, {"total_members", 0}});
  const auto& added = c.st.add_group(std::move(g));
  c.publish(ev_, "group.created", payloads::group_plain(c.who, added.id, added.name));
  return true;
}

bool Activity::group_update(Ctx& c, bool del) {
  const Group* g = pick_group(c, del);
  if (!g) return false;
  const std::string old = c.st.group_name(*g);
  if (del) {
    c.st.delete_group(*g);
    c.publish(ev_, "group.deleted", payloads::group_plain(c.who, g->id, old));
    return true;
  }
  const std::string name = "Group " + std::to_string(++serial_);
  c.st.touch_group(*g).name = name;
  c.publish(ev_, "group.updated", payloads::group_updated(c.who, g->id, old, name));
  return true;
}

bool Activity::member_change(Ctx& c, bool add) {
  const Group* g = pick_group(c, false);
  if (!g) return false;
  auto& wg = c.st.touch_group(*g);
  std::optional<WriteStore::UserRef> ref;
  if (add) {
    ref = pick_user(c);
    if (!ref || c.st.is_member(g->id, ref->id())) return false;
  } else {
    if (wg.members.empty()) return false;
    const auto r = c.st.find_user(wg.members[c.rng.below(wg.members.size())]);
    if (r.gone()) return false;
    ref = r;
  }
  const std::string uid = ref->id();
  auto& u = c.st.touch_user(*ref);
  if (!u.list["group_ids"].is_array()) u.list["group_ids"] = json::array{};
  auto& gids = u.list["group_ids"].as_array();
  if (add) {
    wg.members.push_back(uid);
    gids.push_back(json::string(g->id));
  } else {
    std::erase(wg.members, uid);
    json::array kept;
    for (const auto& v : gids)
      if (!(v.is_string() && v.as_string() == g->id)) kept.push_back(v);
    gids = std::move(kept);
  }
  c.publish(ev_, add ? "group.member_added" : "group.member_deleted",
            payloads::group_members(c.who, g->id,
                                    json::array{json::object{{"id", uid}, {"email", u.email}}}));
  return true;
}

}  // namespace zoom_sim
