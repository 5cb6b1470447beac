// zoom_sim: a local stand-in for Zoom's S2S OAuth token endpoint and REST API v2,
// following docs/zoom_api_facts.md (docs/zoom_sim.md describes the behaviour).
//
// Typical in-process use from a test:
//
//   zoom_sim::Options opt;            // port 0 = ephemeral, default app, business plan
//   opt.sizes.users = 120;
//   zoom_sim::Simulator sim(opt);     // listening when the constructor returns
//   auto base = sim.base_url();       // "http://127.0.0.1:PORT"
//   // POST base + "/oauth/token" with Basic sim-client-id:sim-client-secret,
//   // then GET <api_url>/v2/users?page_size=300 ...
//   auto& ds = sim.dataset();         // the exact records each endpoint serves
//
// Thread safety: every member function may be called from any thread while the
// server runs.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "zoom_sim/dataset.hpp"
#include "zoom_sim/events.hpp"
#include "zoom_sim/writes.hpp"

namespace zoom_sim {

// ---------------------------------------------------------------- clock
// The clock drives token expiry, page-token expiry, rate-limit buckets, daily
// caps and the dataset's "today". Tests inject a ManualClock to count requests
// over a window without sleeping.
using Clock = std::function<std::chrono::system_clock::time_point()>;

class ManualClock {
 public:
  explicit ManualClock(
      std::chrono::system_clock::time_point start = std::chrono::system_clock::now());
  std::chrono::system_clock::time_point now() const;
  void advance(std::chrono::system_clock::duration d);
  void set(std::chrono::system_clock::time_point t);
  Clock clock() const;  // a Clock sharing this ManualClock's state (copies share it too)

 private:
  std::shared_ptr<std::atomic<std::int64_t>> ns_;
};

// ---------------------------------------------------------------- apps & scopes
inline constexpr const char* kDefaultAccountId = "sim-account-id";
inline constexpr const char* kDefaultClientId = "sim-client-id";
inline constexpr const char* kDefaultClientSecret = "sim-client-secret";

struct App {
  std::string account_id;
  std::string client_id;
  std::string client_secret;        // may contain ':' '%' '+': Basic auth is split on the FIRST ':'
  std::vector<std::string> scopes;  // granted scopes; the token's "scope" string joins them
  bool disabled = false;            // token endpoint answers Options::app_disabled
  bool activated = true;            // false → token endpoint answers Options::app_not_activated
};

// Every classic and granular scope of docs/zoom_api_facts.md §5.
std::vector<std::string> all_scopes();
std::vector<std::string> classic_scopes();
std::vector<std::string> granular_scopes();
// The default app (kDefault* credentials, all scopes).
App default_app();

// ---------------------------------------------------------------- rate limits
enum class Plan { free, pro, business };
enum class Category { light, medium, heavy, resource_intensive };
const char* to_string(Category c);  // "Light", "Medium", "Heavy", "Resource-intensive"
const char* to_string(Plan p);      // "free", "pro", "business"
std::optional<Plan> parse_plan(std::string_view s);

// ---------------------------------------------------------------- faults
enum class FaultKind {
  http_500,
  http_502,
  http_503,
  http_504,
  connection_reset,   // headers + half of the body, then a TCP RST
  delay,              // waits FaultRule::delay (real time), then answers normally
  rate_limit_burst,   // this and the next FaultRule::burst - 1 matching requests: 429 QPS
  clock_jump,         // the simulator's clock jumps FaultRule::jump ahead, then it answers
  truncated_json,     // 200, a JSON body cut in the middle (Content-Length matches the cut)
  html_200,           // a WAF/proxy HTML page with status 200
  html_403,           // a WAF/proxy HTML page with status 403
  revoke_token,       // revokes every token of the caller's account, then answers (401/124)
  expire_page_token,  // only requests carrying next_page_token: that token expires (400/300)
  // Shapes Zoom has been seen to send (applied to a 200 JSON answer):
  list_missing,        // the record list's key left out
  list_null,           // the record list's key holds null
  page_token_null,     // next_page_token null where it would be "" (the last page)
  empty_200,           // 200 with an empty body
  numbers_as_strings,  // page_size, page_count, total_records and records' ids as strings
  extra_fields,        // unknown fields on the page and in every record
  no_content_204,      // 204, no body, where a page was expected
  gzip_whole,          // Content-Encoding: gzip, whole and right (what a client must inflate)
  gzip_truncated,      // Content-Encoding: gzip, the gzip stream cut in half (length of the cut)
  gzip_length_off,     // Content-Encoding: gzip, Content-Length of it all, half sent, a reset
};
const char* to_string(FaultKind k);
std::optional<FaultKind> parse_fault_kind(std::string_view s);

struct FaultRule {
  FaultKind kind = FaultKind::http_503;
  // Only requests whose path starts with this prefix are considered. /oauth/token
  // is never faulted unless the prefix itself starts with "/oauth". /_sim/* never.
  std::string path_prefix = "/v2/";
  double probability = 0.0;  // per matching request, from the plan's seeded RNG
  // Scripted: 1-based numbers among the requests matching this rule (for
  // expire_page_token only requests carrying a next_page_token are counted).
  std::vector<std::uint64_t> on_requests;
  std::chrono::milliseconds delay{3000};  // for FaultKind::delay
  unsigned burst = 5;                     // for FaultKind::rate_limit_burst: 429s in a row
  std::chrono::seconds jump{2 * 3600};    // for FaultKind::clock_jump
  // http_5xx / html_*: the endpoint runs first (a write is applied), then the
  // fault's page replaces its answer, like a gateway timing out on a slow backend.
  bool after_apply = false;
};

struct FaultPlan {
  std::uint64_t seed = 1;
  std::vector<FaultRule> rules;  // first rule that fires wins
};

// ---------------------------------------------------------------- options
// Zoom's bodies for these token-endpoint cases are *uncertain* (docs/zoom_api_facts.md §1),
// so status and body are configurable.
struct OAuthError {
  int status = 400;
  std::string body;
};

enum class PageNumberMode {
  ignore,           // default: page_number is ignored, paging works as without it
  honor,            // old behaviour: offset = (page_number-1) * page_size
  first_page_only,  // "silently return only page 1": page 1 and next_page_token ""
};

// https instead of http: PEM files of the server's certificate chain (leaf
// first) and its private key. Clients must trust the CA that issued the leaf.
struct TlsFiles {
  std::string certificate_chain_file;
  std::string private_key_file;
};

struct Options {
  std::uint16_t port = 0;       // 0 = ephemeral
  std::optional<TlsFiles> tls;  // set → https (base_url() starts with "https://")
  int threads = 2;
  std::uint64_t seed = 42;
  std::vector<App> apps;  // empty → { default_app() }
  std::chrono::seconds token_lifetime{3600};
  std::chrono::seconds page_token_ttl{900};
  // nullopt → the simulator's own base URL; "" → the field is omitted (older accounts).
  std::optional<std::string> api_url;
  Plan plan = Plan::business;
  bool rate_limit = true;
  // X-RateLimit-Category/-Limit/-Remaining on successful responses too.
  bool rate_limit_headers_on_success = true;
  // Multiplies every daily cap (rounded, at least 1) so tests can reach a cap with
  // a few dozen requests; 1.0 = the numbers of docs/zoom_api_facts.md §3.
  double daily_cap_scale = 1.0;
  DataSizes sizes;
  WriteOptions writes;
  FaultPlan faults;
  Clock clock;                    // empty → std::chrono::system_clock::now
  std::optional<sys_days> today;  // dataset anchor; nullopt → the clock's current UTC day

  // Zoom details the doc marks uncertain or that vary between accounts:
  OAuthError unknown_account{400, R"({"reason":"Invalid account_id","error":"invalid_request"})"};
  OAuthError app_disabled{
      400, R"({"reason":"The app has been disabled","error":"invalid_client","code":4717})"};
  OAuthError app_not_activated{
      400, R"({"reason":"The app has not been activated","error":"invalid_client"})"};
  bool oauth_accept_query_params = false;  // Zoom has been seen to reject query-string params
  int scope_error_code = 4711;             // older accounts: 4700
  int invalid_token_status = 401;          // "401 (sometimes 400)"
  int users_page_size_max = 300;           // the spec allows 2000 for GET /users
  // GET /users/{id}/webinars of a user without the licence: 400 with this code
  // (3161 as docs/zoom_api_facts.md records; Zoom's API reference says 200).
  int unlicensed_webinar_code = 3161;
  PageNumberMode page_number_mode = PageNumberMode::ignore;
  int max_window_months = 1;      // from/to windows
  int report_history_months = 6;  // /report/* and /metrics/*: from no older than this
  // Set ("http://127.0.0.1:PORT"): a transcript download (/rec/download/...) answers
  // 302 to this other host, as Zoom's downloads redirect to signed storage URLs.
  std::string download_redirect;

  std::size_t max_header_bytes = 8 * 1024;  // larger → 431
  std::size_t max_body_bytes = 64 * 1024;   // larger → 413
  std::size_t max_logged_requests = 200000;

  // Traffic log (JSON Lines for tests/zoom_sim/spec/check_traffic.py): this file, or
  // when empty $ZOOM_SIM_TRAFFIC_LOG/zoom_sim-<pid>.jsonl if that variable names a
  // directory; off otherwise. At most traffic_log_bodies response bodies are kept per
  // route and status (the other lines say response_body_omitted).
  std::string traffic_log;
  std::size_t traffic_log_bodies = 20;

  // Events (zoom_sim/events.hpp): WebSocket, webhooks, faults, the activity generator.
  EventOptions events;
  ActivityOptions activity;
};

// ---------------------------------------------------------------- observability
struct LoggedRequest {
  std::uint64_t seq = 0;
  std::string method;
  std::string path;        // raw (still percent-encoded) path
  std::string query;       // raw query; values of secret-like keys replaced by "REDACTED"
                           // (access_token, client_secret, token, password...). next_page_token
                           // is kept: it is a cursor, not a credential.
  std::string endpoint;    // route template, e.g. "GET /v2/users/{userId}", or "" if none
  std::string account_id;  // from the token, "" when unauthenticated
  bool authorization_present = false;  // the header value itself is never stored
  int status = 0;                      // 0 for a connection reset
  std::string fault;                   // to_string(FaultKind) if one was injected
  bool rate_limited = false;
};

struct Stats {
  std::uint64_t requests = 0;        // every HTTP request parsed (incl. /_sim)
  std::uint64_t token_requests = 0;  // POST /oauth/token
  std::uint64_t tokens_issued = 0;
  std::uint64_t token_errors = 0;
  std::uint64_t rate_limited = 0;  // 429s sent
  std::uint64_t faults_injected = 0;
  std::map<std::string, std::uint64_t> per_endpoint;    // route template → count
  std::map<int, std::uint64_t> per_status;              // HTTP status → count
  std::map<std::string, std::uint64_t> faults_by_kind;  // to_string(FaultKind) → count
  std::map<std::string, std::uint64_t> rate_limited_by_category;
  EventCounters events;  // kept by reset_stats(): they count what a listener saw
};

// ---------------------------------------------------------------- simulator
class Simulator {
 public:
  explicit Simulator(Options options = {});  // binds, generates data, starts threads
  ~Simulator();                              // stops and joins
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  // "http://127.0.0.1:PORT" ("https://..." in TLS mode): /oauth/token, /v2/..., /_sim/...
  std::string base_url() const;
  std::uint16_t port() const;
  void stop();  // idempotent; the destructor calls it

  const Options& options() const;
  const Dataset& dataset() const;  // as generated; writes live in an overlay on top
  const WriteLedger& writes() const;

  // Tokens.
  void revoke_all_tokens();
  void revoke_account_tokens(const std::string& account_id);
  std::size_t live_tokens() const;
  // Pagination: every next_page_token issued so far answers 400/300 from now on.
  void expire_page_tokens();

  // Changes at run time.
  void set_clock(Clock clock);  // buckets and expiries use it from now on
  void set_faults(FaultPlan plan);
  void set_rate_limit(bool enabled);
  void set_app_disabled(const std::string& client_id, bool disabled);
  void reset_rate_limits();  // refills every bucket, clears daily counts

  // Observability (also served as GET /_sim/stats and GET /_sim/requests).
  Stats stats() const;
  std::vector<LoggedRequest> request_log() const;
  void reset_stats();  // clears stats and the request log

  // Events (also GET /_sim/events, /_sim/truth?stream=S; POST /_sim/activity,
  // /_sim/webhook/validate, /_sim/ws/drop). See zoom_sim/events.hpp.
  EventCounters event_counters() const;
  std::vector<EventRecord> recent_events() const;  // the last EventOptions::recent_events
  void set_event_faults(const EventFaults& faults);
  void activity_step(std::size_t n = 1);      // n generator steps now, on this thread
  void activity_settle();                     // ends every meeting in progress
  void set_activity_rate(double per_minute);  // 0 pauses the generator's thread
  bool validate_webhook();  // sends the url_validation challenge now; true when answered right
  void drop_websockets();   // drops every open WebSocket connection (as the fault does)
  // For each key of `stream` (one of truth_streams()), the record exactly as the
  // REST API serves it now (serialized JSON), as a complete read would find it.
  // Walks the account through the API: meant for accounts of a few thousand users,
  // with the generator paused.
  std::map<std::string, std::string> truth(const std::string& stream) const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace zoom_sim
