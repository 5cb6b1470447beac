// The table only grows at the end: hosts and plugins of different ages meet.
#include <gtest/gtest.h>

#include <cstddef>

#include "pipeline_plugin.hpp"
#include "plugin_paths.hpp"

namespace {

// What a future host's header might look like: v1 plus an appended function.
struct pp_plugin_api_future {
  pp_plugin_api v1;
  pp_status (*connector_something_new)(pp_connector*, pp_error*);
};

TEST(TableGrowth, NewerHostSeesOlderPluginLacksTheAppendedFunction) {
  const auto plugin = pp::Plugin::load(abi_test::k_zoom_plugin);
  EXPECT_LT(plugin.table_size(), offsetof(pp_plugin_api_future, connector_something_new) +
                                     sizeof(pp_plugin_api_future::connector_something_new))
      << "a host must not read past struct_size";
  EXPECT_TRUE(PP_API_HAS(plugin.api(), fetch_close));
  EXPECT_TRUE(PP_API_HAS(plugin.api(), connector_catalog));
  EXPECT_TRUE(PP_API_HAS(plugin.api(), write_close));
  EXPECT_EQ(plugin.table_size(), PP_API_SIZE_V1_2) << "this plugin provides the v1.2 table";
}

TEST(TableGrowth, AnOlderPluginProvidesTheFirstStepOnly) {
  const auto plugin = pp::Plugin::load(abi_test::k_fake_full);
  EXPECT_EQ(plugin.table_size(), PP_API_SIZE_V1_0);
  EXPECT_TRUE(PP_API_HAS(plugin.api(), fetch_close));
  EXPECT_FALSE(PP_API_HAS(plugin.api(), connector_catalog));
}

TEST(TableGrowth, GrowthStepsAreNamedBySize) {
  static_assert(PP_API_SIZE_V1_0 == offsetof(pp_plugin_api, connector_catalog));
  static_assert(PP_API_SIZE_V1_1 == offsetof(pp_plugin_api, write_catalog_json));
  static_assert(PP_API_SIZE_V1_2 == sizeof(pp_plugin_api));
  EXPECT_LT(PP_API_SIZE_V1_0, PP_API_SIZE_V1_1);
  EXPECT_LT(PP_API_SIZE_V1_1, PP_API_SIZE_V1_2);
}

TEST(TableGrowth, OlderHostAcceptsALongerTableAndIgnoresTheTail) {
  const auto plugin = pp::Plugin::load(abi_test::k_fake_longer_table);
  EXPECT_GT(plugin.table_size(), sizeof(pp_plugin_api));
  EXPECT_EQ(plugin.abi_version(), PP_ABI_VERSION_1);
  auto connector = plugin.create("{}");
  EXPECT_NE(connector.validate().find("\"ok\":true"), std::string::npos);
  // Its connector_catalog slot is covered by the size but NULL: still "not there".
  EXPECT_THROW(connector.catalog(), pp::PluginError);
}

TEST(TableGrowth, V1FieldsNeverMove) {
  // The layout is the contract: these offsets must never change.
  EXPECT_EQ(offsetof(pp_plugin_api, struct_size), 0u);
  EXPECT_EQ(offsetof(pp_plugin_api, abi_version), 4u);
  EXPECT_EQ(offsetof(pp_plugin_api, info_json), 8u);
  EXPECT_EQ(offsetof(pp_plugin_api, fetch_close), 8u + 11 * sizeof(void*));
  EXPECT_EQ(offsetof(pp_plugin_api, connector_catalog), 8u + 12 * sizeof(void*));
  EXPECT_EQ(offsetof(pp_plugin_api, write_catalog_json), 8u + 13 * sizeof(void*));
  EXPECT_EQ(offsetof(pp_plugin_api, write_close), 8u + 17 * sizeof(void*));
  EXPECT_EQ(offsetof(pp_host_services, struct_size), 0u);
}

TEST(TableGrowth, AnAppendedFunctionMissingFromAPluginIsAClearError) {
  const auto plugin = pp::Plugin::load(abi_test::k_fake_full);
  auto connector = plugin.create("{}");
  try {
    connector.catalog();
    FAIL() << "the fake plugin predates connector_catalog";
  } catch (const pp::PluginError& e) {
    EXPECT_EQ(e.status(), PP_STATUS_NOT_IMPLEMENTED);
    EXPECT_NE(std::string(e.what()).find("older than connector_catalog"), std::string::npos);
  }
}

}  // namespace
