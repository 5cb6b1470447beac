// Growth step 1.2 (the write functions): hosts and plugins of different ages
// meet; NULL and bad input on every new entry point; the embedded write
// catalog is the schemas/ content.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstddef>
#include <fstream>
#include <sstream>
#include <string>

#include "pipeline_plugin.hpp"
#include "plugin_paths.hpp"

namespace {

namespace json = boost::json;

// The table as a host built against the v1.1 header knows it.
struct TableV1_1 {
  std::uint32_t struct_size;
  std::uint32_t abi_version;
  const char* (*info_json)(void);
  const char* (*credential_schema_json)(void);
  const char* (*catalog_json)(void);
  pp_status (*connector_create)(const char*, const char*, const pp_host_services*, pp_connector**,
                                pp_error*);
  void (*connector_destroy)(pp_connector*);
  void* v1_0_rest[7];
  pp_status (*connector_catalog)(pp_connector*, pp_string*, pp_error*);
};
static_assert(sizeof(TableV1_1) == PP_API_SIZE_V1_1);

constexpr const char* k_credential =
    R"({"credential_name":"t","account_id":"acct","client_id":"cid","client_secret":"s3cret-s3cret-s3cret"})";

TEST(WriteGrowth, AnOlderHostUsesTheNewPluginThroughItsV11View) {
  const auto plugin = pp::Plugin::load(abi_test::k_zoom_plugin);
  const auto* old = reinterpret_cast<const TableV1_1*>(plugin.api());
  ASSERT_GE(old->struct_size, sizeof(TableV1_1)) << "an old host's PP_API_HAS(connector_catalog)";
  EXPECT_EQ(old->abi_version, PP_ABI_VERSION_1);
  EXPECT_EQ(json::parse(old->catalog_json()), json::parse(plugin.catalog_json()));
  pp_connector* connector = nullptr;
  ASSERT_EQ(old->connector_create(k_credential, nullptr, nullptr, &connector, nullptr),
            PP_STATUS_OK);
  pp_error error{};
  EXPECT_EQ(old->connector_catalog(connector, nullptr, &error), PP_STATUS_INVALID_ARGUMENT);
  if (error.release != nullptr) error.release(&error);
  old->connector_destroy(connector);
  const auto info = json::parse(old->info_json()).as_object();
  EXPECT_EQ(info.at("directions"), (json::array{"source", "destination"}));
}

TEST(WriteGrowth, ANewHostGetsNotImplementedFromAnOlderPlugin) {
  for (const char* path : {abi_test::k_fake_full, abi_test::k_fake_longer_table}) {
    SCOPED_TRACE(path);
    const auto plugin = pp::Plugin::load(path);
    EXPECT_FALSE(plugin.has_write());
    auto expect_not_implemented = [](auto call) {
      try {
        call();
        ADD_FAILURE() << "the old plugin has no write functions";
      } catch (const pp::PluginError& e) {
        EXPECT_EQ(e.status(), PP_STATUS_NOT_IMPLEMENTED);
        EXPECT_NE(std::string(e.what()).find("no destination direction"), std::string::npos);
      }
    };
    expect_not_implemented([&] { (void)plugin.write_catalog_json(); });
    auto connector = plugin.create("{}");
    expect_not_implemented([&] { (void)connector.write_catalog(); });
    expect_not_implemented([&] { (void)connector.write(R"({"operation":"meetings.create"})"); });
    EXPECT_NE(connector.validate().find("\"ok\":true"), std::string::npos) << "reads still work";
  }
}

class WriteBadInput : public ::testing::Test {
 protected:
  WriteBadInput() : plugin_(pp::Plugin::load(abi_test::k_zoom_plugin)), api_(plugin_.api()) {}
  template <class Call>
  void expect_invalid(Call call, const char* needle) {
    pp_error error{};
    EXPECT_EQ(call(&error), PP_STATUS_INVALID_ARGUMENT);
    EXPECT_EQ(error.status, PP_STATUS_INVALID_ARGUMENT);
    ASSERT_NE(error.message, nullptr);
    EXPECT_NE(std::string(error.message).find(needle), std::string::npos) << error.message;
    if (error.release != nullptr) error.release(&error);
    EXPECT_EQ(call(nullptr), PP_STATUS_INVALID_ARGUMENT) << "a NULL error pointer is allowed";
  }
  pp::Plugin plugin_;
  const pp_plugin_api* api_;
};

TEST_F(WriteBadInput, EveryNewEntryPointRejectsNullsAndBadJson) {
  ASSERT_TRUE(PP_API_HAS(api_, write_close));
  pp_string text{};
  pp_write* write = nullptr;
  expect_invalid([&](pp_error* e) { return api_->connector_write_catalog(nullptr, &text, e); },
                 "connector is NULL");
  expect_invalid([&](pp_error* e) { return api_->connector_write(nullptr, "{}", &write, e); },
                 "connector is NULL");
  expect_invalid([&](pp_error* e) { return api_->write_push(nullptr, "[]", &text, e); },
                 "write is NULL");
  api_->write_close(nullptr);
  pp_connector* connector = nullptr;
  ASSERT_EQ(api_->connector_create(k_credential, nullptr, nullptr, &connector, nullptr),
            PP_STATUS_OK);
  expect_invalid([&](pp_error* e) { return api_->connector_write_catalog(connector, nullptr, e); },
                 "catalog_json is NULL");
  expect_invalid([&](pp_error* e) { return api_->connector_write(connector, nullptr, &write, e); },
                 "request_json is NULL");
  expect_invalid([&](pp_error* e) { return api_->connector_write(connector, "{}", nullptr, e); },
                 "out is NULL");
  expect_invalid(
      [&](pp_error* e) { return api_->connector_write(connector, "{\"x\":\xc3", &write, e); },
      "write request");
  expect_invalid([&](pp_error* e) { return api_->connector_write(connector, "[1]", &write, e); },
                 "write request");
  expect_invalid(
      [&](pp_error* e) {
        return api_->connector_write(connector, R"({"operation":"meetings.explode"})", &write, e);
      },
      "unknown operation");
  EXPECT_EQ(write, nullptr);
  api_->connector_destroy(connector);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

TEST(WriteCatalog, TheEmbeddedCatalogIsTheSchemasContent) {
  const std::string dir = ZC_SCHEMAS_DIR;
  json::value expected = json::parse(read_file(dir + "/write_catalog.json"));
  for (auto& op : expected.as_object().at("operations").as_array()) {
    auto& o = op.as_object();
    o["record_schema"] =
        json::parse(read_file(dir + "/" + std::string(o.at("record_schema").as_string())));
  }
  const auto plugin = pp::Plugin::load(abi_test::k_zoom_plugin);
  ASSERT_TRUE(plugin.has_write());
  EXPECT_EQ(json::parse(plugin.write_catalog_json()), expected);
  EXPECT_EQ(expected.as_object().at("operations").as_array().size(), 14u);
}

}  // namespace
