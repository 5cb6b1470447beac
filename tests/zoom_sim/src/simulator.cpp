// Simulator lifecycle, the request pipeline (faults → endpoint → stats/log),
// the OAuth token endpoint and the /_sim control endpoints.
#include <boost/json.hpp>
#include <random>

#include "event_system.hpp"
#include "impl.hpp"
#include "media_data.hpp"
#include "server.hpp"
#include "shape_faults.hpp"
#include "traffic_log.hpp"
#include "write_store.hpp"

namespace zoom_sim {

using namespace std::chrono;
namespace json = boost::json;

// ------------------------------------------------------------ small public helpers
ManualClock::ManualClock(system_clock::time_point start)
    : ns_(std::make_shared<std::atomic<std::int64_t>>(
          duration_cast<nanoseconds>(start.time_since_epoch()).count())) {}
system_clock::time_point ManualClock::now() const {
  return system_clock::time_point{duration_cast<system_clock::duration>(nanoseconds{ns_->load()})};
}
void ManualClock::advance(system_clock::duration d) {
  ns_->fetch_add(duration_cast<nanoseconds>(d).count());
}
void ManualClock::set(system_clock::time_point t) {
  ns_->store(duration_cast<nanoseconds>(t.time_since_epoch()).count());
}
Clock ManualClock::clock() const {
  auto ns = ns_;
  return [ns] {
    return system_clock::time_point{duration_cast<system_clock::duration>(nanoseconds{ns->load()})};
  };
}

std::vector<std::string> classic_scopes() {
  return {"user:read:admin",      "meeting:read:admin",  "webinar:read:admin",
          "recording:read:admin", "report:read:admin",   "dashboard:read:admin",
          "group:read:admin",     "phone:read:admin",    "user:write:admin",
          "meeting:write:admin",  "webinar:write:admin", "group:write:admin",
          "meeting_summary:read:admin"};
}
std::vector<std::string> granular_scopes() {
  return {"user:read:list_users:admin",
          "user:read:user:admin",
          "meeting:read:list_meetings:admin",
          "webinar:read:list_webinars:admin",
          "cloud_recording:read:list_user_recordings:admin",
          "meeting:read:list_past_participants:admin",
          "report:read:list_users:admin",
          "report:read:user:admin",
          "report:read:list_meeting_participants:admin",
          "dashboard:read:list_meetings:admin",
          "group:read:list_groups:admin",
          "phone:read:list_users:admin",
          "phone:read:list_call_logs:admin",
          "meeting:read:meeting:admin",
          "webinar:read:webinar:admin",
          "meeting:read:list_registrants:admin",
          "webinar:read:list_registrants:admin",
          "group:read:list_members:admin",
          "meeting:read:list_polls:admin",
          "meeting:read:list_poll_results:admin",
          "meeting:read:list_registration_questions:admin",
          "webinar:read:list_panelists:admin",
          "webinar:read:list_absentees:admin",
          "webinar:read:list_past_participants:admin",
          "webinar:read:list_polls:admin",
          "webinar:read:list_past_polls:admin",
          "webinar:read:list_registration_questions:admin",
          "webinar:read:list_tracking_sources:admin",
          "webinar:read:past_qa:admin",
          "report:read:webinar:admin",
          "report:read:list_webinar_participants:admin",
          "user:write:user:admin",
          "user:update:user:admin",
          "user:delete:user:admin",
          "meeting:write:meeting:admin",
          "meeting:update:meeting:admin",
          "meeting:delete:meeting:admin",
          "meeting:write:registrant:admin",
          "webinar:write:webinar:admin",
          "webinar:update:webinar:admin",
          "webinar:delete:webinar:admin",
          "webinar:write:registrant:admin",
          "group:write:member:admin",
          "group:delete:member:admin",
          "phone:read:list_call_recordings:admin",
          "meeting:read:list_summaries:admin",
          "meeting:read:summary:admin",
          "cloud_recording:read:list_recording_files:admin"};
}
std::vector<std::string> all_scopes() {
  auto v = classic_scopes();
  for (auto& s : granular_scopes()) v.push_back(s);
  return v;
}
App default_app() {
  return App{kDefaultAccountId, kDefaultClientId, kDefaultClientSecret, all_scopes(), false, true};
}

const char* to_string(Category c) {
  switch (c) {
    case Category::light:
      return "Light";
    case Category::medium:
      return "Medium";
    case Category::heavy:
      return "Heavy";
    case Category::resource_intensive:
      return "Resource-intensive";
  }
  return "?";
}
const char* to_string(Plan p) {
  switch (p) {
    case Plan::free:
      return "free";
    case Plan::pro:
      return "pro";
    case Plan::business:
      return "business";
  }
  return "?";
}
std::optional<Plan> parse_plan(std::string_view s) {
  if (s == "free") return Plan::free;
  if (s == "pro") return Plan::pro;
  if (s == "business") return Plan::business;
  return std::nullopt;
}

namespace {
constexpr std::pair<FaultKind, const char*> kFaultNames[] = {
    {FaultKind::http_500, "http_500"},
    {FaultKind::http_502, "http_502"},
    {FaultKind::http_503, "http_503"},
    {FaultKind::http_504, "http_504"},
    {FaultKind::connection_reset, "connection_reset"},
    {FaultKind::delay, "delay"},
    {FaultKind::rate_limit_burst, "rate_limit_burst"},
    {FaultKind::clock_jump, "clock_jump"},
    {FaultKind::truncated_json, "truncated_json"},
    {FaultKind::html_200, "html_200"},
    {FaultKind::html_403, "html_403"},
    {FaultKind::revoke_token, "revoke_token"},
    {FaultKind::expire_page_token, "expire_page_token"},
    {FaultKind::list_missing, "list_missing"},
    {FaultKind::list_null, "list_null"},
    {FaultKind::page_token_null, "page_token_null"},
    {FaultKind::empty_200, "empty_200"},
    {FaultKind::numbers_as_strings, "numbers_as_strings"},
    {FaultKind::extra_fields, "extra_fields"},
    {FaultKind::no_content_204, "no_content_204"},
    {FaultKind::gzip_whole, "gzip_whole"},
    {FaultKind::gzip_truncated, "gzip_truncated"},
    {FaultKind::gzip_length_off, "gzip_length_off"},
};
}  // namespace
const char* to_string(FaultKind k) {
  for (auto& [kind, name] : kFaultNames)
    if (kind == k) return name;
  return "?";
}
std::optional<FaultKind> parse_fault_kind(std::string_view s) {
  for (auto& [kind, name] : kFaultNames)
    if (s == name) return kind;
  return std::nullopt;
}

// ------------------------------------------------------------ response builders
std::string json_str(std::string_view s) { return json::serialize(json::string_view(s)); }

HttpResponse json_response(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

HttpResponse api_error(int status, int code, std::string_view message) {
  return json_response(
      status, "{\"code\":" + std::to_string(code) + ",\"message\":" + json_str(message) + "}");
}

HttpResponse validation_error(std::string_view field, std::string_view message) {
  // Zoom's validation shape: {"code":300,"message":...,"errors":[{"field","message"}]}.
  return json_response(400, "{\"code\":300,\"message\":\"Invalid field.\",\"errors\":[{\"field\":" +
                                json_str(field) + ",\"message\":" + json_str(message) + "}]}");
}

// ------------------------------------------------------------ Impl
Simulator::Impl::Impl(Options o)
    : opt(std::move(o)), secret_rng(std::random_device{}() ^ 0x9E37ULL) {
  secret_rng.state ^= static_cast<std::uint64_t>(std::random_device{}()) << 32;
  if (opt.apps.empty()) opt.apps.push_back(default_app());
  clock = opt.clock;
  rate_limit = opt.rate_limit;
  const auto today = opt.today ? *opt.today : floor<days>(now());
  ds = generate_dataset(opt.seed, opt.sizes, today);
  set_faults_locked(opt.faults);
  writes = std::make_unique<WriteStore>(ds, opt, [this] {
    std::lock_guard lk(mu);
    return now();
  });
  traffic = std::make_unique<TrafficLog>(opt.traffic_log, opt.traffic_log_bodies);
  events = std::make_unique<EventSystem>(*this);
}

Simulator::Impl::~Impl() {
  // The generator and the webhook sender first (they publish and read the
  // stores), then the server (its WebSocket sessions use the hub).
  if (events) events->stop();
  if (server) server->stop();
  server.reset();
}

std::string Simulator::Impl::random_token(std::size_t n) {
  static constexpr char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string s(n, 'A');
  for (auto& c : s) c = a[secret_rng.below(62)];
  return s;
}

void Simulator::Impl::set_faults_locked(FaultPlan p) {
  faults = std::move(p);
  fault_rng = util::Rng(faults.seed);
  fault_counters.assign(faults.rules.size(), 0);
  burst_left.clear();
}

namespace {

// Query parameters whose value the request log does not keep.
bool secret_query_key(std::string_view name) {
  static constexpr std::string_view keys[] = {
      "access_token", "token", "client_secret", "secret", "password", "code", "refresh_token"};
  const std::string key = util::lower(name);
  for (auto k : keys)
    if (key == k) return true;
  return false;
}

HttpResponse html_page(int status) {
  HttpResponse r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = "<!DOCTYPE html>\n<html><head><title>" +
           std::string(status == 403 ? "403 Forbidden" : "Request blocked") +
           "</title></head><body><h1>Request blocked</h1><p>The request was blocked by a web "
           "application firewall. Reference: sim-waf-0001</p></body></html>\n";
  return r;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

}  // namespace

Outcome Simulator::Impl::process(const HttpRequest& req) {
  if (starts_with(req.path, "/_sim/")) return Outcome{handle_control(req)};

  LoggedRequest entry;
  entry.method = req.method;
  entry.path = req.path;
  entry.query = util::redacted_query(req.query, secret_query_key);
  entry.authorization_present = !req.authorization.empty();

  // ---- pick a fault (proxy-level faults answer before Zoom sees the request)
  std::optional<FaultRule> fault;
  const bool is_oauth = req.path == "/oauth/token";
  const bool has_page_token = req.query.find("next_page_token=") != std::string::npos;
  {
    std::lock_guard lk(mu);
    // Every matching rule counts the request (so "the Nth matching request" does
    // not depend on other rules); the first rule that fires wins.
    for (std::size_t i = 0; i < faults.rules.size(); ++i) {
      const auto& r = faults.rules[i];
      if (!starts_with(req.path, r.path_prefix)) continue;
      if (is_oauth && !starts_with(r.path_prefix, "/oauth")) continue;
      if (r.kind == FaultKind::expire_page_token && !has_page_token) continue;
      const auto n = ++fault_counters[i];
      bool fire = std::find(r.on_requests.begin(), r.on_requests.end(), n) != r.on_requests.end();
      if (r.probability > 0 && fault_rng.unit() < r.probability) fire = true;
      if (r.kind == FaultKind::rate_limit_burst) {
        // A burst runs on over the next matching requests, as a per-second
        // limiter keeps refusing until its window passes.
        auto& left = burst_left[i];
        if (left > 0) {
          --left;
          fire = true;
        } else if (fire && r.burst > 1) {
          left = r.burst - 1;
        }
      }
      if (fire && !fault) fault = r;
    }
  }

  Outcome out;
  if (fault) {
    entry.fault = to_string(fault->kind);
    switch (fault->kind) {
      case FaultKind::http_500:
      case FaultKind::http_502:
      case FaultKind::http_503:
      case FaultKind::http_504: {
        const int st = fault->kind == FaultKind::http_500   ? 500
                       : fault->kind == FaultKind::http_502 ? 502
                       : fault->kind == FaultKind::http_503 ? 503
                                                            : 504;
        // Gateways answer with their own page, not Zoom's JSON.
        out.response = html_page(st);
        out.response.body =
            "<html><body><h1>" + std::to_string(st) + " Server Error</h1></body></html>\n";
        if (st == 503) out.response.headers.emplace_back("Retry-After", "1");
        break;
      }
      case FaultKind::html_200:
        out.response = html_page(200);
        break;
      case FaultKind::html_403:
        out.response = html_page(403);
        break;
      case FaultKind::revoke_token: {
        std::lock_guard lk(mu);
        const auto sp = req.authorization.find(' ');
        const auto tok = sp == std::string::npos ? std::string{} : req.authorization.substr(sp + 1);
        const auto it = tokens.find(tok);
        if (it != tokens.end()) {
          const auto acc = it->second.account_id;
          std::erase_if(tokens, [&](auto& kv) { return kv.second.account_id == acc; });
        }
        break;
      }
      case FaultKind::expire_page_token: {
        std::lock_guard lk(mu);
        if (auto params = util::parse_query(req.query)) {
          if (auto* t = util::find_param(*params, "next_page_token")) {
            auto it = page_tokens.find(*t);
            if (it != page_tokens.end()) it->second.expired = true;
          }
        }
        break;
      }
      case FaultKind::connection_reset:
        out.delivery = Delivery::reset;
        break;
      case FaultKind::delay:
        out.delivery = Delivery::delayed;
        out.delay = fault->delay;
        break;
      case FaultKind::rate_limit_burst:
        // Before routing, so without the route's X-RateLimit-Category.
        out.response = api_error(
            429, 429,
            "You have reached the maximum per-second rate limit for this API. Try again later.");
        out.response.headers = {
            {"X-RateLimit-Type", "QPS"}, {"X-RateLimit-Remaining", "0"}, {"Retry-After", "1"}};
        break;
      case FaultKind::clock_jump: {
        std::lock_guard lk(mu);
        clock_jumped += fault->jump;
        break;
      }
      case FaultKind::truncated_json:
        break;
      default:  // the shape faults: applied to the answer below
        break;
    }
  }

  const bool answered = fault && !fault->after_apply &&
                        (fault->kind == FaultKind::http_500 || fault->kind == FaultKind::http_502 ||
                         fault->kind == FaultKind::http_503 || fault->kind == FaultKind::http_504 ||
                         fault->kind == FaultKind::html_200 || fault->kind == FaultKind::html_403 ||
                         fault->kind == FaultKind::rate_limit_burst);
  if (!answered) {
    const auto fault_page = std::move(out.response);
    if (is_oauth) {
      entry.endpoint = "POST /oauth/token";
      out.response = handle_oauth(req);
    } else if (starts_with(req.path, "/v2/") || req.path == "/v2") {
      auto written = handle_media_api(req, entry);
      if (!written) written = handle_write_api(req, entry);
      out.response = written ? std::move(*written) : handle_api(req, entry);
      rewrite_download_urls(entry.endpoint, base_url, out.response.body);
    } else if (starts_with(req.path, "/rec/download/")) {
      out.response = handle_download(req, entry);
    } else {
      out.response = api_error(404, 404, "Not Found.");  // body shape uncertain for unknown paths
    }
    if (fault && fault->after_apply && !fault_page.body.empty()) out.response = fault_page;
  }
  if (fault && is_shape_fault(fault->kind)) apply_shape_fault(fault->kind, out);
  if (fault && fault->kind == FaultKind::truncated_json) {
    auto& b = out.response.body;
    b.resize(b.size() / 2);  // Content-Length is computed from the cut body
  }

  entry.status = out.delivery == Delivery::reset ? 0 : out.response.status;
  if (traffic->enabled())
    traffic->record(req, out.response, entry.endpoint, entry.fault,
                    out.delivery == Delivery::reset);
  entry.rate_limited = out.response.status == 429;

  std::lock_guard lk(mu);
  entry.seq = ++seq;
  ++stats.requests;
  if (!entry.endpoint.empty()) ++stats.per_endpoint[entry.endpoint];
  ++stats.per_status[entry.status];  // 0 for a connection reset
  if (is_oauth) {
    ++stats.token_requests;
    if (out.response.status == 200 && !answered)
      ++stats.tokens_issued;
    else
      ++stats.token_errors;
  }
  if (fault) {
    ++stats.faults_injected;
    ++stats.faults_by_kind[entry.fault];
  }
  if (entry.rate_limited && !answered) {
    ++stats.rate_limited;
    for (auto& [k, v] : out.response.headers)
      if (k == "X-RateLimit-Category") ++stats.rate_limited_by_category[v];
  }
  log.push_back(std::move(entry));
  while (log.size() > opt.max_logged_requests) log.pop_front();
  return out;
}

// ------------------------------------------------------------ OAuth
namespace {
HttpResponse oauth_error(int status, std::string_view reason, std::string_view error) {
  return json_response(status,
                       "{\"reason\":" + json_str(reason) + ",\"error\":" + json_str(error) + "}");
}
}  // namespace

HttpResponse Simulator::Impl::handle_oauth(const HttpRequest& req) {
  if (req.method != "POST")
    return oauth_error(405, "Method Not Allowed", "invalid_request");  // status uncertain

  // Basic auth: base64(client_id ":" client_secret), split on the FIRST colon.
  const auto bad_client = [] {
    return oauth_error(400, "Invalid client_id or client_secret", "invalid_client");
  };
  std::string_view auth = req.authorization;
  if (auth.size() < 6 || util::lower(auth.substr(0, 6)) != "basic ") return bad_client();
  auto decoded = util::base64_decode(auth.substr(6));
  if (!decoded) return bad_client();
  const auto colon = decoded->find(':');
  if (colon == std::string::npos) return bad_client();
  const std::string client_id = decoded->substr(0, colon);
  const std::string secret = decoded->substr(colon + 1);

  App app;
  {
    std::lock_guard lk(mu);
    const auto it = std::find_if(opt.apps.begin(), opt.apps.end(),
                                 [&](const App& a) { return a.client_id == client_id; });
    if (it == opt.apps.end() || it->client_secret != secret) return bad_client();
    app = *it;
  }

  // Form body (url-decoded). Query-string parameters are ignored unless configured:
  // Zoom has been seen to answer 400 to them (docs/zoom_api_facts.md §1).
  util::Params params;
  if (auto p = util::parse_query(req.body))
    params = std::move(*p);
  else
    return oauth_error(400, "Invalid request body", "invalid_request");
  if (opt.oauth_accept_query_params) {
    if (auto q = util::parse_query(req.query))
      for (auto& kv : *q) params.push_back(kv);
  }
  const auto* grant = util::find_param(params, "grant_type");
  if (!grant || *grant != "account_credentials")
    return oauth_error(400, "unsupported grant type", "unsupported_grant_type");
  // Disabled / not activated / unknown account: Zoom's bodies are uncertain, so the
  // status and body come from Options (defaults documented in simulator.hpp).
  if (app.disabled) return json_response(opt.app_disabled.status, opt.app_disabled.body);
  if (!app.activated)
    return json_response(opt.app_not_activated.status, opt.app_not_activated.body);
  const auto* account = util::find_param(params, "account_id");
  if (!account || *account != app.account_id)
    return json_response(opt.unknown_account.status, opt.unknown_account.body);

  std::string token;
  {
    std::lock_guard lk(mu);
    // JWT-looking but opaque: "eyJ" header . payload . signature.
    token = "eyJzdiI6IjAwMDAwMSIsImFsZyI6IkhTNTEyIiwidiI6IjIuMCJ9." + random_token(86) + "." +
            random_token(43);
    TokenInfo info{app.account_id,
                   app.client_id,
                   {app.scopes.begin(), app.scopes.end()},
                   now() + opt.token_lifetime};
    tokens.emplace(token, std::move(info));
  }
  std::string scope;
  for (const auto& s : app.scopes) scope += (scope.empty() ? "" : " ") + s;
  std::string body =
      "{\"access_token\":" + json_str(token) +
      ",\"token_type\":\"bearer\",\"expires_in\":" + std::to_string(opt.token_lifetime.count()) +
      ",\"scope\":" + json_str(scope);
  const std::string api_url = opt.api_url ? *opt.api_url : [this] {
    std::lock_guard lk(mu);  // written after the server threads started
    return base_url;
  }();
  if (!api_url.empty()) body += ",\"api_url\":" + json_str(api_url);
  body += "}";
  auto r = json_response(200, std::move(body));
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

// ------------------------------------------------------------ /_sim control
namespace {
json::object stats_json(const Stats& s) {
  json::object o;
  o["requests"] = s.requests;
  o["token_requests"] = s.token_requests;
  o["tokens_issued"] = s.tokens_issued;
  o["token_errors"] = s.token_errors;
  o["rate_limited"] = s.rate_limited;
  o["faults_injected"] = s.faults_injected;
  json::object pe, ps, fk, rc;
  for (auto& [k, v] : s.per_endpoint) pe[k] = v;
  for (auto& [k, v] : s.per_status) ps[std::to_string(k)] = v;
  for (auto& [k, v] : s.faults_by_kind) fk[k] = v;
  for (auto& [k, v] : s.rate_limited_by_category) rc[k] = v;
  o["per_endpoint"] = std::move(pe);
  o["per_status"] = std::move(ps);
  o["faults_by_kind"] = std::move(fk);
  o["rate_limited_by_category"] = std::move(rc);
  return o;
}
}  // namespace

HttpResponse Simulator::Impl::handle_control(const HttpRequest& req) {
  if (req.method == "GET" && req.path == "/_sim/writes") return written_counts(*writes, req.query);
  if (auto r = handle_event_control(*this, req)) return std::move(*r);
  std::unique_lock lk(mu);
  if (req.method == "GET" && req.path == "/_sim/stats") {
    auto o = stats_json(stats);
    o["events"] = event_counters_json(events->counters.get());
    o["live_tokens"] = tokens.size();
    return json_response(200, json::serialize(o));
  }
  if (req.method == "GET" && req.path == "/_sim/requests") {
    json::array a;
    for (const auto& e : log) {
      a.push_back(json::object{{"seq", e.seq},
                               {"method", e.method},
                               {"path", e.path},
                               {"query", e.query},
                               {"endpoint", e.endpoint},
                               {"account_id", e.account_id},
                               {"authorization_present", e.authorization_present},
                               {"status", e.status},
                               {"fault", e.fault},
                               {"rate_limited", e.rate_limited}});
    }
    return json_response(200, json::serialize(a));
  }
  if (req.method == "POST" && req.path == "/_sim/revoke_tokens") {
    tokens.clear();
    return json_response(200, "{}");
  }
  if (req.method == "POST" && req.path == "/_sim/expire_page_tokens") {
    for (auto& [k, v] : page_tokens) v.expired = true;
    return json_response(200, "{}");
  }
  if (req.method == "POST" && req.path == "/_sim/reset_stats") {
    stats = {};
    log.clear();
    return json_response(200, "{}");
  }
  return api_error(404, 404, "Unknown control endpoint.");
}

// ------------------------------------------------------------ Simulator
Simulator::Simulator(Options options) : impl_(std::make_unique<Impl>(std::move(options))) {
  impl_->server = std::make_unique<Server>(*impl_, impl_->opt.port, impl_->opt.threads);
  {
    std::lock_guard lk(impl_->mu);
    impl_->base_url = std::string(impl_->opt.tls ? "https" : "http") +
                      "://127.0.0.1:" + std::to_string(impl_->server->port());
  }
  impl_->events->start();
}
Simulator::~Simulator() { stop(); }
void Simulator::stop() {
  impl_->events->stop();
  if (impl_->server) impl_->server->stop();
}
std::string Simulator::base_url() const { return impl_->base_url; }
std::uint16_t Simulator::port() const { return impl_->server->port(); }
const Options& Simulator::options() const { return impl_->opt; }
const Dataset& Simulator::dataset() const { return impl_->ds; }
const WriteLedger& Simulator::writes() const { return *impl_->writes; }

void Simulator::revoke_all_tokens() {
  std::lock_guard lk(impl_->mu);
  impl_->tokens.clear();
}
void Simulator::revoke_account_tokens(const std::string& account_id) {
  std::lock_guard lk(impl_->mu);
  std::erase_if(impl_->tokens, [&](auto& kv) { return kv.second.account_id == account_id; });
}
std::size_t Simulator::live_tokens() const {
  std::lock_guard lk(impl_->mu);
  const auto n = impl_->now();
  return static_cast<std::size_t>(std::count_if(impl_->tokens.begin(), impl_->tokens.end(),
                                                [&](auto& kv) { return kv.second.expires > n; }));
}
void Simulator::expire_page_tokens() {
  std::lock_guard lk(impl_->mu);
  for (auto& [k, v] : impl_->page_tokens) v.expired = true;
}
void Simulator::set_clock(Clock clock) {
  std::lock_guard lk(impl_->mu);
  impl_->clock = std::move(clock);
}
void Simulator::set_faults(FaultPlan plan) {
  std::lock_guard lk(impl_->mu);
  impl_->set_faults_locked(std::move(plan));
}
void Simulator::set_rate_limit(bool enabled) {
  std::lock_guard lk(impl_->mu);
  impl_->rate_limit = enabled;
}
void Simulator::set_app_disabled(const std::string& client_id, bool disabled) {
  std::lock_guard lk(impl_->mu);
  for (auto& a : impl_->opt.apps)
    if (a.client_id == client_id) a.disabled = disabled;
}
void Simulator::reset_rate_limits() {
  std::lock_guard lk(impl_->mu);
  impl_->buckets.clear();
  impl_->daily.clear();
}
Stats Simulator::stats() const {
  Stats s;
  {
    std::lock_guard lk(impl_->mu);
    s = impl_->stats;
  }
  s.events = impl_->events->counters.get();
  return s;
}
std::vector<LoggedRequest> Simulator::request_log() const {
  std::lock_guard lk(impl_->mu);
  return {impl_->log.begin(), impl_->log.end()};
}
void Simulator::reset_stats() {
  std::lock_guard lk(impl_->mu);
  impl_->stats = {};
  impl_->log.clear();
}

}  // namespace zoom_sim
