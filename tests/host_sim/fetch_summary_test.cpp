// The fetch summary reads as words: records, pages, retries and 429s per
// stream, skipped partitions grouped by reason with counts, "25.1 s".
#include "fetch_summary.hpp"

#include <gtest/gtest.h>

namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(FetchSummary, GroupsSkippedPartitionsByReasonAndShowsSeconds) {
  std::string skipped;
  for (int i = 0; i < 9; ++i) {
    skipped += std::string(i ? "," : "") + R"({"stream":"webinars","id":"u)" + std::to_string(i) +
               R"(","code":3161,"http_status":400,"message":"Zoom refused GET /users/x/webinars",)"
               R"("reason":"user_unlicensed"})";
  }
  const std::string summary =
      R"({"status":"ok","elapsed_s":25.08,"streams":{"webinars":{"records":80,"pages":40,)"
      R"("requests":50,"retries":2,"throttled":3,"partitions_skipped":9},)"
      R"("users":{"records":50,"pages":3,"retries":0,"throttled":0,"partitions_skipped":0}},)"
      R"("requests_by_category":{"Medium":50},"skipped_partitions":[)" +
      skipped + R"(],"failed_partitions":[]})";
  const std::string text =
      host_sim::fetch_summary_text({{"webinars", 80}, {"users", 50}}, summary, 25.08);
  EXPECT_TRUE(has(text, "Summary: 130 records in 25.1 s\n")) << text;
  EXPECT_TRUE(has(
      text,
      "  webinars: 80 records, 40 pages, 2 retries, 3 x 429 (throttled), 9 partitions skipped\n"))
      << text;
  EXPECT_TRUE(has(text, "  users: 50 records, 3 pages\n")) << text;
  EXPECT_TRUE(has(text, "webinars: 9 users without the licence, plan or permission needed (3161)\n"))
      << text;
  EXPECT_FALSE(has(text, "{")) << "no JSON in the summary: " << text;
  EXPECT_FALSE(has(text, "Failed")) << text;
}

TEST(FetchSummary, SaysWhetherTheActiveHostsReportPrunedTheWalks) {
  const std::string summary =
      R"({"status":"ok","elapsed_s":1,"streams":{},"requests_by_category":{},)"
      R"("skipped_partitions":[],"failed_partitions":[],"pruning":{"applied":false,)"
      R"("note":"off: the token lacks report:read:admin or report:read:list_users:admin"}})";
  const std::string text = host_sim::fetch_summary_text({{"recordings", 3}}, summary, 1);
  EXPECT_TRUE(has(text,
                  "  Pruning: off: the token lacks report:read:admin or "
                  "report:read:list_users:admin\n"))
      << text;
}

TEST(FetchSummary, ElapsedTimeInWords) {
  EXPECT_EQ(host_sim::elapsed_text(25.06), "25.1 s");
  EXPECT_EQ(host_sim::elapsed_text(252), "4 min 12 s");
  EXPECT_EQ(host_sim::elapsed_text(3780), "1 h 3 min");
}

TEST(FetchSummary, AnotherPluginsSummaryKeysAreShownBounded) {
  const std::string text = host_sim::fetch_summary_text(
      {{"widgets", 3}}, R"({"records":3,"note":")" + std::string(500, 'x') + "\\u0007\"}", 0.2);
  EXPECT_TRUE(has(text, "  widgets: 3 records\n")) << text;
  EXPECT_TRUE(has(text, "  records: 3\n")) << text;
  EXPECT_LT(text.size(), 400u) << text;
}

}  // namespace
