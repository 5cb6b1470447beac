// Server behaviour: bad input, oversized requests, observability, concurrency and
// the zoom_sim executable.
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <thread>

#include "test_support.hpp"

namespace zoom_sim::testing {
namespace {

using namespace std::chrono;

TEST(Server, OversizedHeadersAndBodiesRefused) {
  Simulator sim(small_options());
  HttpClient c(sim.base_url());
  auto r = c.get("/v2/users", {{"X-Big", std::string(9000, 'a')}});
  EXPECT_EQ(r.status, 431);
  r = c.request("POST", "/oauth/token", std::string(70000, 'a'),
                {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(r.status, 413);
  // Still serving.
  EXPECT_NO_THROW((void)fetch_token(sim.base_url()));
}

TEST(Server, MalformedRequestsGetErrorsNotHangs) {
  Simulator sim(small_options());
  HttpClient c(sim.base_url());
  auto got = c.raw("THIS IS NOT HTTP\r\n\r\n");
  EXPECT_TRUE(got.starts_with("HTTP/1.1 400")) << got;
  got = c.raw("GET /v2/users HTTP/1.1\r\nHost: x\r\nContent-Length: zz\r\n\r\n");
  EXPECT_TRUE(got.starts_with("HTTP/1.1 400")) << got;
  const auto tok = fetch_token(sim.base_url());
  // Bad percent escapes in the query and in path arguments.
  auto r = c.get("/v2/users?page_size=%zz", bearer(tok));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.json().as_object().at("code").as_int64(), 300);
  r = c.get("/v2/users/%zz", bearer(tok));
  EXPECT_EQ(r.status, 404);
  r = c.request("PUT", "/v2/users", "", bearer(tok));
  EXPECT_EQ(r.status, 405);
  r = c.request("POST", "/v2/users", "", bearer(tok));  // a write route: no JSON body
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.json().as_object().at("code").as_int64(), 300);
  r = c.request("GET", "/oauth/token");
  EXPECT_EQ(r.status, 405);
  EXPECT_TRUE(r.json().as_object().contains("reason"));
}

TEST(Server, StatsAndRedactedRequestLog) {
  auto opt = small_options();
  opt.apps = {App{"acc", "cid", "very-secret-value", all_scopes()}};
  Simulator sim(opt);
  HttpClient c(sim.base_url());
  const auto tok = fetch_token(sim.base_url(), "cid", "very-secret-value", "acc");
  c.get("/v2/users?page_size=2", bearer(tok));
  c.get("/v2/users?page_size=2&access_token=" + tok, bearer(tok));
  c.get("/v2/users/me", bearer(tok));
  c.get("/v2/users/me");
  const auto st = sim.stats();
  EXPECT_EQ(st.requests, 5u);
  EXPECT_EQ(st.token_requests, 1u);
  EXPECT_EQ(st.tokens_issued, 1u);
  EXPECT_EQ(st.per_endpoint.at("GET /v2/users"), 2u);
  EXPECT_EQ(st.per_endpoint.at("GET /v2/users/{userId}"), 2u);
  EXPECT_EQ(st.per_endpoint.at("POST /oauth/token"), 1u);
  EXPECT_EQ(st.per_status.at(401), 1u);
  const auto log = sim.request_log();
  ASSERT_EQ(log.size(), 5u);
  EXPECT_EQ(log[0].method, "POST");
  EXPECT_EQ(log[0].path, "/oauth/token");
  EXPECT_TRUE(log[0].authorization_present);
  EXPECT_EQ(log[1].query, "page_size=2");
  EXPECT_EQ(log[1].account_id, "acc");
  EXPECT_EQ(log[2].query, "page_size=2&access_token=REDACTED");
  EXPECT_FALSE(log[4].authorization_present);
  EXPECT_EQ(log[4].status, 401);

  auto stats = c.get("/_sim/stats");
  ASSERT_EQ(stats.status, 200);
  EXPECT_EQ(stats.json().as_object().at("requests").as_int64(), 5);
  EXPECT_EQ(stats.json().as_object().at("per_endpoint").as_object().at("GET /v2/users").as_int64(),
            2);
  auto reqs = c.get("/_sim/requests");
  ASSERT_EQ(reqs.status, 200);
  EXPECT_EQ(reqs.json().as_array().size(), 5u);
  // No secret or token anywhere in what the simulator exposes.
  for (const auto& body : {stats.body, reqs.body}) {
    EXPECT_EQ(body.find(tok), std::string::npos);
    EXPECT_EQ(body.find("very-secret-value"), std::string::npos);
    EXPECT_EQ(body.find("Bearer"), std::string::npos);
  }
  EXPECT_EQ(c.request("POST", "/_sim/reset_stats").status, 200);
  EXPECT_EQ(sim.stats().requests, 0u);
  EXPECT_TRUE(sim.request_log().empty());
}

TEST(Server, ConcurrentClientsGetEveryRecordOnce) {
  auto opt = small_options();
  opt.sizes.users = 600;
  opt.rate_limit = false;
  opt.threads = 4;
  Simulator sim(opt);
  const auto tok = fetch_token(sim.base_url());
  std::size_t active = 0;
  for (auto& u : sim.dataset().users) active += u.status == "active";
  std::vector<std::size_t> counts(6);
  std::vector<std::thread> ts;
  for (std::size_t i = 0; i < counts.size(); ++i)
    ts.emplace_back([&, i] {
      HttpClient c(sim.base_url(), true);
      counts[i] = walk_ids(c, tok, "/v2/users?page_size=37", "users", "id").size();
    });
  for (auto& t : ts) t.join();
  for (auto n : counts) EXPECT_EQ(n, active);
}

TEST(Server, StopIsIdempotentAndFreesThePort) {
  auto sim = std::make_unique<Simulator>(small_options());
  const auto url = sim->base_url();
  sim->stop();
  sim->stop();
  HttpClient c(url, false, milliseconds(500));
  EXPECT_NE(c.get("/v2/users").error, "");
  sim.reset();
}

// ---- the executable (path given by ctest through ZOOM_SIM_EXE)
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

TEST(Executable, HelpDocumentsEveryOption) {
  ASSERT_FALSE(exe().empty()) << "ZOOM_SIM_EXE not set: run these tests through ctest";
  const auto help = run_capture(exe() + " --help");
  for (auto opt : {"--port",
                   "--threads",
                   "--account-id",
                   "--client-id",
                   "--client-secret",
                   "--scopes",
                   "--app-disabled",
                   "--app-not-activated",
                   "--token-lifetime",
                   "--api-url",
                   "--no-api-url",
                   "--oauth-query-params",
                   "--scope-error-code",
                   "--seed",
                   "--users",
                   "--meetings-per-user",
                   "--webinars-per-user",
                   "--recordings-per-user",
                   "--participants",
                   "--groups",
                   "--phone-users",
                   "--call-logs",
                   "--unlicensed-every",
                   "--history-days",
                   "--today",
                   "--page-token-ttl",
                   "--users-page-size-max",
                   "--page-number",
                   "--plan",
                   "--no-rate-limit",
                   "--no-success-rate-headers",
                   "--daily-cap-scale",
                   "--host-daily-writes",
                   "--registrants-max",
                   "--user-creates-per-day",
                   "--fault",
                   "--fault-at",
                   "--fault-seed",
                   "--fault-delay-ms"})
    EXPECT_NE(help.find(opt), std::string::npos) << opt;
  EXPECT_NE(run_capture(exe() + " --bogus 2>&1").find("unknown option"), std::string::npos);
}

TEST(Executable, PrintsBaseUrlServesAndStopsOnSigterm) {
  ASSERT_FALSE(exe().empty()) << "ZOOM_SIM_EXE not set: run these tests through ctest";
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    dup2(fds[1], 1);
    close(fds[0]);
    close(fds[1]);
    execl(exe().c_str(), exe().c_str(), "--port", "0", "--users", "10", "--plan", "free",
          "--fault-at", "http_503:2:/v2/groups", static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[1]);
  std::string line;
  char ch;
  while (read(fds[0], &ch, 1) == 1 && ch != '\n') line += ch;
  ASSERT_TRUE(line.starts_with("http://127.0.0.1:")) << line;
  const auto tok = fetch_token(line);
  HttpClient c(line);
  auto r = c.get("/v2/users", bearer(tok));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.json().as_object().at("total_records").as_int64(), 8);  // 10 users, 2 not active
  EXPECT_EQ(c.get("/v2/groups", bearer(tok)).status, 200);
  EXPECT_EQ(c.get("/v2/groups", bearer(tok)).status, 503);
  kill(pid, SIGTERM);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  close(fds[0]);
}

}  // namespace
}  // namespace zoom_sim::testing
