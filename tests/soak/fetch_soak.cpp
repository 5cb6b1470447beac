// fetch_soak: users -> meetings -> past participants, plus groups, fetched
// through the loaded plugin from the Zoom simulator (in this process) while
// it injects every fault kind, and checked record by record against the
// simulator's dataset: exit 0 only with 0 lost, 0 duplicated, 0 unexpected,
// and every fault kind injected at least once. scripts/soak.sh runs it;
// docs/reliability/soak.md has the sizes and figures.
//
//   fetch_soak [--users N] [--meetings-per-user N] [--participants N]
//              [--page-size N] [--fault-scale X] [--seed N] [--plan P]
//
// The plan is "learn" by default: the connector's limiter then follows the
// X-RateLimit-Limit of each answer. With a fixed plan ("business") every 429
// slows the category by 0.7 for the rest of the fetch, so one 429 burst of
// six leaves it at a ninth of its rate (docs/reliability/soak.md).
#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/stream_table.hpp"
#include "pipeline_plugin.hpp"
#include "zoom_sim/simulator.hpp"

namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using zoom_sim::FaultKind;

struct Settings {
  int users = 250;
  int meetings_per_user = 8;
  int participants = 6;
  int page_size = 0;  // 0: each endpoint's largest
  double fault_scale = 1.0;
  std::uint64_t seed = 1;
  std::string plan = "learn";
};

long status_kib(const char* field) {
  std::ifstream status("/proc/self/status");
  const std::string prefix = std::string(field) + ":";
  for (std::string line; std::getline(status, line);) {
    if (line.rfind(prefix, 0) == 0) return std::stol(line.substr(prefix.size()));
  }
  return -1;
}

// Record identities as 64-bit hashes of (stream, primary key): the check
// needs a few bytes per record, so a 1M-record soak measures the plugin's
// memory, not the checker's. Distinct expected records never share a hash
// (checked below), so a lost record cannot hide behind another one.
std::uint64_t identity(std::string_view stream, std::string_view key) {
  std::uint64_t h = 1469598103934665603ULL;
  auto mix = [&](std::string_view s) {
    for (const unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  };
  mix(stream);
  mix(std::string_view("\0", 1));
  mix(key);
  return h;
}

struct Ledger {
  std::vector<std::uint64_t> expected;  // sorted
  std::vector<std::uint32_t> seen;      // per expected record
  std::map<std::string, std::size_t> expected_per_stream;
  std::size_t unexpected = 0;

  void expect(std::string_view stream, std::string_view key) {
    expected.push_back(identity(stream, key));
    ++expected_per_stream[std::string(stream)];
  }
  bool seal() {
    std::sort(expected.begin(), expected.end());
    seen.assign(expected.size(), 0);
    return std::adjacent_find(expected.begin(), expected.end()) == expected.end();
  }
  void arrived(std::string_view stream, std::string_view key) {
    const auto h = identity(stream, key);
    const auto it = std::lower_bound(expected.begin(), expected.end(), h);
    if (it == expected.end() || *it != h) {
      ++unexpected;
      return;
    }
    ++seen[static_cast<std::size_t>(it - expected.begin())];
  }
};

Ledger expected_records(const zoom_sim::Dataset& ds) {
  Ledger ledger;
  for (const auto& u : ds.users) ledger.expect("users", u.id);
  for (const auto& g : ds.groups) ledger.expect("groups", g.id);
  for (const auto& m : ds.meetings) {
    ledger.expect("meetings", m.uuid);
    if (!m.past) continue;
    for (const auto p : m.participants) {
      ledger.expect("past_meeting_participants", ds.participants[p].user_id);
    }
  }
  return ledger;
}

zoom_sim::FaultRule chance(FaultKind kind, double probability) {
  zoom_sim::FaultRule rule;
  rule.kind = kind;
  rule.probability = probability;
  return rule;
}

zoom_sim::FaultRule scripted(FaultKind kind, std::vector<std::uint64_t> on_requests) {
  zoom_sim::FaultRule rule;
  rule.kind = kind;
  rule.on_requests = std::move(on_requests);
  return rule;
}

// About 12% of API requests faulted at scale 1. Each kind also fires on a
// scripted request, so a small run still sees every kind; the clock jumps
// two hours at the 300th request and again later (tokens and page tokens
// expire, rate windows and day counts move).
zoom_sim::FaultPlan fault_plan(const Settings& s, std::uint64_t expected_requests) {
  const double k = s.fault_scale;
  zoom_sim::FaultPlan plan;
  plan.seed = s.seed;
  const std::uint64_t later = std::max<std::uint64_t>(400, expected_requests * 2 / 3);
  auto jump = scripted(FaultKind::clock_jump, {300, later});
  jump.jump = 2h;
  auto slow = chance(FaultKind::delay, 0.002 * k);
  slow.on_requests = {50};
  slow.delay = 2500ms;  // past the 2 s timeout of the connector options below
  auto burst = chance(FaultKind::rate_limit_burst, 0.0005 * k);
  burst.on_requests = {120};
  burst.burst = 6;
  plan.rules = {jump, slow, burst};
  const std::pair<FaultKind, double> kinds[] = {
      {FaultKind::http_500, 0.02},         {FaultKind::http_502, 0.01},
      {FaultKind::http_503, 0.02},         {FaultKind::http_504, 0.01},
      {FaultKind::connection_reset, 0.02}, {FaultKind::truncated_json, 0.015},
      {FaultKind::html_200, 0.01},         {FaultKind::html_403, 0.005},
      {FaultKind::revoke_token, 0.002},    {FaultKind::expire_page_token, 0.03},
  };
  std::uint64_t nth = 10;
  for (const auto& [kind, p] : kinds) {
    auto rule = chance(kind, p * k);
    // expire_page_token counts only requests carrying a page token: at the
    // largest page sizes there are few.
    rule.on_requests = {kind == FaultKind::expire_page_token ? 1 : nth};
    nth += 7;
    plan.rules.push_back(rule);
  }
  return plan;
}

int run(const Settings& s) {
  zoom_sim::Options options;
  options.sizes.users = s.users;
  options.sizes.meetings_per_user = s.meetings_per_user;
  options.sizes.participants_per_meeting = s.participants;
  options.sizes.groups = 20;
  options.sizes.hosting_percent = 100;  // the sizes in docs/reliability/soak.md: every user hosts
  options.plan = zoom_sim::Plan::business;
  options.rate_limit = true;
  options.seed = 42 + s.seed;
  // Roughly: one listing per user and per past meeting, pages on top.
  const std::uint64_t expected_requests =
      static_cast<std::uint64_t>(s.users) * (1 + s.meetings_per_user * 3 / 4);
  options.faults = fault_plan(s, expected_requests);
  zoom_sim::Simulator sim(options);

  Ledger ledger = expected_records(sim.dataset());
  if (!ledger.seal()) {
    std::cerr << "fetch_soak: two expected records share an identity hash; change --seed\n";
    return 2;
  }
  const long rss_before_kib = status_kib("VmRSS");

  const auto plugin = pp::Plugin::load(ZC_PLUGIN_PATH);
  const json::object credential{{"credential_name", "soak"},
                                {"account_id", zoom_sim::kDefaultAccountId},
                                {"client_id", zoom_sim::kDefaultClientId},
                                {"client_secret", zoom_sim::kDefaultClientSecret}};
  const json::object connector_options{{"oauth_url", sim.base_url() + "/oauth/token"},
                                       {"api_base_url", sim.base_url() + "/v2"},
                                       {"allow_insecure_loopback", true},
                                       {"total_timeout_ms", 2000}};
  auto connector = plugin.create(json::serialize(credential), json::serialize(connector_options));
  json::object request{
      {"streams", json::array{"users", "groups", "meetings", "past_meeting_participants"}},
      {"plan", s.plan},
      {"rate_share", 1},
      {"max_concurrency", 4},
      {"state", nullptr}};
  if (s.page_size > 0) request["page_size"] = s.page_size;

  const auto start = std::chrono::steady_clock::now();
  std::size_t records = 0;
  std::string summary;
  std::string failure;
  try {
    auto stream = connector.fetch(json::serialize(request));
    for (auto item = stream.next(); item.kind != PP_ITEM_END; item = stream.next()) {
      if (item.kind == PP_ITEM_SUMMARY) summary = item.json;
      if (item.kind != PP_ITEM_RECORD) continue;
      ++records;
      const zc::StreamDef* def = zc::find_stream(item.stream);
      if (def == nullptr) {
        ledger.arrived("?", item.stream);
        continue;
      }
      const auto record = json::parse(item.json).as_object();
      const json::value* id = record.if_contains(def->primary_key);
      const std::string key = id == nullptr     ? std::string()
                              : id->is_string() ? std::string(id->as_string())
                                                : json::serialize(*id);
      ledger.arrived(item.stream, key);
    }
  } catch (const pp::PluginError& e) {
    failure = std::string(pp::status_name(e.status())) + ": " + e.what();
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::size_t lost = 0;
  std::size_t duplicated = 0;
  for (const auto n : ledger.seen) {
    if (n == 0) ++lost;
    if (n > 1) duplicated += n - 1;
  }
  const auto stats = sim.stats();
  std::uint64_t api_requests = 0;
  for (const auto& [endpoint, n] : stats.per_endpoint) {
    if (endpoint != "POST /oauth/token") api_requests += n;
  }

  std::printf(
      "soak users=%d meetings_per_user=%d participants=%d page_size=%d plan=%s seconds=%.1f\n",
      s.users, s.meetings_per_user, s.participants, s.page_size, s.plan.c_str(), seconds);
  for (const auto& [stream, n] : ledger.expected_per_stream) {
    std::printf("  expected %-26s %zu\n", stream.c_str(), n);
  }
  std::printf(
      "  records received %zu, checked against the dataset %zu: lost %zu, duplicated %zu, "
      "unexpected %zu\n",
      records, ledger.expected.size(), lost, duplicated, ledger.unexpected);
  std::printf(
      "  requests %llu (API %llu, token %llu), faults injected %llu (%.1f%% of requests), "
      "simulator 429s %llu\n",
      static_cast<unsigned long long>(stats.requests),
      static_cast<unsigned long long>(api_requests),
      static_cast<unsigned long long>(stats.token_requests),
      static_cast<unsigned long long>(stats.faults_injected),
      stats.requests == 0 ? 0.0 : 100.0 * stats.faults_injected / stats.requests,
      static_cast<unsigned long long>(stats.rate_limited));
  bool every_kind = true;
  for (const auto& rule : options.faults.rules) {
    const char* name = zoom_sim::to_string(rule.kind);
    const auto it = stats.faults_by_kind.find(name);
    const std::uint64_t n = it == stats.faults_by_kind.end() ? 0 : it->second;
    std::printf("  fault %-18s %llu\n", name, static_cast<unsigned long long>(n));
    every_kind = every_kind && n > 0;
  }
  std::printf("  rss before fetch %.1f MiB (simulator and dataset), peak %.1f MiB\n",
              rss_before_kib / 1024.0, status_kib("VmHWM") / 1024.0);
  if (!summary.empty()) {
    const auto doc = json::parse(summary).as_object();
    std::uint64_t retries = 0;
    std::uint64_t throttled = 0;
    for (const auto& [name, value] : doc.at("streams").as_object()) {
      retries += value.as_object().at("retries").to_number<std::uint64_t>();
      throttled += value.as_object().at("throttled").to_number<std::uint64_t>();
    }
    std::printf("  summary status %s, retries %llu, 429s seen %llu\n",
                json::serialize(doc.at("status")).c_str(), static_cast<unsigned long long>(retries),
                static_cast<unsigned long long>(throttled));
  }

  const bool exact = failure.empty() && lost == 0 && duplicated == 0 && ledger.unexpected == 0 &&
                     records == ledger.expected.size();
  if (!failure.empty()) std::printf("FAIL: the fetch ended with %s\n", failure.c_str());
  if (!exact) std::printf("FAIL: the records are not exactly the dataset's\n");
  if (!every_kind) std::printf("FAIL: a fault kind was never injected\n");
  if (exact && every_kind) std::printf("OK: exact under faults\n");
  return exact && every_kind ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  Settings s;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (i + 1 >= argc) {
      std::cerr << "fetch_soak: " << a << " needs a value (see the top of fetch_soak.cpp)\n";
      return 2;
    }
    const std::string v = argv[++i];
    try {
      if (a == "--users")
        s.users = std::stoi(v);
      else if (a == "--meetings-per-user")
        s.meetings_per_user = std::stoi(v);
      else if (a == "--participants")
        s.participants = std::stoi(v);
      else if (a == "--page-size")
        s.page_size = std::stoi(v);
      else if (a == "--fault-scale")
        s.fault_scale = std::stod(v);
      else if (a == "--seed")
        s.seed = std::stoull(v);
      else if (a == "--plan")
        s.plan = v;
      else {
        std::cerr << "fetch_soak: unknown option " << a << "\n";
        return 2;
      }
    } catch (const std::exception&) {
      std::cerr << "fetch_soak: bad value for " << a << ": " << v << "\n";
      return 2;
    }
  }
  if (s.users < 1 || s.users > 100000 || s.meetings_per_user < 0 || s.participants < 0 ||
      s.page_size < 0 || s.fault_scale < 0 || s.fault_scale > 5) {
    std::cerr << "fetch_soak: a value is out of range\n";
    return 2;
  }
  try {
    return run(s);
  } catch (const std::exception& e) {
    std::cerr << "fetch_soak: " << e.what() << "\n";
    return 1;
  }
}
