// The WebSocket subscription endpoint, driven by a raw Beast client: upgrade,
// refusals, heartbeats, events caused by REST writes, one connection per
// subscription, events lost while closed, silence and drop faults, duplicates
// and reordering.
#include <cstdio>
#include <fstream>
#include <set>
#include <thread>

#include "test_support.hpp"
#include "ws_client.hpp"

namespace zoom_sim::testing {
namespace {

using namespace std::chrono;
namespace json = boost::json;

constexpr auto kWait = milliseconds(5000);

// Counters move when the server's write completes, which may be just after the
// client read the message.
template <class Pred>
bool eventually(Pred pred) {
  for (int i = 0; i < 250 && !pred(); ++i) std::this_thread::sleep_for(milliseconds(20));
  return pred();
}

class WebSocket : public ::testing::Test {
 protected:
  void start(Options opt) {
    opt.rate_limit = false;
    opt.events.websocket = true;
    sim = std::make_unique<Simulator>(std::move(opt));
    token = fetch_token(sim->base_url());
    client = std::make_unique<HttpClient>(sim->base_url(), true);
  }
  void SetUp() override { start(small_options()); }
  std::string target(const std::string& sub = "sim-subscription-id") const {
    return "/ws?subscriptionId=" + sub + "&access_token=" + token;
  }
  std::unique_ptr<WsClient> connect(const std::string& sub = "sim-subscription-id") {
    auto c = std::make_unique<WsClient>(sim->port(), target(sub));
    EXPECT_TRUE(c->accepted()) << c->error();
    return c;
  }
  // A REST write that publishes one user.updated event; returns its dept value.
  std::string write(int n) {
    const std::string dept = "Dept " + std::to_string(n);
    const auto& u = sim->dataset().users[static_cast<std::size_t>(1 + n % 30)];
    EXPECT_EQ(client
                  ->request("PATCH", "/v2/users/" + u.id,
                            json::serialize(json::object{{"dept", dept}}), bearer(token))
                  .status,
              204);
    return dept;
  }
  // The event inside a {"module":"message","content":"..."} message.
  static json::object event_of(const std::string& message) {
    const auto m = json::parse(message).as_object();
    EXPECT_EQ(m.at("module"), "message");
    return json::parse(m.at("content").as_string()).as_object();
  }
  // Raw upgrade request: status line and body of the answer.
  std::pair<std::string, std::string> raw_upgrade(const std::string& target_path, bool upgrade) {
    std::string req = "GET " + target_path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    if (upgrade)
      req +=
          "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
    req += "\r\n";
    const auto out = client->raw(req);
    const auto eol = out.find("\r\n");
    const auto body = out.find("\r\n\r\n");
    return {out.substr(0, eol), body == std::string::npos ? "" : out.substr(body + 4)};
  }

  std::unique_ptr<Simulator> sim;
  std::string token;
  std::unique_ptr<HttpClient> client;
};

TEST_F(WebSocket, HeartbeatIsAnsweredAndARestWriteArrivesAsAnEvent) {
  auto ws = connect();
  ws->send(R"({"module":"heartbeat"})");
  const auto hb = ws->next(kWait);
  ASSERT_TRUE(hb);
  EXPECT_EQ(json::parse(*hb), json::parse(R"({"module":"heartbeat","success":true})"));

  const auto dept = write(1);
  const auto msg = ws->next(kWait);
  ASSERT_TRUE(msg);
  const auto ev = event_of(*msg);
  EXPECT_EQ(ev.at("event"), "user.updated");
  EXPECT_EQ(ev.at("payload").at("object").at("dept"), dept.c_str());
  // The content is the published event, byte for byte.
  EXPECT_EQ(json::parse(*msg).at("content").as_string(), sim->recent_events().back().json);
  EXPECT_TRUE(eventually([&] { return sim->event_counters().ws_delivered == 1; }));
  const auto c = sim->event_counters();
  EXPECT_EQ(c.ws_connections, 1u);
  EXPECT_EQ(c.ws_heartbeats, 1u);
  EXPECT_EQ(c.ws_lost_while_closed, 0u);
}

TEST_F(WebSocket, WrongSubscriptionOrTokenIsRefusedAtTheUpgrade) {
  WsClient wrong(sim->port(), target("not-a-subscription"));
  EXPECT_FALSE(wrong.accepted());
  EXPECT_EQ(wrong.refused_status(), 404);

  auto [line, body] = raw_upgrade(target("not-a-subscription"), true);
  EXPECT_EQ(line, "HTTP/1.1 404 Not Found");
  EXPECT_EQ(json::parse(body).at("code").as_int64(), 404);

  std::tie(line, body) =
      raw_upgrade("/ws?subscriptionId=sim-subscription-id&access_token=not-a-token", true);
  EXPECT_EQ(line, "HTTP/1.1 401 Unauthorized");
  EXPECT_EQ(json::parse(body).at("code").as_int64(), 124);
  std::tie(line, body) = raw_upgrade("/ws?subscriptionId=sim-subscription-id", true);
  EXPECT_EQ(line, "HTTP/1.1 401 Unauthorized");

  std::tie(line, body) = raw_upgrade(target(), false);
  EXPECT_EQ(line, "HTTP/1.1 426 Upgrade Required");

  sim->revoke_all_tokens();
  WsClient revoked(sim->port(), target());
  EXPECT_FALSE(revoked.accepted());
  EXPECT_EQ(revoked.refused_status(), 401);
  EXPECT_EQ(sim->event_counters().ws_refused, 6u);
  EXPECT_EQ(sim->event_counters().ws_connections, 0u);
}

TEST_F(WebSocket, EventsPublishedWhileDisconnectedAreLost) {
  auto ws = connect();
  write(1);
  ASSERT_TRUE(ws->next(kWait));
  ws->close();
  ASSERT_TRUE(ws->wait_closed(kWait));
  ws.reset();
  // The hub forgets the connection when it ends; wait until a write counts as lost.
  for (int i = 0; i < 100 && sim->event_counters().ws_lost_while_closed == 0; ++i) {
    write(200 + i);
    std::this_thread::sleep_for(milliseconds(20));
  }
  const auto lost = sim->event_counters().ws_lost_while_closed;
  ASSERT_GE(lost, 1u);
  write(3);
  EXPECT_EQ(sim->event_counters().ws_lost_while_closed, lost + 1);

  ws = connect();
  const auto dept = write(4);
  const auto msg = ws->next(kWait);
  ASSERT_TRUE(msg);
  // The first thing after reconnecting is the new event, never a lost one.
  EXPECT_EQ(event_of(*msg).at("payload").at("object").at("dept"), dept.c_str());
  EXPECT_FALSE(ws->next(milliseconds(200)));
}

TEST_F(WebSocket, ASecondConnectionClosesTheFirst) {
  auto first = connect();
  auto second = connect();
  ASSERT_TRUE(first->wait_closed(kWait));
  EXPECT_EQ(first->close_code(), 1000);
  EXPECT_EQ(first->end_reason(), "closed by peer");
  const auto dept = write(7);
  const auto msg = second->next(kWait);
  ASSERT_TRUE(msg);
  EXPECT_EQ(event_of(*msg).at("payload").at("object").at("dept"), dept.c_str());
  EXPECT_EQ(sim->event_counters().ws_replaced, 1u);
}

TEST_F(WebSocket, EachSubscriptionHasItsOwnConnection) {
  auto opt = small_options();
  opt.events.subscription_ids = {"sub-a", "sub-b"};
  start(opt);
  auto a = connect("sub-a");
  auto b = connect("sub-b");
  write(1);
  EXPECT_TRUE(a->next(kWait));
  EXPECT_TRUE(b->next(kWait));
  EXPECT_FALSE(a->closed());
  WsClient unknown(sim->port(), target("sim-subscription-id"));
  EXPECT_EQ(unknown.refused_status(), 404);
}

TEST_F(WebSocket, ASilentConnectionIsClosedAndHeartbeatsKeepItOpen) {
  auto opt = small_options();
  opt.events.heartbeat_timeout = seconds(90);
  opt.events.time_scale = 90;  // 1 s
  start(opt);
  auto alive = connect("sim-subscription-id");
  const auto until = steady_clock::now() + milliseconds(2500);
  while (steady_clock::now() < until) {
    alive->send(R"({"module":"heartbeat"})");
    std::this_thread::sleep_for(milliseconds(250));
  }
  EXPECT_FALSE(alive->closed());
  // Anything else than a heartbeat does not count as one.
  alive->send(R"({"module":"ping"})");
  ASSERT_TRUE(alive->wait_closed(kWait));
  EXPECT_EQ(alive->close_code(), 1008);
  EXPECT_EQ(sim->event_counters().ws_heartbeat_timeouts, 1u);
}

TEST_F(WebSocket, DropFaultClosesWithoutACloseFrame) {
  auto opt = small_options();
  opt.events.faults.ws_drop_every = seconds(60);
  opt.events.time_scale = 120;  // every 0.5 s
  start(opt);
  auto ws = connect();
  ASSERT_TRUE(ws->wait_closed(kWait));
  EXPECT_NE(ws->end_reason(), "closed by peer");
  EXPECT_EQ(sim->event_counters().ws_dropped, 1u);

  // By probability: the connection goes instead of the event.
  EventFaults f;
  f.ws_drop_probability = 1.0;
  sim->set_event_faults(f);
  ws = connect();
  write(1);
  ASSERT_TRUE(ws->wait_closed(kWait));
  EXPECT_FALSE(ws->next(milliseconds(0)));
  EXPECT_EQ(sim->event_counters().ws_dropped, 2u);
  EXPECT_EQ(sim->event_counters().ws_delivered, 0u);
}

TEST_F(WebSocket, DuplicatesAndReorderingAreCounted) {
  auto ws = connect();
  EventFaults f;
  f.seed = 11;
  f.duplicate_probability = 0.3;
  f.reorder_probability = 0.3;
  f.reorder_hold = milliseconds(300);
  sim->set_event_faults(f);
  constexpr int kWrites = 40;
  for (int i = 0; i < kWrites; ++i) write(100 + i);
  std::vector<std::string> got;
  while (auto m = ws->next(milliseconds(1500)))
    got.push_back(event_of(*m).at("payload").at("object").at("dept").as_string().c_str());
  EXPECT_TRUE(eventually([&] { return sim->event_counters().ws_delivered == got.size(); }));
  const auto c = sim->event_counters();
  EXPECT_GT(c.duplicated, 0u);
  EXPECT_GT(c.reordered, 0u);
  EXPECT_EQ(got.size(), kWrites + c.duplicated);
  EXPECT_EQ(c.ws_delivered, got.size());
  // Every event arrived; some after a later one.
  std::set<std::string> distinct(got.begin(), got.end());
  EXPECT_EQ(distinct.size(), static_cast<std::size_t>(kWrites));
  int inversions = 0;
  for (std::size_t i = 1; i < got.size(); ++i) inversions += got[i] < got[i - 1];
  EXPECT_GT(inversions, 0);
}

TEST_F(WebSocket, UpgradesStayOutOfTheTrafficLog) {
  const auto path = ::testing::TempDir() + "ws_traffic.jsonl";
  std::remove(path.c_str());
  auto opt = small_options();
  opt.traffic_log = path;
  start(opt);
  auto ws = connect();
  write(1);
  ASSERT_TRUE(ws->next(kWait));
  sim.reset();
  std::ifstream in(path);
  std::string line;
  int lines = 0;
  while (std::getline(in, line)) {
    ++lines;
    EXPECT_EQ(line.find("\"/ws"), std::string::npos) << line;
  }
  EXPECT_GE(lines, 2);  // the token and the write
}

}  // namespace
}  // namespace zoom_sim::testing
