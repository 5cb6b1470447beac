// host_sim write --retry-failed: after the user fixed the lines that failed,
// a retry sends only those (each meeting once, the original line numbers
// kept), needs other --results, takes only a complete write's results, a
// rerun of a complete write says how to retry, and a retry's checkpoint is
// bound to the results file it retries.
#include <csignal>
#include <thread>

#include "write_checkpoint.hpp"
#include "write_fixture.hpp"

namespace host_sim_test {
namespace {

// A file as host_sim names it in messages and checkpoints.
std::string named(const std::filesystem::path& path) {
  return host_sim::absolute_keeping_name(path).string();
}

// Five meetings, the 2nd and 4th refused by the schema ("topic" is not text).
class WriteRetry : public WriteCommand {
 protected:
  static std::string topic(int i) { return "r-" + std::to_string(i); }

  std::string broken(int i) const {
    auto record = json::parse(meeting(topic(i))).as_object();
    record["topic"] = 7;
    return json::serialize(record);
  }

  // Writes `count` meetings with those in `broken_lines` (1-based) broken,
  // then fixes them in the input.
  void write_then_fix(int count, const std::vector<int>& broken_lines) {
    std::vector<std::string> lines;
    std::vector<std::string> fixed;
    for (int i = 1; i <= count; ++i) {
      const bool bad = std::ranges::find(broken_lines, i) != broken_lines.end();
      lines.push_back(bad ? broken(i) : meeting(topic(i)));
      fixed.push_back(meeting(topic(i)));
    }
    write_input(lines);
    ASSERT_EQ(run(write({"--results", results_.string()})), 11) << read_all(err_);
    write_input(fixed);
  }

  std::vector<json::object> results_in(const std::filesystem::path& path) const {
    std::vector<json::object> out;
    for (const auto& line : lines_of(read_all(path))) out.push_back(json::parse(line).as_object());
    return out;
  }

  std::vector<std::string> retry(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args{"--retry-failed", results_.string(), "--results",
                                  retried_.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return write(args);
  }

  std::filesystem::path retried_ = dir_ / "retried.jsonl";
};

TEST_F(WriteRetry, RetryFailedSendsOnlyTheFixedLinesKeepingTheirLineNumbers) {
  write_then_fix(5, {2, 4});
  ASSERT_EQ(run(retry()), 0) << read_all(err_);
  const std::string err = read_all(err_);
  EXPECT_TRUE(contains(err, "Retrying 2 of 5 lines (2 failed) from " + named(results_))) << err;
  const auto got = results_in(retried_);
  ASSERT_EQ(got.size(), 2u) << read_all(retried_);
  EXPECT_EQ(got[0].at("line").as_int64(), 2);
  EXPECT_EQ(got[1].at("line").as_int64(), 4);
  for (const auto& result : got) EXPECT_EQ(outcome(result), "done") << json::serialize(result);
  for (int i = 1; i <= 5; ++i) EXPECT_EQ(meetings_with(topic(i)), 1u) << i;
  const auto saved = host_sim::load_write_checkpoint(host_sim::checkpoint_path_for(retried_));
  ASSERT_TRUE(saved.has_value());
  EXPECT_TRUE(saved->complete);
  EXPECT_EQ(saved->retry_of_path, named(results_));
  EXPECT_EQ(saved->retry_of_file, file_id(results_));
  EXPECT_EQ(saved->retry_of_bytes, static_cast<std::int64_t>(std::filesystem::file_size(results_)));

  // The retry's results hold nothing left to resend.
  const auto applied = sim_->writes().writes_applied();
  EXPECT_EQ(run(write({"--retry-failed", retried_.string(), "--results",
                       (dir_ / "third.jsonl").string()})),
            0)
      << read_all(err_);
  EXPECT_TRUE(contains(read_all(err_), "Nothing to retry")) << read_all(err_);
  EXPECT_EQ(sim_->writes().writes_applied(), applied);
}

TEST_F(WriteRetry, TheSameFileForBothIsAUsageError) {
  write_then_fix(3, {2});
  const auto before = read_all(results_);
  EXPECT_EQ(run(write({"--retry-failed", results_.string(), "--results", results_.string()})), 2)
      << read_all(err_);
  EXPECT_TRUE(contains(read_all(err_), "needs other --results")) << read_all(err_);
  EXPECT_EQ(read_all(results_), before);
  EXPECT_EQ(meetings_with(topic(2)), 0u);
}

TEST_F(WriteRetry, AnIncompleteOrUncheckpointedPreviousWriteIsRefused) {
  write_then_fix(3, {2});
  const auto checkpoint_path = host_sim::checkpoint_path_for(results_);
  auto saved = host_sim::load_write_checkpoint(checkpoint_path);
  ASSERT_TRUE(saved.has_value());
  saved->complete = false;
  host_sim::save_write_checkpoint(checkpoint_path, *saved);
  EXPECT_EQ(run(retry()), 4) << read_all(err_);
  EXPECT_TRUE(contains(read_all(err_), "not complete")) << read_all(err_);

  std::filesystem::remove(checkpoint_path);
  EXPECT_EQ(run(retry()), 4) << read_all(err_);
  EXPECT_TRUE(contains(read_all(err_), "has no checkpoint")) << read_all(err_);
  EXPECT_EQ(meetings_with(topic(2)), 0u);
  EXPECT_FALSE(std::filesystem::exists(retried_));
}

TEST_F(WriteRetry, ARerunOfACompleteWriteSaysHowToRetry) {
  const std::string how = "--retry-failed " + named(results_) + " --results NEW_RESULTS";
  write_input({meeting(topic(1)), broken(2)});
  ASSERT_EQ(run(write({"--results", results_.string()})), 11) << read_all(err_);
  ASSERT_EQ(run(write({"--results", results_.string()})), 0) << read_all(err_);
  std::string err = read_all(err_);
  EXPECT_TRUE(contains(err, "Already complete")) << err;
  EXPECT_TRUE(contains(err, how)) << err;
  // Rerun after fixing the input: its checkpoint is refused, and says the same.
  write_input({meeting(topic(1)), meeting(topic(2))});
  EXPECT_EQ(run(write({"--results", results_.string()})), 4) << read_all(err_);
  err = read_all(err_);
  EXPECT_TRUE(contains(err, how)) << err;
  EXPECT_EQ(meetings_with(topic(2)), 0u);
}

// Paced to about 2 records a second so a run can be stopped midway.
const std::vector<std::string> k_slow{"--batch", "1", "--request",
                                      R"({"plan":"free","rate_share":0.5})"};

TEST_F(WriteRetry, CtrlCDuringARetryThenItsResumeWritesEachLineOnce) {
  write_then_fix(8, {1, 2, 3, 4, 5, 6, 7});
  const auto argv = retry(k_slow);
  {
    HostProcess host(argv, Stdout{out_.string(), -1}, err_.string());
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    host.send(SIGINT);
    EXPECT_EQ(host.wait(), 130) << read_all(err_);
  }
  const std::size_t first = results_in(retried_).size();
  EXPECT_GT(first, 0u) << read_all(err_);
  EXPECT_LT(first, 7u) << read_all(err_);
  std::filesystem::remove(err_);
  // Resumed without --retry-failed it would send every line: refused.
  EXPECT_EQ(run(write({"--results", retried_.string()})), 4) << read_all(err_);
  EXPECT_TRUE(contains(read_all(err_), "belongs to a retry")) << read_all(err_);
  ASSERT_EQ(run(argv), 0) << read_all(err_);
  EXPECT_TRUE(contains(read_all(err_), "Resuming after line")) << read_all(err_);
  const auto got = results_in(retried_);
  ASSERT_EQ(got.size(), 7u) << read_all(retried_);
  for (int i = 1; i <= 7; ++i) {
    EXPECT_EQ(got[static_cast<std::size_t>(i - 1)].at("line").as_int64(), i);
  }
  for (int i = 1; i <= 8; ++i) EXPECT_EQ(meetings_with(topic(i)), 1u) << i;
}

TEST_F(WriteRetry, AReplacedPreviousResultsUnderARetrysCheckpointIsRefused) {
  write_then_fix(3, {2});
  ASSERT_EQ(run(retry()), 0) << read_all(err_);
  const auto checkpoint_path = host_sim::checkpoint_path_for(retried_);
  auto saved = host_sim::load_write_checkpoint(checkpoint_path);
  ASSERT_TRUE(saved.has_value());
  // As if the retry had stopped and results.jsonl were since another file.
  saved->complete = false;
  saved->retry_of_file.inode += 1;
  host_sim::save_write_checkpoint(checkpoint_path, *saved);
  const auto applied = sim_->writes().writes_applied();
  EXPECT_EQ(run(retry()), 4) << read_all(err_);
  const std::string err = read_all(err_);
  EXPECT_TRUE(contains(err, "does not belong to this retry")) << err;
  EXPECT_TRUE(contains(err, "another file than the one it retries")) << err;
  EXPECT_EQ(sim_->writes().writes_applied(), applied);
  EXPECT_EQ(meetings_with(topic(2)), 1u);
}

}  // namespace
}  // namespace host_sim_test
