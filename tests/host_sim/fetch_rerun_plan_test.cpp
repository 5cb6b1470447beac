// What a rerun after a complete fetch says and does to the output file
// (fetch_rerun.hpp), and how a stored checkpoint's fields are checked
// (fetch_checkpoint.hpp), without a plugin.
#include <gtest/gtest.h>

#include "fetch_checkpoint.hpp"
#include "fetch_rerun.hpp"
#include "test_support.hpp"

namespace {

using host_sim::decode_checkpoint;
using host_sim::plan_rerun;

constexpr const char* k_catalog = R"({"streams":[
  {"name":"users","incremental":false,"parent":null},
  {"name":"groups","incremental":false},
  {"name":"report_meetings","incremental":true,"parent":"users"},
  {"name":"report_meeting_participants","incremental":false,"parent":"report_meetings"},
  {"name":"loop_a","incremental":false,"parent":"loop_b"},
  {"name":"loop_b","incremental":false,"parent":"loop_a"}]})";

TEST(RerunPlan, SaysWhichStreamsAreReplacedAndWhichAppendedFromWhere) {
  const auto plan = plan_rerun(
      k_catalog, {"users", "groups", "report_meetings", "report_meeting_participants", "loop_a"},
      R"({"cursors":{"report_meetings":"2026-12-01","users":"not a date"}})", true);
  EXPECT_EQ(plan.line,
            "Rerun after a complete fetch: users, groups, loop_a replaced; report_meetings from "
            "2026-12-01, report_meeting_participants of new report_meetings appended.");
  EXPECT_EQ(plan.replaced, (std::set<std::string>{"users", "groups", "loop_a"}));
  EXPECT_EQ(plan.appended,
            (std::set<std::string>{"report_meetings", "report_meeting_participants"}));
}

TEST(RerunPlan, AnOutputThatCannotBeRewrittenIsSentAgainInFull) {
  const auto plan = plan_rerun(k_catalog, {"users"}, "not json", false);
  EXPECT_EQ(plan.line,
            "Rerun after a complete fetch: users sent again in full (the output cannot be "
            "rewritten); nothing appended.");
}

TEST(RerunPlan, RewriteDropsTheReplacedStreamsLinesAndWhatCameAfterTheCheckpoint) {
  const host_sim_test::TempDir dir;
  const auto file = dir / "records.jsonl";
  const std::string kept = R"({"stream":"report_meetings","record":{"uuid":"m1"}})"
                           "\n";
  const std::string covered = R"({"stream":"users","record":{"id":"u1"}})"
                              "\n" +
                              kept + "not json, kept\n";
  host_sim_test::write_all(file, covered + R"({"stream":"users","record":{"id":"u2"}})"
                                           "\n");
  const auto plan = plan_rerun(k_catalog, {"users", "report_meetings"}, "{}", true);
  const auto out = host_sim::rewrite_for_rerun(file, static_cast<std::int64_t>(covered.size()),
                                               std::nullopt, plan);
  EXPECT_EQ(host_sim_test::read_all(file), kept + "not json, kept\n");
  EXPECT_EQ(out.bytes, static_cast<std::int64_t>(kept.size() + 15));
  EXPECT_EQ(out.dropped, 1);
  EXPECT_EQ(out.kept_lines, (std::unordered_set<std::string>{host_sim::line_digest(kept)}));
  // Another file than the checkpoint's, or a shorter one, is refused untouched.
  EXPECT_THROW(host_sim::rewrite_for_rerun(file, out.bytes, host_sim::FileId{1, 2}, plan),
               host_sim::OutputError);
  EXPECT_THROW(host_sim::rewrite_for_rerun(file, out.bytes + 1, std::nullopt, plan),
               host_sim::OutputError);
  EXPECT_EQ(host_sim_test::read_all(file), kept + "not json, kept\n");
}

TEST(StoredCheckpoint, FieldsOfTheWrongTypeAreLeftOut) {
  const auto good = decode_checkpoint(
      R"({"host_sim_checkpoint":1,"plugin_state":{},"complete":true,"output_device":5,)"
      R"("output_inode":7,"output_bytes":10})");
  EXPECT_TRUE(good.complete);
  ASSERT_TRUE(good.output_file);
  EXPECT_EQ(*good.output_file, (host_sim::FileId{5, 7}));
  const auto bad = decode_checkpoint(
      R"({"host_sim_checkpoint":1,"plugin_state":{},"complete":"yes","output_device":-1,)"
      R"("output_inode":7,"output_bytes":-3})");
  EXPECT_FALSE(bad.complete);
  EXPECT_FALSE(bad.output_file);
  EXPECT_FALSE(bad.output_bytes);
  EXPECT_EQ(decode_checkpoint(host_sim::encode_checkpoint(good)).output_file, good.output_file);
  EXPECT_TRUE(decode_checkpoint(host_sim::encode_checkpoint(good)).complete);
}

}  // namespace
