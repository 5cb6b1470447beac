// Caps, faults, cancel, dry run and resume of the write engine against the
// simulator: never a duplicate, never a false "done".
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <random>
#include <thread>

#include "write_engine_support.hpp"

namespace {

using namespace write_test;

json::object meeting(const std::string& host, const std::string& topic, int day) {
  return json::object{{"user_id", host},
                      {"topic", topic},
                      {"type", 2},
                      {"start_time", future_time(day)},
                      {"duration", 30}};
}

TEST(WriteLimits, HostDailyCapStopsThatHostOnlyAndCarriesOverInTheState) {
  auto opt = sim_options(20);
  opt.writes.host_daily_writes = 3;
  Env env(opt);
  const auto& a = env.host(0);
  const auto& b = env.host(1);
  auto settings = fast_settings();
  settings.host_daily_limit = 3;
  const auto before_a = env.sim->writes().meetings(a.id);
  auto session = env.open(R"({"operation":"meetings.create"})", settings);
  ASSERT_TRUE(session);
  json::array first;
  for (int i = 0; i < 2; ++i) first.push_back(meeting(a.id, "A" + std::to_string(i), 10 + i));
  auto answer = env.push(*session, first);
  EXPECT_EQ(outcome(answer, 0), "done");
  EXPECT_EQ(outcome(answer, 1), "done");
  const auto state = answer.at("state");

  // A new session resumes from the checkpoint: host a has one create left today.
  auto resumed = env.open(
      R"({"operation":"meetings.create","state":)" + json::serialize(state) + "}", settings);
  ASSERT_TRUE(resumed);
  json::array rest;
  for (int i = 2; i < 5; ++i) rest.push_back(meeting(a.id, "A" + std::to_string(i), 10 + i));
  for (int i = 0; i < 3; ++i) rest.push_back(meeting(b.id, "B" + std::to_string(i), 20 + i));
  env.sim->reset_stats();
  answer = env.push(*resumed, rest);
  ASSERT_EQ(results(answer).size(), 6u);
  EXPECT_EQ(outcome(answer, 0), "done");
  for (int i : {1, 2}) {
    EXPECT_EQ(outcome(answer, i), "host_daily_limit") << json::serialize(results(answer)[i]);
    EXPECT_EQ(field(answer, i, "message"),
              "daily limit for host " + a.id + ", retry after 00:00 UTC");
    EXPECT_EQ(field(answer, i, "retryable"), "true");
    EXPECT_TRUE(field(answer, i, "retry_after").ends_with("T00:00:00Z"));
  }
  for (int i : {3, 4, 5}) EXPECT_EQ(outcome(answer, i), "done") << "other hosts go on";
  EXPECT_EQ(env.sim->writes().meetings(a.id), before_a + 3);
  EXPECT_EQ(env.sim->stats().per_status.count(429), 0u)
      << "the spent budget is known before calling";
}

TEST(WriteLimits, ZoomsPerHostLimitAnsweredEarlyIsTheSameOutcome) {
  auto opt = sim_options(10);
  opt.writes.host_daily_writes = 1;  // another app already used the budget
  Env env(opt);
  const auto& a = env.host(0);
  const auto answer =
      env.write("meetings.create",
                {meeting(a.id, "one", 3), meeting(a.id, "two", 4), meeting(a.id, "three", 5)});
  EXPECT_EQ(outcome(answer, 0), "done");
  EXPECT_EQ(outcome(answer, 1), "host_daily_limit");
  EXPECT_EQ(outcome(answer, 2), "host_daily_limit");
  EXPECT_EQ(env.sim->stats().per_status.at(429), 1u) << "after Zoom's 429 the host is not called";
}

TEST(WriteLimits, TheAccountsDailyLimitStopsTheBatchWithoutAFalseDone) {
  auto opt = sim_options(10);
  opt.writes.user_creates_per_day = 2;
  Env env(opt);
  json::array batch;
  for (int i = 0; i < 5; ++i)
    batch.push_back(
        json::object{{"email", "cap" + std::to_string(i) + "@example.com"}, {"type", 1}});
  const auto answer = env.write("users.create", batch);
  EXPECT_EQ(outcome(answer, 0), "done");
  EXPECT_EQ(outcome(answer, 1), "done");
  EXPECT_EQ(outcome(answer, 2), "rate_limited") << json::serialize(results(answer)[2]);
  EXPECT_EQ(field(answer, 2, "retryable"), "true");
  EXPECT_EQ(outcome(answer, 3), "not_attempted");
  EXPECT_EQ(outcome(answer, 4), "not_attempted");
  EXPECT_EQ(env.sim->writes().users_with_email("cap2@example.com"), 0u);
}

// The create is applied, then its answer is lost: the engine finds it by its
// key instead of sending it again.
void expect_no_duplicate(zoom_sim::FaultKind kind, bool after_apply) {
  SCOPED_TRACE(zoom_sim::to_string(kind));
  auto opt = sim_options(10);
  Env probe(opt);
  const std::string host_id = probe.host(0, true).id;
  const std::string email = "lost@example.com";
  probe.sim.reset();
  auto rule = [&](const std::string& prefix) {
    zoom_sim::FaultRule r;
    r.kind = kind;
    r.path_prefix = prefix;
    r.on_requests = {1};
    r.after_apply = after_apply;
    r.delay = std::chrono::milliseconds(1500);
    return r;
  };
  Env env(opt, [](json::object& o) { o["total_timeout_ms"] = 800; });
  // The first request to each create's path meets the fault; the lookups after it do not.
  auto fault_next = [&](const std::string& prefix) {
    zoom_sim::FaultPlan plan;
    plan.rules = {rule(prefix)};
    env.sim->set_faults(plan);
  };
  const auto& ds = env.sim->dataset();
  std::int64_t upcoming = 0;
  for (const auto& m : ds.meetings)
    if (m.host_id == host_id && !m.past) upcoming = m.id;

  fault_next("/v2/users/" + host_id + "/meetings");
  auto answer = env.write("meetings.create", {meeting(host_id, "Lost answer", 7)});
  EXPECT_EQ(outcome(answer, 0), "done") << json::serialize(answer);
  EXPECT_EQ(env.sim->writes().meetings(host_id, "Lost answer"), 1u);
  std::size_t posts = 0;
  for (const auto& r : env.sim->request_log())
    if (r.method == "POST" && r.path == "/v2/users/" + host_id + "/meetings") ++posts;
  EXPECT_EQ(posts, after_apply || kind != zoom_sim::FaultKind::http_503 ? 1u : 2u)
      << "applied: never sent again; not applied: sent once more";

  fault_next("/v2/users/" + host_id + "/webinars");
  answer = env.write("webinars.create", {json::object{{"user_id", host_id},
                                                      {"topic", "Lost webinar"},
                                                      {"type", 5},
                                                      {"start_time", future_time(8)},
                                                      {"duration", 60}}});
  EXPECT_EQ(outcome(answer, 0), "done") << json::serialize(answer);
  EXPECT_EQ(env.sim->writes().webinars(host_id, "Lost webinar"), 1u);

  fault_next("/v2/users");
  answer = env.write("users.create", {json::object{{"email", email}, {"type", 1}}});
  EXPECT_EQ(outcome(answer, 0), "done") << json::serialize(answer);
  EXPECT_EQ(env.sim->writes().users_with_email(email), 1u);

  fault_next("/v2/meetings/" + std::to_string(upcoming) + "/registrants");
  answer =
      env.write("meeting_registrants.add",
                {json::object{{"meeting_id", upcoming}, {"email", email}, {"first_name", "L"}}});
  EXPECT_EQ(outcome(answer, 0), "done") << json::serialize(answer);
  EXPECT_EQ(env.sim->writes().registrants(upcoming, email), 1u);
  EXPECT_EQ(env.sim->stats().faults_injected, 4u) << "every create met its fault";
}

TEST(WriteLimits, AResetAfterTheServerAppliedACreateNeverDuplicates) {
  expect_no_duplicate(zoom_sim::FaultKind::connection_reset, false);
}
TEST(WriteLimits, ATimeoutAfterTheServerAppliedACreateNeverDuplicates) {
  expect_no_duplicate(zoom_sim::FaultKind::delay, false);
}
TEST(WriteLimits, AGatewayErrorAfterApplyNeverDuplicates) {
  expect_no_duplicate(zoom_sim::FaultKind::http_502, true);
}
TEST(WriteLimits, AGatewayErrorBeforeApplyIsSentAgainOnce) {
  expect_no_duplicate(zoom_sim::FaultKind::http_503, false);
}

TEST(WriteLimits, AnInstantMeetingWhoseAnswerIsLostIsUnknownWithWhatToCheck) {
  auto opt = sim_options(10);
  Env probe(opt);
  const std::string host_id = probe.host().id;
  probe.sim.reset();
  zoom_sim::FaultRule r;
  r.kind = zoom_sim::FaultKind::connection_reset;
  r.path_prefix = "/v2/users/" + host_id + "/meetings";
  r.on_requests = {1};
  opt.faults.rules = {r};
  Env env(opt);
  const auto answer = env.write(
      "meetings.create", {json::object{{"user_id", host_id}, {"topic", "Instant"}, {"type", 1}}});
  EXPECT_EQ(outcome(answer, 0), "unknown") << json::serialize(answer);
  EXPECT_NE(field(answer, 0, "check").find("start_time"), std::string::npos);
  EXPECT_EQ(env.sim->writes().meetings(host_id, "Instant"), 1u) << "sent once, never again";
}

TEST(WriteLimits, UpdatesAndDeletesAreRetriedOn5xx) {
  auto opt = sim_options(10);
  zoom_sim::FaultRule r;
  r.kind = zoom_sim::FaultKind::http_503;
  r.path_prefix = "/v2/meetings/";
  r.on_requests = {1, 2, 4};
  opt.faults.rules = {r};
  Env env(opt);
  std::int64_t a = 0, b = 0;
  for (const auto& m : env.sim->dataset().meetings) {
    const auto& h = env.sim->dataset().users[m.host_index];
    if (!m.past && h.status == "active" && b == 0) (a == 0 ? a : b) = m.id;
  }
  ASSERT_NE(b, 0);
  auto answer = env.write("meetings.update", {json::object{{"meeting_id", a}, {"topic", "x"}}});
  EXPECT_EQ(outcome(answer, 0), "done") << json::serialize(answer);
  answer = env.write("meetings.delete", {json::object{{"meeting_id", b}}});
  EXPECT_EQ(outcome(answer, 0), "done") << json::serialize(answer);
}

TEST(WriteLimits, CancelEndsAPushWithinASecond) {
  auto opt = sim_options(10);
  zoom_sim::FaultRule r;
  r.kind = zoom_sim::FaultKind::delay;
  r.delay = std::chrono::milliseconds(4000);
  r.probability = 1.0;
  r.path_prefix = "/v2/users/";
  opt.faults.rules = {r};
  Env env(opt, [](json::object& o) { o["total_timeout_ms"] = 30000; });
  const auto host_id = env.host().id;
  auto session = env.open(R"({"operation":"users.update"})");
  ASSERT_TRUE(session);
  json::array batch;
  for (int i = 0; i < 10; ++i)
    batch.push_back(json::object{{"user_id", host_id}, {"dept", "D" + std::to_string(i)}});
  std::atomic<bool> returned{false};
  std::chrono::steady_clock::time_point cancelled_at;
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    cancelled_at = std::chrono::steady_clock::now();
    env.connector().cancel();
  });
  const auto answer = env.push(*session, batch);
  const auto ended = std::chrono::steady_clock::now();
  canceller.join();
  EXPECT_LT(ended - cancelled_at, std::chrono::seconds(1));
  ASSERT_EQ(results(answer).size(), 10u);
  for (std::size_t i = 0; i < 10; ++i) {
    EXPECT_EQ(outcome(answer, i), "not_attempted") << i;
    EXPECT_EQ(field(answer, i, "retryable"), "true");
  }
  auto again = session->push("[]");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().status, zc::Status::cancelled);
}

TEST(WriteLimits, ACancelledCreateInFlightIsUnknown) {
  auto opt = sim_options(10);
  Env probe(opt);
  const std::string host_id = probe.host().id;
  probe.sim.reset();
  zoom_sim::FaultRule r;
  r.kind = zoom_sim::FaultKind::delay;
  r.delay = std::chrono::milliseconds(3000);
  r.probability = 1.0;
  r.path_prefix = "/v2/users/" + host_id + "/meetings";
  opt.faults.rules = {r};
  Env env(opt, [](json::object& o) { o["total_timeout_ms"] = 30000; });
  auto session = env.open(R"({"operation":"meetings.create"})");
  ASSERT_TRUE(session);
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    env.connector().cancel();
  });
  const auto answer = env.push(*session, {meeting(host_id, "c1", 3), meeting(host_id, "c2", 4)});
  canceller.join();
  EXPECT_EQ(outcome(answer, 0), "unknown") << json::serialize(answer);
  EXPECT_FALSE(field(answer, 0, "check").empty());
  EXPECT_EQ(outcome(answer, 1), "not_attempted");
}

TEST(WriteLimits, ADryRunChangesNothingAndShowsTheCalls) {
  auto opt = sim_options(10);
  Env env(opt);
  const auto& a = env.host(0);
  auto settings = fast_settings();
  settings.host_daily_limit = 2;
  const auto applied = env.sim->writes().writes_applied();
  const auto meetings = env.sim->writes().meetings(a.id);
  env.sim->reset_stats();
  auto session = env.open(R"({"operation":"meetings.create","dry_run":true})", settings);
  ASSERT_TRUE(session);
  const auto answer = env.push(*session, {meeting(a.id, "d1", 3), json::object{{"topic", 5}},
                                          meeting(a.id, "d2", 4), meeting(a.id, "d3", 5)});
  EXPECT_EQ(outcome(answer, 0), "would_do");
  EXPECT_EQ(outcome(answer, 1), "failed");
  EXPECT_EQ(outcome(answer, 2), "would_do");
  EXPECT_EQ(outcome(answer, 3), "host_daily_limit") << "the cap forecast";
  const auto& call = results(answer)[0].as_object().at("call").as_object();
  EXPECT_EQ(call.at("method").as_string(), "POST");
  EXPECT_EQ(call.at("path").as_string(), "/users/" + a.id + "/meetings");
  EXPECT_EQ(call.at("body").as_object().at("topic").as_string(), "d1");
  EXPECT_FALSE(call.at("body").as_object().contains("user_id")) << "path fields are not sent";
  EXPECT_EQ(env.sim->writes().writes_applied(), applied);
  EXPECT_EQ(env.sim->writes().meetings(a.id), meetings);
  EXPECT_EQ(write_requests(*env.sim), 0u);

  auto users = env.open(R"({"operation":"users.create","dry_run":true})");
  const auto u = env.push(
      *users,
      {json::object{{"email", "d@example.com"}, {"type", 1}, {"password", "Sup3r-secret-pw"}}});
  EXPECT_EQ(outcome(u, 0), "would_do");
  EXPECT_EQ(json::serialize(u).find("Sup3r-secret-pw"), std::string::npos) << "secrets masked";
  EXPECT_EQ(write_requests(*env.sim), 0u);
}

TEST(WriteLimits, BadBatchesAreRefusedAsAWhole) {
  Env env(sim_options(5));
  auto session = env.open(R"({"operation":"users.update"})");
  ASSERT_TRUE(session);
  EXPECT_EQ(session->push("not json").error().status, zc::Status::invalid_argument);
  EXPECT_EQ(session->push("{}").error().status, zc::Status::invalid_argument);
  json::array big;
  for (std::size_t i = 0; i <= zc::write::k_max_batch_records; ++i) big.push_back(json::object{});
  EXPECT_EQ(session->push(json::serialize(big)).error().status, zc::Status::invalid_argument);
  EXPECT_EQ(write_requests(*env.sim), 0u);
  for (
      const char* bad :
      {R"({"operation":"nope"})", R"({"operation":"users.update","plan":"x"})",
       R"({"operation":"users.update","rate_share":0})",
       R"({"operation":"users.update","extra":1})",
       R"({"operation":"users.update","state":{"version":"zoom-write-1","operation":"meetings.create"}})",
       "[]"}) {
    auto s = env.connector().write(bad, fast_settings());
    ASSERT_FALSE(s) << bad;
    EXPECT_EQ(s.error().status, zc::Status::invalid_argument) << bad;
  }
}

TEST(WriteLimits, DestinationValidationListsAllowedOperationsAndMissingScopes) {
  auto opt = sim_options(5);
  opt.apps = {zoom_sim::App{
      "acct", "meetings-only", "secret-meetings-only", {"user:read:admin", "meeting:write:admin"}}};
  Env env(opt);
  env.built = zc_test::build(zc_test::sim_credential(*env.sim, opt.apps[0]),
                             zc_test::sim_options(*env.sim));
  auto catalog = env.connector().write_catalog();
  ASSERT_TRUE(catalog) << catalog.error().message;
  const auto doc = json::parse(*catalog).as_object();
  for (const auto& v : doc.at("operations").as_array()) {
    const auto& o = v.as_object();
    const std::string name(o.at("name").as_string());
    const bool meeting_op =
        name.starts_with("meetings.") || name.starts_with("meeting_registrants.");
    EXPECT_EQ(o.at("allowed").as_bool(), meeting_op) << name;
    EXPECT_EQ(o.at("missing_scopes").as_array().empty(), meeting_op) << name;
    EXPECT_TRUE(o.at("record_schema").is_object()) << name;
  }
  auto denied = env.connector().write(R"({"operation":"users.create"})", fast_settings());
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().status, zc::Status::permission_denied);
  EXPECT_NE(denied.error().message.find("user:write:user:admin"), std::string::npos);
}

}  // namespace

namespace {

using namespace write_test;

// The host stores a batch's results, then its state; a crash between the
// push and the store loses both, and the host sends that batch again from
// the last state it stored. Every record ends done exactly once.
using Make = std::function<json::object(Env&, int)>;
using Count = std::function<std::size_t(Env&, int)>;

void crash_and_resume(const std::string& operation, const Make& make, const Count& count,
                      unsigned seed) {
  SCOPED_TRACE(operation + " seed " + std::to_string(seed));
  Env env(sim_options(12));
  const int n = 40, per_batch = 6;
  std::mt19937 rng(seed);
  const int batches = (n + per_batch - 1) / per_batch;
  const int crash_at = static_cast<int>(rng() % batches);
  const int crash_times = 1 + static_cast<int>(rng() % 2);
  std::vector<std::string> stored(n);  // the host's stored outcome per record
  std::string state = "null";
  int crashes = 0;
  for (int b = 0; b < batches;) {
    // A restarted host says so, with the last state it stored (or none yet).
    const std::string resume = crashes > 0 ? R"(,"resume":true)" : "";
    auto session =
        env.open(R"({"operation":")" + operation + R"(","state":)" + state + resume + "}");
    ASSERT_TRUE(session);
    for (; b < batches; ++b) {
      json::array batch;
      for (int i = b * per_batch; i < std::min(n, (b + 1) * per_batch); ++i)
        batch.push_back(make(env, i));
      const auto answer = env.push(*session, batch);
      ASSERT_EQ(results(answer).size(), batch.size());
      if (b == crash_at && crashes < crash_times) {
        ++crashes;
        break;  // crashed before storing: results and state are lost
      }
      for (std::size_t k = 0; k < batch.size(); ++k) stored[b * per_batch + k] = outcome(answer, k);
      state = json::serialize(answer.at("state"));
    }
  }
  EXPECT_EQ(crashes, crash_times);
  for (int i = 0; i < n; ++i) {
    EXPECT_TRUE(stored[i] == "done" || stored[i] == "already_done") << i << " " << stored[i];
    EXPECT_EQ(count(env, i), 1u) << "record " << i << " exists exactly once";
  }
}

TEST(WriteResume, CrashAndResumeAtRandomPointsWritesEveryMeetingExactlyOnce) {
  for (unsigned seed : {1u, 2u, 3u, 4u}) {
    crash_and_resume(
        "meetings.create",
        [](Env& env, int i) {
          return json::object{{"user_id", env.host(i % 3).id},
                              {"topic", "Resume " + std::to_string(i)},
                              {"type", 2},
                              {"start_time", future_time(1 + i % 28, i % 24)},
                              {"duration", 30}};
        },
        [](Env& env, int i) {
          return env.sim->writes().meetings(env.host(i % 3).id, "Resume " + std::to_string(i));
        },
        seed);
  }
}

TEST(WriteResume, CrashAndResumeAtRandomPointsCreatesEveryUserExactlyOnce) {
  for (unsigned seed : {5u, 6u}) {
    crash_and_resume(
        "users.create",
        [](Env&, int i) {
          return json::object{{"email", "resume" + std::to_string(i) + "@example.com"},
                              {"type", 1}};
        },
        [](Env& env, int i) {
          return env.sim->writes().users_with_email("resume" + std::to_string(i) + "@example.com");
        },
        seed);
  }
}

}  // namespace

namespace {

using namespace write_test;

// Two sessions each at the full share go over the account's rate: Zoom's
// 429s (with Retry-After) pause and slow the category, and every record is
// still done, none lost or failed.
TEST(WritePacing, Over429sEveryRecordIsStillDone) {
  auto opt = sim_options(20);
  opt.rate_limit = true;
  opt.plan = zoom_sim::Plan::pro;
  Env env(opt);
  auto settings = fast_settings();
  auto a = env.open(R"({"operation":"users.update","plan":"pro","rate_share":1})", settings);
  // b paces on its own, as another app on the account would: together they
  // go over the account's rate and meet 429s.
  const std::atomic<bool> cancel_flag{false};
  const zc::write::WriteContext other_app{
      env.connector().api(),
      env.connector().tokens(),
      cancel_flag,
      env.connector().logger(),
      nullptr,
      std::make_shared<zc::RateLimiter>(zc::ZoomPlan::pro, 1.0)};
  auto opened = zc::write::WriteSession::open(
      other_app, R"({"operation":"users.update","plan":"pro","rate_share":1})", settings);
  ASSERT_TRUE(opened);
  auto b = std::move(*opened);
  ASSERT_TRUE(a && b);
  auto batch = [&](int from) {
    json::array out;
    for (int i = 0; i < 60; ++i)
      out.push_back(json::object{{"user_id", env.sim->dataset().users[i % 20].id},
                                 {"dept", "P" + std::to_string(from + i)}});
    return out;
  };
  json::object answer_a, answer_b;
  std::thread other([&] { answer_b = env.push(*b, batch(1000)); });
  answer_a = env.push(*a, batch(0));
  other.join();
  for (const auto* answer : {&answer_a, &answer_b}) {
    ASSERT_EQ(results(*answer).size(), 60u);
    for (std::size_t i = 0; i < 60; ++i)
      EXPECT_EQ(outcome(*answer, i), "done") << json::serialize(results(*answer)[i]);
  }
  EXPECT_GT(env.sim->stats().per_status.count(429), 0u) << "the sessions did meet Zoom's limit";
}

// Sessions that share the connector's limiter do not go over the rate.
TEST(WritePacing, SessionsSharingALimiterStayUnderTheRate) {
  auto opt = sim_options(20);
  opt.rate_limit = true;
  opt.plan = zoom_sim::Plan::pro;
  Env env(opt);
  auto limiter = std::make_shared<zc::RateLimiter>(zc::ZoomPlan::pro, 1.0);
  const std::atomic<bool> cancel_flag{false};
  auto open = [&] {
    const zc::write::WriteContext context{env.connector().api(),
                                          env.connector().tokens(),
                                          cancel_flag,
                                          env.connector().logger(),
                                          nullptr,
                                          limiter};
    auto s =
        zc::write::WriteSession::open(context, R"({"operation":"users.update"})", fast_settings());
    EXPECT_TRUE(s);
    return std::move(*s);
  };
  auto a = open();
  auto b = open();
  auto batch = [&](int from) {
    json::array out;
    for (int i = 0; i < 40; ++i)
      out.push_back(json::object{{"user_id", env.sim->dataset().users[i % 20].id},
                                 {"dept", "S" + std::to_string(from + i)}});
    return out;
  };
  json::object answer_b;
  std::thread other([&] { answer_b = env.push(*b, batch(1000)); });
  const auto answer_a = env.push(*a, batch(0));
  other.join();
  for (std::size_t i = 0; i < 40; ++i) {
    EXPECT_EQ(outcome(answer_a, i), "done");
    EXPECT_EQ(outcome(answer_b, i), "done");
  }
  EXPECT_EQ(env.sim->stats().per_status.count(429), 0u);
}

// A fetch and a write of one connector at the same time book one budget
// (Zoom's limits are per account): on the Free plan's 2 Medium requests a
// second, the groups' member adds and the users listing (both Medium) would
// each take the whole burst on their own, and the account would answer 429.
TEST(WritePacing, AFetchAndAWriteOfOneConnectorShareTheAccountsBudget) {
  auto opt = sim_options(20);
  opt.rate_limit = true;
  opt.plan = zoom_sim::Plan::free;
  Env env(opt);
  const auto& groups = env.sim->dataset().groups;
  ASSERT_GE(groups.size(), 2u);
  json::array members;
  for (std::size_t i = 0; i < 20; ++i) {
    // Users are spread round-robin over the groups: add each to another one.
    const auto& group = groups[(i + 1) % groups.size()];
    members.push_back(json::object{{"group_id", group.id}, {"id", env.sim->dataset().users[i].id}});
  }
  auto session = env.open(R"({"operation":"group_members.add","plan":"free","rate_share":1.0})");
  ASSERT_TRUE(session);
  std::size_t records = 0;
  std::string fetch_error;
  std::thread reader([&] {
    auto stream = env.connector().fetch(R"({"streams":["users"],"plan":"free","rate_share":1.0})");
    if (!stream) {
      fetch_error = stream.error().message;
      return;
    }
    for (;;) {
      auto item = (*stream)->next();
      if (!item) {
        fetch_error = item.error().message;
        return;
      }
      if (item->kind == zc::FetchItem::Kind::end) return;
      if (item->kind == zc::FetchItem::Kind::record) ++records;
    }
  });
  const auto answer = env.push(*session, members);
  reader.join();
  EXPECT_EQ(fetch_error, "");
  EXPECT_EQ(records, env.sim->dataset().users.size());
  for (std::size_t i = 0; i < members.size(); ++i) EXPECT_EQ(outcome(answer, i), "done") << i;
  EXPECT_EQ(env.sim->stats().per_status.count(429), 0u);
}

}  // namespace
