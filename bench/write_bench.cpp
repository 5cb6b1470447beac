// Write benchmark (figures, not a test) through the loaded plugin against the
// simulator in this process (its counters give the calls and 429s):
//   throughput N   N users.update records at Business limits, full share:
//                  records/s next to the allowed rate of their category,
//                  and the 429s received
//   members N      N group_members.add records over two groups: calls made
//                  next to ceil(n_g / 30) per group
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <string>

#include "core/rate_limiter.hpp"
#include "pipeline_plugin.hpp"
#include "zoom_sim/simulator.hpp"

namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

pp::Connector connect(const pp::Plugin& plugin, const zoom_sim::Simulator& sim) {
  const json::object credential{{"credential_name", "bench"},
                                {"account_id", zoom_sim::kDefaultAccountId},
                                {"client_id", zoom_sim::kDefaultClientId},
                                {"client_secret", zoom_sim::kDefaultClientSecret}};
  const json::object options{{"oauth_url", sim.base_url() + "/oauth/token"},
                             {"api_base_url", sim.base_url() + "/v2"},
                             {"allow_insecure_loopback", true}};
  return plugin.create(json::serialize(credential), json::serialize(options));
}

std::uint64_t count_429(const zoom_sim::Simulator& sim) {
  const auto stats = sim.stats();
  const auto it = stats.per_status.find(429);
  return it == stats.per_status.end() ? 0 : it->second;
}

// Pushes `records` in batches of 1000; returns the "done" count.
std::size_t push_all(pp::WriteSession& session, const json::array& records) {
  std::size_t done = 0;
  for (std::size_t at = 0; at < records.size(); at += 1000) {
    json::array batch(
        records.begin() + static_cast<std::ptrdiff_t>(at),
        records.begin() + static_cast<std::ptrdiff_t>(std::min(records.size(), at + 1000)));
    const auto answer = json::parse(session.push(json::serialize(batch))).as_object();
    for (const auto& r : answer.at("results").as_array())
      if (r.as_object().at("outcome").as_string() == "done") ++done;
  }
  return done;
}

int throughput(const pp::Plugin& plugin, int n) {
  zoom_sim::Options opt;
  opt.sizes.users = 50;
  opt.plan = zoom_sim::Plan::business;
  opt.rate_limit = true;
  zoom_sim::Simulator sim(opt);
  auto connector = connect(plugin, sim);
  json::array records;
  for (int i = 0; i < n; ++i) {
    const auto& u = sim.dataset().users[static_cast<std::size_t>(i) % sim.dataset().users.size()];
    records.push_back(json::object{{"user_id", u.id}, {"dept", "Dept " + std::to_string(i)}});
  }
  auto session =
      connector.write(R"({"operation":"users.update","plan":"business","rate_share":1})");
  const auto start = Clock::now();
  const std::size_t done = push_all(session, records);
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  const double allowed =
      zc::plan_rate(zc::ZoomPlan::business, zc::RateCategory::light);
  std::printf(
      "write_throughput op=users.update plan=business category=Light records=%d done=%zu "
      "seconds=%.2f records_per_s=%.1f allowed_per_s=%.1f share_of_allowed=%.2f 429s=%llu\n",
      n, done, seconds, done / seconds, allowed, done / seconds / allowed,
      static_cast<unsigned long long>(count_429(sim)));
  return done == static_cast<std::size_t>(n) ? 0 : 1;
}

int members(const pp::Plugin& plugin, int n) {
  zoom_sim::Options opt;
  opt.sizes.users = n;
  opt.rate_limit = true;
  zoom_sim::Simulator sim(opt);
  auto connector = connect(plugin, sim);
  const auto& ds = sim.dataset();
  json::array records;
  std::size_t to_a = 0, to_b = 0;
  for (int i = 0; i < n; ++i) {
    const bool b = i % 4 == 3;
    records.push_back(json::object{{"group_id", ds.groups[b ? 1 : 0].id},
                                   {"id", ds.users[static_cast<std::size_t>(i)].id}});
    (b ? to_b : to_a) += 1;
  }
  sim.reset_stats();
  auto session = connector.write(R"({"operation":"group_members.add","plan":"business"})");
  const auto start = Clock::now();
  const std::size_t done = push_all(session, records);
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  const auto stats = sim.stats();
  const auto it = stats.per_endpoint.find("POST /v2/groups/{groupId}/members");
  const std::uint64_t calls = it == stats.per_endpoint.end() ? 0 : it->second;
  const std::size_t minimum = (to_a + 29) / 30 + (to_b + 29) / 30;
  std::printf(
      "write_members records=%d done=%zu calls=%llu ceil_n_over_30=%zu seconds=%.2f 429s=%llu\n", n,
      done, static_cast<unsigned long long>(calls), minimum, seconds,
      static_cast<unsigned long long>(count_429(sim)));
  return calls == minimum && done == static_cast<std::size_t>(n) ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: write_bench throughput N | members N\n");
    return 2;
  }
  try {
    const auto plugin = pp::Plugin::load(ZC_PLUGIN_PATH);
    const std::string mode = argv[1];
    const int n = std::stoi(argv[2]);
    if (mode == "throughput") return throughput(plugin, n);
    if (mode == "members") return members(plugin, n);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "write_bench: %s\n", e.what());
    return 1;
  }
  std::fprintf(stderr, "unknown mode\n");
  return 2;
}
