// The form is rendered from the plugin's schema, not from anything Zoom-specific.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "credential_form.hpp"
#include "pipeline_plugin.hpp"

namespace {

std::vector<std::string> labels(const host_sim::CredentialForm& form) {
  std::vector<std::string> out;
  for (const auto& field : form.fields) out.push_back(field.label);
  return out;
}

TEST(CredentialForm, ZoomSchemaGivesTheGuidesFieldsInOrder) {
  const auto plugin = pp::Plugin::load(ZC_PLUGIN_PATH);
  const auto form = host_sim::parse_credential_form(plugin.credential_schema_json());
  EXPECT_EQ(labels(form), (std::vector<std::string>{
                              "Credential Name", "Credential Description", "Zoom App: Account ID",
                              "Zoom App: Client ID", "Zoom App: Client Secret",
                              "Credential Validation URL"}));
  EXPECT_TRUE(form.fields[4].secret);
  EXPECT_TRUE(form.fields[4].required);
  EXPECT_FALSE(form.fields[1].required);
  ASSERT_TRUE(form.fields[5].default_value.has_value());
  EXPECT_EQ(*form.fields[5].default_value, "https://api.zoom.us/v2/users/me");
}

TEST(CredentialForm, AnotherPluginsSchemaRendersItsOwnFields) {
  const auto plugin = pp::Plugin::load(FAKE_FULL_PATH);
  const auto form = host_sim::parse_credential_form(plugin.credential_schema_json());
  EXPECT_EQ(labels(form), (std::vector<std::string>{"Credential Name", "Credential Description",
                                                    "Acme API Key", "Acme Region"}));
  EXPECT_TRUE(form.fields[2].secret);
  EXPECT_EQ(form.fields[3].choices, (std::vector<std::string>{"eu", "us"}));
  const std::string text = host_sim::render_form_text(form);
  EXPECT_NE(text.find("Acme Region *"), std::string::npos) << text;
  EXPECT_EQ(text.find("Zoom"), std::string::npos) << "nothing Zoom-specific leaks in";
}

TEST(CredentialForm, NameAndDescriptionComeFirstWhateverTheirOrder) {
  const auto form = host_sim::parse_credential_form(R"({"properties":{
      "zeta":{"type":"string","x-order":0},
      "credential_description":{"type":"string","x-order":9},
      "credential_name":{"type":"string","x-order":8}}})");
  EXPECT_EQ(labels(form), (std::vector<std::string>{"credential_name", "credential_description",
                                                    "zeta"}));
}

TEST(CredentialForm, SchemaWithoutPropertiesIsRefused) {
  EXPECT_THROW(host_sim::parse_credential_form("{}"), std::invalid_argument);
  EXPECT_THROW(host_sim::parse_credential_form("not json"), std::invalid_argument);
}

}  // namespace
