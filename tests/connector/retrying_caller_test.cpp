// core's RetryingCaller against a scripted server on 127.0.0.1: a per-second
// 429 is paused and made again without asking the engine, a daily-limit 429
// ends the call, an attempt is repeated only when the engine's judge says
// so and at most max_attempts times, and a stop ends the call unsent.
#include "core/retrying_caller.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>

#include "core/http_client.hpp"
#include "core/redactor.hpp"
#include "core/token_provider.hpp"
#include "hostile_zoom.hpp"

namespace {

using namespace zc;
using zc_test::CannedAnswer;

constexpr const char* k_per_second =
    R"({"code":429,"message":"You have reached the maximum per-second rate limit for this API. Try again later."})";
constexpr const char* k_daily =
    R"({"code":429,"message":"You have reached the maximum daily rate limit for this API."})";

// Counts the requests per path; /v2/once_throttled answers 429 (per second)
// the first time only.
struct Script {
  std::mutex mutex;
  std::map<std::string, int> requests;

  CannedAnswer answer(const std::string& target) {
    if (target.starts_with("/oauth/token")) return zc_test::hostile_token_answer();
    int n = 0;
    {
      std::lock_guard lock(mutex);
      n = ++requests[target];
    }
    if (target == "/v2/once_throttled" && n == 1) return {429, "application/json", k_per_second};
    if (target == "/v2/throttled") return {429, "application/json", k_per_second};
    if (target == "/v2/daily") return {429, "application/json", k_daily};
    if (target == "/v2/broken") return {500, "application/json", R"({"message":"oops"})"};
    return {200, "application/json", R"({"ok":true})"};
  }
  int count(const std::string& target) {
    std::lock_guard lock(mutex);
    return requests[target];
  }
};

struct Counts final : CallObserver {
  int requests = 0, throttled = 0, repeats = 0;
  void on_request() override { ++requests; }
  void on_throttled() override { ++throttled; }
  void on_repeat() override { ++repeats; }
};

struct RetryingCallerTest : ::testing::Test {
  Script script;
  zc_test::HostileServer server{
      [this](const std::string&, const std::string& target) { return script.answer(target); }};
  std::atomic<bool> cancel{false};
  std::atomic<bool> stop{false};
  std::shared_ptr<HttpClient> http = *HttpClient::create({});
  std::shared_ptr<TokenProvider> tokens = std::make_shared<TokenProvider>(
      http,
      TokenRequestSettings{server.base_url() + "/oauth/token", "account", "client",
                           zc_test::k_hostile_secret},
      std::make_shared<Redactor>(), nullptr, &cancel);
  ZoomApiClient api{http, tokens, std::nullopt, server.base_url() + "/v2", true, nullptr, &cancel};
  RateLimiter limiter{ZoomPlan::business, 1.0};

  RetryingCaller caller(int max_attempts = 3, int max_throttled = 30) {
    RetryPolicy policy;
    policy.max_attempts = max_attempts;
    policy.max_throttled = max_throttled;
    policy.base_delay = std::chrono::milliseconds(1);
    policy.max_delay = std::chrono::milliseconds(4);
    return RetryingCaller(api, limiter, policy, StopSignal{&stop, &cancel}, false);
  }
  static ApiCall get(std::string_view path) {
    return ApiCall{"GET", path, {}, RateCategory::light};
  }
};

TEST_F(RetryingCallerTest, APerSecond429IsPausedAndMadeAgainWithoutTheJudge) {
  int judged = 0;
  Counts counts;
  auto result = caller().call(
      get("/once_throttled"),
      [&](Attempt&) {
        ++judged;
        return Judgement::accept;
      },
      &counts);
  EXPECT_EQ(result.end, CallEnd::answered);
  ASSERT_TRUE(result.attempt.response);
  EXPECT_EQ(result.attempt.response->status, 200);
  EXPECT_EQ(judged, 1) << "the judge sees the answer, not the 429";
  EXPECT_EQ(script.count("/v2/once_throttled"), 2);
  EXPECT_EQ(counts.requests, 2);
  EXPECT_EQ(counts.throttled, 1);
  EXPECT_EQ(counts.repeats, 1);
}

TEST_F(RetryingCallerTest, PerSecond429sBeyondThePolicyEndTheCall) {
  auto result = caller(3, 1).call(get("/throttled"), [](Attempt&) { return Judgement::accept; });
  EXPECT_EQ(result.end, CallEnd::throttled_out);
  EXPECT_EQ(script.count("/v2/throttled"), 2);
}

TEST_F(RetryingCallerTest, ADailyLimitEndsTheCallAtOnce) {
  int judged = 0;
  auto result = caller().call(get("/daily"), [&](Attempt&) {
    ++judged;
    return Judgement::repeat;
  });
  EXPECT_EQ(result.end, CallEnd::daily_limit);
  EXPECT_EQ(judged, 0);
  EXPECT_EQ(script.count("/v2/daily"), 1);
}

TEST_F(RetryingCallerTest, OnlyTheJudgeRepeatsAnAttemptAndOnlyMaxAttemptsTimes) {
  auto once = caller().call(get("/broken"), [](Attempt&) { return Judgement::accept; });
  EXPECT_EQ(once.end, CallEnd::answered);
  EXPECT_EQ(script.count("/v2/broken"), 1) << "a 500 the judge accepts is not sent again";
  auto again = caller(3).call(get("/broken"), [](Attempt& a) {
    EXPECT_TRUE(a.sent);
    return Judgement::repeat;
  });
  EXPECT_EQ(again.end, CallEnd::gave_up);
  EXPECT_EQ(script.count("/v2/broken"), 1 + 3);
  ASSERT_TRUE(again.attempt.response);
  EXPECT_EQ(again.attempt.response->status, 500);
}

TEST_F(RetryingCallerTest, AStopEndsTheCallUnsent) {
  stop = true;
  int judged = 0;
  auto result = caller().call(get("/anything"), [&](Attempt&) {
    ++judged;
    return Judgement::accept;
  });
  EXPECT_EQ(result.end, CallEnd::stopped);
  EXPECT_FALSE(result.attempt.sent);
  EXPECT_TRUE(result.attempt.stopped);
  EXPECT_EQ(judged, 0);
  EXPECT_EQ(script.count("/v2/anything"), 0);
}

}  // namespace
