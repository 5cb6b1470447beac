// fetch_bench: what the fetch engine achieves against the Zoom simulator,
// through the real plugin ABI. Modes (one measurement per process, so peak
// RSS belongs to that measurement):
//   throughput N   fetch the users stream of an N-user account, unpaced:
//                  records/s and peak RSS
//   cpu N          the same, the simulator without rate limits: CPU per
//                  record with nothing paced
//   calls N        users + meetings + past participants: API calls made
//                  next to the minimum the API allows
//   pruning N      an N-user account where 20% hosted in the last 30 days,
//                  Business limits: recordings + report_meetings of that
//                  month walked for every user, then only for the active
//                  hosts; the calls, seconds and records of each (equal)
//   pacing PLAN [USERS]  Zoom limits of PLAN (pro/business) at full share: the
//                  achieved request rate per category as a share of the
//                  allowed rate, and the 429s received
// and the modes of peer_modes.hpp, against a simulator bench/peers.py runs.
#include <sys/resource.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "peer_modes.hpp"
#include "pipeline_plugin.hpp"
#include "sim_process.hpp"

namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

long peak_rss_kib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

pp::Connector connect(const pp::Plugin& plugin, const bench::SimProcess& sim) {
  const json::object credential{{"credential_name", "bench"},
                                {"account_id", "sim-account-id"},
                                {"client_id", "sim-client-id"},
                                {"client_secret", "sim-client-secret"},
                                {"validation_url", sim.base_url() + "/v2/users/me"}};
  const json::object options{{"oauth_url", sim.base_url() + "/oauth/token"},
                             {"api_base_url", sim.base_url() + "/v2"},
                             {"allow_insecure_loopback", true}};
  return plugin.create(json::serialize(credential), json::serialize(options));
}

struct Run {
  std::size_t records = 0;
  double seconds = 0;
  json::object summary;
  std::map<std::string, std::map<std::string, std::size_t>> children;  // stream -> parent -> n
  std::map<std::string, std::size_t> per_stream;
};

Run fetch_all(pp::Connector& connector, const std::string& request, bool group_children) {
  Run run;
  const auto start = Clock::now();
  auto stream = connector.fetch(request);
  for (auto item = stream.next(); item.kind != PP_ITEM_END; item = stream.next()) {
    if (item.kind == PP_ITEM_RECORD) {
      ++run.records;
      ++run.per_stream[item.stream];
      if (group_children) {
        // Users are grouped by status (one listing each), children by parent.
        const auto record = json::parse(item.json).as_object();
        const char* key = item.stream == "users" ? "status" : "_parent_id";
        ++run.children[item.stream][std::string(record.at(key).as_string())];
      }
    } else if (item.kind == PP_ITEM_SUMMARY) {
      run.summary = json::parse(item.json).as_object();
    }
  }
  run.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return run;
}

std::uint64_t summary_count(const json::object& summary, const char* stream, const char* field) {
  return summary.at("streams").at(stream).at(field).to_number<std::uint64_t>();
}

int throughput(const pp::Plugin& plugin, int users, bool paced) {
  // Business limits at full share: Medium allows 60 pages of 300 users a
  // second, 18,000 records/s, the most Zoom serves this stream at. CPU time
  // per record is the connector's own cost, whatever the pacing.
  std::vector<std::string> args{"--plan", "business", "--users", std::to_string(users)};
  if (!paced) args.emplace_back("--no-rate-limit");
  bench::SimProcess sim(args);
  auto connector = connect(plugin, sim);
  const double cpu_before = cpu_seconds();
  const Run run = fetch_all(
      connector, R"({"streams":["users"],"plan":"business","rate_share":1,"max_concurrency":2})",
      false);
  const double cpu = cpu_seconds() - cpu_before;
  std::printf(
      "%s users=%d records=%zu seconds=%.2f records_per_s=%.0f cpu_s=%.2f "
      "cpu_us_per_record=%.1f 429s=%llu peak_rss_mib=%.1f\n",
      paced ? "throughput" : "cpu", users, run.records, run.seconds, run.records / run.seconds, cpu,
      1e6 * cpu / run.records,
      static_cast<unsigned long long>(summary_count(run.summary, "users", "throttled")),
      peak_rss_kib() / 1024.0);
  return run.records == static_cast<std::size_t>(users) ? 0 : 1;
}

int calls(const pp::Plugin& plugin, int users) {
  bench::SimProcess sim({"--no-rate-limit", "--users", std::to_string(users), "--meetings-per-user",
                         "4", "--participants", "6"});
  auto connector = connect(plugin, sim);
  Run run = fetch_all(connector,
                      R"({"streams":["users","meetings","past_meeting_participants"],)"
                      R"("plan":"business","rate_share":1,"max_concurrency":4})",
                      true);
  // The minimum the API allows: every listing needs ceil(n / 300) pages and at
  // least one request. Users: three status listings. Meetings: one listing
  // per user. Participants: one listing per past meeting.
  auto pages = [](std::size_t n) { return n == 0 ? std::size_t{1} : (n + 299) / 300; };
  const std::size_t user_count = run.per_stream["users"];
  std::size_t minimum = 0;
  for (const char* status : {"active", "inactive", "pending"}) {
    minimum += pages(run.children["users"][status]);
  }
  std::size_t meeting_requests = user_count;  // users with no meetings still cost one
  for (const auto& [parent, n] : run.children["meetings"]) meeting_requests += pages(n) - 1;
  std::size_t participant_requests = 0;
  for (const auto& [parent, n] : run.children["past_meeting_participants"]) {
    participant_requests += pages(n);
  }
  minimum += meeting_requests + participant_requests;
  const std::uint64_t made = summary_count(run.summary, "users", "requests") +
                             summary_count(run.summary, "meetings", "requests") +
                             summary_count(run.summary, "past_meeting_participants", "requests");
  std::printf(
      "calls users=%zu meetings=%zu participants=%zu api_calls=%llu minimum=%zu ratio=%.3f "
      "seconds=%.2f\n",
      user_count, run.per_stream["meetings"], run.per_stream["past_meeting_participants"],
      static_cast<unsigned long long>(made), minimum, static_cast<double>(made) / minimum,
      run.seconds);
  return 0;
}

// Every record's stream and id, sorted: two runs fetched the same records
// when these are equal.
std::vector<std::string> record_ids(pp::Connector& connector, const std::string& request,
                                    Run& run) {
  std::vector<std::string> ids;
  const auto start = Clock::now();
  auto stream = connector.fetch(request);
  for (auto item = stream.next(); item.kind != PP_ITEM_END; item = stream.next()) {
    if (item.kind == PP_ITEM_RECORD) {
      ++run.records;
      const auto record = json::parse(item.json).as_object();
      ids.push_back(std::string(item.stream) + " " + json::serialize(record.at("uuid")));
    } else if (item.kind == PP_ITEM_SUMMARY) {
      run.summary = json::parse(item.json).as_object();
    }
  }
  run.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::uint64_t all_requests(const json::object& summary) {
  std::uint64_t n = 0;
  for (const auto& [category, count] : summary.at("requests_by_category").as_object()) {
    n += count.to_number<std::uint64_t>();
  }
  return n;
}

int pruning(const pp::Plugin& plugin, int users) {
  bench::SimProcess sim({"--no-rate-limit", "--users", std::to_string(users), "--hosting-percent",
                         "20", "--meetings-per-user", "4", "--recordings-per-user", "2",
                         "--history-days", "30"});
  auto connector = connect(plugin, sim);
  // One window: the 30 days up to yesterday (UTC).
  const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  auto day = [](std::chrono::sys_days d) {
    const std::chrono::year_month_day ymd{d};
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return std::string(text);
  };
  const std::string streams =
      R"({"streams":["recordings","report_meetings"],"plan":"business","rate_share":1,)"
      R"("max_concurrency":8,"from":")" +
      day(today - std::chrono::days{30}) + R"(","to":")" + day(today - std::chrono::days{1}) +
      R"(","active_hosts_only":)";
  Run every;
  const auto every_ids = record_ids(connector, streams + "false}", every);
  Run hosts;
  const auto hosts_ids = record_ids(connector, streams + "true}", hosts);
  const auto& pruned = hosts.summary.at("pruning").as_object();
  const bool same = every_ids == hosts_ids;
  std::printf(
      "pruning users=%d records=%zu/%zu identical=%s calls_every_user=%llu "
      "calls_active_hosts=%llu saved=%.1f%% seconds=%.1f/%.1f parents_skipped=%llu "
      "report_requests=%llu\n",
      users, every.records, hosts.records, same ? "yes" : "NO",
      static_cast<unsigned long long>(all_requests(every.summary)),
      static_cast<unsigned long long>(all_requests(hosts.summary)),
      100.0 * (1.0 - static_cast<double>(all_requests(hosts.summary)) /
                         static_cast<double>(all_requests(every.summary))),
      every.seconds, hosts.seconds,
      static_cast<unsigned long long>(pruned.at("parents_skipped").to_number<std::uint64_t>()),
      static_cast<unsigned long long>(pruned.at("report_requests").to_number<std::uint64_t>()));
  return same && pruned.at("applied").as_bool() ? 0 : 1;
}

int pacing(const pp::Plugin& plugin, const std::string& plan, int users) {
  const bool business = plan == "business";
  const double medium_limit = business ? 60 : 20;
  const double heavy_limit = business ? 40 : 10;
  if (users <= 0) users = business ? 900 : 300;
  bench::SimProcess sim(
      {"--plan", plan, "--users", std::to_string(users), "--meetings-per-user", "2"});
  auto connector = connect(plugin, sim);
  const std::string share = R"(,"rate_share":1,"max_concurrency":8,"plan":")" + plan + "\"}";
  // One phase per category; `streams` are the streams whose requests count.
  auto phase = [&](const char* category, const char* stream, std::vector<const char*> counted,
                   double limit) {
    const Run run =
        fetch_all(connector, R"({"streams":[")" + std::string(stream) + "\"]" + share, false);
    std::uint64_t requests = 0;
    std::uint64_t throttled = 0;
    for (const char* name : counted) {
      requests += summary_count(run.summary, name, "requests");
      throttled += summary_count(run.summary, name, "throttled");
    }
    std::printf(
        "pacing plan=%s category=%s requests=%llu seconds=%.2f rate=%.1f/s allowed=%.0f/s "
        "share=%.0f%% 429s=%llu\n",
        plan.c_str(), category, static_cast<unsigned long long>(requests), run.seconds,
        requests / run.seconds, limit, 100.0 * requests / run.seconds / limit,
        static_cast<unsigned long long>(throttled));
  };
  phase("Medium", "meetings", {"meetings", "users"}, medium_limit);
  // The few Medium user-listing requests of this phase are left out of its rate.
  phase("Heavy", "report_meetings", {"report_meetings"}, heavy_limit);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && bench::is_peer_mode(argv[1])) return bench::run_peer_mode(argc, argv);
  if (argc != 3 && !(argc == 4 && std::string(argv[1]) == "pacing")) {
    std::cerr << "usage: fetch_bench throughput N | cpu N | calls N | pruning N | pacing "
                 "pro|business [USERS]\n";
    return 2;
  }
  try {
    const std::string mode = argv[1];
    const auto plugin = pp::Plugin::load(ZC_PLUGIN_PATH);
    if (mode == "throughput") return throughput(plugin, std::stoi(argv[2]), true);
    if (mode == "cpu") return throughput(plugin, std::stoi(argv[2]), false);
    if (mode == "calls") return calls(plugin, std::stoi(argv[2]));
    if (mode == "pruning") return pruning(plugin, std::stoi(argv[2]));
    if (mode == "pacing") return pacing(plugin, argv[2], argc == 4 ? std::stoi(argv[3]) : 0);
    std::cerr << "fetch_bench: unknown mode " << mode << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "fetch_bench: " << e.what() << "\n";
    return 1;
  }
}
