// The credential schema inside the plugin is byte-for-byte the file in schemas/.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "pipeline_plugin.hpp"
#include "plugin_paths.hpp"

namespace {

TEST(EmbeddedSchema, EqualsTheFileInSchemas) {
  std::ifstream file(abi_test::k_credential_schema, std::ios::binary);
  ASSERT_TRUE(file) << abi_test::k_credential_schema;
  std::ostringstream bytes;
  bytes << file.rdbuf();
  const auto plugin = pp::Plugin::load(abi_test::k_zoom_plugin);
  EXPECT_EQ(plugin.credential_schema_json(), bytes.str());
}

TEST(EmbeddedSchema, MarksTheClientSecretAsSecret) {
  const auto plugin = pp::Plugin::load(abi_test::k_zoom_plugin);
  const std::string schema = plugin.credential_schema_json();
  const auto secret = schema.find("\"client_secret\"");
  ASSERT_NE(secret, std::string::npos);
  const auto next_field = schema.find("\"validation_url\"", secret);
  const std::string secret_block = schema.substr(secret, next_field - secret);
  EXPECT_NE(secret_block.find("\"writeOnly\": true"), std::string::npos);
  EXPECT_NE(secret_block.find("\"x-secret\": true"), std::string::npos);
}

}  // namespace
