// The event side of the executable (--websocket, --activity-per-minute,
// --time-scale, the fault options) and the generator's own thread.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <thread>

#include "test_support.hpp"
#include "ws_client.hpp"

namespace zoom_sim::testing {
namespace {

using namespace std::chrono;
namespace json = boost::json;

std::string exe() {
  const char* p = std::getenv("ZOOM_SIM_EXE");
  return p ? p : "";
}

std::string run_capture(const std::string& cmd) {
  std::string out;
  FILE* f = popen(cmd.c_str(), "r");
  if (!f) return out;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  pclose(f);
  return out;
}

TEST(EventExecutable, HelpDocumentsTheEventOptionsAndBadValuesAreRefused) {
  ASSERT_FALSE(exe().empty()) << "ZOOM_SIM_EXE not set: run these tests through ctest";
  const auto help = run_capture(exe() + " --help");
  for (auto opt : {"--websocket",
                   "--subscription-id",
                   "--heartbeat-timeout",
                   "--webhook-url",
                   "--webhook-secret",
                   "--webhook-secret-file",
                   "--webhook-ca",
                   "--time-scale",
                   "--max-queued-events",
                   "--recent-events",
                   "--activity-per-minute",
                   "--activity-crud-share",
                   "--max-live-meetings",
                   "--no-phone-activity",
                   "--event-fault-seed",
                   "--ws-drop-every",
                   "--ws-drop-probability",
                   "--webhook-failure-probability",
                   "--duplicate-probability",
                   "--reorder-probability",
                   "--reorder-hold-ms"})
    EXPECT_NE(help.find(opt), std::string::npos) << opt;
  EXPECT_NE(run_capture(exe() + " --duplicate-probability 2 2>&1").find("between 0 and 1"),
            std::string::npos);
  EXPECT_NE(run_capture(exe() + " --time-scale 0 2>&1").find("--time-scale"), std::string::npos);
  EXPECT_NE(run_capture(exe() + " --webhook-url ftp://x/ --webhook-secret s 2>&1")
                .find("http:// or https://"),
            std::string::npos);
  EXPECT_NE(
      run_capture(exe() + " --webhook-secret-file /nonexistent/secret 2>&1").find("cannot read"),
      std::string::npos);
}

TEST(EventExecutable, RunsTheGeneratorServesTheWebSocketAndTheTruth) {
  ASSERT_FALSE(exe().empty()) << "ZOOM_SIM_EXE not set: run these tests through ctest";
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    dup2(fds[1], 1);
    close(fds[0]);
    close(fds[1]);
    execl(exe().c_str(), exe().c_str(), "--port", "0", "--users", "30", "--websocket",
          "--subscription-id", "exe-sub", "--activity-per-minute", "600", "--time-scale", "10",
          "--no-rate-limit", static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[1]);
  std::string line;
  char ch;
  while (read(fds[0], &ch, 1) == 1 && ch != '\n') line += ch;
  ASSERT_TRUE(line.starts_with("http://127.0.0.1:")) << line;
  const auto port = static_cast<unsigned short>(std::stoi(line.substr(line.rfind(':') + 1)));
  const auto tok = fetch_token(line);
  WsClient ws(port, "/ws?subscriptionId=exe-sub&access_token=" + tok);
  EXPECT_TRUE(ws.accepted()) << ws.error();
  // 600 per simulated minute at 10× = 100 steps a second: events flow on their own.
  const auto msg = ws.next(milliseconds(5000));
  ASSERT_TRUE(msg);
  EXPECT_EQ(json::parse(*msg).at("module"), "message");
  HttpClient c(line);
  std::int64_t steps = 0;
  for (int i = 0; i < 100 && steps < 20; ++i) {
    steps = c.get("/_sim/events").json().at("counters").at("activity_steps").as_int64();
    std::this_thread::sleep_for(milliseconds(50));
  }
  EXPECT_GE(steps, 20);
  const auto truth = c.get("/_sim/truth?stream=users");
  ASSERT_EQ(truth.status, 200);
  EXPECT_GE(truth.json().at("records").as_object().size(), 20u);  // some may be deleted by now
  EXPECT_EQ(c.request("POST", "/_sim/activity?steps=5").status, 200);
  EXPECT_EQ(c.request("POST", "/_sim/activity").status, 400);
  kill(pid, SIGTERM);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  close(fds[0]);
}

TEST(ActivityThread, PacedByTheRateAndTheTimeScaleAndPausable) {
  auto opt = small_options();
  opt.rate_limit = false;
  opt.activity.per_minute = 1200;
  opt.events.time_scale = 5;  // 100 steps a second
  Simulator sim(opt);
  const auto token = fetch_token(sim.base_url());
  HttpClient c(sim.base_url(), true);
  // REST reads race the generator's thread.
  for (int i = 0; i < 100 && sim.event_counters().activity_steps < 30; ++i) {
    EXPECT_EQ(c.get("/v2/users?page_size=300", bearer(token)).status, 200);
    std::this_thread::sleep_for(milliseconds(20));
  }
  EXPECT_GE(sim.event_counters().activity_steps, 30u);
  sim.set_activity_rate(0);
  std::this_thread::sleep_for(milliseconds(100));
  const auto paused = sim.event_counters().activity_steps;
  std::this_thread::sleep_for(milliseconds(300));
  EXPECT_EQ(sim.event_counters().activity_steps, paused);
  EXPECT_FALSE(sim.truth("users").empty());
}

}  // namespace
}  // namespace zoom_sim::testing
