// What a Zoom answer to a write means: done, done already, exists, failed
// with every field error, retry, daily limits, or unknown for a create whose
// answer was lost; by the rules the write catalog gives each operation.
#include "write/write_outcome.hpp"

#include <gtest/gtest.h>

#include "core/zoom_codes.hpp"
#include "write/write_catalog.hpp"

namespace {

using namespace zc::write;
using zc::HttpResponse;

// The catalog's rules for `operation`'s answers.
AnswerRules rules(const char* operation) {
  const auto* op = find_operation(operation);
  EXPECT_NE(op, nullptr) << operation;
  return op ? op->answer_rules() : AnswerRules{};
}

HttpResponse answer(long status, std::string body,
                    std::vector<std::pair<std::string, std::string>> headers = {}) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  r.headers.emplace_back("content-type", "application/json");
  return r;
}

TEST(WriteOutcome, SuccessAndTheCreatedId) {
  auto r = answer(201, R"({"id":95000000007,"uuid":"x=="})");
  auto o = classify_write_answer(rules("meetings.create"), &r, "");
  EXPECT_EQ(o.outcome, Outcome::done);
  EXPECT_EQ(o.created_id, "95000000007");
  r = answer(201, R"({"registrant_id":"abc","id":1})");
  EXPECT_EQ(classify_write_answer(rules("meeting_registrants.add"), &r, "").created_id, "abc");
  r = answer(204, "");
  EXPECT_EQ(classify_write_answer(rules("meetings.update"), &r, "").outcome, Outcome::done);
  EXPECT_EQ(classify_write_answer(rules("meetings.delete"), &r, "").outcome, Outcome::done);
}

TEST(WriteOutcome, LostAnswersNeverRetryACreateBlindly) {
  auto o = classify_write_answer(rules("meetings.create"), nullptr, "connection reset");
  EXPECT_EQ(o.outcome, Outcome::unknown);
  EXPECT_FALSE(o.retry_may_help());
  EXPECT_EQ(classify_write_answer(rules("meetings.update"), nullptr, "timeout").outcome,
            Outcome::repeat);
  EXPECT_EQ(classify_write_answer(rules("meetings.delete"), nullptr, "timeout").outcome,
            Outcome::repeat);
  for (long st : {500L, 502L, 503L, 504L}) {
    auto r = answer(st, "<html>gateway</html>");
    EXPECT_EQ(classify_write_answer(rules("meetings.create"), &r, "").outcome, Outcome::unknown)
        << st;
    EXPECT_EQ(classify_write_answer(rules("meetings.update"), &r, "").outcome, Outcome::repeat)
        << st;
  }
  // A 200 page from a proxy is not Zoom's 201.
  auto r = answer(200, "<html>blocked</html>");
  EXPECT_EQ(classify_write_answer(rules("meetings.create"), &r, "").outcome, Outcome::unknown);
}

TEST(WriteOutcome, GoneIsDoneOnlyForDeletes) {
  auto r = answer(404, R"({"code":3001,"message":"Meeting does not exist: 1."})");
  EXPECT_EQ(classify_write_answer(rules("meetings.delete"), &r, "").outcome, Outcome::already_done);
  EXPECT_EQ(classify_write_answer(rules("meetings.update"), &r, "").outcome, Outcome::failed);
  r = answer(404, R"({"code":4130,"message":"A group with this g does not exist."})");
  EXPECT_EQ(classify_write_answer(rules("group_members.remove"), &r, "").outcome, Outcome::failed);
  r = answer(404, R"({"code":4131,"message":"Group member does not exist."})");
  EXPECT_EQ(classify_write_answer(rules("group_members.remove"), &r, "").outcome,
            Outcome::already_done);
}

TEST(WriteOutcome, ExistsAndFieldErrors) {
  auto r = answer(409, R"({"code":1005,"message":"Email \"a@b.c\" has already been used."})");
  auto o = classify_write_answer(rules("users.create"), &r, "");
  EXPECT_EQ(o.outcome, Outcome::exists);
  EXPECT_EQ(o.zoom_code, 1005);
  r = answer(
      400,
      R"({"code":300,"message":"Invalid field.","errors":[{"field":"topic","message":"Too long."},{"field":"settings.audio","message":"Must be one of: both."}]})");
  o = classify_write_answer(rules("meetings.create"), &r, "");
  EXPECT_EQ(o.outcome, Outcome::failed);
  ASSERT_EQ(o.field_errors.size(), 2u);
  EXPECT_EQ(o.field_errors[1].field, "settings.audio");
  EXPECT_FALSE(o.retry_may_help());
  r = answer(
      400,
      R"({"code":3161,"message":"Your user account is not allowed meeting hosting and scheduling capabilities."})");
  EXPECT_EQ(classify_write_answer(rules("meetings.create"), &r, "").outcome, Outcome::failed);
  r = answer(403, "<html>WAF</html>");
  o = classify_write_answer(rules("meetings.create"), &r, "");
  EXPECT_EQ(o.outcome, Outcome::failed);
  EXPECT_NE(o.message.find("403"), std::string::npos);
}

TEST(WriteOutcome, RateLimits) {
  auto r = answer(
      429,
      R"({"code":429,"message":"You have reached the maximum per-second rate limit for this API. Try again later."})",
      {{"x-ratelimit-type", "QPS"}, {"retry-after", "1"}});
  auto o = classify_write_answer(rules("meetings.create"), &r, "");
  EXPECT_EQ(o.outcome, Outcome::repeat);  // a 429 was not applied: safe for a create too
  EXPECT_EQ(o.retry_after, "1");
  r = answer(
      429,
      R"({"code":429,"message":"You have exceeded the daily rate limit (100) of Meeting Create/Update API requests permitted for this particular user."})",
      {{"x-ratelimit-type", "Daily-limit"}, {"retry-after", "2026-11-30T00:00:00Z"}});
  o = classify_write_answer(rules("meetings.update"), &r, "");
  EXPECT_EQ(o.outcome, Outcome::host_daily_limit);
  EXPECT_EQ(o.retry_after, "2026-11-30T00:00:00Z");
  r = answer(
      429,
      R"({"code":429,"message":"You have reached the maximum daily rate limit for this API."})",
      {{"x-ratelimit-type", "Daily-limit"}});
  EXPECT_EQ(classify_write_answer(rules("meetings.create"), &r, "").outcome, Outcome::rate_limited);
  r = answer(401, R"({"code":124,"message":"Invalid access token."})");
  EXPECT_EQ(classify_write_answer(rules("meetings.create"), &r, "").outcome, Outcome::repeat);
}

// The success status and the conflict come from the write catalog, so an
// operation is read by its own entry: a PATCH is done on Zoom's 204 only, and
// only a create whose entry names the conflict code treats it as "exists".
TEST(WriteOutcome, TheCatalogSaysWhatSuccessAndConflictAre) {
  for (const auto& op : operation_specs()) {
    auto r = answer(op.success_status, op.kind == WriteKind::create ? R"({"id":"1"})" : "");
    EXPECT_EQ(classify_write_answer(op.answer_rules(), &r, "").outcome, Outcome::done) << op.name;
  }
  auto r = answer(200, R"({"id":1})");
  EXPECT_EQ(classify_write_answer(rules("meetings.update"), &r, "").outcome, Outcome::repeat)
      << "Zoom answers a PATCH with 204: a 200 is someone else's answer, and an update may "
         "simply be made again";
  r = answer(409, R"({"code":1005,"message":"Email \"a@b.c\" has already been used."})");
  EXPECT_EQ(classify_write_answer(rules("users.upsert"), &r, "").outcome, Outcome::exists);
  EXPECT_EQ(rules("users.create").conflict_code, zc::zoom_code::email_already_used);
  EXPECT_EQ(classify_write_answer(rules("meetings.create"), &r, "").outcome, Outcome::failed)
      << "meetings.create names no conflict";
  r = answer(409, R"({"code":1006,"message":"Something else."})");
  EXPECT_EQ(classify_write_answer(rules("users.create"), &r, "").outcome, Outcome::failed);
}

TEST(WriteOutcome, HostileAnswersAreBounded) {
  std::string errors;
  for (int i = 0; i < 1000; ++i)
    errors += std::string(i ? "," : "") + R"({"field":"f","message":"m"})";
  auto r = answer(400, R"({"code":300,"message":")" + std::string(5000, 'x') + R"(","errors":[)" +
                           errors + "]}");
  const auto o = classify_write_answer(rules("meetings.create"), &r, "");
  EXPECT_LE(o.message.size(), 400u);
  EXPECT_LE(o.field_errors.size(), 100u);
}

}  // namespace
