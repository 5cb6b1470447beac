// pp::Plugin::find, the one plugin search every host uses: one file chosen
// by its name before anything is loaded (a planted aaa_evil.so never runs),
// loaded only from places no other user can change, and never from the
// build tree by an installed or relocated host. In-process through the
// wrapper, then through host_sim and airbyte_source as child processes.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

#include "other_user.hpp"
#include "pipeline_plugin.hpp"

namespace {

namespace fs = std::filesystem;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class PluginFind : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("plugin_find_test." + std::to_string(::getpid()) + "." + std::to_string(counter_++));
    fs::remove_all(root_);
    fs::create_directories(root_);
    fs::permissions(root_, fs::perms::owner_all);
    mark_ = root_ / "evil-ran";
    ::setenv("EVIL_PLUGIN_MARK", mark_.c_str(), 1);
  }
  void TearDown() override {
    ::unsetenv("EVIL_PLUGIN_MARK");
    std::error_code ec;
    fs::remove_all(root_, ec);
  }

  // A folder of ours (0755) holding the Zoom plugin and, first in every
  // order, the planted library.
  fs::path plugin_folder(const std::string& name, bool with_plugin = true) {
    const fs::path folder = root_ / name;
    fs::create_directories(folder);
    fs::permissions(folder, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                fs::perms::others_read | fs::perms::others_exec);
    fs::copy_file(EVIL_PLUGIN_PATH, folder / "aaa_evil.so");
    if (with_plugin) fs::copy_file(ZC_PLUGIN_PATH, folder / "libzoom_connector.so");
    return folder;
  }

  pp::PluginSearch in_folder(const fs::path& folder) const {
    pp::PluginSearch search;
    search.folder = folder;
    search.file_name = pp::Plugin::file_name_for("zoom");
    return search;
  }

  static std::string refusal(const pp::PluginSearch& search) {
    try {
      pp::Plugin::find(search);
    } catch (const pp::PluginError& e) {
      return e.what();
    }
    return "";
  }

  bool evil_ran() const { return fs::exists(mark_); }

  static inline int counter_ = 0;
  fs::path root_;
  fs::path mark_;
};

TEST_F(PluginFind, ChoosesThePluginByItsFileNameAndLoadsNothingElse) {
  const fs::path folder = plugin_folder("plugins");
  fs::copy_file(EVIL_PLUGIN_PATH, folder / "zzz_evil.so");
  const pp::Plugin plugin = pp::Plugin::find(in_folder(folder));
  EXPECT_TRUE(contains(plugin.info_json(), "\"name\":\"zoom\"")) << plugin.info_json();
  EXPECT_FALSE(evil_ran()) << "a planted library was loaded";
  EXPECT_EQ(pp::Plugin::file_name_for("zoom"), "libzoom_connector.so");
}

TEST_F(PluginFind, AFolderWithoutThePluginLoadsNothing) {
  const fs::path folder = plugin_folder("plugins", false);
  const std::string why = refusal(in_folder(folder));
  EXPECT_TRUE(contains(why, "no plugin " + (folder / "libzoom_connector.so").string())) << why;
  EXPECT_FALSE(evil_ran());
}

TEST_F(PluginFind, AFolderOthersCanWriteToIsRefused) {
  const fs::path folder = plugin_folder("plugins");
  for (const mode_t mode : {0777, 0775, 01777}) {
    ::chmod(folder.c_str(), mode);
    const std::string why = refusal(in_folder(folder));
    EXPECT_TRUE(contains(
        why, "the folder " + fs::canonical(folder).string() + " is writable by other users"))
        << std::oct << mode << ": " << why;
    EXPECT_TRUE(contains(why, "refusing to load")) << why;
  }
  ::chmod(folder.c_str(), 0755);
  ::chmod((folder / "libzoom_connector.so").c_str(), 0666);
  EXPECT_TRUE(
      contains(refusal(in_folder(folder)), "libzoom_connector.so is writable by other users"));
  EXPECT_FALSE(evil_ran());
}

TEST_F(PluginFind, AFolderAboveThatOthersCanWriteToIsRefusedUnlessSticky) {
  const fs::path shared = root_ / "shared";
  fs::create_directories(shared);
  const fs::path folder = plugin_folder("shared/plugins");
  ::chmod(shared.c_str(), 0777);  // anyone could rename plugins/ away and put their own there
  EXPECT_TRUE(contains(refusal(in_folder(folder)),
                       "the folder " + fs::canonical(shared).string() + " is writable"));
  ::chmod(shared.c_str(), 01777);  // sticky, as /tmp: nobody else can rename it
  EXPECT_EQ(refusal(in_folder(folder)), "");
}

TEST_F(PluginFind, AnInstalledOrRelocatedHostNeverFallsBackToTheBuildTree) {
  const fs::path build_plugins = plugin_folder("build/plugins");
  fs::create_directories(root_ / "build/host");
  fs::create_directories(root_ / "elsewhere/bin");
  pp::PluginSearch search;
  search.file_name = pp::Plugin::file_name_for("zoom");
  search.build_folder = build_plugins;
  search.build_host_folder = root_ / "build/host";
  search.installed_folder = "../lib/pipeline-plugins";
  search.host_executable = root_ / "elsewhere/bin/host";
  const std::string why = refusal(search);
  EXPECT_TRUE(contains(why, "no plugin " + (root_ / "elsewhere/lib/pipeline-plugins").string()))
      << why;
  // Installed: the plugin folder next to it.
  fs::create_directories(root_ / "elsewhere/lib");
  fs::rename(plugin_folder("installed"), root_ / "elsewhere/lib/pipeline-plugins");
  EXPECT_EQ(refusal(search), "");
  // In its build tree: the build folder.
  search.host_executable = root_ / "build/host/host";
  fs::remove_all(root_ / "elsewhere/lib");
  EXPECT_EQ(refusal(search), "");
  EXPECT_FALSE(evil_ran());
}

TEST_F(PluginFind, TheBuildTreeIsUsedOnlyWhenItIsTheUsersAndNotWritableByOthers) {
  const fs::path build_plugins = plugin_folder("build/plugins");
  fs::create_directories(root_ / "build/host");
  pp::PluginSearch search;
  search.file_name = pp::Plugin::file_name_for("zoom");
  search.build_folder = build_plugins;
  search.build_host_folder = root_ / "build/host";
  search.host_executable = root_ / "build/host/host";
  ::chmod(build_plugins.c_str(), 0777);
  EXPECT_TRUE(contains(refusal(search), "is writable by other users"));
  ::chmod(build_plugins.c_str(), 0755);
  EXPECT_EQ(refusal(search), "");

  REQUIRE_OTHER_USER(other);
  ASSERT_EQ(::chown(build_plugins.c_str(), other.uid(), other.uid()), 0);
  const std::string why = refusal(search);
  EXPECT_TRUE(contains(why, "belongs to another user (uid " + std::to_string(other.uid()))) << why;
  EXPECT_TRUE(contains(why, "the build tree must be yours")) << why;
}

TEST_F(PluginFind, APluginFileOfAnotherUserIsRefused) {
  REQUIRE_OTHER_USER(other);
  const fs::path folder = plugin_folder("plugins");
  ASSERT_EQ(::chown((folder / "libzoom_connector.so").c_str(), other.uid(), other.uid()), 0);
  EXPECT_TRUE(contains(refusal(in_folder(folder)), "belongs to another user"));
  pp::PluginSearch named;
  named.file = folder / "libzoom_connector.so";
  EXPECT_TRUE(contains(refusal(named), "belongs to another user"));
}

// ---- through the hosts ----------------------------------------------------

// Runs `command` with /bin/sh; its stdout and stderr end up in `output`.
int run_shell(const std::string& command, std::string& output, const fs::path& scratch) {
  const fs::path out = scratch / "host-output";
  const int status = std::system((command + " > '" + out.string() + "' 2>&1").c_str());
  output = read_text(out);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST_F(PluginFind, HostSimAndAirbyteSourceNeverRunAPlantedLibrary) {
  const fs::path only_evil = plugin_folder("only-evil", false);
  std::string out;
  EXPECT_EQ(run_shell(std::string("'") + HOST_SIM_PATH + "' info --plugin-dir '" +
                          only_evil.string() + "'",
                      out, root_),
            3)
      << out;
  EXPECT_TRUE(contains(out, "no plugin")) << out;
  EXPECT_FALSE(evil_ran()) << "host_sim loaded the planted library";
  run_shell(std::string("AIRBYTE_SOURCE_PLUGIN_DIR='") + only_evil.string() + "' '" +
                AIRBYTE_SOURCE_PATH + "' spec",
            out, root_);
  EXPECT_TRUE(contains(out, "\"failure_type\":\"system_error\"")) << out;
  EXPECT_FALSE(evil_ran()) << "airbyte_source loaded the planted library";

  const fs::path both = plugin_folder("both");
  EXPECT_EQ(
      run_shell(std::string("'") + HOST_SIM_PATH + "' info --plugin-dir '" + both.string() + "'",
                out, root_),
      0)
      << out;
  EXPECT_EQ(run_shell(std::string("AIRBYTE_SOURCE_PLUGIN_DIR='") + both.string() + "' '" +
                          AIRBYTE_SOURCE_PATH + "' spec",
                      out, root_),
            0)
      << out;
  EXPECT_TRUE(contains(out, "\"type\":\"SPEC\"")) << out;
  EXPECT_FALSE(evil_ran());
}

TEST_F(PluginFind, HostsRefuseAPluginFolderOthersCanWriteTo) {
  const fs::path folder = plugin_folder("plugins");
  ::chmod(folder.c_str(), 0777);
  std::string out;
  EXPECT_EQ(run_shell(std::string("HOST_SIM_PLUGIN_DIR='") + folder.string() + "' '" +
                          HOST_SIM_PATH + "' info",
                      out, root_),
            3)
      << out;
  EXPECT_TRUE(contains(out, "is writable by other users")) << out;
  run_shell(std::string("AIRBYTE_SOURCE_PLUGIN_DIR='") + folder.string() + "' '" +
                AIRBYTE_SOURCE_PATH + "' spec",
            out, root_);
  EXPECT_TRUE(contains(out, "is writable by other users")) << out;
}

TEST_F(PluginFind, RelocatedHostsDoNotFallBackToTheBuildTree) {
  fs::create_directories(root_ / "bin");
  fs::copy_file(HOST_SIM_PATH, root_ / "bin/host_sim");
  fs::copy_file(AIRBYTE_SOURCE_PATH, root_ / "bin/airbyte_source");
  std::string out;
  EXPECT_EQ(run_shell("env -u HOST_SIM_PLUGIN_DIR '" + (root_ / "bin/host_sim").string() + "' info",
                      out, root_),
            3)
      << out;
  EXPECT_TRUE(contains(out, "no plugin " + (root_ / "lib").string())) << out;
  run_shell(
      "env -u AIRBYTE_SOURCE_PLUGIN_DIR '" + (root_ / "bin/airbyte_source").string() + "' spec",
      out, root_);
  EXPECT_FALSE(contains(out, "\"type\":\"SPEC\"")) << out;
  EXPECT_TRUE(contains(out, "no plugin")) << out;
}

}  // namespace
