// host_sim write against the Zoom plugin and the simulator: one result per
// input line in order, a checkpoint only after the results are stored, a
// resume that neither repeats nor skips a record, a batch in flight when a run
// died sent again only through the plugin's look-up of its creates, and a dry
// run that changes nothing.
#include <fstream>
#include <random>
#include <thread>

#include "write_checkpoint.hpp"
#include "write_fixture.hpp"

namespace host_sim_test {
namespace {

TEST_F(WriteCommand, OneResultPerLineInOrderAndARerunWritesNothingAgain) {
  write_input({meeting("w-one"), R"({"topic":"no host"})", "not json", "", meeting("w-two")});
  const int code = run(write({"--results", results_.string()}));
  const std::string err = read_all(err_);
  EXPECT_EQ(code, 11) << err;  // two lines were refused
  const auto got = results();
  ASSERT_EQ(got.size(), 4u) << read_all(results_);  // the blank line has none
  EXPECT_EQ(got[0].at("line").as_int64(), 1);
  EXPECT_EQ(outcome(got[0]), "done");
  EXPECT_FALSE(got[0].at("id").is_null());
  EXPECT_EQ(got[1].at("line").as_int64(), 2);
  EXPECT_EQ(outcome(got[1]), "failed");
  EXPECT_TRUE(contains(json::serialize(got[1]), "user_id")) << json::serialize(got[1]);
  EXPECT_EQ(got[2].at("line").as_int64(), 3);
  EXPECT_EQ(outcome(got[2]), "failed");
  EXPECT_EQ(got[3].at("line").as_int64(), 5);
  EXPECT_EQ(outcome(got[3]), "done");
  EXPECT_EQ(meetings_with("w-one"), 1u);
  EXPECT_EQ(meetings_with("w-two"), 1u);
  const auto saved = host_sim::load_write_checkpoint(host_sim::checkpoint_path_for(results_));
  ASSERT_TRUE(saved.has_value());
  EXPECT_TRUE(saved->complete);
  EXPECT_FALSE(saved->in_flight_end_offset.has_value());

  const auto applied = sim_->writes().writes_applied();
  EXPECT_EQ(run(write({"--results", results_.string()})), 0) << read_all(err_);
  EXPECT_TRUE(contains(read_all(err_), "Already complete")) << read_all(err_);
  EXPECT_EQ(sim_->writes().writes_applied(), applied);
  EXPECT_EQ(meetings_with("w-one"), 1u);
}

TEST_F(WriteCommand, DryRunShowsTheCallsAndChangesNothing) {
  write_input({meeting("dry-one"), meeting("dry-two")});
  const auto applied = sim_->writes().writes_applied();
  ASSERT_EQ(run(write({"--dry-run", "--results", results_.string()})), 0) << read_all(err_);
  const auto got = results();
  ASSERT_EQ(got.size(), 2u);
  for (const auto& result : got) {
    EXPECT_EQ(outcome(result), "would_do") << json::serialize(result);
    EXPECT_TRUE(result.contains("call")) << json::serialize(result);
  }
  EXPECT_EQ(sim_->writes().writes_applied(), applied);
  EXPECT_EQ(meetings_with("dry-one"), 0u);
  EXPECT_FALSE(std::filesystem::exists(host_sim::checkpoint_path_for(results_)));
}

TEST_F(WriteCommand, ResumeStartsAfterTheCheckpointAndABatchInFlightIsLookedUpNotDuplicated) {
  write_input({meeting("r-1"), meeting("r-2"), meeting("r-3"), meeting("r-4"), meeting("r-5")});
  // A first run wrote line 1 and stored its result; then it handed lines 2
  // and 3 to the plugin and died: they may or may not have been written.
  ASSERT_EQ(run(write({"--results", results_.string(), "--batch", "1"})), 0) << read_all(err_);
  ASSERT_EQ(meetings_with("r-5"), 1u);
  const auto first = results();
  ASSERT_EQ(first.size(), 5u);
  // Make the files say what a run that died after line 1 leaves behind.
  std::string line_one = lines_of(read_all(results_))[0] + "\n";
  {
    std::ofstream out(results_, std::ios::binary | std::ios::trunc);
    out << line_one << R"({"line":2,"outc)";  // a line cut by the crash
  }
  const auto checkpoint = died_with_lines_2_3_in_flight(static_cast<std::int64_t>(line_one.size()));
  host_sim::save_write_checkpoint(host_sim::checkpoint_path_for(results_), checkpoint);

  const auto applied = sim_->writes().writes_applied();
  const int code = run(write({"--results", results_.string()}));
  const std::string err = read_all(err_);
  EXPECT_EQ(code, 0) << err;
  EXPECT_TRUE(contains(err, "lines 2-3 were being written")) << err;
  const auto got = results();
  ASSERT_EQ(got.size(), 5u) << read_all(results_);
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].at("line").as_int64(), static_cast<std::int64_t>(i + 1));
  }
  // Lines 2 and 3 were looked up, found, and not created again.
  EXPECT_NE(outcome(got[1]), "unknown") << json::serialize(got[1]);
  EXPECT_EQ(meetings_with("r-2"), 1u);
  EXPECT_EQ(meetings_with("r-3"), 1u);
  EXPECT_EQ(meetings_with("r-1"), 1u);
  // Lines 4 and 5 came after the batch in flight: sent again (this test's
  // first run had written them too).
  EXPECT_EQ(outcome(got[3]), "done");
  EXPECT_EQ(meetings_with("r-4"), 2u);
  EXPECT_EQ(sim_->writes().writes_applied(), applied + 2);
}

// A run that died after the results of its batch in flight were stored,
// before its checkpoint said so: the next run settles that batch and writes
// the rest (it used to stop at once, incomplete, and exit 0).
TEST_F(WriteCommand, ABatchInFlightWhoseResultsWereAllStoredIsSettledAndTheRestWritten) {
  write_input({meeting("s-1"), meeting("s-2"), meeting("s-3"), meeting("s-4")});
  ASSERT_EQ(run(write({"--results", results_.string(), "--batch", "1"})), 0) << read_all(err_);
  const auto all = lines_of(read_all(results_));
  ASSERT_EQ(all.size(), 4u);
  const std::string stored = all[0] + "\n" + all[1] + "\n" + all[2] + "\n";
  {
    std::ofstream out(results_, std::ios::binary | std::ios::trunc);
    out << stored;  // lines 1-3 stored; line 4 never sent
  }
  // Lines 2-3 were in flight, and their results reached the file.
  const auto checkpoint =
      died_with_lines_2_3_in_flight(static_cast<std::int64_t>(all[0].size() + 1));
  host_sim::save_write_checkpoint(host_sim::checkpoint_path_for(results_), checkpoint);

  ASSERT_EQ(run(write({"--results", results_.string()})), 0) << read_all(err_);
  const auto got = results();
  ASSERT_EQ(got.size(), 4u) << read_all(results_);
  EXPECT_EQ(got[3].at("line").as_int64(), 4);
  // This test's first run created line 4 too: the resumed session's first
  // batch is looked up, found, and not created again.
  EXPECT_EQ(outcome(got[3]), "already_done") << json::serialize(got[3]);
  for (const char* topic : {"s-1", "s-2", "s-3", "s-4"})
    EXPECT_EQ(meetings_with(topic), 1u) << topic;
  const auto saved = host_sim::load_write_checkpoint(host_sim::checkpoint_path_for(results_));
  ASSERT_TRUE(saved);
  EXPECT_TRUE(saved->complete);
  EXPECT_EQ(saved->input_lines, 4);
}

TEST_F(WriteCommand, AResultsFileWithoutItsCheckpointIsNotReplacedUnasked) {
  write_input({meeting("keep")});
  {
    std::ofstream out(results_);
    out << "{\"line\":1}\n";
  }
  EXPECT_EQ(run(write({"--results", results_.string()})), 4) << read_all(err_);
  EXPECT_TRUE(contains(read_all(err_), "no checkpoint says how far")) << read_all(err_);
  EXPECT_EQ(meetings_with("keep"), 0u);
  EXPECT_EQ(run(write({"--results", results_.string(), "--restart"})), 0) << read_all(err_);
  EXPECT_EQ(meetings_with("keep"), 1u);
}

TEST_F(WriteCommand, AMissingInputIsABadInputWithItsReasonAndLeavesNoResults) {
  const auto missing = dir_ / "nosuch.jsonl";
  const int code =
      run(command("write", {"--credential", "dest", "--operation", "meetings.create", "--input",
                            missing.string(), "--results", results_.string()}));
  EXPECT_EQ(code, 4) << read_all(err_);
  EXPECT_TRUE(contains(read_all(err_),
                       "--input: cannot read " + missing.string() + " (No such file or directory)"))
      << read_all(err_);
  EXPECT_FALSE(std::filesystem::exists(results_)) << "no empty results file is left behind";
  EXPECT_FALSE(std::filesystem::exists(host_sim::checkpoint_path_for(results_)));
}

// The README's example record, as printed there, is written by the
// simulator that scripts/demo.sh runs.
TEST_F(WriteCommand, TheReadmesExampleRecordIsWritten) {
  const std::string readme = read_all(ZC_README_PATH);
  const std::string lead = "holding one record a line, e.g.\n`";
  const auto start = readme.find(lead);
  ASSERT_NE(start, std::string::npos) << "the README's write example moved";
  const auto from = start + lead.size();
  const std::string record = readme.substr(from, readme.find('`', from) - from);
  write_input({record});
  ASSERT_EQ(run(write({"--results", results_.string()})), 0) << read_all(err_);
  const auto out = results();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].at("outcome").as_string(), "done") << json::serialize(out[0]);
}

TEST_F(WriteCommand, ACheckpointOfAnotherWriteIsRefused) {
  write_input({meeting("other")});
  ASSERT_EQ(run(write({"--results", results_.string(), "--dry-run"})), 0) << read_all(err_);
  host_sim::WriteCheckpoint checkpoint;
  checkpoint.operation = "users.create";
  checkpoint.input_path = "/elsewhere.jsonl";
  checkpoint.input_hash = std::string(64, '0');
  host_sim::save_write_checkpoint(host_sim::checkpoint_path_for(results_), checkpoint);
  EXPECT_EQ(run(write({"--results", results_.string()})), 4) << read_all(err_);
  EXPECT_TRUE(contains(read_all(err_), "belongs to a write of users.create")) << read_all(err_);
  EXPECT_EQ(meetings_with("other"), 0u);
}

TEST_F(WriteCommand, DestinationValidationListsTheAllowedOperations) {
  ASSERT_EQ(run(command("validate", {"--direction", "destination", "--credential", "dest"})), 0)
      << read_all(err_);
  const std::string out = read_all(out_) + read_all(err_);
  EXPECT_TRUE(contains(out, "allowed write operations:")) << out;
  EXPECT_TRUE(contains(out, "meetings.create")) << out;
  EXPECT_TRUE(contains(out, "group_members.add")) << out;
  // The source direction's verdict has no operations.
  ASSERT_EQ(run(command("validate", {"--credential", "c"})), 0) << read_all(err_);
  EXPECT_FALSE(contains(read_all(out_) + read_all(err_), "allowed write operations"))
      << read_all(out_);
}

// Paced to about 2 records a second so a run can be stopped midway.
const std::vector<std::string> k_slow{"--batch", "1", "--request",
                                      R"({"plan":"free","rate_share":0.5})"};

TEST_F(WriteCommand, CtrlCKeepsTheCheckpointAndTheNextRunWritesTheRestOnce) {
  std::vector<std::string> lines;
  for (int i = 0; i < 8; ++i) lines.push_back(meeting("c-" + std::to_string(i)));
  write_input(lines);
  auto argv = write({"--results", results_.string()});
  argv.insert(argv.end(), k_slow.begin(), k_slow.end());
  {
    HostProcess host(argv, Stdout{out_.string(), -1}, err_.string());
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    host.send(SIGINT);
    EXPECT_EQ(host.wait(), 130) << read_all(err_);
  }
  const std::size_t first = results().size();
  EXPECT_GT(first, 0u) << read_all(err_);
  EXPECT_LT(first, 8u) << read_all(err_);
  std::filesystem::remove(err_);
  ASSERT_EQ(run(argv), 0) << read_all(err_);
  EXPECT_TRUE(contains(read_all(err_), "Resuming after line")) << read_all(err_);
  const auto got = results();
  ASSERT_EQ(got.size(), 8u) << read_all(results_);
  for (int i = 0; i < 8; ++i) {
    EXPECT_EQ(got[static_cast<std::size_t>(i)].at("line").as_int64(), i + 1);
    EXPECT_EQ(meetings_with("c-" + std::to_string(i)), 1u) << i;
  }
}

TEST_F(WriteCommand, KilledAtRandomMomentsEveryRecordIsWrittenExactlyOnce) {
  std::vector<std::string> lines;
  for (int i = 0; i < 12; ++i) lines.push_back(meeting("k-" + std::to_string(i)));
  write_input(lines);
  auto argv = write({"--results", results_.string()});
  argv.insert(argv.end(), k_slow.begin(), k_slow.end());
  std::mt19937 random(12345);
  std::uniform_int_distribution<int> delay_ms(200, 1500);
  int code = -1;
  int kills = 0;
  for (int round = 0; round < 40 && code != 0; ++round) {
    HostProcess host(argv, Stdout{out_.string(), -1}, err_.string());
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(delay_ms(random));
    while (std::chrono::steady_clock::now() < deadline && !host.poll(code)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (code == 0) break;
    host.kill_hard();
    ++kills;
  }
  ASSERT_EQ(code, 0) << read_all(err_);
  EXPECT_GT(kills, 0);
  const auto got = results();
  ASSERT_EQ(got.size(), 12u) << read_all(results_);
  for (int i = 0; i < 12; ++i) {
    const auto& result = got[static_cast<std::size_t>(i)];
    EXPECT_EQ(result.at("line").as_int64(), i + 1);
    const std::string o = outcome(result);
    EXPECT_TRUE(o == "done" || o == "already_done") << json::serialize(result);
    EXPECT_EQ(meetings_with("k-" + std::to_string(i)), 1u) << i << " after " << kills << " kills";
  }
}

}  // namespace
}  // namespace host_sim_test
