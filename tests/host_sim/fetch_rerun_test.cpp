// A fetch run again to the same output (issue 21, point 2): its checkpoint
// belongs to the (credential, output) pair, and a rerun after a complete
// fetch replaces the full-refresh streams' records and appends only newer
// records of the incremental ones, so the file never holds a record twice.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <map>
#include <thread>

#include "fetch_fixture.hpp"

namespace host_sim_test {
namespace {

namespace fs = std::filesystem;
using FetchRerun = FetchFixture;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// How often each record (stream + primary key) is in the file.
std::map<std::string, int> records_by_key(const fs::path& file) {
  std::map<std::string, int> counts;
  for (const auto& line : lines_of(read_all(file))) {
    const auto value = boost::json::parse(line);
    const auto& object = value.as_object();
    const auto& record = object.at("record").as_object();
    const auto* id = record.if_contains("id");
    if (id == nullptr) id = record.if_contains("uuid");
    ++counts[boost::json::serialize(object.at("stream")) + " " +
             (id != nullptr ? boost::json::serialize(*id) : line)];
  }
  return counts;
}

std::vector<std::string> twice(const std::map<std::string, int>& counts) {
  std::vector<std::string> keys;
  for (const auto& [key, count] : counts) {
    if (count > 1) keys.push_back(key);
  }
  return keys;
}

// users: full refresh; recordings: incremental (dated), under users.
std::vector<std::string> users_and_recordings(const fs::path& file) {
  return std::vector<std::string>{"--credential",     "c",        "--streams",
                                  "users,recordings", "--output", file.string()};
}

TEST_F(FetchRerun, ARerunAfterACompleteFetchReplacesFullRefreshStreamsAndDuplicatesNothing) {
  const fs::path file = dir_ / "records.jsonl";
  ASSERT_EQ(run(command("fetch", users_and_recordings(file))), 0) << read_all(err_);
  const auto first = records_by_key(file);
  ASSERT_TRUE(twice(first).empty());
  ASSERT_GT(first.size(), sim_->dataset().users.size());

  ASSERT_EQ(run(command("fetch", users_and_recordings(file))), 0) << read_all(err_);
  const std::string err = read_all(err_);
  EXPECT_TRUE(contains(err, "Rerun after a complete fetch: users replaced; recordings from "))
      << err;
  EXPECT_FALSE(contains(err, "Resuming")) << err;
  const auto second = records_by_key(file);
  EXPECT_TRUE(twice(second).empty()) << twice(second).size() << " records twice, first "
                                     << (twice(second).empty() ? "" : twice(second)[0]);
  EXPECT_EQ(second, first);

  // And once more: the rerun's own checkpoint is complete too.
  ASSERT_EQ(run(command("fetch", users_and_recordings(file))), 0) << read_all(err_);
  EXPECT_TRUE(contains(read_all(err_), "Rerun after a complete fetch")) << read_all(err_);
  EXPECT_EQ(records_by_key(file), first);
}

TEST_F(FetchRerun, ACompleteFetchToOneFileIsNotResumedIntoAnother) {
  const fs::path a = dir_ / "a.jsonl";
  const fs::path b = dir_ / "b.jsonl";
  ASSERT_EQ(run(fetch({"--output", a.string()})), 0) << read_all(err_);
  ASSERT_EQ(run(fetch({"--output", b.string()})), 0) << read_all(err_);
  const std::string err = read_all(err_);
  EXPECT_FALSE(contains(err, "Resuming") || contains(err, "Rerun")) << err;
  EXPECT_FALSE(contains(err, a.string())) << err;
  EXPECT_EQ(lines_of(read_all(b)).size(), expected_records());
  // a's checkpoint is still a's: its rerun replaces, it does not append.
  ASSERT_EQ(run(fetch({"--output", a.string()})), 0) << read_all(err_);
  EXPECT_TRUE(contains(read_all(err_), "Rerun after a complete fetch")) << read_all(err_);
  EXPECT_TRUE(twice(records_by_key(a)).empty());
  EXPECT_EQ(lines_of(read_all(a)).size(), expected_records());
}

TEST_F(FetchRerun, AnInterruptedFetchResumesIntoItsOwnFileAfterAFetchToAnother) {
  const fs::path a = dir_ / "ctrlc.jsonl";
  const fs::path b = dir_ / "other.jsonl";
  {
    HostProcess host(fetch({"--output", a.string(), "--pace-ms", "8"}),
                     Stdout{(dir_ / "stdout").string(), -1}, err_.string());
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!contains(read_all(err_), "checkpoint saved") &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    host.send(SIGINT);
    ASSERT_EQ(host.wait(), 130) << read_all(err_);
  }
  ASSERT_LT(lines_of(read_all(a)).size(), expected_records()) << "interrupted too late";

  ASSERT_EQ(run(fetch({"--output", b.string()})), 0) << read_all(err_);
  const std::string other = read_all(err_);
  EXPECT_FALSE(contains(other, "Resuming")) << other;
  EXPECT_FALSE(contains(other, a.string())) << other;
  EXPECT_EQ(lines_of(read_all(b)).size(), expected_records());

  ASSERT_EQ(run(fetch({"--output", a.string()})), 0) << read_all(err_);
  EXPECT_TRUE(contains(read_all(err_), "Resuming from the saved checkpoint")) << read_all(err_);
  EXPECT_TRUE(twice(records_by_key(a)).empty());
  EXPECT_EQ(lines_of(read_all(a)).size(), expected_records());
}

// A FIFO output with --checkpoint-on-pipe: its checkpoint is kept under the
// FIFO's path too, and a rerun says the replaced streams come again in full
// (a FIFO cannot be rewritten).
TEST_F(FetchRerun, AFifoOutputKeepsItsCheckpointAndItsRerunSaysWhatComesAgain) {
  const fs::path fifo = dir_ / "records.fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  // Read and write: the FIFO has a reader before host_sim opens it, and the
  // test reads what comes while host_sim runs.
  const int reader = ::open(fifo.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
  ASSERT_GE(reader, 0);
  const auto fetch_into_fifo = [&](std::string& got) {
    HostProcess host(command("fetch", {"--credential", "c", "--streams", "users", "--output",
                                       fifo.string(), "--checkpoint-on-pipe"}),
                     Stdout{(dir_ / "stdout").string(), -1}, err_.string());
    int code = -1;
    char buffer[4096];
    for (bool done = false; !done;) {
      done = host.poll(code);
      for (ssize_t n; (n = ::read(reader, buffer, sizeof buffer)) > 0;) {
        got.append(buffer, static_cast<std::size_t>(n));
      }
      if (!done) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return code;
  };
  std::string first;
  ASSERT_EQ(fetch_into_fifo(first), 0) << read_all(err_);
  EXPECT_EQ(lines_of(first).size(), sim_->dataset().users.size());
  std::string second;
  ASSERT_EQ(fetch_into_fifo(second), 0) << read_all(err_);
  EXPECT_TRUE(contains(read_all(err_),
                       "Rerun after a complete fetch: users sent again in full (the output "
                       "cannot be rewritten); nothing appended."))
      << read_all(err_);
  EXPECT_EQ(lines_of(second).size(), sim_->dataset().users.size());
  ::close(reader);
}

}  // namespace
}  // namespace host_sim_test
