// Measures the simulator's own throughput serving 300-record pages of GET /v2/users
// over keep-alive loopback connections, so connector benchmarks can be sure they
// measure the connector. Prints pages/s; no assertion.
//
//   zoom_sim_bench [--pages N] [--clients K] [--users U] [--activity-steps S]
// --activity-steps runs the activity generator first, so the pages are served
// over the write overlay (a changed account) instead of the untouched fast path.
#include <chrono>
#include <iostream>
#include <string>
#include <thread>

#include "http_client.hpp"
#include "zoom_sim/simulator.hpp"

int main(int argc, char** argv) {
  int pages = 3000, clients = 2, users = 3000, activity_steps = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    const int v = std::stoi(argv[i + 1]);
    if (a == "--pages")
      pages = v;
    else if (a == "--clients")
      clients = v;
    else if (a == "--users")
      users = v;
    else if (a == "--activity-steps")
      activity_steps = v;
  }
  zoom_sim::Options opt;
  opt.rate_limit = false;
  opt.sizes.users = users;
  opt.sizes.meetings_per_user = 2;
  zoom_sim::Simulator sim(opt);
  sim.activity_step(static_cast<std::size_t>(activity_steps));
  const auto tok = zoom_sim::testing::fetch_token(sim.base_url());
  const zoom_sim::testing::Headers auth = {{"Authorization", "Bearer " + tok}};

  std::size_t bytes = 0;
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> ts;
  std::vector<std::size_t> per(static_cast<std::size_t>(clients));
  for (int k = 0; k < clients; ++k)
    ts.emplace_back([&, k] {
      zoom_sim::testing::HttpClient c(sim.base_url(), true);
      std::string npt;
      for (int i = 0; i < pages / clients; ++i) {
        std::string target = "/v2/users?page_size=300";
        if (!npt.empty()) target += "&next_page_token=" + npt;
        auto r = c.get(target, auth);
        if (r.status != 200) {
          std::cerr << "unexpected " << r.status << " " << r.error << "\n";
          return;
        }
        per[static_cast<std::size_t>(k)] += r.body.size();
        const auto pos = r.body.find("\"next_page_token\":\"");
        npt = r.body.substr(pos + 19, r.body.find('"', pos + 19) - pos - 19);
      }
    });
  for (auto& t : ts) t.join();
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  for (auto b : per) bytes += b;
  const int done = (pages / clients) * clients;
  std::cout << "zoom_sim_bench: " << done << " pages of 300 users in " << s
            << " s = " << static_cast<long>(done / s) << " pages/s ("
            << static_cast<long>(done * 300 / s) << " records/s, "
            << static_cast<long>(bytes / s / 1e6) << " MB/s) with " << clients
            << " keep-alive clients, " << opt.threads << " server threads, " << activity_steps
            << " activity steps before\n";
  return 0;
}
