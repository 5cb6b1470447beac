// REST API under /v2: auth (124), routing, scope checks (4711), rate limits
// (429), query validation (300), pagination and the endpoints of docs/zoom_api_facts.md §5.
#include <algorithm>
#include <cmath>
#include <functional>
#include <variant>

#include "event_children.hpp"
#include "event_system.hpp"
#include "impl.hpp"
#include "write_store.hpp"

namespace zoom_sim {

using namespace std::chrono;

namespace {

enum class Route {
  users,
  user,
  user_meetings,
  user_webinars,
  user_recordings,
  past_participants,
  report_users,
  report_user_meetings,
  report_meeting_participants,
  metrics_meetings,
  groups,
  phone_users,
  phone_call_history,
  // Reads of what writes create (the write overlay serves them).
  meeting,
  webinar,
  meeting_registrants,
  webinar_registrants,
  group_members,
  event_child,  // event_children.cpp: polls, panelists, past webinars, webinar reports...
  written,      // not a route: the write overlay answered
};

struct RouteInfo {
  Route route;
  std::vector<std::string_view> pattern;  // "{}" matches one segment
  const char* name;                       // for stats and the log
  Category category;
  bool phone;
  const char* classic_scope;
  const char* granular_scope;
  const char* array_key;
  int page_max;
  bool page_count;                         // /phone/* responses carry no page_count
  const EventChildRoute* child = nullptr;  // Route::event_child only
};

// docs/zoom_api_facts.md §5. page_max for GET /users is Options::users_page_size_max.
const std::vector<RouteInfo>& base_routes() {
  static const std::vector<RouteInfo> r = {
      {Route::users,
       {"users"},
       "GET /v2/users",
       Category::medium,
       false,
       "user:read:admin",
       "user:read:list_users:admin",
       "users",
       300,
       true},
      {Route::user,
       {"users", "{}"},
       "GET /v2/users/{userId}",
       Category::light,
       false,
       "user:read:admin",
       "user:read:user:admin",
       "",
       0,
       false},
      {Route::user_meetings,
       {"users", "{}", "meetings"},
       "GET /v2/users/{userId}/meetings",
       Category::medium,
       false,
       "meeting:read:admin",
       "meeting:read:list_meetings:admin",
       "meetings",
       300,
       true},
      {Route::user_webinars,
       {"users", "{}", "webinars"},
       "GET /v2/users/{userId}/webinars",
       Category::medium,
       false,
       "webinar:read:admin",
       "webinar:read:list_webinars:admin",
       "webinars",
       300,
       true},
      {Route::user_recordings,
       {"users", "{}", "recordings"},
       "GET /v2/users/{userId}/recordings",
       Category::medium,
       false,
       "recording:read:admin",
       "cloud_recording:read:list_user_recordings:admin",
       "meetings",
       300,
       true},
      {Route::past_participants,
       {"past_meetings", "{}", "participants"},
       "GET /v2/past_meetings/{meetingUUID}/participants",
       Category::medium,
       false,
       "meeting:read:admin",
       "meeting:read:list_past_participants:admin",
       "participants",
       300,
       true},
      {Route::report_users,
       {"report", "users"},
       "GET /v2/report/users",
       Category::heavy,
       false,
       "report:read:admin",
       "report:read:list_users:admin",
       "users",
       300,
       true},
      {Route::report_user_meetings,
       {"report", "users", "{}", "meetings"},
       "GET /v2/report/users/{userId}/meetings",
       Category::heavy,
       false,
       "report:read:admin",
       "report:read:user:admin",
       "meetings",
       300,
       true},
      {Route::report_meeting_participants,
       {"report", "meetings", "{}", "participants"},
       "GET /v2/report/meetings/{meetingId}/participants",
       Category::heavy,
       false,
       "report:read:admin",
       "report:read:list_meeting_participants:admin",
       "participants",
       300,
       true},
      {Route::metrics_meetings,
       {"metrics", "meetings"},
       "GET /v2/metrics/meetings",
       Category::resource_intensive,
       false,
       "dashboard:read:admin",
       "dashboard:read:list_meetings:admin",
       "meetings",
       300,
       true},
      {Route::groups,
       {"groups"},
       "GET /v2/groups",
       Category::medium,
       false,
       "group:read:admin",
       "group:read:list_groups:admin",
       "groups",
       300,
       true},
      {Route::phone_users,
       {"phone", "users"},
       "GET /v2/phone/users",
       Category::medium,
       true,
       "phone:read:admin",
       "phone:read:list_users:admin",
       "users",
       100,
       false},
      // Whether call_history carries page_count is not stated; phone APIs omit it here.
      {Route::phone_call_history,
       {"phone", "call_history"},
       "GET /v2/phone/call_history",
       Category::heavy,
       true,
       "phone:read:admin",
       "phone:read:list_call_logs:admin",
       "call_logs",
       300,
       false},
      {Route::meeting,
       {"meetings", "{}"},
       "GET /v2/meetings/{meetingId}",
       Category::light,
       false,
       "meeting:read:admin",
       "meeting:read:meeting:admin",
       "",
       0,
       false},
      {Route::webinar,
       {"webinars", "{}"},
       "GET /v2/webinars/{webinarId}",
       Category::light,
       false,
       "webinar:read:admin",
       "webinar:read:webinar:admin",
       "",
       0,
       false},
      {Route::meeting_registrants,
       {"meetings", "{}", "registrants"},
       "GET /v2/meetings/{meetingId}/registrants",
       Category::medium,
       false,
       "meeting:read:admin",
       "meeting:read:list_registrants:admin",
       "registrants",
       300,
       true},
      {Route::webinar_registrants,
       {"webinars", "{}", "registrants"},
       "GET /v2/webinars/{webinarId}/registrants",
       Category::medium,
       false,
       "webinar:read:admin",
       "webinar:read:list_registrants:admin",
       "registrants",
       300,
       true},
      {Route::group_members,
       {"groups", "{}", "members"},
       "GET /v2/groups/{groupId}/members",
       Category::medium,
       false,
       "group:read:admin",
       "group:read:list_members:admin",
       "members",
       2000,
       true},
  };
  return r;
}

// The routes above, then those of event_children.cpp.
const std::vector<RouteInfo>& routes() {
  static const std::vector<RouteInfo> all = [] {
    std::vector<RouteInfo> v = base_routes();
    for (const EventChildRoute& c : event_child_routes())
      v.push_back({Route::event_child, c.pattern, c.name, c.category, false, c.classic_scope,
                   c.granular_scope, c.array_key, c.page_max, true, &c});
    return v;
  }();
  return all;
}

std::vector<std::string_view> split_path(std::string_view p) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start <= p.size()) {
    const auto slash = p.find('/', start);
    const auto end = slash == std::string_view::npos ? p.size() : slash;
    out.push_back(p.substr(start, end - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return out;
}

// ---- rate limits (docs/zoom_api_facts.md §3)
struct Limit {
  double per_window = 0;    // requests per window (also the bucket's burst)
  double window_s = 1;      // 1 s, or 60 s for Resource-intensive
  std::uint64_t daily = 0;  // 0 = no daily cap
  const char* daily_group = "";
};

Limit limit_for(Plan plan, bool phone, Category c) {
  if (phone) {
    // Phone API limits exist for Pro and Business+; a free account has no Zoom
    // Phone, so it gets the Pro numbers here.
    const bool biz = plan == Plan::business;
    switch (c) {
      case Category::light:
        return {biz ? 40.0 : 20.0, 1, 0, ""};
      case Category::medium:
        return {biz ? 20.0 : 10.0, 1, 0, ""};
      case Category::heavy:
      case Category::resource_intensive:
        return {biz ? 10.0 : 5.0, 1, biz ? 30000u : 15000u, "phone-heavy"};
    }
  }
  switch (plan) {
    case Plan::free:
      switch (c) {
        case Category::light:
          return {4, 1, 6000, "light"};
        case Category::medium:
          return {2, 1, 2000, "medium"};
        case Category::heavy:
          return {1, 1, 1000, "heavy"};
        case Category::resource_intensive:
          return {10, 60, 30000, "resource-intensive"};
      }
      break;
    case Plan::pro:
      switch (c) {
        case Category::light:
          return {30, 1, 0, ""};
        case Category::medium:
          return {20, 1, 0, ""};
        case Category::heavy:
          return {10, 1, 30000, "heavy+resource-intensive"};
        case Category::resource_intensive:
          return {10, 60, 30000, "heavy+resource-intensive"};
      }
      break;
    case Plan::business:
      switch (c) {
        case Category::light:
          return {80, 1, 0, ""};
        case Category::medium:
          return {60, 1, 0, ""};
        case Category::heavy:
          return {40, 1, 60000, "heavy+resource-intensive"};
        case Category::resource_intensive:
          return {20, 60, 60000, "heavy+resource-intensive"};
      }
      break;
  }
  return {};
}

std::string fmt_num(double v) { return std::to_string(static_cast<long long>(v)); }

struct DateWindow {
  sys_days from, to;
};

}  // namespace

std::variant<Simulator::Impl::Caller, HttpResponse> Simulator::Impl::authenticate(
    const HttpRequest& req, TimePoint now_tp) {
  if (req.internal) {
    static const auto every = [] {
      const auto s = all_scopes();
      return std::unordered_set<std::string>(s.begin(), s.end());
    }();
    return Caller{events->default_account, every};
  }
  std::string_view a = req.authorization;
  std::string tok;
  if (a.size() > 7 && util::lower(a.substr(0, 7)) == "bearer ") tok = std::string(a.substr(7));
  std::lock_guard lk(mu);
  const auto it = tokens.find(tok);
  if (tok.empty() || it == tokens.end() || it->second.expires <= now_tp)
    return api_error(opt.invalid_token_status, 124, "Invalid access token.");
  return Caller{it->second.account_id, it->second.scopes};
}

std::optional<HttpResponse> Simulator::Impl::admit(
    const std::string& account_id, Category category, bool phone, TimePoint now_tp,
    std::vector<std::pair<std::string, std::string>>& rl_headers) {
  std::lock_guard lk(mu);
  if (rate_limit) {
    Limit L = limit_for(opt.plan, phone, category);
    if (L.daily)
      L.daily = std::max<std::uint64_t>(
          1, static_cast<std::uint64_t>(
                 std::llround(static_cast<double>(L.daily) * opt.daily_cap_scale)));
    const char* cat = to_string(category);
    const std::string bkey = account_id + (phone ? "|phone|" : "|") + cat;
    auto [bit, fresh] = buckets.try_emplace(bkey);
    Bucket& b = bit->second;
    if (fresh) {
      b.tokens = L.per_window;
      b.last = now_tp;
    } else if (now_tp > b.last) {
      const double el = duration<double>(now_tp - b.last).count();
      b.tokens = std::min(L.per_window, b.tokens + el * L.per_window / L.window_s);
      b.last = now_tp;
    }
    const std::int64_t day_no = floor<days>(now_tp).time_since_epoch().count();
    DailyCount* dc = nullptr;
    if (L.daily) {
      dc = &daily[account_id + "|" + L.daily_group];
      if (dc->day != day_no) *dc = DailyCount{day_no, 0};
    }
    auto limited = [&](const char* type, std::string limit, std::string retry) {
      auto r = api_error(
          429, 429,
          std::string_view(type) == "QPS"
              ? "You have reached the maximum per-second rate limit for this API. Try again "
                "later."
              : "You have reached the maximum daily rate limit for this API. Refer to the "
                "response header for details on when you can make another request.");
      r.headers = {{"X-RateLimit-Category", cat},
                   {"X-RateLimit-Type", type},
                   {"X-RateLimit-Limit", std::move(limit)},
                   {"X-RateLimit-Remaining", "0"},
                   {"Retry-After", std::move(retry)}};
      return r;
    };
    if (dc && dc->count >= L.daily) {
      const auto tomorrow = floor<days>(now_tp) + days(1);
      return limited("Daily-limit", std::to_string(L.daily), util::iso8601(sys_seconds{tomorrow}));
    }
    if (b.tokens < 1.0) {
      const double wait = (1.0 - b.tokens) * L.window_s / L.per_window;
      const auto secs = std::max<long long>(1, static_cast<long long>(std::ceil(wait)));
      return limited("QPS", fmt_num(L.per_window), std::to_string(secs));
    }
    b.tokens -= 1.0;
    if (dc) ++dc->count;
    if (opt.rate_limit_headers_on_success) {
      // Which numbers Zoom puts on successful responses is uncertain: the daily
      // cap where the category has one, else the per-second (per-minute) limit.
      rl_headers.emplace_back("X-RateLimit-Category", cat);
      if (dc) {
        rl_headers.emplace_back("X-RateLimit-Limit", std::to_string(L.daily));
        rl_headers.emplace_back("X-RateLimit-Remaining", std::to_string(L.daily - dc->count));
      } else {
        rl_headers.emplace_back("X-RateLimit-Limit", fmt_num(L.per_window));
        rl_headers.emplace_back("X-RateLimit-Remaining", fmt_num(std::floor(b.tokens)));
      }
    }
  }
  return std::nullopt;
}

HttpResponse Simulator::Impl::handle_api(const HttpRequest& req, LoggedRequest& entry) {
  const auto now_tp = [&] {
    std::lock_guard lk(mu);
    return now();
  }();

  // ---- route
  const auto segs = split_path(std::string_view(req.path).substr(4));  // after "/v2/"
  const RouteInfo* ri = nullptr;
  std::vector<std::string_view> args;
  for (const auto& r : routes()) {
    if (r.pattern.size() != segs.size()) continue;
    std::vector<std::string_view> a;
    bool ok = true;
    for (std::size_t i = 0; i < segs.size() && ok; ++i) {
      if (r.pattern[i] == "{}") {
        ok = !segs[i].empty();
        a.push_back(segs[i]);
      } else {
        ok = r.pattern[i] == segs[i];
      }
    }
    if (ok) {
      ri = &r;
      args = std::move(a);
      break;
    }
  }
  if (ri) entry.endpoint = ri->name;

  // ---- access token (124)
  auto caller = authenticate(req, now_tp);
  if (auto* e = std::get_if<HttpResponse>(&caller)) return std::move(*e);
  const std::string account_id = std::get<Caller>(caller).account_id;
  const auto& scopes = std::get<Caller>(caller).scopes;
  entry.account_id = account_id;

  if (!ri) {
    // A single-encoded meeting UUID with "//" or a leading '/' leaves extra path
    // segments; Zoom answers 404 with 3001 for those.
    if (!segs.empty() &&
        (segs[0] == "past_meetings" || segs[0] == "past_webinars" || segs[0] == "report"))
      return api_error(404, 3001, "Meeting does not exist.");
    return api_error(404, 404, "Not Found.");  // Zoom's body for unknown paths is uncertain
  }
  if (req.method != "GET") return api_error(405, 405, "Method not allowed.");

  // ---- scope (4711): either the classic or the granular scope grants access
  if (!scopes.contains(ri->classic_scope) && !scopes.contains(ri->granular_scope))
    return api_error(
        400, opt.scope_error_code,
        std::string("Invalid access token, does not contain scopes:[") + ri->granular_scope + "].");

  // ---- rate limits, per account
  std::vector<std::pair<std::string, std::string>> rl_headers;
  if (!req.internal)
    if (auto limited = admit(account_id, ri->category, ri->phone, now_tp, rl_headers))
      return std::move(*limited);
  auto with_headers = [&](HttpResponse r) {
    for (auto& h : rl_headers) r.headers.push_back(h);
    return r;
  };

  // ---- query
  const auto params_opt = util::parse_query(req.query);
  if (!params_opt) return with_headers(validation_error("query", "Malformed query string."));
  const util::Params& params = *params_opt;
  auto param = [&](std::string_view k) { return util::find_param(params, k); };

  // page_size: default 30, clamped to the endpoint's maximum like Zoom.
  const int page_max = ri->route == Route::users ? opt.users_page_size_max : ri->page_max;
  int page_size = 30;
  if (const auto* ps = param("page_size"); ps && ri->page_max > 0) {
    long long v = 0;
    bool ok = !ps->empty() && ps->size() <= 9;
    for (char c : *ps) ok = ok && c >= '0' && c <= '9';
    if (ok) v = std::stoll(*ps);
    if (!ok) return with_headers(validation_error("page_size"));
    // page_size=0: Zoom's behaviour is uncertain; the default is used.
    page_size = v < 1 ? 30 : static_cast<int>(std::min<long long>(v, page_max));
  }
  int page_number = 0;
  if (const auto* pn = param("page_number"); pn && ri->page_max > 0) {
    bool ok = !pn->empty() && pn->size() <= 9;
    for (char c : *pn) ok = ok && c >= '0' && c <= '9';
    if (!ok) return with_headers(validation_error("page_number"));
    page_number = std::max(1, std::stoi(*pn));
  }

  // from/to (yyyy-mm-dd): at most Options::max_window_months apart; reports only
  // within the last Options::report_history_months. Zoom's exact messages for the
  // window rules are uncertain; the shape {"code":300,"message":...} is Zoom's.
  const sys_days today = floor<days>(now_tp);
  auto window = [&](bool required, bool history_limited, sys_days def_from,
                    sys_days def_to) -> std::variant<DateWindow, HttpResponse> {
    DateWindow w{def_from, def_to};
    for (const char* f : {"from", "to"}) {
      const auto* v = param(f);
      if (!v) {
        if (required) return validation_error(f, std::string(f) + " is required.");
        continue;
      }
      const auto d = util::parse_ymd(*v);
      if (!d) return validation_error(f, "Invalid date format, expected yyyy-mm-dd.");
      (std::string_view(f) == "from" ? w.from : w.to) = *d;
    }
    if (w.to < w.from)
      return api_error(400, 300, "The 'to' date must not be earlier than the 'from' date.");
    if (w.to > util::add_months(w.from, opt.max_window_months))
      return api_error(400, 300, "The date range can not be more than one month.");
    if (history_limited && w.from < util::add_months(today, -opt.report_history_months))
      return api_error(400, 300, "The report can only be generated for the last six months.");
    return w;
  };

  // userId / meetingUUID path arguments.
  auto resolve_user = [&](std::string_view raw) -> const User* {
    const auto dec = util::pct_decode(raw, false);
    if (!dec) return nullptr;
    if (*dec == "me") return ds.user_ptr(ds.owner_index);
    return ds.find_user(*dec);
  };
  auto user_missing = [&](std::string_view raw) {
    const auto dec = util::pct_decode(raw, false);
    return api_error(404, 1001, "User does not exist: " + (dec ? *dec : std::string(raw)) + ".");
  };
  // A UUID that starts with '/' or contains "//" must arrive double-encoded: the
  // segment is decoded once and, if it still holds %XX escapes, once more.
  auto resolve_meeting = [&](std::string_view raw, std::string& shown,
                             std::string& decoded) -> const Meeting* {
    auto d1 = util::pct_decode(raw, false);
    if (!d1) return nullptr;
    shown = *d1;
    std::string id = *d1;
    bool twice = false;
    if (util::has_pct_escape(id)) {
      auto d2 = util::pct_decode(id, false);
      if (!d2) return nullptr;
      id = *d2;
      twice = true;
    }
    if (!twice && (id.starts_with("/") || id.find("//") != std::string::npos)) return nullptr;
    decoded = id;
    if (!id.empty() &&
        std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
        id.size() < 19)
      return ds.find_meeting_by_id(std::stoll(id));
    return ds.find_meeting_by_uuid(id);
  };

  // ---- list description, filled by the endpoint
  std::size_t count = 0;
  std::function<const std::string&(std::size_t)> item;
  std::vector<std::size_t> idx;
  std::string prefix;  // extra top-level fields, each followed by ','
  std::string_view page_size_key = "page_size";

  auto in_window = [](sys_seconds t, const DateWindow& w) {
    const auto d = floor<days>(t);
    return d >= w.from && d <= w.to;
  };
  auto window_prefix = [](const DateWindow& w) {
    return "\"from\":\"" + util::ymd(w.from) + "\",\"to\":\"" + util::ymd(w.to) + "\",";
  };

  // Records of this request (a lazy account makes them now).
  std::vector<Meeting> ms;
  std::vector<Webinar> ws;
  std::vector<Participant> ps;
  std::vector<std::string> made;
  std::optional<std::size_t> lazy_count;  // records listed without an index vector
  // What writes changed is served from the write overlay.
  std::vector<std::string> written_rows;
  auto served = writes->read(ds, ri->name, args, params, now_tp);
  if (served) {
    if (auto* r = std::get_if<HttpResponse>(&*served)) return with_headers(std::move(*r));
    if (auto* src = std::get_if<WriteStore::RowSource>(&*served)) {
      // Rows made when asked for (item() is asked for each row of the page in order).
      lazy_count = src->count;
      item = [&, src, first = std::size_t{0}](std::size_t k) mutable -> const std::string& {
        if (made.empty() || k < first) {
          made.clear();
          first = k;
        }
        while (first + made.size() <= k) made.push_back(src->row(first + made.size()));
        return made[k - first];
      };
    } else {
      written_rows = std::move(std::get<std::vector<std::string>>(*served));
      idx.resize(written_rows.size());
      item = [&](std::size_t k) -> const std::string& { return written_rows[k]; };
    }
  }

  switch (served ? Route::written : ri->route) {
    case Route::written:
      break;
    case Route::meeting:
    case Route::webinar:
    case Route::meeting_registrants:
    case Route::webinar_registrants:
    case Route::group_members:
      return with_headers(api_error(404, 404, "Not Found."));  // the overlay serves these
    case Route::event_child: {
      auto answer = event_child_answer(ds, *ri->child, args[0], params, now_tp);
      if (auto* r = std::get_if<HttpResponse>(&answer)) return with_headers(std::move(*r));
      made = std::move(std::get<std::vector<std::string>>(answer));
      idx.resize(made.size());
      item = [&](std::size_t k) -> const std::string& { return made[k]; };
      break;
    }
    case Route::users: {
      std::string status = "active";
      if (const auto* s = param("status")) status = *s;
      if (status != "active" && status != "inactive" && status != "pending")
        return with_headers(validation_error("status"));
      if (!ds.lazy) {
        for (std::size_t i = 0; i < ds.users.size(); ++i)
          if (ds.users[i].status == status) idx.push_back(i);
        item = [&](std::size_t k) -> const std::string& { return ds.users[idx[k]].json_list; };
        break;
      }
      // Only the page's users are made; item() is asked for each in order, twice.
      lazy_count = ds.count_with_status(status);
      item = [&, status, first = std::size_t{0}](std::size_t k) mutable -> const std::string& {
        if (made.empty() || k < first) {
          made.clear();
          first = k;
        }
        while (first + made.size() <= k)
          made.push_back(ds.user_list_json(ds.index_with_status(status, first + made.size())));
        return made[k - first];
      };
      break;
    }
    case Route::user: {
      const User* u = resolve_user(args[0]);
      if (!u) return with_headers(user_missing(args[0]));
      return with_headers(json_response(200, u->json_detail));
    }
    case Route::user_meetings: {
      const User* u = resolve_user(args[0]);
      if (!u) return with_headers(user_missing(args[0]));
      std::string type = "scheduled";
      if (const auto* t = param("type")) type = *t;
      const bool all = type == "scheduled";
      const bool upcoming = type == "upcoming" || type == "upcoming_meetings";
      const bool previous = type == "previous_meetings";
      if (!all && !upcoming && !previous && type != "live")
        return with_headers(validation_error("type"));
      ms = ds.meetings_of(u->index);
      for (std::size_t mi = 0; mi < ms.size(); ++mi) {
        const auto& m = ms[mi];
        if (all || (upcoming && !m.past) || (previous && m.past)) idx.push_back(mi);
      }
      item = [&](std::size_t k) -> const std::string& { return ms[idx[k]].json_list; };
      break;
    }
    case Route::user_webinars: {
      const User* u = resolve_user(args[0]);
      if (!u) return with_headers(user_missing(args[0]));
      if (!u->webinar_licensed)
        // Message wording uncertain; the code is Options::unlicensed_webinar_code.
        return with_headers(api_error(
            400, opt.unlicensed_webinar_code,
            "Webinar plan is missing. You must subscribe to the webinar plan and enable webinar "
            "for this user in order to perform this action."));
      ws = ds.webinars_of(u->index);
      idx.resize(ws.size());
      item = [&](std::size_t k) -> const std::string& { return ws[k].json_list; };
      break;
    }
    case Route::user_recordings: {
      const User* u = resolve_user(args[0]);
      if (!u) return with_headers(user_missing(args[0]));
      // Defaults (uncertain): from = today, to = today, as Zoom's docs describe.
      auto w = window(false, false, today, today);
      if (auto* e = std::get_if<HttpResponse>(&w)) return with_headers(std::move(*e));
      const auto win = std::get<DateWindow>(w);
      // The activity generator's recordings join the dataset's; deleted ones leave.
      for (const auto& m : ds.meetings_of(u->index))
        if (m.has_recording && in_window(m.start_time, win) &&
            !events->live.recording_deleted(m.uuid))
          made.push_back(m.json_recording);
      events->live.recordings_of(u->id, win.from, win.to, made);
      idx.resize(made.size());
      prefix = window_prefix(win);
      item = [&](std::size_t k) -> const std::string& { return made[k]; };
      break;
    }
    case Route::past_participants:
    case Route::report_meeting_participants: {
      std::string shown, decoded;
      const Meeting* m = resolve_meeting(args[0], shown, decoded);
      // Meetings the activity generator ran (past participants only).
      if (auto rows = ri->route == Route::past_participants && !decoded.empty()
                          ? events->live.participants(decoded)
                          : std::nullopt) {
        made = std::move(*rows);
        idx.resize(made.size());
        item = [&](std::size_t k) -> const std::string& { return made[k]; };
        break;
      }
      if (!m || !m->past)
        return with_headers(api_error(404, 3001, "Meeting does not exist: " + shown + "."));
      ps = ds.participants_of(*m);
      idx.resize(ps.size());
      const bool report = ri->route == Route::report_meeting_participants;
      item = [&, report](std::size_t k) -> const std::string& {
        return report ? ps[k].json_report : ps[k].json_past;
      };
      break;
    }
    case Route::report_users: {
      auto w = window(true, true, today, today);
      if (auto* e = std::get_if<HttpResponse>(&w)) return with_headers(std::move(*e));
      const auto win = std::get<DateWindow>(w);
      // type=active (default here): users with at least one past meeting in the window;
      // type=inactive: the other users, with zero counts.
      std::string type = "active";
      if (const auto* t = param("type")) type = *t;
      if (type != "active" && type != "inactive") return with_headers(validation_error("type"));
      const bool want_active = type == "active";
      static thread_local std::vector<std::string> rows;
      rows.clear();
      long long tm = 0, tp = 0, tmin = 0;
      const auto per_meeting =
          static_cast<long long>(std::max(0, ds.sizes.participants_per_meeting));
      for (std::size_t i = 0; i < ds.user_count(); ++i) {
        long long meetings = 0, parts = 0, mins = 0;
        ds.visit_meetings(
            i,
            [&](const Meeting& m) {
              if (!m.past || !in_window(m.start_time, win)) return;
              ++meetings;
              parts += per_meeting;
              mins += m.duration;
            },
            false);
        if ((meetings > 0) != want_active) continue;
        const auto& u = *ds.user_ptr(i);
        tm += meetings;
        tp += parts;
        tmin += mins;
        rows.push_back("{\"id\":" + json_str(u.id) + ",\"email\":" + json_str(u.email) +
                       ",\"user_name\":" + json_str(u.display_name) +
                       ",\"type\":" + std::to_string(u.type) + ",\"dept\":" + json_str(u.dept) +
                       ",\"meetings\":" + std::to_string(meetings) + ",\"participants\":" +
                       std::to_string(parts) + ",\"meeting_minutes\":" + std::to_string(mins) +
                       ",\"last_client_version\":\"5.17.11.34827(mac)\",\"last_login_time\":" +
                       json_str(util::iso8601(u.last_login_time)) +
                       ",\"create_time\":" + json_str(util::iso8601(u.created_at)) + "}");
      }
      prefix = window_prefix(win) + "\"total_meetings\":" + std::to_string(tm) +
               ",\"total_participants\":" + std::to_string(tp) +
               ",\"total_meeting_minutes\":" + std::to_string(tmin) + ",";
      idx.resize(rows.size());
      item = [&](std::size_t k) -> const std::string& { return rows[k]; };
      break;
    }
    case Route::report_user_meetings: {
      auto w = window(true, true, today, today);
      if (auto* e = std::get_if<HttpResponse>(&w)) return with_headers(std::move(*e));
      const User* u = resolve_user(args[0]);
      if (!u) return with_headers(user_missing(args[0]));
      const auto win = std::get<DateWindow>(w);
      ds.visit_meetings(u->index, [&](const Meeting& m) {
        if (m.past && in_window(m.start_time, win)) made.push_back(m.json_report);
      });
      idx.resize(made.size());
      prefix = window_prefix(win);
      item = [&](std::size_t k) -> const std::string& { return made[k]; };
      break;
    }
    case Route::metrics_meetings: {
      auto w = window(true, true, today, today);
      if (auto* e = std::get_if<HttpResponse>(&w)) return with_headers(std::move(*e));
      const auto win = std::get<DateWindow>(w);
      // Zoom's default type is "live"; a sync must ask for type=past.
      std::string type = "live";
      if (const auto* t = param("type")) type = *t;
      if (type != "live" && type != "past" && type != "pastOne" && type != "pastJoinable")
        return with_headers(validation_error("type"));
      if (type != "live") {
        const bool one = ds.sizes.participants_per_meeting == 1;
        for (std::size_t i = 0; i < ds.user_count(); ++i)
          ds.visit_meetings(i, [&](const Meeting& m) {
            if (!m.past || !in_window(m.start_time, win)) return;
            if (type == "pastOne" && !one) return;
            made.push_back(m.json_metrics);
          });
      }
      idx.resize(made.size());
      prefix = window_prefix(win);
      item = [&](std::size_t k) -> const std::string& { return made[k]; };
      break;
    }
    case Route::groups: {
      for (std::size_t i = 0; i < ds.groups.size(); ++i) idx.push_back(i);
      item = [&](std::size_t k) -> const std::string& { return ds.groups[idx[k]].json_list; };
      break;
    }
    case Route::phone_users: {
      for (std::size_t i = 0; i < ds.phone_users.size(); ++i) idx.push_back(i);
      item = [&](std::size_t k) -> const std::string& { return ds.phone_users[idx[k]].json_list; };
      break;
    }
    case Route::phone_call_history: {
      // Defaults (uncertain): the last day.
      auto w = window(false, false, today - days(1), today);
      if (auto* e = std::get_if<HttpResponse>(&w)) return with_headers(std::move(*e));
      const auto win = std::get<DateWindow>(w);
      for (const auto& call : ds.call_logs)
        if (in_window(call.start_time, win)) made.push_back(call.json_list);
      events->live.calls_between(win.from, win.to, made);  // the activity generator's calls
      idx.resize(made.size());
      prefix = window_prefix(win);
      item = [&](std::size_t k) -> const std::string& { return made[k]; };
      break;
    }
  }
  count = lazy_count ? *lazy_count : idx.size();

  // ---- pagination: opaque next_page_tokens bound to account, path and query
  std::string binding = req.path + "?";
  {
    std::vector<std::pair<std::string, std::string>> keep;
    for (const auto& kv : params)
      if (kv.first != "next_page_token" && kv.first != "page_size" && kv.first != "page_number")
        keep.push_back(kv);
    std::sort(keep.begin(), keep.end());
    for (auto& [k, v] : keep) binding += util::pct_encode(k) + "=" + util::pct_encode(v) + "&";
  }
  std::size_t offset = 0;
  bool last_forced = false;
  if (const auto* npt = param("next_page_token"); npt && !npt->empty()) {
    std::lock_guard lk(mu);
    const auto it = page_tokens.find(*npt);
    if (it == page_tokens.end() || it->second.expired || it->second.account_id != account_id ||
        it->second.binding != binding || now_tp - it->second.created > opt.page_token_ttl)
      return with_headers(api_error(400, 300, "The next page token is invalid or expired."));
    offset = it->second.offset;
  } else if (page_number > 0) {
    switch (opt.page_number_mode) {
      case PageNumberMode::ignore:
        break;
      case PageNumberMode::honor:
        offset = static_cast<std::size_t>(page_number - 1) * static_cast<std::size_t>(page_size);
        break;
      case PageNumberMode::first_page_only:
        last_forced = true;
        break;
    }
  }
  offset = std::min(offset, count);
  const std::size_t end = std::min(count, offset + static_cast<std::size_t>(page_size));
  std::string next;
  if (end < count && !last_forced) {
    std::lock_guard lk(mu);
    // Drop expired tokens now and then so the map stays bounded.
    if (page_tokens.size() > 100000)
      std::erase_if(page_tokens, [&](auto& kv) {
        return kv.second.expired || now_tp - kv.second.created > opt.page_token_ttl;
      });
    next = random_token(32);
    page_tokens.emplace(next, PageToken{account_id, binding, end, now_tp, false});
  }

  std::string body;
  std::size_t est = prefix.size() + 160;
  for (std::size_t k = offset; k < end; ++k) est += item(k).size() + 1;
  body.reserve(est);
  body += '{';
  body += prefix;
  if (ri->page_count)
    body += "\"page_count\":" + std::to_string((count + page_size - 1) / page_size) + ",";
  body += "\"";
  body += page_size_key;
  body += "\":" + std::to_string(page_size) + ",\"total_records\":" + std::to_string(count) +
          ",\"next_page_token\":\"" + next + "\",\"" + ri->array_key + "\":[";
  for (std::size_t k = offset; k < end; ++k) {
    if (k != offset) body += ',';
    body += item(k);
  }
  body += "]}";
  return with_headers(json_response(200, std::move(body)));
}

}  // namespace zoom_sim
