// A checkpoint covers only records that reached their destination: none is
// saved on a pipe (unless asked), none by a preview, none after a write
// error, and a file shorter than its checkpoint is refused.
#include <fcntl.h>
#include <unistd.h>

#include "fetch_fixture.hpp"

namespace host_sim_test {
namespace {

using FetchPipe = FetchFixture;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_F(FetchPipe, ReaderThatStopsEarlyLeavesNoCheckpointAndTheNextFetchStartsOver) {
  int fds[2];
  ASSERT_EQ(::pipe2(fds, O_CLOEXEC), 0);
  HostProcess host(fetch({}), Stdout{"", fds[1]}, err_.string());
  ::close(fds[1]);
  // Read two lines, like `| head -2`, then go away.
  std::string taken;
  char c = 0;
  int newlines = 0;
  while (newlines < 2 && ::read(fds[0], &c, 1) == 1) {
    taken += c;
    if (c == '\n') ++newlines;
  }
  ::close(fds[0]);
  ASSERT_EQ(newlines, 2);
  const int code = host.wait();
  const std::string err = read_all(err_);
  EXPECT_EQ(code, 10) << err;
  EXPECT_TRUE(contains(err, "Checkpoints: none")) << err;
  EXPECT_TRUE(contains(err, "broken pipe")) << err;
  EXPECT_FALSE(has_checkpoint());

  const auto file = dir_ / "records.jsonl";
  ASSERT_EQ(run(fetch({"--output", file.string()})), 0) << read_all(err_);
  EXPECT_FALSE(contains(read_all(err_), "Resuming")) << read_all(err_);
  EXPECT_EQ(lines_of(read_all(file)).size(), expected_records());
  EXPECT_TRUE(has_checkpoint());
}

TEST_F(FetchPipe, CheckpointOnPipeOnlyWhenAsked) {
  int fds[2];
  ASSERT_EQ(::pipe2(fds, O_CLOEXEC), 0);
  HostProcess host(fetch({"--checkpoint-on-pipe"}), Stdout{"", fds[1]}, err_.string());
  ::close(fds[1]);
  std::string all;
  char buffer[4096];
  for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) > 0;)
    all.append(buffer, static_cast<std::size_t>(n));
  ::close(fds[0]);
  EXPECT_EQ(host.wait(), 0) << read_all(err_);
  EXPECT_EQ(lines_of(all).size(), expected_records());
  EXPECT_TRUE(contains(read_all(err_), "--checkpoint-on-pipe")) << read_all(err_);
  EXPECT_TRUE(has_checkpoint());
}

TEST_F(FetchPipe, LimitAndPreviewSaveNoCheckpoint) {
  const auto file = dir_ / "preview.jsonl";
  ASSERT_EQ(run(fetch({"--limit", "5", "--output", file.string()})), 0) << read_all(err_);
  EXPECT_EQ(lines_of(read_all(file)).size(), 5u);
  EXPECT_TRUE(contains(read_all(err_), "Checkpoints: none (a preview")) << read_all(err_);
  EXPECT_FALSE(has_checkpoint());
  ASSERT_EQ(run(fetch({"--preview"})), 0) << read_all(err_);
  EXPECT_EQ(lines_of(read_all(out_)).size(), 10u);
  EXPECT_FALSE(has_checkpoint());
}

TEST_F(FetchPipe, PreviewLeavesTheSavedCheckpointAsItWas) {
  const auto file = dir_ / "records.jsonl";
  ASSERT_EQ(run(fetch({"--output", file.string()})), 0) << read_all(err_);
  const std::string before = read_all(file);
  ASSERT_EQ(run(fetch({"--limit", "3", "--full-refresh"})), 0) << read_all(err_);
  EXPECT_EQ(lines_of(read_all(out_)).size(), 3u);
  EXPECT_EQ(read_all(file), before) << "the preview did not touch the file";
  // The checkpoint is still the complete fetch's: the next fetch is its rerun.
  ASSERT_EQ(run(fetch({"--output", file.string()})), 0) << read_all(err_);
  EXPECT_TRUE(contains(read_all(err_),
                       "Rerun after a complete fetch: users, meetings replaced; nothing appended."))
      << read_all(err_);
  EXPECT_EQ(lines_of(read_all(file)).size(), expected_records());
}

TEST_F(FetchPipe, OutputShorterThanItsCheckpointIsRefused) {
  const auto file = dir_ / "records.jsonl";
  ASSERT_EQ(run(fetch({"--output", file.string()})), 0) << read_all(err_);
  write_all(file, "{}\n");
  EXPECT_EQ(run(fetch({"--output", file.string()})), 10);
  EXPECT_TRUE(contains(read_all(err_), "fewer than the")) << read_all(err_);
  EXPECT_EQ(read_all(file), "{}\n");
}

}  // namespace
}  // namespace host_sim_test
