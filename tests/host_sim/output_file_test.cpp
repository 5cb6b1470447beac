// What another local user (or an edited store) could do to the files
// host_sim fetch and host_sim write leave behind, against the Zoom plugin
// and the simulator: a link planted where an output goes is never written
// through; another user's file, or one others can write, is refused; the
// temporary file of a checkpoint is host_sim's own; a write checkpoint is
// bound to its results file and input; a fetch checkpoint edited in the
// store cannot cut the output back.
#include <sqlite3.h>
#include <sys/stat.h>

#include "other_user.hpp"
#include "write_checkpoint.hpp"
#include "write_fixture.hpp"

namespace host_sim_test {
namespace {

namespace fs = std::filesystem;

// A folder anyone may write to (not sticky), as a shared project folder is.
fs::path shared_folder(const TempDir& dir) {
  const fs::path shared = dir / "shared";
  fs::create_directory(shared);
  ::chmod(shared.c_str(), 0777);
  return shared;
}

// Plants a symbolic link, as another user when one can be had.
void plant_link(const fs::path& target, const fs::path& link) {
  std::string why;
  if (const auto other = OtherUser::get(why)) {
    ASSERT_EQ(other->run("ln -s '" + target.string() + "' '" + link.string() + "'"), 0);
  } else {
    fs::create_symlink(target, link);  // what is refused is the link, whoever made it
  }
}

class OutputFiles : public WriteCommand {
 protected:
  // A fetch of users only: the quickest there is.
  std::vector<std::string> fetch_users(const std::vector<std::string>& extra) {
    std::vector<std::string> args{"--credential", "c", "--streams", "users"};
    args.insert(args.end(), extra.begin(), extra.end());
    return command("fetch", args);
  }
  fs::path victim_ = dir_ / "victim.txt";
};

TEST_F(OutputFiles, FetchNeverWritesThroughALinkPlantedWhereItsOutputGoes) {
  write_all(victim_, "keep me\n");
  const fs::path output = shared_folder(dir_) / "records.jsonl";
  plant_link(victim_, output);
  EXPECT_EQ(run(fetch({"--output", output.string()})), 10) << read_all(err_);
  EXPECT_TRUE(contains(read_all(err_), "is a symbolic link")) << read_all(err_);
  EXPECT_EQ(read_all(victim_), "keep me\n");
  EXPECT_FALSE(has_checkpoint());
}

TEST_F(OutputFiles, FetchRefusesAnOutputFileOthersCanWrite) {
  const fs::path output = dir_ / "records.jsonl";
  write_all(output, "");
  ::chmod(output.c_str(), 0666);
  EXPECT_EQ(run(fetch({"--output", output.string()})), 10) << read_all(err_);
  EXPECT_TRUE(contains(read_all(err_), "is writable by its group and others (mode 0666)"))
      << read_all(err_);
  EXPECT_TRUE(contains(read_all(err_), "chmod go-w")) << read_all(err_);
  EXPECT_EQ(read_all(output), "") << "no record reached a file others can read";
}

TEST_F(OutputFiles, FetchRefusesAnOutputFileOfAnotherUser) {
  REQUIRE_OTHER_USER(other);
  const fs::path output = shared_folder(dir_) / "records.jsonl";
  ASSERT_EQ(other.run("umask 077; : > '" + output.string() + "'"), 0);
  EXPECT_EQ(run(fetch({"--output", output.string()})), 10) << read_all(err_);
  EXPECT_TRUE(
      contains(read_all(err_), "belongs to another user (uid " + std::to_string(other.uid()) + ")"))
      << read_all(err_);
  EXPECT_EQ(read_all(output), "") << "the other user got no record";
}

TEST_F(OutputFiles, ANewOutputFileIsPrivate) {
  const fs::path output = dir_ / "records.jsonl";
  ASSERT_EQ(run(fetch_users({"--output", output.string()})), 0) << read_all(err_);
  struct stat info {};
  ASSERT_EQ(::stat(output.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
}

TEST_F(OutputFiles, WriteNeverWritesThroughLinksPlantedForItsResultsOrCheckpoint) {
  write_input({meeting("link-1")});
  write_all(victim_, "keep me\n");
  const fs::path shared = shared_folder(dir_);
  const fs::path results = shared / "results.jsonl";
  plant_link(victim_, results);
  EXPECT_EQ(run(write({"--results", results.string()})), 10) << read_all(err_);
  EXPECT_TRUE(contains(read_all(err_), "is a symbolic link")) << read_all(err_);
  EXPECT_EQ(meetings_with("link-1"), 0u) << "nothing is written before the results can be kept";
  fs::remove(results);
  // The checkpoint's temporary file: host_sim used to open RESULTS.checkpoint.tmp.
  plant_link(victim_, results.string() + ".checkpoint.tmp");
  EXPECT_EQ(run(write({"--results", results.string()})), 0) << read_all(err_);
  EXPECT_EQ(meetings_with("link-1"), 1u);
  EXPECT_EQ(read_all(victim_), "keep me\n");
  EXPECT_TRUE(host_sim::load_write_checkpoint(host_sim::checkpoint_path_for(results))->complete);
}

TEST_F(OutputFiles, WriteRefusesACheckpointOfAnotherUser) {
  REQUIRE_OTHER_USER(other);
  write_input({meeting("theirs-1"), meeting("theirs-2")});
  const fs::path results = shared_folder(dir_) / "results.jsonl";
  const std::string planted = R"({"host_sim_write_checkpoint":2,"operation":"meetings.create",)"
                              R"("complete":true,"outcomes":{"done":2}})";
  ASSERT_EQ(
      other.run("umask 022; printf '%s' '" + planted + "' > '" + results.string() + ".checkpoint'"),
      0);
  EXPECT_EQ(run(write({"--results", results.string()})), 4) << read_all(err_);
  EXPECT_TRUE(contains(read_all(err_), "belongs to another user")) << read_all(err_);
  EXPECT_FALSE(contains(read_all(err_), "Already complete")) << read_all(err_);
}

// A checkpoint planted next to the results (here by this user, whom the
// owner rule cannot stop) claims the write is done: it names no results
// file that exists, so it is refused and says why.
TEST_F(OutputFiles, APlantedCompleteWriteCheckpointIsRefusedSayingWhatDiffers) {
  write_input({meeting("p-1"), meeting("p-2"), meeting("p-3")});
  host_sim::WriteCheckpoint planted;
  planted.operation = "meetings.create";
  planted.input_path = fs::weakly_canonical(input_).string();
  planted.input_hash = std::string(64, 'a');
  planted.outcomes["done"] = 3;
  planted.complete = true;
  host_sim::save_write_checkpoint(host_sim::checkpoint_path_for(results_), planted);
  EXPECT_EQ(run(write({"--results", results_.string()})), 4) << read_all(err_);
  EXPECT_FALSE(contains(read_all(err_), "Already complete")) << read_all(err_);
  EXPECT_TRUE(contains(read_all(err_), results_.string() + " is missing")) << read_all(err_);

  // The same with a results file of its own: not the file it names.
  write_all(results_, "{\"line\":1}\n{\"line\":2}\n{\"line\":3}\n");
  EXPECT_EQ(run(write({"--results", results_.string()})), 4) << read_all(err_);
  EXPECT_TRUE(contains(read_all(err_), "is another file than the one it was saved with"))
      << read_all(err_);
  EXPECT_EQ(meetings_with("p-1") + meetings_with("p-2") + meetings_with("p-3"), 0u);
}

TEST_F(OutputFiles, AWriteCheckpointWhoseInputChangedUnderItIsRefused) {
  write_input({meeting("i-1")});
  ASSERT_EQ(run(write({"--results", results_.string()})), 0) << read_all(err_);
  // The input now has other lines, and the checkpoint (edited as a planted
  // one would be) claims two of them are written: line 2 would be skipped.
  write_input({meeting("i-1"), meeting("i-2"), meeting("i-3")});
  auto checkpoint = *host_sim::load_write_checkpoint(host_sim::checkpoint_path_for(results_));
  const auto two_lines =
      static_cast<std::int64_t>(meeting("i-1").size() + meeting("i-2").size() + 2);
  checkpoint.complete = false;
  checkpoint.input_offset = two_lines;
  checkpoint.input_lines = 2;
  host_sim::save_write_checkpoint(host_sim::checkpoint_path_for(results_), checkpoint);
  EXPECT_EQ(run(write({"--results", results_.string()})), 4) << read_all(err_);
  EXPECT_TRUE(contains(read_all(err_),
                       "the first 2 lines (" + std::to_string(two_lines) + " bytes) of the input"))
      << read_all(err_);
  EXPECT_TRUE(contains(read_all(err_), "their hash differs")) << read_all(err_);
  EXPECT_EQ(meetings_with("i-3"), 0u);
  EXPECT_EQ(meetings_with("i-2"), 0u);
}

TEST_F(OutputFiles, AWriteCheckpointOfAReplacedResultsFileIsRefused) {
  write_input({meeting("r-1")});
  ASSERT_EQ(run(write({"--results", results_.string()})), 0) << read_all(err_);
  const std::string kept = read_all(results_);
  // The same bytes in another file: made before the old one goes, so the
  // file system cannot hand the freed inode straight back to it.
  const fs::path replacement = results_.string() + ".new";
  write_all(replacement, kept);
  fs::rename(replacement, results_);
  EXPECT_EQ(run(write({"--results", results_.string()})), 4) << read_all(err_);
  EXPECT_TRUE(contains(read_all(err_), "is another file than the one it was saved with"))
      << read_all(err_);
  // Its own files, untouched: the write is complete.
  fs::remove(results_);
  ASSERT_EQ(run(write({"--results", results_.string(), "--restart"})), 0) << read_all(err_);
  EXPECT_EQ(run(write({"--results", results_.string()})), 0) << read_all(err_);
  EXPECT_TRUE(contains(read_all(err_), "Already complete")) << read_all(err_);
}

// The store's fetch checkpoint says how long the output was; edited, it
// would cut the records after that point away.
TEST_F(OutputFiles, AnOutputLengthEditedInTheStoreDoesNotCutTheOutput) {
  const fs::path output = dir_ / "records.jsonl";
  ASSERT_EQ(run(fetch_users({"--output", output.string()})), 0) << read_all(err_);
  const std::string before = read_all(output);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir_ / "store.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "UPDATE fetch_state SET state_json = json_set(state_json, "
                         "'$.output_bytes', 10)",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  EXPECT_EQ(run(fetch_users({"--output", output.string()})), 4) << read_all(err_);
  EXPECT_TRUE(contains(read_all(err_), "fails its integrity check")) << read_all(err_);
  EXPECT_EQ(read_all(output), before);
  // --full-refresh drops it and starts over.
  EXPECT_EQ(run(fetch_users({"--output", output.string(), "--full-refresh"})), 0) << read_all(err_);
  EXPECT_TRUE(contains(read_all(err_), "fails its integrity check and is dropped"))
      << read_all(err_);
  EXPECT_EQ(lines_of(read_all(output)).size(), sim_->dataset().users.size());
  EXPECT_EQ(run(fetch_users({"--output", output.string()})), 0) << read_all(err_);
}

}  // namespace
}  // namespace host_sim_test
