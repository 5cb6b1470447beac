// The C++ host wrapper: clear errors for things that are not plugins, and
// the library stays loaded until every handle and stream is gone.
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "pipeline_plugin.hpp"
#include "plugin_paths.hpp"

namespace {

bool library_is_loaded(const char* path) {
  void* handle = dlopen(path, RTLD_NOW | RTLD_NOLOAD);
  if (handle == nullptr) return false;
  dlclose(handle);  // balance the reference RTLD_NOLOAD took
  return true;
}

pp_status load_status(const std::filesystem::path& path, std::string* message) {
  try {
    pp::Plugin::load(path);
  } catch (const pp::PluginError& e) {
    *message = e.what();
    return e.status();
  }
  return PP_STATUS_OK;
}

TEST(HostWrapper, MissingFileIsAClearError) {
  std::string message;
  EXPECT_EQ(load_status("/nonexistent/libnothing.so", &message), PP_STATUS_INVALID_ARGUMENT);
  EXPECT_NE(message.find("cannot load plugin /nonexistent/libnothing.so: it cannot be opened "
                         "(No such file or directory)"),
            std::string::npos)
      << message;
}

TEST(HostWrapper, FileThatIsNotALibraryIsAClearError) {
  const auto path = std::filesystem::temp_directory_path() / "not_a_plugin.so";
  std::ofstream(path) << "this is text, not ELF";
  std::string message;
  EXPECT_EQ(load_status(path, &message), PP_STATUS_INVALID_ARGUMENT);
  EXPECT_NE(message.find("cannot load plugin " + path.string() +
                         ": it is not a shared library (it does not start with an ELF header)"),
            std::string::npos)
      << message;
  EXPECT_EQ(message.find("Bad file descriptor"), std::string::npos) << message;
  std::filesystem::remove(path);
}

TEST(HostWrapper, AnElfFileTheLoaderRefusesSaysWhatItCanBe) {
  const auto path = std::filesystem::temp_directory_path() / "broken_elf_plugin.so";
  std::ofstream(path, std::ios::binary) << "\x7f"
                                           "ELF"
                                        << std::string(60, '\x01');
  std::string message;
  EXPECT_EQ(load_status(path, &message), PP_STATUS_INVALID_ARGUMENT);
  EXPECT_NE(message.find("the dynamic loader refused it"), std::string::npos) << message;
  EXPECT_NE(message.find("ldd " + path.string()), std::string::npos) << message;
  EXPECT_EQ(message.find("Bad file descriptor"), std::string::npos) << message;
  std::filesystem::remove(path);
}

TEST(HostWrapper, LibraryWithoutEntryPointIsNotAPlugin) {
  std::string message;
  EXPECT_EQ(load_status(abi_test::k_fake_no_entry, &message), PP_STATUS_INCOMPATIBLE);
  EXPECT_NE(message.find("has no pp_negotiate symbol"), std::string::npos) << message;
}

TEST(HostWrapper, TableShorterThanV1IsRefused) {
  std::string message;
  EXPECT_EQ(load_status(abi_test::k_fake_short_table, &message), PP_STATUS_INCOMPATIBLE);
  EXPECT_NE(message.find("shorter than"), std::string::npos) << message;
}

TEST(HostWrapper, PluginAnsweringAVersionTheHostDoesNotSpeakIsRefused) {
  std::string message;
  EXPECT_EQ(load_status(abi_test::k_fake_wrong_version, &message), PP_STATUS_INCOMPATIBLE);
  EXPECT_NE(message.find("ABI version 99"), std::string::npos) << message;
}

TEST(HostWrapper, HostAskingForVersionZeroGetsThePluginsRefusal) {
  try {
    pp::Plugin::load(abi_test::k_zoom_plugin, 0);
    FAIL() << "version 0 must be refused";
  } catch (const pp::PluginError& e) {
    EXPECT_EQ(e.status(), PP_STATUS_INCOMPATIBLE);
    EXPECT_NE(std::string(e.what()).find("1 to 1"), std::string::npos) << e.what();
  }
}

TEST(HostWrapper, LibraryIsUnloadedOnlyAfterEveryHandleAndStreamIsGone) {
  ASSERT_FALSE(library_is_loaded(abi_test::k_fake_full));
  std::optional<pp::Plugin> plugin = pp::Plugin::load(abi_test::k_fake_full);
  std::optional<pp::Connector> connector = plugin->create("{\"credential_name\":\"x\"}");
  std::optional<pp::FetchStream> stream = connector->fetch("{}");
  ASSERT_TRUE(library_is_loaded(abi_test::k_fake_full));

  plugin.reset();
  EXPECT_TRUE(library_is_loaded(abi_test::k_fake_full)) << "a connector is alive";
  connector.reset();
  EXPECT_TRUE(library_is_loaded(abi_test::k_fake_full)) << "a stream is alive";

  // The stream still works with everything else dropped.
  const pp::FetchItem first = stream->next();
  EXPECT_EQ(first.kind, PP_ITEM_RECORD);
  EXPECT_EQ(first.stream, "widgets");
  EXPECT_EQ(first.json, "{\"id\":0}");

  stream.reset();
  EXPECT_FALSE(library_is_loaded(abi_test::k_fake_full)) << "nothing holds it any more";
}

TEST(HostWrapper, FetchStreamYieldsRecordsStateSummaryThenEnd) {
  const auto plugin = pp::Plugin::load(abi_test::k_fake_full);
  auto connector = plugin.create("{}");
  auto stream = connector.fetch("{}");
  std::vector<pp_item_kind> kinds;
  for (pp::FetchItem item = stream.next(); item.kind != PP_ITEM_END; item = stream.next()) {
    kinds.push_back(item.kind);
  }
  EXPECT_EQ(kinds, (std::vector<pp_item_kind>{PP_ITEM_RECORD, PP_ITEM_RECORD, PP_ITEM_RECORD,
                                              PP_ITEM_STATE, PP_ITEM_SUMMARY}));
  EXPECT_EQ(stream.next().kind, PP_ITEM_END) << "END repeats";
}

TEST(HostWrapper, LogCallbackReceivesPluginMessages) {
  const auto plugin = pp::Plugin::load(abi_test::k_fake_full);
  std::vector<std::string> lines;
  auto connector = plugin.create("{}", "{}", [&](pp_log_level level, const char* message) {
    lines.push_back(std::to_string(level) + ":" + message);
  });
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0], "2:acme connector created");
}

TEST(HostWrapper, ZoomPluginReportsItsInfo) {
  const auto plugin = pp::Plugin::load(abi_test::k_zoom_plugin);
  EXPECT_EQ(plugin.abi_version(), PP_ABI_VERSION);
  const std::string info = plugin.info_json();
  EXPECT_NE(info.find("\"name\":\"zoom\""), std::string::npos) << info;
  EXPECT_NE(info.find("\"abi_version\":1"), std::string::npos) << info;
}

TEST(HostWrapper, PluginErrorsCarryTheirStatusAndMessage) {
  const auto plugin = pp::Plugin::load(abi_test::k_zoom_plugin);
  try {
    plugin.create("{not json");
    FAIL() << "bad JSON must be refused";
  } catch (const pp::PluginError& e) {
    EXPECT_EQ(e.status(), PP_STATUS_INVALID_ARGUMENT);
    EXPECT_NE(std::string(e.what()).find("credential JSON is not valid"), std::string::npos)
        << e.what();
  }
}

}  // namespace
