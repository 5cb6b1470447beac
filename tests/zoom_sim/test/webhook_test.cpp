// The webhook sender against a receiver that checks everything independently
// (libsodium HMAC): the url_validation challenge first, signed posts over the
// raw body, Zoom's retry schedule (5, 20, 60 min, scaled), the drop after the
// last retry, injected failures, duplicates and reordering.
#include <thread>

#include "test_support.hpp"
#include "webhook_receiver.hpp"

namespace zoom_sim::testing {
namespace {

using namespace std::chrono;
namespace json = boost::json;

constexpr auto kWait = milliseconds(5000);
const std::string kSecret = "whsec-Secret:Token/+%";

class Webhooks : public ::testing::Test {
 protected:
  void start(Options opt) {
    opt.rate_limit = false;
    opt.events.webhook_url = receiver.url();
    opt.events.webhook_secret = kSecret;
    sim = std::make_unique<Simulator>(std::move(opt));
    token = fetch_token(sim->base_url());
    client = std::make_unique<HttpClient>(sim->base_url(), true);
  }
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
  static std::string dept_of(const ReceivedPost& p) {
    return std::string(json::parse(p.body).at("payload").at("object").at("dept").as_string());
  }

  WebhookReceiver receiver{kSecret};
  std::unique_ptr<Simulator> sim;
  std::string token;
  std::unique_ptr<HttpClient> client;
};

TEST_F(Webhooks, ChallengeFirstThenEventsSignedOverTheRawBody) {
  start(small_options());
  auto posts = receiver.posts();
  ASSERT_EQ(posts.size(), 1u);
  const auto challenge = json::parse(posts[0].body).as_object();
  EXPECT_EQ(challenge.at("event"), "endpoint.url_validation");
  EXPECT_FALSE(challenge.at("payload").at("plainToken").as_string().empty());
  EXPECT_EQ(sim->event_counters().webhook_validations, 1u);
  EXPECT_EQ(sim->event_counters().webhook_validation_failures, 0u);

  const auto dept = write(1);
  ASSERT_TRUE(receiver.wait_events(1, kWait));
  const auto ev = receiver.events().at(0);
  EXPECT_EQ(ev.content_type, "application/json");
  EXPECT_EQ(ev.user_agent, "Zoom Marketplace/1.0a");
  EXPECT_EQ(ev.body, sim->recent_events().back().json);
  EXPECT_EQ(dept_of(ev), dept);
  // v0=hex(HMAC-SHA256(secret, "v0:{timestamp}:{raw body}")), computed here with libsodium.
  EXPECT_EQ(ev.signature, "v0=" + sodium_hmac_hex(kSecret, "v0:" + ev.timestamp + ":" + ev.body));
  const auto ts = std::stoll(ev.timestamp);
  const auto now = duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
  EXPECT_LE(std::llabs(now - ts), 300);
  // The challenge is signed the same way.
  EXPECT_EQ(posts[0].signature,
            "v0=" + sodium_hmac_hex(kSecret, "v0:" + posts[0].timestamp + ":" + posts[0].body));
  EXPECT_TRUE(sim->validate_webhook());
  for (int i = 0; i < 50 && sim->event_counters().webhook_delivered < 1; ++i)
    std::this_thread::sleep_for(milliseconds(20));
  const auto c = sim->event_counters();
  EXPECT_EQ(c.webhook_validations, 2u);
  EXPECT_EQ(c.webhook_attempts, 1u);
  EXPECT_EQ(c.webhook_delivered, 1u);
  EXPECT_EQ(c.webhook_failures, 0u);
}

TEST_F(Webhooks, AWrongChallengeAnswerStopsDelivery) {
  receiver.answer_challenge_wrongly(true);
  start(small_options());
  EXPECT_EQ(sim->event_counters().webhook_validation_failures, 1u);
  EXPECT_FALSE(sim->validate_webhook());
  write(1);
  EXPECT_FALSE(receiver.wait_events(1, milliseconds(500)));
  EXPECT_EQ(sim->event_counters().webhook_not_validated, 1u);
  EXPECT_EQ(sim->event_counters().webhook_attempts, 0u);
  // Answered right, the endpoint passes and events flow again.
  receiver.answer_challenge_wrongly(false);
  EXPECT_TRUE(sim->validate_webhook());
  write(2);
  EXPECT_TRUE(receiver.wait_events(1, kWait));
  EXPECT_EQ(receiver.events().size(), 1u);
}

TEST_F(Webhooks, RetriedOnZoomsScheduleThenDropped) {
  receiver.answer_events_with([](std::size_t) { return 500; });
  auto opt = small_options();
  opt.events.time_scale = 3000;  // 5, 20, 60 minutes → 100, 400, 1200 ms
  start(opt);
  const auto dept = write(1);
  ASSERT_TRUE(receiver.wait_events(4, milliseconds(10000)));
  // No fifth attempt.
  EXPECT_FALSE(receiver.wait_events(5, milliseconds(1500)));
  const auto evs = receiver.events();
  ASSERT_EQ(evs.size(), 4u);
  for (const auto& e : evs) EXPECT_EQ(e.body, evs[0].body);
  EXPECT_EQ(dept_of(evs[0]), dept);
  const milliseconds nominal[] = {milliseconds(100), milliseconds(400), milliseconds(1200)};
  for (std::size_t i = 1; i < evs.size(); ++i)
    EXPECT_GE(duration_cast<milliseconds>(evs[i].at - evs[i - 1].at), nominal[i - 1] * 9 / 10)
        << "retry " << i;
  const auto c = sim->event_counters();
  EXPECT_EQ(c.webhook_attempts, 4u);
  EXPECT_EQ(c.webhook_failures, 4u);
  EXPECT_EQ(c.webhook_dropped, 1u);
  EXPECT_EQ(c.webhook_delivered, 0u);
}

TEST_F(Webhooks, ARetryThatIsAnsweredIsDelivered) {
  receiver.answer_events_with([](std::size_t n) { return n == 1 ? 503 : 204; });
  auto opt = small_options();
  opt.events.time_scale = 3000;
  start(opt);
  write(1);
  ASSERT_TRUE(receiver.wait_events(2, kWait));
  for (int i = 0; i < 100 && sim->event_counters().webhook_delivered < 1; ++i)
    std::this_thread::sleep_for(milliseconds(20));
  const auto c = sim->event_counters();
  EXPECT_EQ(c.webhook_attempts, 2u);
  EXPECT_EQ(c.webhook_failures, 1u);
  EXPECT_EQ(c.webhook_delivered, 1u);
  EXPECT_EQ(c.webhook_dropped, 0u);
}

TEST_F(Webhooks, InjectedFailuresAreRetriedAndCounted) {
  auto opt = small_options();
  opt.events.time_scale = 30000;  // retries after 10, 40, 120 ms
  opt.events.faults.webhook_failure_probability = 1.0;
  start(opt);
  write(1);
  for (int i = 0; i < 200 && sim->event_counters().webhook_dropped < 1; ++i)
    std::this_thread::sleep_for(milliseconds(10));
  auto c = sim->event_counters();
  EXPECT_EQ(c.webhook_dropped, 1u);
  EXPECT_EQ(c.webhook_injected_failures, 4u);
  EXPECT_TRUE(receiver.events().empty());

  EventFaults f;
  f.webhook_failure_probability = 0.5;
  f.seed = 3;
  sim->set_event_faults(f);
  for (int i = 0; i < 20; ++i) write(10 + i);
  for (int i = 0; i < 300; ++i) {
    c = sim->event_counters();
    if (c.webhook_delivered + c.webhook_dropped >= 21) break;
    std::this_thread::sleep_for(milliseconds(10));
  }
  EXPECT_EQ(c.webhook_delivered + c.webhook_dropped, 21u);
  EXPECT_GT(c.webhook_injected_failures, 4u);
  EXPECT_EQ(receiver.events().size(), c.webhook_delivered);
}

TEST_F(Webhooks, DuplicatesAndReorderingAreCounted) {
  start(small_options());
  // Spaced out, deliveries arrive in order without faults...
  auto spaced = [&](int first, int n) {
    for (int i = first; i < first + n; ++i) {
      write(i);
      std::this_thread::sleep_for(milliseconds(60));
    }
  };
  auto inversions = [&](std::size_t from) {
    const auto evs = receiver.events();
    int n = 0;
    for (std::size_t i = from + 1; i < evs.size(); ++i) n += dept_of(evs[i]) < dept_of(evs[i - 1]);
    return n;
  };
  spaced(100, 10);
  ASSERT_TRUE(receiver.wait_events(10, kWait));
  EXPECT_EQ(inversions(0), 0);
  // ... and with the faults some come twice and some after a later one.
  EventFaults f;
  f.seed = 5;
  f.duplicate_probability = 0.3;
  f.reorder_probability = 0.3;
  f.reorder_hold = milliseconds(400);
  sim->set_event_faults(f);
  constexpr int kWrites = 30;
  spaced(200, kWrites);
  const auto c0 = sim->event_counters();
  ASSERT_TRUE(receiver.wait_events(10 + kWrites + c0.duplicated, kWait));
  const auto c = sim->event_counters();
  EXPECT_GT(c.duplicated, 0u);
  EXPECT_GT(c.reordered, 0u);
  EXPECT_EQ(receiver.events().size(), 10 + kWrites + c.duplicated);
  EXPECT_GT(inversions(10), 0);
}

}  // namespace
}  // namespace zoom_sim::testing
