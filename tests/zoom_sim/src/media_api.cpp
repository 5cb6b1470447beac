// The media reads of issue 23: GET /phone/recordings, the account's meeting
// summaries (GET /meetings/meeting_summaries) and each meeting's summary
// (GET /meetings/{meetingUUID}/meeting_summary). Same order of checks as
// api.cpp: route, token (124), scope (4711), rate limit (429), query (300),
// entities, then the page. Every record derives from (seed, index).
#include <algorithm>
#include <cstring>

#include "impl.hpp"
#include "media_data.hpp"

namespace zoom_sim {

using namespace std::chrono;

namespace {

enum class MediaRoute { phone_recordings, meeting_summaries, meeting_summary, meeting_recordings };

struct MediaRouteInfo {
  MediaRoute route;
  std::vector<std::string_view> pattern;  // "{}" matches one segment
  const char* name;
  Category category;
  bool phone;
  const char* classic_scope;
  const char* granular_scope;
};

// Zoom's inventories (workplace/Phone.json, workplace/Meetings.json): scopes
// and each operation's Rate Limit Label.
const std::vector<MediaRouteInfo>& media_routes() {
  static const std::vector<MediaRouteInfo> r = {
      {MediaRoute::phone_recordings,
       {"phone", "recordings"},
       "GET /v2/phone/recordings",
       Category::medium,
       true,
       "phone:read:admin",
       "phone:read:list_call_recordings:admin"},
      {MediaRoute::meeting_summaries,
       {"meetings", "meeting_summaries"},
       "GET /v2/meetings/meeting_summaries",
       Category::medium,
       false,
       "meeting_summary:read:admin",
       "meeting:read:list_summaries:admin"},
      {MediaRoute::meeting_summary,
       {"meetings", "{}", "meeting_summary"},
       "GET /v2/meetings/{meetingId}/meeting_summary",
       Category::light,
       false,
       "meeting_summary:read:admin",
       "meeting:read:summary:admin"},
      {MediaRoute::meeting_recordings,
       {"meetings", "{}", "recordings"},
       "GET /v2/meetings/{meetingId}/recordings",
       Category::light,
       false,
       "recording:read:admin",
       "cloud_recording:read:list_recording_files:admin"},
  };
  return r;
}

const MediaRouteInfo* match(std::string_view path, std::string& arg) {
  std::vector<std::string_view> segs;
  for (std::size_t start = 0;;) {
    const auto slash = path.find('/', start);
    segs.push_back(path.substr(start, slash == std::string_view::npos ? path.npos : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  for (const auto& r : media_routes()) {
    if (r.pattern.size() != segs.size()) continue;
    bool ok = true;
    for (std::size_t i = 0; i < segs.size() && ok; ++i) {
      if (r.pattern[i] == "{}") {
        ok = !segs[i].empty();
        arg = std::string(segs[i]);
      } else {
        ok = r.pattern[i] == segs[i];
      }
    }
    if (ok) return &r;
  }
  return nullptr;
}

// A date (yyyy-mm-dd) or a date-time (yyyy-mm-ddTHH:MM:SSZ): its day.
std::optional<sys_days> parse_day(std::string_view v) {
  if (v.size() == 20 && v[10] == 'T' && v[19] == 'Z') v = v.substr(0, 10);
  return util::parse_ymd(v);
}

}  // namespace

std::optional<HttpResponse> Simulator::Impl::handle_media_api(const HttpRequest& req,
                                                              LoggedRequest& entry) {
  std::string arg;
  const MediaRouteInfo* ri = match(std::string_view(req.path).substr(4), arg);  // after "/v2/"
  if (ri == nullptr || req.method != "GET") return std::nullopt;
  entry.endpoint = ri->name;
  const auto now_tp = [&] {
    std::lock_guard lk(mu);
    return now();
  }();
  auto caller = authenticate(req, now_tp);
  if (auto* e = std::get_if<HttpResponse>(&caller)) return std::move(*e);
  const auto& scopes = std::get<Caller>(caller).scopes;
  entry.account_id = std::get<Caller>(caller).account_id;
  if (!scopes.contains(ri->classic_scope) && !scopes.contains(ri->granular_scope))
    return api_error(
        400, opt.scope_error_code,
        std::string("Invalid access token, does not contain scopes:[") + ri->granular_scope + "].");
  std::vector<std::pair<std::string, std::string>> rl_headers;
  if (auto limited = admit(entry.account_id, ri->category, ri->phone, now_tp, rl_headers))
    return std::move(*limited);
  auto with_headers = [&](HttpResponse r) {
    for (auto& h : rl_headers) r.headers.push_back(h);
    return r;
  };
  const auto params = util::parse_query(req.query);
  if (!params) return with_headers(validation_error("query", "Malformed query string."));

  if (ri->route == MediaRoute::meeting_summary) {
    return with_headers(meeting_summary_answer(*this, arg));
  }
  if (ri->route == MediaRoute::meeting_recordings) {
    std::string shown;
    const Meeting* m = meeting_of_segment(ds, arg, shown);
    if (m == nullptr || !m->has_recording)
      return with_headers(api_error(404, 3301, "There is no recording for this meeting."));
    HttpResponse answer = json_response(200, m->json_recording);
    return with_headers(std::move(answer));
  }
  // Both lists: dated, one month at most. Defaults (uncertain): the last 30 days.
  const sys_days today = floor<days>(now_tp);
  MediaWindow win{today - days(30), today};
  for (const char* f : {"from", "to"}) {
    const auto* v = util::find_param(*params, f);
    if (v == nullptr) continue;
    const auto d = parse_day(*v);
    if (!d) return with_headers(validation_error(f, "Invalid date format."));
    (std::string_view(f) == "from" ? win.from : win.to) = *d;
  }
  if (win.to < win.from)
    return with_headers(
        api_error(400, 300, "The 'to' date must not be earlier than the 'from' date."));
  if (win.to > util::add_months(win.from, opt.max_window_months))
    return with_headers(api_error(400, 300, "The date range can not be more than one month."));
  std::vector<std::string> rows;
  if (ri->route == MediaRoute::phone_recordings) {
    rows = phone_recording_rows(ds, win);
    return with_headers(
        paged_list(*this, req, *params, entry.account_id, now_tp, rows, "recordings", ""));
  }
  rows = meeting_summary_rows(ds, win);
  const std::string prefix = "\"from\":\"" + util::ymd(win.from) + "T00:00:00Z\",\"to\":\"" +
                             util::ymd(win.to) + "T23:59:59Z\",";
  return with_headers(
      paged_list(*this, req, *params, entry.account_id, now_tp, rows, "summaries", prefix));
}

HttpResponse Simulator::Impl::handle_download(const HttpRequest& req, LoggedRequest& entry) {
  entry.endpoint = "GET /rec/download/{fileId}";
  if (req.method != "GET") return api_error(405, 405, "Method not allowed.");
  const auto now_tp = [&] {
    std::lock_guard lk(mu);
    return now();
  }();
  // Zoom's downloads take the same bearer token as the API (the URL's own
  // access_token query is Zoom's signature here, not checked).
  auto caller = authenticate(req, now_tp);
  if (auto* e = std::get_if<HttpResponse>(&caller)) return std::move(*e);
  const std::string_view id = std::string_view(req.path).substr(std::strlen("/rec/download/"));
  const bool well_formed =
      id.ends_with("-vtt") && id.size() < 100 && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == '-' || c == 'v' || c == 't';
      });
  if (!well_formed) return api_error(404, 3322, "The recording file does not exist.");  // a guess
  if (!opt.download_redirect.empty()) {
    HttpResponse moved;
    moved.status = 302;
    moved.content_type = "text/html";
    moved.headers.emplace_back(
        "Location", opt.download_redirect + "/rec/download/" + std::string(id) + "?signature=sim");
    return moved;
  }
  HttpResponse vtt;
  vtt.content_type = "text/vtt";
  vtt.body = transcript_vtt(ds.seed, id, ds.sizes.transcript_cues);
  return vtt;
}

void rewrite_download_urls(std::string_view endpoint, const std::string& base_url,
                           std::string& body) {
  if (endpoint != "GET /v2/users/{userId}/recordings" &&
      endpoint != "GET /v2/meetings/{meetingId}/recordings")
    return;
  const std::string to = base_url + "/rec/download/";
  for (std::size_t at = 0; (at = body.find(k_transcript_url_prefix, at)) != std::string::npos;) {
    body.replace(at, k_transcript_url_prefix.size(), to);
    at += to.size();
  }
}

}  // namespace zoom_sim
