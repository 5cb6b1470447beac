// zoom_sim: run the Zoom simulator as a process. Prints its base URL as the first
// line on stdout, serves until SIGINT/SIGTERM, then stops cleanly.
#include <pthread.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "event_cli.hpp"
#include "zoom_sim/simulator.hpp"

namespace {

constexpr const char* kHelp = R"(Usage: zoom_sim [options]

A local stand-in for Zoom's Server-to-Server OAuth token endpoint and REST API v2
(see docs/zoom_sim.md). Listens on 127.0.0.1, prints its base URL
("http://127.0.0.1:PORT") as the first line on stdout, stops on SIGINT/SIGTERM.
Endpoints: POST /oauth/token, GET /v2/..., GET /_sim/stats, GET /_sim/requests,
POST /_sim/revoke_tokens, POST /_sim/expire_page_tokens, POST /_sim/reset_stats,
GET /_sim/writes, GET /_sim/events, GET /_sim/truth?stream=S, POST /_sim/activity,
POST /_sim/webhook/validate, POST /_sim/ws/drop; GET /ws with --websocket.

Server:
  --port N                  port to listen on; 0 (default) = ephemeral
  --threads N               io threads (default 2)
  --tls-cert FILE           serve https with this PEM certificate chain (leaf first)
  --tls-key FILE            ... and this PEM private key (both or neither)
  --help                    this text

Credentials (one app; default sim-account-id / sim-client-id / sim-client-secret):
  --account-id ID           account id expected in the token request body
  --client-id ID            client id
  --client-secret S         client secret (may contain ':' '%' '+')
  --scopes "A B ..."        granted scopes, space separated (default: every classic
                            and granular scope of docs/zoom_api_facts.md §5)
  --app-disabled            the app is disabled (token endpoint: 4717)
  --app-not-activated       the app is not activated
  --accounts N              N accounts instead of one, each with its own app, rate
                            limits and daily caps, all with the same data: account i
                            (1..N) has the account id, client id and secret above
                            with "-i" appended (sim-account-id-7, sim-client-id-7,
                            sim-client-secret-7)
  --token-lifetime SEC      access token lifetime, expires_in (default 3600)
  --api-url URL             api_url returned with tokens (default: own base URL)
  --no-api-url              omit api_url from token responses (older accounts)
  --oauth-query-params      also accept grant_type/account_id in the query string
  --scope-error-code N      code for a missing scope: 4711 (default) or 4700
  --unlicensed-webinar-code N  code of GET /users/{id}/webinars for an unlicensed
                            user: 3161 (default) or 200 (Zoom's API reference)

Data (deterministic from the seed; accounts over 2000 users are made lazily, on demand):
  --seed N                  data seed (default 42)
  --users N                 account users (default 50)
  --meetings-per-user N     (default 8)
  --webinars-per-user N     (default 2)
  --recordings-per-user N   (default 3)
  --participants N          participants per past meeting (default 4)
  --groups N                (default 5)
  --phone-users N           (default 20)
  --call-logs N             call logs per phone user (default 6)
  --unlicensed-every N      every Nth user lacks a webinar licence (default 5, 0 = none)
  --history-days N          past data spans this many days (default 170)
  --hosting-percent N       share of users (0..100) who held past meetings (default 20;
                            the owner always does; the others keep upcoming meetings)
  --today YYYY-MM-DD        anchor day of the data (default: today, UTC)

Paging:
  --page-token-ttl SEC      next_page_token lifetime (default 900)
  --users-page-size-max N   page_size maximum of GET /users (default 300)
  --page-number MODE        ignore (default) | honor | first_page_only

Rate limits:
  --plan free|pro|business  plan whose limits apply (default business)
  --no-rate-limit           no rate limiting at all (throughput benchmarks)
  --no-success-rate-headers no X-RateLimit-* headers on successful responses
  --daily-cap-scale X       multiply every daily cap by X (default 1; for tests)

Writes:
  --host-daily-writes N     meeting (and, apart, webinar) creates+updates per host
                            user per UTC day (default 100)
  --registrants-max N       registrants per meeting (default 4999)
  --user-creates-per-day N  POST /users action=create per account per day
                            (default: free 50, pro 1500, business 10000)

Traffic log (for tests/zoom_sim/spec/check_traffic.py):
  --traffic-log FILE        append one JSON line per request and answer to FILE
                            (default: $ZOOM_SIM_TRAFFIC_LOG/zoom_sim-<pid>.jsonl when
                            that variable names a directory, else off)
  --traffic-log-bodies N    response bodies kept per route and status (default 20)

Faults (repeatable; KIND is one of http_500 http_502 http_503 http_504
connection_reset delay truncated_json html_200 html_403 revoke_token
expire_page_token, or a shape Zoom has been seen to send: list_missing
list_null page_token_null empty_200 numbers_as_strings extra_fields
no_content_204 gzip_whole gzip_truncated gzip_length_off; PREFIX defaults to /v2/,
/oauth/token only if PREFIX starts with /oauth):
  --fault KIND:PROB[:PREFIX]      inject with probability PROB per request
  --fault-at KIND:N,M,..[:PREFIX] inject on the Nth, Mth... matching request
  --fault-seed N                  seed of the fault RNG (default 1)
  --fault-delay-ms N              duration of the delay fault (default 3000)
  KIND rate_limit_burst: a run of 429s (QPS, Retry-After: 1) on this and the
  next matching requests, as Zoom's per-second limiter answers
  --fault-burst N                 429s in the run (default 5)
  KIND clock_jump: the clock of token and page-token expiry, rate windows and
  daily caps jumps ahead, then the request is answered
  --fault-jump-s SEC              how far (default 7200: every token expires)
)";

[[noreturn]] void die(const std::string& msg) {
  std::cerr << "zoom_sim: " << msg << " (see --help)\n";
  std::exit(2);
}

long long to_int(const std::string& opt, const std::string& v) {
  try {
    std::size_t pos = 0;
    const long long n = std::stoll(v, &pos);
    if (pos != v.size()) throw std::invalid_argument(v);
    return n;
  } catch (...) {
    die("bad number for " + opt + ": " + v);
  }
}

zoom_sim::FaultRule parse_fault(const std::string& spec, bool scripted, const std::string& opt) {
  zoom_sim::FaultRule r;
  const auto c1 = spec.find(':');
  if (c1 == std::string::npos) die("bad " + opt + " spec: " + spec);
  const auto kind = zoom_sim::parse_fault_kind(spec.substr(0, c1));
  if (!kind) die("unknown fault kind in " + spec);
  r.kind = *kind;
  const auto c2 = spec.find(':', c1 + 1);
  const std::string what =
      spec.substr(c1 + 1, c2 == std::string::npos ? std::string::npos : c2 - c1 - 1);
  if (c2 != std::string::npos) r.path_prefix = spec.substr(c2 + 1);
  if (scripted) {
    std::size_t start = 0;
    while (start <= what.size()) {
      const auto comma = what.find(',', start);
      const auto n =
          what.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      r.on_requests.push_back(static_cast<std::uint64_t>(to_int(opt, n)));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  } else {
    try {
      r.probability = std::stod(what);
    } catch (...) {
      die("bad probability in " + spec);
    }
  }
  return r;
}

// --accounts N: the app N times, its account id, client id and secret with
// "-1" .. "-N" appended; each is an account of its own to the rate limits.
std::vector<zoom_sim::App> numbered_apps(const zoom_sim::App& app, long long accounts) {
  std::vector<zoom_sim::App> apps;
  for (long long n = 1; n <= accounts; ++n) {
    zoom_sim::App each = app;
    const std::string suffix = "-" + std::to_string(n);
    each.account_id += suffix;
    each.client_id += suffix;
    each.client_secret += suffix;
    apps.push_back(std::move(each));
  }
  return apps;
}

}  // namespace

int main(int argc, char** argv) {
  zoom_sim::Options opt;
  zoom_sim::App app = zoom_sim::default_app();
  std::chrono::milliseconds fault_delay{3000};
  unsigned fault_burst = 5;
  std::chrono::seconds fault_jump{2 * 3600};
  long long accounts = 0;  // 0: the one app above, as given
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto val = [&]() -> std::string {
      if (i + 1 >= argc) die("missing value for " + a);
      return argv[++i];
    };
    auto num = [&] { return to_int(a, val()); };
    if (a == "--help" || a == "-h") {
      std::cout << kHelp << zoom_sim::cli::kEventHelp;
      return 0;
    } else if (a == "--port")
      opt.port = static_cast<std::uint16_t>(num());
    else if (a == "--tls-cert") {
      if (!opt.tls) opt.tls.emplace();
      opt.tls->certificate_chain_file = val();
    } else if (a == "--tls-key") {
      if (!opt.tls) opt.tls.emplace();
      opt.tls->private_key_file = val();
    } else if (a == "--threads")
      opt.threads = static_cast<int>(num());
    else if (a == "--account-id")
      app.account_id = val();
    else if (a == "--client-id")
      app.client_id = val();
    else if (a == "--client-secret")
      app.client_secret = val();
    else if (a == "--scopes") {
      app.scopes.clear();
      std::string s = val(), cur;
      for (char c : s + " ") {
        if (c == ' ' || c == ',') {
          if (!cur.empty()) app.scopes.push_back(cur);
          cur.clear();
        } else
          cur += c;
      }
    } else if (a == "--app-disabled")
      app.disabled = true;
    else if (a == "--app-not-activated")
      app.activated = false;
    else if (a == "--accounts") {
      accounts = num();
      if (accounts < 1) die("--accounts must be at least 1");
    } else if (a == "--token-lifetime")
      opt.token_lifetime = std::chrono::seconds(num());
    else if (a == "--api-url")
      opt.api_url = val();
    else if (a == "--no-api-url")
      opt.api_url = std::string();
    else if (a == "--oauth-query-params")
      opt.oauth_accept_query_params = true;
    else if (a == "--unlicensed-webinar-code")
      opt.unlicensed_webinar_code = static_cast<int>(num());
    else if (a == "--scope-error-code")
      opt.scope_error_code = static_cast<int>(num());
    else if (a == "--seed")
      opt.seed = static_cast<std::uint64_t>(num());
    else if (a == "--users")
      opt.sizes.users = static_cast<int>(num());
    else if (a == "--meetings-per-user")
      opt.sizes.meetings_per_user = static_cast<int>(num());
    else if (a == "--webinars-per-user")
      opt.sizes.webinars_per_user = static_cast<int>(num());
    else if (a == "--recordings-per-user")
      opt.sizes.recordings_per_user = static_cast<int>(num());
    else if (a == "--participants")
      opt.sizes.participants_per_meeting = static_cast<int>(num());
    else if (a == "--groups")
      opt.sizes.groups = static_cast<int>(num());
    else if (a == "--phone-users")
      opt.sizes.phone_users = static_cast<int>(num());
    else if (a == "--call-logs")
      opt.sizes.call_logs_per_phone_user = static_cast<int>(num());
    else if (a == "--unlicensed-every")
      opt.sizes.unlicensed_webinar_every = static_cast<int>(num());
    else if (a == "--history-days")
      opt.sizes.history_days = static_cast<int>(num());
    else if (a == "--hosting-percent") {
      const auto n = num();
      if (n < 0 || n > 100) die("--hosting-percent must be 0..100");
      opt.sizes.hosting_percent = static_cast<int>(n);
    } else if (a == "--today") {
      const std::string v = val();
      int y = 0;
      unsigned m = 0, d = 0;
      if (std::sscanf(v.c_str(), "%d-%u-%u", &y, &m, &d) != 3) die("bad --today " + v);
      const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m},
                                            std::chrono::day{d}};
      if (!ymd.ok()) die("bad --today " + v);
      opt.today = std::chrono::sys_days{ymd};
    } else if (a == "--page-token-ttl")
      opt.page_token_ttl = std::chrono::seconds(num());
    else if (a == "--users-page-size-max")
      opt.users_page_size_max = static_cast<int>(num());
    else if (a == "--page-number") {
      const std::string v = val();
      if (v == "ignore")
        opt.page_number_mode = zoom_sim::PageNumberMode::ignore;
      else if (v == "honor")
        opt.page_number_mode = zoom_sim::PageNumberMode::honor;
      else if (v == "first_page_only")
        opt.page_number_mode = zoom_sim::PageNumberMode::first_page_only;
      else
        die("bad --page-number " + v);
    } else if (a == "--plan") {
      const auto p = zoom_sim::parse_plan(val());
      if (!p) die("bad --plan");
      opt.plan = *p;
    } else if (a == "--no-rate-limit")
      opt.rate_limit = false;
    else if (a == "--no-success-rate-headers")
      opt.rate_limit_headers_on_success = false;
    else if (a == "--daily-cap-scale") {
      const std::string v = val();
      try {
        opt.daily_cap_scale = std::stod(v);
      } catch (...) {
        die("bad --daily-cap-scale " + v);
      }
    } else if (a == "--host-daily-writes")
      opt.writes.host_daily_writes = static_cast<int>(num());
    else if (a == "--registrants-max")
      opt.writes.registrants_per_meeting = static_cast<int>(num());
    else if (a == "--user-creates-per-day")
      opt.writes.user_creates_per_day = static_cast<int>(num());
    else if (a == "--traffic-log")
      opt.traffic_log = val();
    else if (a == "--traffic-log-bodies")
      opt.traffic_log_bodies = static_cast<std::size_t>(num());
    else if (a == "--fault")
      opt.faults.rules.push_back(parse_fault(val(), false, a));
    else if (a == "--fault-at")
      opt.faults.rules.push_back(parse_fault(val(), true, a));
    else if (a == "--fault-seed")
      opt.faults.seed = static_cast<std::uint64_t>(num());
    else if (a == "--fault-delay-ms")
      fault_delay = std::chrono::milliseconds(num());
    else if (a == "--fault-burst")
      fault_burst = static_cast<unsigned>(std::max(1LL, num()));
    else if (a == "--fault-jump-s")
      fault_jump = std::chrono::seconds(std::max(0LL, num()));
    else {
      bool event_option = false;
      try {
        event_option = zoom_sim::cli::parse_event_option(a, val, opt);
      } catch (const std::invalid_argument& e) {
        die(e.what());
      }
      if (!event_option) die("unknown option " + a);
    }
  }
  if (opt.tls && (opt.tls->certificate_chain_file.empty() || opt.tls->private_key_file.empty()))
    die("--tls-cert and --tls-key go together");
  for (auto& r : opt.faults.rules) {
    r.delay = fault_delay;
    r.burst = fault_burst;
    r.jump = fault_jump;
  }
  opt.apps = accounts == 0 ? std::vector<zoom_sim::App>{app} : numbered_apps(app, accounts);

  // Block the signals in every thread (the server threads inherit the mask) and
  // wait for them synchronously here.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);

  try {
    zoom_sim::Simulator sim(opt);
    std::cout << sim.base_url() << std::endl;  // first line, flushed
    int sig = 0;
    sigwait(&set, &sig);
    std::cerr << "zoom_sim: signal " << sig << ", stopping\n";
    sim.stop();
    const auto st = sim.stats();
    std::cerr << "zoom_sim: served " << st.requests << " requests (" << st.token_requests
              << " token requests, " << st.rate_limited << " 429s, " << st.faults_injected
              << " faults)\n";
  } catch (const std::exception& e) {
    std::cerr << "zoom_sim: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
