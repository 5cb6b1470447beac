// accounts_bench: many customers' Zoom accounts fetched at once by one host
// process through the plugin's C ABI, against one multi-account simulator
// (zoom_sim --accounts N: each account its own credentials, rate limits and
// daily caps). One measurement per process, so peak RSS belongs to it:
//
//   accounts_bench ACCOUNTS USERS [PLAN [MAX_CONCURRENCY]]
//
// Every account has its own connector and fetches users + meetings (both
// Medium: 3 status listings, then one listing per user) at full share of
// PLAN (default free) with MAX_CONCURRENCY workers (default: the plugin's
// default). The simulator's CPU is its own process's. fetch_next
// blocks, so the host pulls each stream on a thread of its own, as any host
// of this ABI must. Prints one JSON line: threads (peak, of which the
// host's), peak and start RSS, CPU per record, and per account the Medium
// request rate as a share of what the plan allows and the 429s it met.
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <latch>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "pipeline_plugin.hpp"
#include "process_figures.hpp"
#include "sim_process.hpp"

namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

// A line of /proc/self/status as a number ("Threads:", "VmRSS:" in KiB).
long status_field(const std::string& name) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(name, 0) == 0) return std::stol(line.substr(name.size()));
  }
  return -1;
}

// Medium requests a second per account (docs/zoom_api_facts.md §3).
double medium_limit(const std::string& plan) {
  if (plan == "free") return 2;
  if (plan == "pro") return 20;
  return 60;
}

struct Account {
  std::size_t records = 0;
  double seconds = 0;
  std::uint64_t requests = 0;   // Medium: users + meetings
  std::uint64_t throttled = 0;  // 429s the plugin met
  bool complete = false;
  std::string error;
};

pp::Connector connect(const pp::Plugin& plugin, const std::string& base, int n) {
  const std::string suffix = "-" + std::to_string(n);
  const json::object credential{{"credential_name", "account" + suffix},
                                {"account_id", "sim-account-id" + suffix},
                                {"client_id", "sim-client-id" + suffix},
                                {"client_secret", "sim-client-secret" + suffix},
                                {"validation_url", base + "/v2/users/me"}};
  const json::object options{{"oauth_url", base + "/oauth/token"},
                             {"api_base_url", base + "/v2"},
                             {"allow_insecure_loopback", true}};
  return plugin.create(json::serialize(credential), json::serialize(options));
}

void fetch_account(pp::Connector& connector, const std::string& request, Account& account) {
  const auto start = Clock::now();
  try {
    auto stream = connector.fetch(request);
    for (auto item = stream.next(); item.kind != PP_ITEM_END; item = stream.next()) {
      if (item.kind == PP_ITEM_RECORD) {
        ++account.records;
      } else if (item.kind == PP_ITEM_SUMMARY) {
        const auto streams = json::parse(item.json).at("streams").as_object();
        for (const char* name : {"users", "meetings"}) {
          account.requests += streams.at(name).at("requests").to_number<std::uint64_t>();
          account.throttled += streams.at(name).at("throttled").to_number<std::uint64_t>();
        }
        account.complete = true;
      }
    }
  } catch (const std::exception& e) {
    account.error = e.what();
  }
  account.seconds = std::chrono::duration<double>(Clock::now() - start).count();
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[static_cast<std::size_t>(p * static_cast<double>(values.size() - 1))];
}

double children_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_CHILDREN, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

int run(int accounts, int users, const std::string& plan, int max_concurrency) {
  const auto plugin = pp::Plugin::load(ZC_PLUGIN_PATH);
  auto sim_process = std::make_unique<bench::SimProcess>(
      std::vector<std::string>{"--accounts", std::to_string(accounts), "--plan", plan, "--users",
                               std::to_string(users), "--meetings-per-user", "4"});
  const bench::SimProcess& sim = *sim_process;
  std::vector<pp::Connector> connectors;
  connectors.reserve(static_cast<std::size_t>(accounts));
  for (int n = 1; n <= accounts; ++n) connectors.push_back(connect(plugin, sim.base_url(), n));
  const long threads_before = status_field("Threads:");
  const long rss_before_kib = status_field("VmRSS:");

  std::atomic<bool> done{false};
  std::atomic<long> threads_peak{threads_before};
  std::thread sampler([&] {
    while (!done) {
      threads_peak = std::max(threads_peak.load(), status_field("Threads:"));
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
  const std::string request =
      R"({"streams":["users","meetings"],"plan":")" + plan + R"(","rate_share":1)" +
      (max_concurrency > 0 ? ",\"max_concurrency\":" + std::to_string(max_concurrency) : "") + "}";
  std::vector<Account> results(static_cast<std::size_t>(accounts));
  std::latch ready(accounts);
  const double cpu_before = bench::cpu_seconds();
  const auto start = Clock::now();
  {
    std::vector<std::jthread> hosts;
    for (std::size_t i = 0; i < results.size(); ++i) {
      hosts.emplace_back([&, i] {
        ready.arrive_and_wait();  // every fetch starts at once
        fetch_account(connectors[i], request, results[i]);
      });
    }
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  const double cpu = bench::cpu_seconds() - cpu_before;
  done = true;
  sampler.join();
  connectors.clear();
  sim_process.reset();  // stopped and reaped: its CPU is counted
  const double sim_cpu = children_cpu_seconds();

  std::size_t records = 0, complete = 0, throttled_accounts = 0;
  std::uint64_t throttled = 0, requests = 0;
  std::vector<double> shares;
  std::string first_error;
  for (const Account& a : results) {
    records += a.records;
    complete += a.complete && a.error.empty();
    throttled += a.throttled;
    requests += a.requests;
    throttled_accounts += a.throttled > 0;
    if (a.seconds > 0) shares.push_back(a.requests / a.seconds / medium_limit(plan));
    if (first_error.empty() && !a.error.empty()) first_error = a.error;
  }
  const json::object line{
      {"accounts", accounts},
      {"users", users},
      {"plan", plan},
      {"max_concurrency", max_concurrency},
      {"complete", complete},
      {"records", records},
      {"seconds", seconds},
      {"threads_before", threads_before},
      {"threads_peak", threads_peak.load()},
      {"host_threads", accounts},
      {"rss_before_mib", rss_before_kib / 1024.0},
      {"peak_rss_mib", bench::peak_rss_kib() / 1024.0},
      {"cpu_s", cpu},
      {"cpu_us_per_record", records ? 1e6 * cpu / static_cast<double>(records) : 0.0},
      {"requests", requests},
      {"cpu_us_per_request", requests ? 1e6 * cpu / static_cast<double>(requests) : 0.0},
      {"sim_cpu_s", sim_cpu},
      {"medium_allowed_per_s", medium_limit(plan)},
      {"rate_share_min", percentile(shares, 0)},
      {"rate_share_p10", percentile(shares, 0.1)},
      {"rate_share_median", percentile(shares, 0.5)},
      {"accounts_below_90pct",
       std::count_if(shares.begin(), shares.end(), [](double s) { return s < 0.9; })},
      {"throttled", throttled},
      {"throttled_accounts", throttled_accounts},
      {"error", first_error}};
  std::cout << json::serialize(line) << std::endl;
  return complete == results.size() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3 || argc > 5) {
    std::cerr << "usage: accounts_bench ACCOUNTS USERS [free|pro|business [MAX_CONCURRENCY]]\n";
    return 2;
  }
  try {
    return run(std::stoi(argv[1]), std::stoi(argv[2]), argc >= 4 ? argv[3] : "free",
               argc == 5 ? std::stoi(argv[4]) : 0);
  } catch (const std::exception& e) {
    std::cerr << "accounts_bench: " << e.what() << "\n";
    return 1;
  }
}
