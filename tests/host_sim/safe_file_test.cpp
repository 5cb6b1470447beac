// safe_file: the rules for the files host_sim writes, in-process. A link is
// never written through, another user's file or one others may write is
// refused (saying which and what to do), new files are 0600, and a file
// replaced whole goes through a temporary file of its own (O_EXCL).
#include "safe_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "other_user.hpp"
#include "test_support.hpp"

namespace host_sim_test {
namespace {

namespace fs = std::filesystem;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string refusal_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const host_sim::OutputError& e) {
    return e.what();
  }
  return "";
}

mode_t mode_of(const fs::path& path) {
  struct stat info {};
  EXPECT_EQ(::lstat(path.c_str(), &info), 0) << path;
  return info.st_mode & 07777;
}

class SafeFile : public ::testing::Test {
 protected:
  TempDir dir_;
  fs::path victim_ = dir_ / "victim";
};

TEST_F(SafeFile, ASymbolicLinkIsNeverWrittenThrough) {
  write_all(victim_, "keep me\n");
  const fs::path link = dir_ / "records.jsonl";
  fs::create_symlink(victim_, link);
  const std::string why = refusal_of([&] { host_sim::open_for_writing(link, "the output file"); });
  EXPECT_TRUE(contains(why, "is a symbolic link")) << why;
  EXPECT_TRUE(contains(why, link.string())) << why;
  EXPECT_TRUE(contains(refusal_of([&] { host_sim::replace_file(link, "x", "the checkpoint"); }),
                       "is a symbolic link"));
  EXPECT_TRUE(contains(refusal_of([&] { host_sim::read_own_file(link, "the checkpoint", 100); }),
                       "is a symbolic link"));
  EXPECT_EQ(read_all(victim_), "keep me\n");
  EXPECT_TRUE(fs::is_symlink(link));
}

TEST_F(SafeFile, NewFilesAreCreatedPrivate) {
  const mode_t old_mask = ::umask(0);
  host_sim::open_for_writing(dir_ / "records.jsonl", "the output file");
  host_sim::replace_file(dir_ / "results.checkpoint", "{}\n", "the checkpoint");
  ::umask(old_mask);
  EXPECT_EQ(mode_of(dir_ / "records.jsonl"), 0600u);
  EXPECT_EQ(mode_of(dir_ / "results.checkpoint"), 0600u);
}

TEST_F(SafeFile, AFileOthersOrItsGroupCanWriteIsRefusedSayingWhatToDo) {
  const fs::path file = dir_ / "records.jsonl";
  write_all(file, "old\n");
  ::chmod(file.c_str(), 0666);
  std::string why = refusal_of([&] { host_sim::open_for_writing(file, "the output file"); });
  EXPECT_TRUE(contains(why, "writable by its group and others (mode 0666)")) << why;
  EXPECT_TRUE(contains(why, "chmod go-w " + file.string())) << why;
  ::chmod(file.c_str(), 0620);
  why = refusal_of([&] { host_sim::replace_file(file, "new\n", "the checkpoint"); });
  EXPECT_TRUE(contains(why, "writable by its group (mode 0620)")) << why;
  EXPECT_EQ(read_all(file), "old\n");
  ::chmod(file.c_str(), 0644);  // readable is the owner's choice; writable is not
  EXPECT_EQ(refusal_of([&] { host_sim::open_for_writing(file, "the output file"); }), "");
}

TEST_F(SafeFile, AFileOfAnotherUserIsRefused) {
  REQUIRE_OTHER_USER(other);
  // A folder both may write to, as a shared project folder is.
  const fs::path shared = dir_ / "shared";
  fs::create_directory(shared);
  ::chmod(shared.c_str(), 0777);
  const fs::path file = shared / "records.jsonl";
  ASSERT_EQ(other.run("umask 077; echo planted > '" + file.string() + "'"), 0);
  std::string why = refusal_of([&] { host_sim::open_for_writing(file, "the output file"); });
  EXPECT_TRUE(contains(why, "belongs to another user (uid " + std::to_string(other.uid()) + ")"))
      << why;
  why = refusal_of([&] { host_sim::read_own_file(file, "the write checkpoint", 100); });
  EXPECT_TRUE(contains(why, "belongs to another user")) << why;
  why = refusal_of([&] { host_sim::replace_file(file, "ours\n", "the write checkpoint"); });
  EXPECT_TRUE(contains(why, "belongs to another user")) << why;
  EXPECT_EQ(read_all(file), "planted\n");
}

TEST_F(SafeFile, AFileIsReplacedThroughItsOwnNewTemporaryFile) {
  // The old fixed temporary name, planted as a link to a file of ours.
  const fs::path target = dir_ / "results.jsonl.checkpoint";
  write_all(victim_, "keep me\n");
  fs::create_symlink(victim_, target.string() + ".tmp");
  host_sim::replace_file(target, "first\n", "the write checkpoint");
  host_sim::replace_file(target, "second\n", "the write checkpoint");
  EXPECT_EQ(read_all(target), "second\n");
  EXPECT_EQ(read_all(victim_), "keep me\n");
  EXPECT_EQ(mode_of(target), 0600u);
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir_.path())) ++entries;
  EXPECT_EQ(entries, 3u) << "no temporary file is left behind";
}

TEST_F(SafeFile, APrivateFileIsMadePrivateButNeverTakenOverFromOthers) {
  const mode_t old_mask = ::umask(0);
  host_sim::open_private_file(dir_ / "credentials.db", "the credential store");
  ::umask(old_mask);
  EXPECT_EQ(mode_of(dir_ / "credentials.db"), 0600u) << "created private";
  const fs::path file = dir_ / "store.db";
  write_all(file, "kept\n");
  ::chmod(file.c_str(), 0644);
  EXPECT_EQ(refusal_of([&] { host_sim::open_private_file(file, "the credential store"); }), "");
  EXPECT_EQ(mode_of(file), 0600u) << "only readable by others: made private again";
  ::chmod(file.c_str(), 0660);
  const std::string why =
      refusal_of([&] { host_sim::open_private_file(file, "the credential store"); });
  EXPECT_TRUE(contains(why, "the credential store " + file.string() + " is writable by its group"))
      << why;
  EXPECT_EQ(mode_of(file), 0660u) << "a refused file is left as it was";
  const fs::path link = dir_ / "linked.db";
  fs::create_symlink(file, link);
  EXPECT_TRUE(contains(refusal_of([&] { host_sim::open_private_file(link, "the store"); }),
                       "is a symbolic link"));
  EXPECT_NE(refusal_of([&] { host_sim::open_private_file(dir_.path(), "the store"); }), "")
      << "not a regular file";
  EXPECT_EQ(read_all(file), "kept\n");
}

TEST_F(SafeFile, AnOutputMayBeACharacterDeviceButNotAFolder) {
  EXPECT_EQ(refusal_of([] { host_sim::open_for_writing("/dev/null", "the output file"); }), "");
  EXPECT_NE(refusal_of([&] { host_sim::open_for_writing(dir_.path(), "the output file"); }), "");
}

TEST_F(SafeFile, TheFolderIsResolvedAndTheLastNameKept) {
  fs::create_directory(dir_ / "real");
  fs::create_directory_symlink(dir_ / "real", dir_ / "alias");
  fs::create_symlink(victim_, dir_ / "real" / "out.jsonl");
  const fs::path path = host_sim::absolute_keeping_name(dir_ / "alias" / "out.jsonl");
  EXPECT_EQ(path, fs::canonical(dir_ / "real") / "out.jsonl");
  EXPECT_TRUE(fs::is_symlink(path)) << "the link itself is what gets opened (and refused)";
}

}  // namespace
}  // namespace host_sim_test
