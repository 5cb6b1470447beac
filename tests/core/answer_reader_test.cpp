// How much of an answer the HTTP client keeps: a 2xx body up to its limit
// (refused before reading when Content-Length is over it), an error body
// cut at 64 KiB, every body being read at once within one budget, and a cut
// error body still read for Zoom's code and message; a slot's buffer is
// reused and gives back what a large answer used past its kept bytes.
#include "core/answer_reader.hpp"

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "core/json_prefix.hpp"

namespace {

using zc::AnswerBudget;
using zc::AnswerLimits;
using zc::AnswerReader;

std::size_t header(AnswerReader& r, std::string line) {
  return AnswerReader::on_header(line.data(), 1, line.size(), &r);
}
std::size_t body(AnswerReader& r, std::string chunk) {
  return AnswerReader::on_body(chunk.data(), 1, chunk.size(), &r);
}

TEST(AnswerReader, ASuccessOverItsLimitIsRefusedBeforeItsBodyIsRead) {
  AnswerBudget budget(32u << 20);
  AnswerReader r(AnswerLimits{1u << 20}, budget);
  EXPECT_EQ(header(r, "HTTP/1.1 200 OK\r\n"), 17u);
  EXPECT_EQ(header(r, "Content-Length: 200000000\r\n"), 0u) << "aborted at the header";
  EXPECT_EQ(r.stop(), AnswerReader::Stop::body_too_large);
  EXPECT_EQ(budget.used(), 0u) << "nothing booked for it";
  const auto refusal = r.refusal("the answer from 127.0.0.1:1");
  ASSERT_TRUE(refusal);
  EXPECT_EQ(refusal->status, zc::Status::remote_error);
  EXPECT_NE(refusal->message.find("larger than 1048576 bytes"), std::string::npos);
}

TEST(AnswerReader, AChunkedSuccessStopsAtItsLimitWithoutGrowingPastIt) {
  AnswerBudget budget(32u << 20);
  AnswerReader r(AnswerLimits{1u << 20}, budget);
  header(r, "HTTP/1.1 200 OK\r\n");
  const std::string chunk(16384, 'x');
  std::size_t taken = 0;
  while (body(r, chunk) == chunk.size()) taken += chunk.size();
  EXPECT_EQ(taken, 1u << 20);
  EXPECT_EQ(r.stop(), AnswerReader::Stop::body_too_large);
  EXPECT_EQ(r.received(), 1u << 20) << "not a byte past the limit";
  EXPECT_EQ(budget.used(), 1u << 20);
}

TEST(AnswerReader, AWholeAnswerArrivesIntact) {
  AnswerBudget budget(32u << 20);
  std::string expected;
  {
    AnswerReader r(AnswerLimits{1u << 20}, budget);
    header(r, "HTTP/1.1 200 OK\r\n");
    header(r, "Content-Type: application/json\r\n");
    for (int i = 0; i < 40; ++i) {
      const std::string chunk = "{\"n\":" + std::to_string(i) + "}" + std::string(3000, ' ');
      expected += chunk;
      ASSERT_EQ(body(r, chunk), chunk.size());
    }
    EXPECT_EQ(r.stop(), AnswerReader::Stop::none);
    const zc::HttpResponse response = r.take_response();
    EXPECT_EQ(response.body, expected);
    EXPECT_EQ(response.content_type(), "application/json");
    EXPECT_FALSE(response.body_cut);
  }
  EXPECT_EQ(budget.used(), 0u);
}

TEST(AnswerReader, AnErrorBodyIsKeptCutAt64KiB) {
  AnswerBudget budget(32u << 20);
  AnswerReader r(AnswerLimits{1u << 20}, budget);
  header(r, "HTTP/2 400\r\n");
  EXPECT_NE(header(r, "content-length: 200000000\r\n"), 0u) << "an error is read, up to its cut";
  const std::string chunk(10000, 'x');
  std::size_t calls = 0;
  while (body(r, chunk) == chunk.size()) ++calls;
  EXPECT_EQ(calls, 6u);
  EXPECT_EQ(r.stop(), AnswerReader::Stop::error_cut);
  EXPECT_EQ(r.take_response().body.size(), 64u << 10);
  EXPECT_FALSE(r.refusal("x")) << "a cut error answer stands";
}

TEST(AnswerReader, AnswersBeingReadAtOnceShareOneBudget) {
  AnswerBudget budget(100u << 10);
  {
    AnswerReader first(AnswerLimits{80u << 10}, budget);
    AnswerReader second(AnswerLimits{80u << 10}, budget);
    header(first, "HTTP/1.1 200 OK\r\n");
    header(second, "HTTP/1.1 200 OK\r\n");
    EXPECT_EQ(body(first, std::string(70u << 10, 'a')), 70u << 10);
    EXPECT_EQ(body(second, std::string(70u << 10, 'b')), 0u);
    EXPECT_EQ(second.stop(), AnswerReader::Stop::over_budget);
    const auto refusal = second.refusal("the answer from h:1");
    ASSERT_TRUE(refusal);
    EXPECT_EQ(refusal->status, zc::Status::network);
    EXPECT_TRUE(refusal->retryable);
  }
  EXPECT_EQ(budget.used(), 0u) << "a finished answer gives its booking back";
}

TEST(AnswerReader, HeadersAreBounded) {
  AnswerBudget budget(1u << 20);
  AnswerReader r(AnswerLimits{1u << 20}, budget);
  header(r, "HTTP/1.1 200 OK\r\n");
  std::size_t accepted = 0;
  while (header(r, "X-Filler: " + std::string(1000, 'f') + "\r\n") != 0) ++accepted;
  EXPECT_LT(accepted, 70u);
  EXPECT_EQ(r.stop(), AnswerReader::Stop::headers_too_large);
}

TEST(AnswerReader, APageMayHoldWhatItsPageSizeCanNeed) {
  EXPECT_EQ(zc::answer_limit_for("/users?status=active&page_size=300"),
            (1u << 20) + 300u * (16u << 10));
  EXPECT_EQ(zc::answer_limit_for("/users?page_size=1"), (1u << 20) + (16u << 10));
  EXPECT_EQ(zc::answer_limit_for("/users?page_size=999999"), (1u << 20) + 2000u * (16u << 10));
  EXPECT_EQ(zc::answer_limit_for("/users/me"), 0u) << "not a page: the client's default";
  EXPECT_EQ(zc::answer_limit_for("/users?page_size=x"), 0u);
  EXPECT_EQ(zc::answer_limit_for("/users?my_page_size=3"), 0u);
}

// How many of the first `bytes` of the buffer are backed by memory.
std::size_t resident_bytes(const zc::AnswerBuffer& buffer, std::size_t bytes) {
  const std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  std::vector<unsigned char> pages((bytes + page - 1) / page);
  EXPECT_EQ(mincore(buffer.data(), bytes, pages.data()), 0);
  std::size_t resident = 0;
  for (const unsigned char p : pages) resident += (p & 1u) ? page : 0;
  return resident;
}

TEST(AnswerReader, ASlotsBufferIsReusedAndALargeAnswersPagesGoBack) {
  AnswerBudget budget(32u << 20);
  zc::AnswerBuffer buffer;
  const std::size_t large = 2u << 20;
  {
    AnswerReader r(AnswerLimits{4u << 20}, budget, buffer);
    header(r, "HTTP/1.1 200 OK\r\n");
    ASSERT_EQ(body(r, std::string(large, 'a')), large);
    EXPECT_EQ(resident_bytes(buffer, large), large);
  }
  EXPECT_EQ(resident_bytes(buffer, large), zc::AnswerBuffer::k_kept)
      << "past its kept bytes, a large answer's memory goes back";
  const char* first = buffer.data();
  AnswerReader next(AnswerLimits{4u << 20}, budget, buffer);
  header(next, "HTTP/1.1 200 OK\r\n");
  ASSERT_EQ(body(next, "{\"next\":1}"), 10u);
  EXPECT_EQ(buffer.data(), first) << "the same mapping, its kept pages still backed";
  EXPECT_EQ(next.take_response().body, "{\"next\":1}");
}

TEST(JsonPrefix, ACutErrorStillSaysItsCodeAndMessage) {
  const auto v = zc::json_object_prefix(
      R"({"code":1001,"errors":[{"field":"x"}],"message":"User does not exi)");
  ASSERT_TRUE(v.is_object());
  const auto& o = v.as_object();
  EXPECT_EQ(o.at("code").as_int64(), 1001);
  EXPECT_EQ(o.at("message").as_string(), "User does not exi");
  EXPECT_FALSE(o.contains("field")) << "nested members are skipped";
  const auto key_cut = zc::json_object_prefix(R"({"code":7,"mess)");
  ASSERT_TRUE(key_cut.is_object());
  EXPECT_EQ(key_cut.as_object().size(), 1u);
  EXPECT_TRUE(zc::json_object_prefix("[1,2").is_null());
  EXPECT_TRUE(zc::json_object_prefix("<html>").is_null());
}

}  // namespace
