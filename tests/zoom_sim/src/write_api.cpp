// The write endpoints: users, meetings, webinars, registrants and group
// members. Same order of checks as the reads (route, token 124, scope 4711,
// rate limit 429), then the body (400/300 with every bad field), then the
// entities (404 1001/3001/4130/4131, 3161, 3018, ...), then the per-host and
// per-account daily caps, then the change, which later reads show.
#include <algorithm>
#include <boost/json.hpp>

#include "event_payloads.hpp"
#include "event_system.hpp"
#include "impl.hpp"
#include "write_records.hpp"
#include "write_rules.hpp"
#include "write_store.hpp"
#include "write_validate.hpp"

namespace zoom_sim {

namespace json = boost::json;
using namespace std::chrono;

namespace {

enum class Op {
  user_create,
  user_update,
  user_delete,
  meeting_create,
  meeting_update,
  meeting_delete,
  meeting_registrant_add,
  webinar_create,
  webinar_update,
  webinar_delete,
  webinar_registrant_add,
  group_members_add,
  group_member_remove,
};

struct WriteRoute {
  Op op;
  std::string_view method;
  std::vector<std::string_view> pattern;  // "{}" matches one segment
  const char* name;
  Category category;
  const char* classic_scope;
  const char* granular_scope;
};

const std::vector<WriteRoute>& write_routes() {
  static const std::vector<WriteRoute> r = {
      {Op::user_create,
       "POST",
       {"users"},
       "POST /v2/users",
       Category::light,
       "user:write:admin",
       "user:write:user:admin"},
      {Op::user_update,
       "PATCH",
       {"users", "{}"},
       "PATCH /v2/users/{userId}",
       Category::light,
       "user:write:admin",
       "user:update:user:admin"},
      {Op::user_delete,
       "DELETE",
       {"users", "{}"},
       "DELETE /v2/users/{userId}",
       Category::light,
       "user:write:admin",
       "user:delete:user:admin"},
      {Op::meeting_create,
       "POST",
       {"users", "{}", "meetings"},
       "POST /v2/users/{userId}/meetings",
       Category::light,
       "meeting:write:admin",
       "meeting:write:meeting:admin"},
      {Op::meeting_update,
       "PATCH",
       {"meetings", "{}"},
       "PATCH /v2/meetings/{meetingId}",
       Category::light,
       "meeting:write:admin",
       "meeting:update:meeting:admin"},
      {Op::meeting_delete,
       "DELETE",
       {"meetings", "{}"},
       "DELETE /v2/meetings/{meetingId}",
       Category::light,
       "meeting:write:admin",
       "meeting:delete:meeting:admin"},
      {Op::meeting_registrant_add,
       "POST",
       {"meetings", "{}", "registrants"},
       "POST /v2/meetings/{meetingId}/registrants",
       Category::light,
       "meeting:write:admin",
       "meeting:write:registrant:admin"},
      {Op::webinar_create,
       "POST",
       {"users", "{}", "webinars"},
       "POST /v2/users/{userId}/webinars",
       Category::light,
       "webinar:write:admin",
       "webinar:write:webinar:admin"},
      {Op::webinar_update,
       "PATCH",
       {"webinars", "{}"},
       "PATCH /v2/webinars/{webinarId}",
       Category::light,
       "webinar:write:admin",
       "webinar:update:webinar:admin"},
      {Op::webinar_delete,
       "DELETE",
       {"webinars", "{}"},
       "DELETE /v2/webinars/{webinarId}",
       Category::light,
       "webinar:write:admin",
       "webinar:delete:webinar:admin"},
      {Op::webinar_registrant_add,
       "POST",
       {"webinars", "{}", "registrants"},
       "POST /v2/webinars/{webinarId}/registrants",
       Category::light,
       "webinar:write:admin",
       "webinar:write:registrant:admin"},
      {Op::group_members_add,
       "POST",
       {"groups", "{}", "members"},
       "POST /v2/groups/{groupId}/members",
       Category::medium,
       "group:write:admin",
       "group:write:member:admin"},
      {Op::group_member_remove,
       "DELETE",
       {"groups", "{}", "members", "{}"},
       "DELETE /v2/groups/{groupId}/members/{memberId}",
       Category::light,
       "group:write:admin",
       "group:delete:member:admin"},
  };
  return r;
}

std::vector<std::string_view> segments(std::string_view p) {
  std::vector<std::string_view> out;
  for (;;) {
    const auto slash = p.find('/');
    out.push_back(p.substr(0, slash));
    if (slash == std::string_view::npos) return out;
    p.remove_prefix(slash + 1);
  }
}

HttpResponse no_content() {
  HttpResponse r = json_response(204, "");
  r.content_type.clear();
  return r;
}

std::optional<std::int64_t> numeric(std::string_view s) {
  if (s.empty() || s.size() > 18 ||
      !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  return std::stoll(std::string(s));
}

std::string str_or(const json::object& o, std::string_view k, std::string def) {
  const auto* v = o.if_contains(k);
  return v && v->is_string() ? std::string(v->as_string()) : def;
}

std::int64_t int_or(const json::object& o, std::string_view k, std::int64_t def) {
  const auto* v = o.if_contains(k);
  return v && (v->is_int64() || v->is_uint64()) ? v->to_number<std::int64_t>() : def;
}

// The per-host daily cap's answer. Zoom's exact body and headers for it are not
// published; this shape is the simulator's guess (docs/zoom_sim.md).
HttpResponse host_cap_reached(int limit, bool webinar, TimePoint now) {
  auto r = api_error(
      429, 429,
      std::string("You have exceeded the daily rate limit (") + std::to_string(limit) + ") of " +
          (webinar ? "Webinar" : "Meeting") +
          " Create/Update API requests permitted for this particular user. You may resume these "
          "user-specific API requests at GMT 00:00:00.");
  r.headers = {{"X-RateLimit-Category", "Light"},
               {"X-RateLimit-Type", "Daily-limit"},
               {"X-RateLimit-Limit", std::to_string(limit)},
               {"X-RateLimit-Remaining", "0"},
               {"Retry-After", util::iso8601(sys_seconds{floor<days>(now) + days(1)})}};
  return r;
}

// A user as its events show it: the list fields and the detail fields.
json::object user_view(const WrittenUser& u) {
  json::object o = u.list;
  for (const auto& kv : u.extra) o[kv.key()] = kv.value();
  return o;
}

HttpResponse overlay_full() {
  return api_error(503, 503,
                   "zoom_sim: the write overlay is full (WriteOptions::max_written_records).");
}

}  // namespace

std::optional<HttpResponse> Simulator::Impl::handle_write_api(const HttpRequest& req,
                                                              LoggedRequest& entry) {
  if (req.method == "GET") return std::nullopt;
  const auto segs = segments(std::string_view(req.path).substr(4));
  const WriteRoute* wr = nullptr;
  std::vector<std::string> args;
  for (const auto& r : write_routes()) {
    if (r.method != req.method || r.pattern.size() != segs.size()) continue;
    std::vector<std::string> a;
    bool ok = true;
    for (std::size_t i = 0; i < segs.size() && ok; ++i) {
      if (r.pattern[i] == "{}") {
        const auto dec = util::pct_decode(segs[i], false);
        ok = !segs[i].empty() && dec.has_value();
        if (ok) a.push_back(*dec);
      } else {
        ok = r.pattern[i] == segs[i];
      }
    }
    if (ok) {
      wr = &r;
      args = std::move(a);
      break;
    }
  }
  if (!wr) return std::nullopt;
  entry.endpoint = wr->name;

  const auto now_tp = [&] {
    std::lock_guard lk(mu);
    return now();
  }();
  auto caller = authenticate(req, now_tp);
  if (auto* e = std::get_if<HttpResponse>(&caller)) return std::move(*e);
  const Caller who = std::get<Caller>(std::move(caller));
  entry.account_id = who.account_id;
  if (!who.scopes.contains(wr->classic_scope) && !who.scopes.contains(wr->granular_scope))
    return api_error(
        400, opt.scope_error_code,
        std::string("Invalid access token, does not contain scopes:[") + wr->granular_scope + "].");
  std::vector<std::pair<std::string, std::string>> rl_headers;
  if (auto limited = admit(who.account_id, wr->category, false, now_tp, rl_headers))
    return std::move(*limited);
  auto answer = [&](HttpResponse r) {
    for (auto& h : rl_headers) r.headers.push_back(h);
    return r;
  };

  const auto params_opt = util::parse_query(req.query);
  if (!params_opt) return answer(validation_error("query", "Malformed query string."));
  const util::Params& params = *params_opt;

  // ---- body
  json::object body;
  const bool has_body = req.method == "POST" || req.method == "PATCH";
  if (has_body) {
    boost::system::error_code ec;
    auto v = json::parse(req.body, ec);
    if (ec || !v.is_object())
      return answer(api_error(400, 300, "Request Body should be a valid JSON object."));
    body = std::move(v.as_object());
  }
  const std::vector<FieldRule>* rules = nullptr;
  switch (wr->op) {
    case Op::user_create:
      rules = &rules::user_create();
      break;
    case Op::user_update:
      rules = &rules::user_update();
      break;
    case Op::meeting_create:
    case Op::meeting_update:
      rules = &rules::meeting();
      break;
    case Op::webinar_create:
    case Op::webinar_update:
      rules = &rules::webinar();
      break;
    case Op::meeting_registrant_add:
      rules = &rules::meeting_registrant();
      break;
    case Op::webinar_registrant_add:
      rules = &rules::webinar_registrant();
      break;
    case Op::group_members_add:
      rules = &rules::group_members();
      break;
    default:
      break;
  }
  std::vector<FieldError> errors;
  if (rules) errors = check_fields(body, *rules);
  if (wr->op == Op::user_create) {
    const auto* info = body.if_contains("user_info");
    if (info && info->is_object() && int_or(info->as_object(), "type", 0) == 99 &&
        str_or(body, "action", "") != "ssoCreate")
      errors.push_back({"user_info.type", "Type 99 can only be set with action ssoCreate."});
  }
  if (wr->op == Op::group_members_add) {
    if (const auto* m = body.if_contains("members"); m && m->is_array()) {
      const auto& a = m->as_array();
      if (a.size() > static_cast<std::size_t>(opt.writes.group_members_per_request))
        errors.push_back({"members", "At most " +
                                         std::to_string(opt.writes.group_members_per_request) +
                                         " members can be added in one request."});
      for (std::size_t i = 0; i < a.size(); ++i) {
        const auto* o = a[i].if_object();
        if (!o || (!o->contains("id") && !o->contains("email")))
          errors.push_back(
              {"members[" + std::to_string(i) + "]", "Either id or email is required."});
      }
    }
  }
  if (wr->op == Op::user_delete) {
    if (const auto* a = util::find_param(params, "action");
        a && *a != "disassociate" && *a != "delete")
      errors.push_back({"action", "Must be one of: disassociate, delete."});
  }
  if (!errors.empty()) return answer(field_errors(errors));

  WriteStore& st = *writes;
  std::lock_guard lk(st.mu);
  const auto now_s = floor<seconds>(now_tp);
  const std::string now_text = util::iso8601(now_s);
  util::Rng rng(static_cast<std::uint64_t>(now_s.time_since_epoch().count()) ^
                (st.applied_count() * 0x9E3779B97F4A7C15ULL));
  const int host_cap = opt.writes.host_daily_writes;

  auto user_missing = [&](const std::string& id) {
    return answer(api_error(404, 1001, "User does not exist: " + id + "."));
  };
  auto not_scheduler = [&] {
    return answer(api_error(400, 3161,
                            "Your user account is not allowed meeting hosting and scheduling "
                            "capabilities."));
  };
  auto no_webinar_plan = [&](const std::string& user) {
    return answer(api_error(400, 200,
                            "Webinar plan is missing. You must subscribe to the webinar plan and "
                            "enable webinars for user " +
                                user + " in order to perform this action."));
  };
  auto event_missing = [&](bool webinar, const std::string& id) {
    return answer(api_error(
        404, 3001, std::string(webinar ? "Webinar" : "Meeting") + " does not exist: " + id + "."));
  };
  auto created = [&](const json::object& o) {
    st.applied();
    return answer(json_response(201, json::serialize(o)));
  };
  auto done = [&] {
    st.applied();
    return answer(no_content());
  };
  // Every applied change publishes its event (the change first, then the event).
  const payloads::Who by = events->who(who.account_id, now_tp);
  auto publish = [&](std::string_view name, json::object payload) {
    events->bus.publish(name, std::move(payload), now_tp);
  };
  auto add_registrant = [&](WrittenEvent& e, bool webinar) {
    const std::string email = str_or(body, "email", "");
    const auto key = util::lower(email);
    auto reply = [&](const WrittenRegistrant& r) {
      json::object o{{"id", e.id},
                     {"registrant_id", r.id},
                     {"start_time", util::iso8601(e.start)},
                     {"topic", e.topic},
                     {"occurrences", json::array{}}};
      if (r.obj.at("status").as_string() == "approved") o["join_url"] = r.obj.at("join_url");
      return o;
    };
    // Registering the same e-mail again returns the same registration.
    if (const auto it = e.registrant_by_email.find(key); it != e.registrant_by_email.end())
      return answer(json_response(201, json::serialize(reply(e.registrants[it->second]))));
    if (e.registrants.size() >= static_cast<std::size_t>(opt.writes.registrants_per_meeting))
      return answer(webinar
                        ? api_error(400, 3000,
                                    "You have reached the limit for the number of attendees "
                                    "you can add. Contact Zoom Support for more information.")
                        : api_error(400, 3043, "Meeting has reached maximum attendee capacity."));
    if (!st.room_for(1)) return answer(overlay_full());
    WrittenRegistrant r;
    r.id = st.next_registrant_id();
    r.email = email;
    r.obj = body;
    r.obj.erase("auto_approve");
    r.obj["id"] = r.id;
    const bool manual =
        int_or(e.obj.contains("settings") ? e.obj["settings"].as_object() : json::object{},
               "approval_type", 2) == 1 &&
        !(body.contains("auto_approve") && body.at("auto_approve") == true);
    r.obj["status"] = manual ? "pending" : "approved";
    r.obj["create_time"] = now_text;
    r.obj["join_url"] = std::string("https://sim.zoom.example/") + (webinar ? "w/" : "j/") +
                        std::to_string(e.id) + "?tk=" + random_alnum(rng, 24);
    e.registrant_by_email[key] = e.registrants.size();
    e.registrants.push_back(std::move(r));
    st.note_records(1);
    publish(webinar ? "webinar.registration_created" : "meeting.registration_created",
            payloads::registration_created(by, e.obj, e.registrants.back().obj));
    return created(reply(e.registrants.back()));
  };

  switch (wr->op) {
    // ------------------------------------------------------------ users
    case Op::user_create: {
      const auto& info = body.at("user_info").as_object();
      const std::string email = str_or(info, "email", "");
      if (!st.find_user(email).gone())
        return answer(api_error(409, 1005, "Email \"" + email + "\" has already been used."));
      const std::string action = str_or(body, "action", "");
      if (action == "create") {
        int cap = opt.writes.user_creates_per_day;
        if (cap <= 0) cap = opt.plan == Plan::free ? 50 : opt.plan == Plan::pro ? 1500 : 10000;
        cap = std::max(1, static_cast<int>(std::lround(cap * opt.daily_cap_scale)));
        const std::string key = who.account_id + "|user-create";
        if (st.count_today(key, now_tp) >= cap) {
          auto r = api_error(
              429, 429,
              "You have exceeded the daily rate limit (" + std::to_string(cap) +
                  ") of Create User API requests permitted for this account. You may resume "
                  "these requests at GMT 00:00:00.");
          r.headers = {{"X-RateLimit-Category", "Light"},
                       {"X-RateLimit-Type", "Daily-limit"},
                       {"X-RateLimit-Limit", std::to_string(cap)},
                       {"X-RateLimit-Remaining", "0"},
                       {"Retry-After", util::iso8601(sys_seconds{floor<days>(now_tp) + days(1)})}};
          return r;
        }
        st.bump_today(key, now_tp);
      }
      if (!st.room_for(1)) return answer(overlay_full());
      WrittenUser u = make_written_user(st, info, action, who.account_id, now_s, rng);
      st.note_records(1);
      const auto& w = st.add_user(std::move(u));
      publish("user.created", payloads::user_created(by, w.list, action));
      return created(json::object{{"id", w.id},
                                  {"first_name", w.list.at("first_name")},
                                  {"last_name", w.list.at("last_name")},
                                  {"email", email},
                                  {"type", w.type}});
    }
    case Op::user_update: {
      const auto ref = st.find_user(args[0]);
      if (ref.gone()) return user_missing(args[0]);
      auto& u = st.touch_user(ref);
      const auto before = user_view(u);
      for (auto k : {"first_name", "last_name", "display_name", "type", "dept", "timezone",
                     "language", "pmi"})
        if (const auto* v = body.if_contains(k)) u.list[k] = *v;
      for (auto k : {"use_pmi", "job_title", "company", "location", "vanity_name", "cost_center",
                     "pronouns", "pronouns_option", "manager", "about_me", "phone_number",
                     "phone_numbers", "custom_attributes"})
        if (const auto* v = body.if_contains(k)) u.extra[k] = *v;
      if ((body.contains("first_name") || body.contains("last_name")) &&
          str_or(body, "display_name", "").empty()) {
        const auto first = str_or(u.list, "first_name", "");
        const auto last = str_or(u.list, "last_name", "");
        u.list["display_name"] = first + (first.empty() || last.empty() ? "" : " ") + last;
      }
      u.type = static_cast<int>(int_or(u.list, "type", u.type));
      if (const auto* p = body.if_contains("pmi"))
        u.extra["personal_meeting_url"] =
            "https://sim.zoom.example/j/" + std::to_string(p->to_number<std::int64_t>());
      if (auto p = payloads::user_updated(by, before, user_view(u))) publish("user.updated", *p);
      return done();
    }
    case Op::user_delete: {
      const auto ref = st.find_user(args[0]);
      if (ref.gone()) return user_missing(args[0]);
      auto& u = st.touch_user(ref);
      st.remove_user(u);
      const auto* action = util::find_param(params, "action");
      // Zoom's default action is disassociate.
      publish(action && *action == "delete" ? "user.deleted" : "user.disassociated",
              payloads::user_plain(by, u.list));
      return done();
    }

    // ------------------------------------------------------------ meetings and webinars
    case Op::meeting_create:
    case Op::webinar_create: {
      const bool webinar = wr->op == Op::webinar_create;
      const auto host = st.find_user(args[0]);
      if (host.gone())
        return webinar ? answer(api_error(404, 1001, "User " + args[0] + " does not exist."))
                       : user_missing(args[0]);
      if (webinar && !host.webinar_licensed()) return no_webinar_plan(args[0]);
      if (!webinar && host.status() != "active") return not_scheduler();
      const std::string cap_key = host.id() + (webinar ? "|webinars" : "|meetings");
      if (st.count_today(cap_key, now_tp) >= host_cap)
        return host_cap_reached(host_cap, webinar, now_tp);
      if (!st.room_for(1)) return answer(overlay_full());
      auto e = make_written_event(st, webinar, host, body, now_s, rng);
      st.bump_today(cap_key, now_tp);
      st.note_records(1);
      const auto& added = st.add_event(std::move(e));
      publish(webinar ? "webinar.created" : "meeting.created",
              payloads::event_created(by, added.obj));
      return created(added.obj);
    }
    case Op::meeting_update:
    case Op::webinar_update:
    case Op::meeting_delete:
    case Op::webinar_delete: {
      const bool webinar = wr->op == Op::webinar_update || wr->op == Op::webinar_delete;
      const bool del = wr->op == Op::meeting_delete || wr->op == Op::webinar_delete;
      const auto id = numeric(args[0]);
      if (!id)
        return answer(api_error(
            400, 300, std::string("Invalid ") + (webinar ? "webinar" : "meeting") + " ID."));
      if (!webinar && del && st.pmi_owner(*id))
        return answer(api_error(400, 3018, "Not allowed to delete PMI."));
      const auto ev = st.find_event(*id, webinar);
      if (!ev.found()) return event_missing(webinar, args[0]);
      const auto host = st.find_user(st.host_of(ev));
      if (webinar && !host.webinar_licensed()) return no_webinar_plan(host.id());
      if (!webinar && host.status() != "active") return not_scheduler();
      if (del) {
        auto& e = st.touch_event(ev);
        e.deleted = true;
        publish(webinar ? "webinar.deleted" : "meeting.deleted",
                payloads::event_deleted(by, e.obj));
        return done();
      }
      const std::string cap_key = host.id() + (webinar ? "|webinars" : "|meetings");
      if (st.count_today(cap_key, now_tp) >= host_cap)
        return host_cap_reached(host_cap, webinar, now_tp);
      auto& e = st.touch_event(ev);
      const auto before = e.obj;
      apply_event_fields(e, body, true, now_s);
      st.bump_today(cap_key, now_tp);
      if (auto p = payloads::event_updated(by, before, e.obj))
        publish(webinar ? "webinar.updated" : "meeting.updated", *p);
      return done();
    }

    // ------------------------------------------------------------ registrants
    case Op::meeting_registrant_add:
    case Op::webinar_registrant_add: {
      const bool webinar = wr->op == Op::webinar_registrant_add;
      const auto id = numeric(args[0]);
      const auto ev = id ? st.find_event(*id, webinar) : WriteStore::EventRef{};
      // Zoom's API reference gives this route 1001 for an unknown meeting, 3001 for a webinar.
      if (!ev.found() && !webinar)
        return answer(api_error(404, 1001, "Meeting does not exist: " + args[0] + "."));
      if (!ev.found()) return event_missing(webinar, args[0]);
      const auto host = st.find_user(st.host_of(ev));
      if (webinar) {
        if (!host.webinar_licensed()) return no_webinar_plan(host.id());
        if (util::lower(host.email()) == util::lower(str_or(body, "email", "")))
          return answer(api_error(400, 3027, "Host cannot register."));
      } else if (host.status() != "active" || host.type() != 2) {
        return answer(api_error(400, 3161,
                                "Meeting hosting and scheduling capabilities are not allowed for "
                                "your user account."));
      }
      auto& e = st.touch_event(ev);
      if (webinar && e.start + minutes(e.duration) < now_s)
        return answer(api_error(400, 3038,
                                "Webinar is over, you cannot register now. If you have any "
                                "questions, contact the webinar host."));
      return add_registrant(e, webinar);
    }

    // ------------------------------------------------------------ group members
    case Op::group_members_add: {
      const Group* g = st.find_group(args[0]);
      if (!g)
        return answer(api_error(404, 4130, "A group with this " + args[0] + " does not exist."));
      std::vector<std::string> ids;
      json::array added;
      bool changed = false;
      for (const auto& m : body.at("members").as_array()) {
        const auto& o = m.as_object();
        // An id wins over an e-mail; members that are no user of the account are skipped.
        const auto ref =
            st.find_user(o.contains("id") ? str_or(o, "id", "") : str_or(o, "email", ""));
        if (ref.gone()) continue;
        const std::string uid = ref.id();
        if (std::find(ids.begin(), ids.end(), uid) != ids.end()) continue;
        ids.push_back(uid);
        if (st.is_member(g->id, uid)) continue;
        st.touch_group(*g).members.push_back(uid);
        auto& u = st.touch_user(ref);
        if (!u.list["group_ids"].is_array()) u.list["group_ids"] = json::array{};
        u.list["group_ids"].as_array().push_back(json::string(g->id));
        added.push_back(json::object{{"id", uid}, {"email", u.email}});
        changed = true;
      }
      std::string joined;
      for (const auto& i : ids) joined += (joined.empty() ? "" : ",") + i;
      const json::object o{{"ids", joined}, {"added_at", now_text}};
      if (!changed) return answer(json_response(201, json::serialize(o)));
      publish("group.member_added", payloads::group_members(by, g->id, added));
      return created(o);
    }
    case Op::group_member_remove: {
      const Group* g = st.find_group(args[0]);
      if (!g)
        return answer(api_error(404, 4130, "A group with this " + args[0] + " does not exist."));
      const auto ref = st.find_user(args[1]);
      if (ref.gone() || !st.is_member(g->id, ref.id()))
        return answer(api_error(404, 4131, "Group member does not exist."));
      std::erase(st.touch_group(*g).members, ref.id());
      auto& u = st.touch_user(ref);
      if (auto* gids = u.list["group_ids"].if_array()) {
        json::array kept;
        for (const auto& v : *gids)
          if (!(v.is_string() && v.as_string() == g->id)) kept.push_back(v);
        *gids = std::move(kept);
      }
      publish("group.member_deleted",
              payloads::group_members(by, g->id,
                                      json::array{json::object{{"id", u.id}, {"email", u.email}}}));
      return done();
    }
  }
  return std::nullopt;
}

}  // namespace zoom_sim
