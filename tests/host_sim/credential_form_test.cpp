// The form is rendered from the plugin's schema, not from anything Zoom-specific.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
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

std::map<std::string, std::string> errors_of(const host_sim::CredentialForm& form,
                                             const std::string& input) {
  std::map<std::string, std::string> out;
  for (const auto& error : host_sim::validate_fields(form, boost::json::parse(input).as_object())) {
    EXPECT_TRUE(out.emplace(error.key, error.message).second) << "one message per field";
  }
  return out;
}

host_sim::CredentialForm zoom_form() {
  return host_sim::parse_credential_form(pp::Plugin::load(ZC_PLUGIN_PATH).credential_schema_json());
}

TEST(FieldValidation, ValidZoomInputPasses) {
  EXPECT_TRUE(errors_of(zoom_form(), R"({"credential_name":"n","account_id":"a",
      "client_id":"c","client_secret":"sixteen-chars-secret"})").empty());
}

TEST(FieldValidation, EveryRuleGivesOneMessagePerField) {
  const auto errors = errors_of(zoom_form(), R"({"credential_name":"   ",
      "account_id":"has space","client_id":7,"validation_url":")" + std::string(3000, 'x') +
      R"(","bogus":"x"})");
  EXPECT_EQ(errors.at("credential_name"), "Credential Name has an invalid format");
  EXPECT_EQ(errors.at("account_id"), "Zoom App: Account ID has an invalid format");
  EXPECT_EQ(errors.at("client_id"), "Zoom App: Client ID must be text");
  EXPECT_EQ(errors.at("client_secret"), "Zoom App: Client Secret is required");
  EXPECT_EQ(errors.at("validation_url"), "Credential Validation URL must be at most 2048 characters");
  EXPECT_EQ(errors.at("bogus"), "unknown field \"bogus\"");
  EXPECT_EQ(errors.size(), 6u);
}

TEST(FieldValidation, EnumMinLengthAndCharactersNotBytes) {
  const auto form = host_sim::parse_credential_form(R"({"additionalProperties":false,
      "required":["k"],"properties":{
      "k":{"type":"string","title":"K","minLength":1},
      "r":{"type":"string","title":"R","enum":["eu","us"]},
      "m":{"type":"string","title":"M","maxLength":3}}})");
  const auto errors = errors_of(form, R"({"k":"","r":"mars","m":"\u00e9\u00e9\u00e9"})");
  EXPECT_EQ(errors.at("k"), "K is required");
  EXPECT_EQ(errors.at("r"), "R must be one of: eu, us");
  EXPECT_FALSE(errors.contains("m")) << "three characters, six bytes";
}

TEST(FieldValidation, AnUnknownKeyIsRepeatedShortAndPrintable) {
  // A 3000-byte key with an escape sequence: the refusal names 64 bytes of
  // it, cut on a character boundary, with the control made visible.
  const std::string key = "\\u001b]52;c;" + std::string(3000, 'k');
  const auto errors = errors_of(zoom_form(), R"({"credential_name":"n","account_id":"a",
      "client_id":"c","client_secret":"sixteen-chars-secret",")" + key + R"(":1})");
  ASSERT_EQ(errors.size(), 1u);
  const std::string& message = errors.begin()->second;
  EXPECT_EQ(message.find('\x1b'), std::string::npos) << message;
  EXPECT_NE(message.find("\\x1b]52;c;kkk"), std::string::npos) << message;
  EXPECT_NE(message.find("\u2026\""), std::string::npos) << message;
  EXPECT_LT(message.size(), 100u) << message;
}

TEST(FieldValidation, DefaultsFillAbsentFieldsAndBlankOptionalsDrop) {
  const auto form = zoom_form();
  const auto filled = host_sim::with_defaults(
      form, boost::json::parse(R"({"credential_description":""})").as_object());
  EXPECT_FALSE(filled.contains("credential_description"));
  EXPECT_EQ(filled.at("validation_url"), "https://api.zoom.us/v2/users/me");
}

TEST(FieldValidation, SecretsSplitByTheSchemasFlag) {
  const auto split = host_sim::split_secrets(
      zoom_form(), boost::json::parse(R"({"account_id":"a","client_secret":"s"})").as_object());
  EXPECT_TRUE(split.secret_fields.contains("client_secret"));
  EXPECT_FALSE(split.public_fields.contains("client_secret"));
  EXPECT_TRUE(split.public_fields.contains("account_id"));
}

TEST(FieldValidation, FormJsonCarriesNoValuesOfSecrets) {
  const auto json = host_sim::form_to_json(zoom_form());
  EXPECT_EQ(json.at("fields").as_array().size(), 6u);
  EXPECT_EQ(json.at("fields").as_array()[4].at("secret"), true);
}

}  // namespace
