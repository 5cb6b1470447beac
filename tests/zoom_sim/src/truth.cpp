// truth(stream): what a complete read of a stream would give right now, keyed by
// the stream's primary key (schemas/catalog.json), each record exactly as the
// REST API serves it. Read through the API's own handlers (internal requests:
// no token, no rate limit, no faults, not logged or counted), walking the
// streams' parents as a fetch does: every user's meetings, webinars and
// recordings, every listed meeting's past participants.
#include <boost/json.hpp>

#include "event_system.hpp"

namespace zoom_sim {

namespace json = boost::json;
using namespace std::chrono;

std::vector<std::string> truth_streams() {
  return {"users",
          "groups",
          "meetings",
          "webinars",
          "recordings",
          "past_meeting_participants",
          "phone_call_history"};
}

namespace {

// Every page of a list; false when its first page is not a 200.
bool walk(Simulator::Impl& impl, const std::string& path, const std::string& query,
          std::string_view array_key, const std::function<void(const json::object&)>& each) {
  std::string token;
  for (bool first = true;; first = false) {
    HttpRequest req;
    req.method = "GET";
    req.path = path;
    req.query = query + (query.empty() ? "" : "&") + "page_size=300";
    if (!token.empty()) req.query += "&next_page_token=" + util::pct_encode(token);
    req.internal = true;
    LoggedRequest entry;
    const auto r = impl.handle_api(req, entry);
    if (r.status != 200) return !first;
    const auto page = json::parse(r.body).as_object();
    if (const auto* a = page.if_contains(array_key); a && a->is_array())
      for (const auto& e : a->as_array())
        if (e.is_object()) each(e.as_object());
    const auto* next = page.if_contains("next_page_token");
    token = next && next->is_string() ? std::string(next->as_string()) : std::string();
    if (token.empty()) return true;
  }
}

std::string key_of(const json::object& o, std::string_view field) {
  const auto* v = o.if_contains(field);
  if (!v) return {};
  if (v->is_string()) return std::string(v->as_string());
  return json::serialize(*v);
}

// One-month windows from the oldest generated record to tomorrow.
std::vector<std::pair<sys_days, sys_days>> windows(Simulator::Impl& impl) {
  const auto today = [&] {
    std::lock_guard lk(impl.mu);
    return floor<days>(impl.now());
  }();
  std::vector<std::pair<sys_days, sys_days>> out;
  const auto end = std::max(today, impl.ds.today) + days(1);
  for (auto from = impl.ds.today - days(impl.ds.sizes.history_days + 31); from <= end;) {
    const auto next = util::add_months(from, 1);
    out.emplace_back(from, std::min(next - days(1), end));
    from = next;
  }
  return out;
}

}  // namespace

std::map<std::string, std::string> compute_truth(Simulator::Impl& impl, const std::string& stream) {
  std::map<std::string, std::string> out;
  auto keep = [&](std::string_view key_field) {
    return [&out, key_field](const json::object& o) {
      out[key_of(o, key_field)] = json::serialize(o);
    };
  };
  std::vector<std::string> user_ids;
  const bool per_user = stream == "meetings" || stream == "webinars" || stream == "recordings" ||
                        stream == "past_meeting_participants";
  if (stream == "users" || per_user) {
    for (const char* status : {"active", "inactive", "pending"})
      walk(impl, "/v2/users", std::string("status=") + status, "users", [&](const json::object& u) {
        if (stream == "users") keep("id")(u);
        user_ids.push_back(key_of(u, "id"));
      });
  }
  if (stream == "groups") walk(impl, "/v2/groups", "", "groups", keep("id"));
  if (stream == "meetings" || stream == "past_meeting_participants") {
    std::vector<std::string> uuids;
    for (const auto& id : user_ids)
      walk(impl, "/v2/users/" + util::pct_encode(id) + "/meetings", "type=scheduled", "meetings",
           [&](const json::object& m) {
             if (stream == "meetings") keep("uuid")(m);
             uuids.push_back(key_of(m, "uuid"));
           });
    if (stream == "past_meeting_participants")
      for (const auto& uuid : uuids)
        walk(impl,
             "/v2/past_meetings/" + util::pct_encode(util::pct_encode(uuid)) + "/participants", "",
             "participants", keep("user_id"));
  }
  if (stream == "webinars")
    for (const auto& id : user_ids)
      walk(impl, "/v2/users/" + util::pct_encode(id) + "/webinars", "", "webinars", keep("uuid"));
  if (stream == "recordings")
    for (const auto& [from, to] : windows(impl))
      for (const auto& id : user_ids)
        walk(impl, "/v2/users/" + util::pct_encode(id) + "/recordings",
             "from=" + util::ymd(from) + "&to=" + util::ymd(to), "meetings", keep("uuid"));
  if (stream == "phone_call_history")
    for (const auto& [from, to] : windows(impl))
      walk(impl, "/v2/phone/call_history", "from=" + util::ymd(from) + "&to=" + util::ymd(to),
           "call_logs", keep("id"));
  return out;
}

}  // namespace zoom_sim
