// Credential and options validation: one INVALID_ARGUMENT naming every problem.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "core/connector_config.hpp"
#include "core/http_client.hpp"

namespace {

using boost::json::object;

object good_credential() {
  return object{{"credential_name", "Prod"},
                {"account_id", "acc-123"},
                {"client_id", "cid-456"},
                {"client_secret", "Sup3r:Secret%2B+x"}};
}

std::string problems_of(const object& credential, const object& options = {}) {
  auto config = zc::parse_connector_config(credential, options);
  EXPECT_FALSE(config);
  if (config) return {};
  EXPECT_EQ(config.error().status, zc::Status::invalid_argument);
  return config.error().message;
}

TEST(Config, GoodCredentialBindsAndDefaultsTheValidationUrl) {
  auto config = zc::parse_connector_config(good_credential(), {});
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->credential.account_id, "acc-123");
  EXPECT_EQ(config->credential.client_secret, "Sup3r:Secret%2B+x");
  EXPECT_EQ(config->credential.validation_url, "https://api.zoom.us/v2/users/me");
  EXPECT_EQ(config->validation_url.buffer(), "https://api.zoom.us/v2/users/me");
  EXPECT_EQ(config->oauth_url.buffer(), "https://zoom.us/oauth/token");
  EXPECT_FALSE(config->api_base);
  EXPECT_EQ(config->options.connect_timeout_ms, 10'000);
  EXPECT_FALSE(config->options.allow_insecure_loopback);
}

TEST(Config, FieldTableAgreesWithTheSchemaFile) {
  EXPECT_TRUE(zc::credential_schema_mismatches().empty());
  std::ifstream file(ZC_CREDENTIAL_SCHEMA_PATH);
  ASSERT_TRUE(file);
  std::stringstream text;
  text << file.rdbuf();
  const auto schema = boost::json::parse(text.str()).as_object();
  std::vector<std::string> from_schema;
  for (const auto& [key, value] : schema.at("properties").as_object()) {
    from_schema.emplace_back(key);
  }
  std::vector<std::string> from_table;
  for (auto k : zc::credential_field_keys()) from_table.emplace_back(k);
  std::ranges::sort(from_schema);
  std::ranges::sort(from_table);
  EXPECT_EQ(from_schema, from_table);
}

// The options schema is the one list of options (issue 22, point 4):
// connector_config takes exactly the keys of schemas/zoom.connector_options
// .schema.json, no more and no fewer, each with the schema's range and default.
TEST(Config, TheOptionsTakenAreExactlyTheOptionsSchemas) {
  // The binding table and the embedded schema name the same keys, each of
  // one kind: a binding the schema lacks, or the reverse, is named here.
  const auto mismatches = zc::option_schema_mismatches();
  EXPECT_TRUE(mismatches.empty()) << mismatches.front();
  std::ifstream file(ZC_OPTIONS_SCHEMA_PATH);
  ASSERT_TRUE(file);
  std::stringstream text;
  text << file.rdbuf();
  const auto schema = boost::json::parse(text.str()).as_object();
  std::vector<std::string> from_file;
  for (const auto& [key, value] : schema.at("properties").as_object()) {
    from_file.emplace_back(key);
    // Known: a value of no kind is refused as a value, not as a key.
    const std::string wrong = problems_of(good_credential(), object{{key, boost::json::array{}}});
    EXPECT_NE(wrong.find("option \"" + std::string(key) + "\""), std::string::npos) << wrong;
    EXPECT_EQ(wrong.find("unknown option"), std::string::npos) << key << ": " << wrong;
    const auto* max = value.as_object().if_contains("maximum");
    if (max == nullptr) continue;
    const std::string m = problems_of(good_credential(), object{{key, max->as_int64() + 1}});
    EXPECT_NE(m.find(" and " + std::to_string(max->as_int64())), std::string::npos) << m;
  }
  std::vector<std::string> embedded;
  for (auto k : zc::option_keys()) embedded.emplace_back(k);
  EXPECT_EQ(embedded, from_file) << "the plugin embeds the schema file as it is";
  const std::string unknown = problems_of(good_credential(), object{{"verify_tls", false}});
  EXPECT_NE(unknown.find("unknown option \"verify_tls\""), std::string::npos) << unknown;
}

TEST(Config, EveryProblemIsNamedInOneMessage) {
  object credential{{"credential_name", "   "},
                    {"client_id", "has space"},
                    {"client_secret", "TopSecretValue-123"},
                    {"colour", "blue"},
                    {"tenant", 1}};
  const std::string m = problems_of(credential, object{{"speed", 3}});
  EXPECT_NE(m.find("6 problems"), std::string::npos) << m;
  EXPECT_NE(m.find("unknown option \"speed\""), std::string::npos) << m;
  EXPECT_NE(m.find("unknown field \"colour\""), std::string::npos) << m;
  EXPECT_NE(m.find("unknown field \"tenant\""), std::string::npos) << m;
  EXPECT_NE(m.find("\"credential_name\" (Credential Name) is only whitespace"), std::string::npos)
      << m;
  EXPECT_NE(m.find("\"account_id\" (Zoom App: Account ID) is missing"), std::string::npos) << m;
  EXPECT_NE(m.find("\"client_id\" (Zoom App: Client ID) must not contain spaces or ':'"),
            std::string::npos)
      << m;
  EXPECT_EQ(m.find("TopSecretValue"), std::string::npos) << "a secret is never echoed";
}

TEST(Config, EmptyAndWhitespaceFieldsAreFieldErrors) {
  for (const char* key : {"credential_name", "account_id", "client_id", "client_secret"}) {
    for (const char* bad : {"", " ", "\t \n"}) {
      object c = good_credential();
      c[key] = bad;
      const std::string m = problems_of(c);
      EXPECT_NE(m.find(std::string("\"") + key + "\""), std::string::npos) << key << ": " << m;
    }
  }
  object c = good_credential();
  c["client_secret"] = 42;
  EXPECT_NE(problems_of(c).find("\"client_secret\" (Zoom App: Client Secret) must be a string"),
            std::string::npos);
}

TEST(Config, SecretIsNeverEchoedEvenWhenItIsTheProblem) {
  object c = good_credential();
  c["client_secret"] = std::string(300, 'Q');  // too long
  const std::string m = problems_of(c);
  EXPECT_NE(m.find("longer than 256"), std::string::npos) << m;
  EXPECT_EQ(m.find("QQQQ"), std::string::npos) << m;
}

TEST(Config, SecretWithOddCharactersIsAccepted) {
  object c = good_credential();
  c["client_secret"] = "a:b%c+d&e=f g 2026";
  auto config = zc::parse_connector_config(c, {});
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->credential.client_secret, "a:b%c+d&e=f g 2026");
}

struct BadUrl {
  const char* url;
  const char* why;
};

TEST(Config, ValidationUrlProblemsAreFieldErrorsBeforeAnyNetworkCall) {
  const BadUrl cases[] = {
      {"not a url", "not a URL"},
      {"api.zoom.us/v2/users/me", "not a URL"},
      {"ftp://api.zoom.us/v2/users/me", "scheme \"ftp\"; only https is allowed"},
      {"http://api.zoom.us/v2/users/me", "plain http; only https is allowed"},
      {"https://user:pw@api.zoom.us/v2/users/me", "user name or password"},
      {"https://evil.example.com/v2/users/me", "not zoom.us"},
      {"https://zoom.us.evil.example.com/v2/users/me", "not zoom.us"},
      {"https://evilzoom.us/v2/users/me", "not zoom.us"},
      {"https://127.0.0.1:9/v2/users/me", "not zoom.us"},
      {"http://127.0.0.1:9/v2/users/me", "allow_insecure_loopback"},
      {"https://api.zoom.us/v2/users/me#x", "fragment"},
      {"https://api.zoom.us./v2/users/me", "not a plain DNS name"},
  };
  for (const auto& bad : cases) {
    object c = good_credential();
    c["validation_url"] = bad.url;
    const std::string m = problems_of(c);
    EXPECT_NE(m.find("\"validation_url\" (Credential Validation URL)"), std::string::npos) << m;
    EXPECT_NE(m.find(bad.why), std::string::npos) << bad.url << " -> " << m;
  }
  EXPECT_EQ(problems_of(object{{"credential_name", "x"},
                               {"account_id", "a"},
                               {"client_id", "c"},
                               {"client_secret", "s"},
                               {"validation_url", "https://u:hunter2@api.zoom.us/"}})
                .find("hunter2"),
            std::string::npos);
}

TEST(Config, ValidationUrlMayUseZoomSubdomainsOrThePinnedApiHost) {
  for (const char* ok : {"https://api.zoom.us/v2/users/me", "https://api-eu.zoom.us/v2/users",
                         "https://ZOOM.US/v2/users/me", "https://api.zoomgov.com/v2/users/me"}) {
    object c = good_credential();
    c["validation_url"] = ok;
    auto config = zc::parse_connector_config(c, {});
    EXPECT_TRUE(config) << ok << ": " << config.error().message;
  }
  object c = good_credential();
  c["validation_url"] = "http://127.0.0.1:8080/v2/users/me";
  object o{{"api_base_url", "http://127.0.0.1:8080/v2"}, {"allow_insecure_loopback", true}};
  auto config = zc::parse_connector_config(c, o);
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->api_base->buffer(), "http://127.0.0.1:8080/v2");
  // Same host, other port: another server.
  c["validation_url"] = "http://127.0.0.1:8081/v2/users/me";
  EXPECT_NE(problems_of(c, o).find("not zoom.us"), std::string::npos);
}

TEST(Config, OptionsAreTypedAndUnknownKeysNamed) {
  const std::string m =
      problems_of(good_credential(), object{{"connect_timeout_ms", "10"},
                                            {"total_timeout_ms", 0},
                                            {"allow_insecure_loopback", "yes"},
                                            {"oauth_url", "http://zoom.us/oauth/token"},
                                            {"ca_bundle", "/nonexistent/ca.pem"},
                                            {"proxy", ""},
                                            {"verify_tls", false}});
  EXPECT_NE(m.find("7 problems"), std::string::npos) << m;
  EXPECT_NE(m.find("option \"connect_timeout_ms\" must be a whole number"), std::string::npos);
  EXPECT_NE(m.find("option \"total_timeout_ms\" must be between 1 and"), std::string::npos);
  EXPECT_NE(m.find("option \"allow_insecure_loopback\" must be true or false"), std::string::npos);
  EXPECT_NE(m.find("option \"oauth_url\" uses plain http"), std::string::npos);
  EXPECT_NE(m.find("option \"ca_bundle\": there is no file"), std::string::npos);
  EXPECT_NE(m.find("option \"proxy\" must not be empty"), std::string::npos);
  EXPECT_NE(m.find("unknown option \"verify_tls\""), std::string::npos) << m;
}

TEST(Config, OptionsBind) {
  auto config = zc::parse_connector_config(good_credential(),
                                           object{{"oauth_url", "https://zoom.us/oauth/token"},
                                                  {"api_base_url", "https://api-eu.zoom.us/v2/"},
                                                  {"connect_timeout_ms", 1500},
                                                  {"total_timeout_ms", 9000},
                                                  {"low_speed_limit_bytes", 10},
                                                  {"low_speed_time_s", 5},
                                                  {"proxy", "http://127.0.0.1:3128"},
                                                  {"ca_bundle", ZC_CREDENTIAL_SCHEMA_PATH},
                                                  {"trust_intercepting_proxy_with_secrets", true},
                                                  {"user_agent", "test/1"},
                                                  {"allow_insecure_loopback", false}});
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->api_base->buffer(), "https://api-eu.zoom.us/v2");
  EXPECT_EQ(config->options.connect_timeout_ms, 1500);
  EXPECT_EQ(config->options.total_timeout_ms, 9000);
  EXPECT_EQ(config->options.proxy, "http://127.0.0.1:3128");
  EXPECT_EQ(config->options.user_agent, "test/1");
  EXPECT_TRUE(config->options.trust_intercepting_proxy_with_secrets);
  EXPECT_EQ(zc::option_keys().size(), 13u);
}

TEST(Config, TheSecretAndApiHostMustBeZoomUnlessAGatewayIsNamed) {
  for (const char* key : {"oauth_url", "api_base_url"}) {
    for (const char* url : {"https://evil.example/oauth/token", "https://zoom.us.evil.example/x",
                            "https://127.0.0.1:8443/x"}) {
      const std::string m = problems_of(good_credential(), object{{key, url}});
      EXPECT_NE(m.find(std::string("option \"") + key + "\" is not allowed"), std::string::npos)
          << url << " -> " << m;
      EXPECT_NE(m.find("trusted_gateway_host"), std::string::npos) << m;
    }
  }
  // A gateway the operator names explicitly.
  const object gateway{{"oauth_url", "https://gw.corp.example/zoom/oauth/token"},
                       {"api_base_url", "https://gw.corp.example/zoom/v2"},
                       {"trusted_gateway_host", "gw.corp.example"}};
  auto config = zc::parse_connector_config(good_credential(), gateway);
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->oauth_url.buffer(), "https://gw.corp.example/zoom/oauth/token");
  // ... over https only, and only that host.
  object http_gateway = gateway;
  http_gateway["oauth_url"] = "http://gw.corp.example/zoom/oauth/token";
  EXPECT_NE(problems_of(good_credential(), http_gateway).find("plain http"), std::string::npos);
  object other = gateway;
  other["api_base_url"] = "https://gw2.corp.example/zoom/v2";
  EXPECT_NE(problems_of(good_credential(), other).find("gw2.corp.example, which is not a Zoom"),
            std::string::npos);
  EXPECT_NE(problems_of(good_credential(), object{{"trusted_gateway_host", "https://gw/"}})
                .find("must be a host name or an IP address"),
            std::string::npos);
  // Loopback only with the test switch.
  EXPECT_TRUE(zc::parse_connector_config(
      good_credential(),
      object{{"oauth_url", "https://127.0.0.1:8443/x"}, {"allow_insecure_loopback", true}}));
  EXPECT_TRUE(zc::parse_connector_config(
      good_credential(), object{{"oauth_url", "https://api.zoomgov.com/oauth/token"}}));
}

TEST(Config, ControlCharactersAreRefusedInEveryStringFieldWithoutEchoingIt) {
  // CR LF (a header of its own), TAB, NUL, DEL, and C1 NEL (U+0085).
  for (const std::string& bad : {std::string("\r\nAuthorization: Bearer INJECTED"),
                                 std::string("x\tINJECTED"), std::string("x\0INJECTED", 10),
                                 std::string("x\x7fINJECTED"), std::string("x\xc2\x85INJECTED")}) {
    const std::string padded = "0123456789abcdef" + bad;  // long enough for any field
    for (const char* key : {"user_agent", "proxy", "ca_bundle", "trusted_gateway_host", "oauth_url",
                            "api_base_url", "zoom_cloud"}) {
      const std::string m = problems_of(good_credential(), object{{key, padded}});
      EXPECT_NE(m.find(std::string("option \"") + key + "\""), std::string::npos) << m;
      EXPECT_NE(m.find("control characters"), std::string::npos) << key << " -> " << m;
      EXPECT_EQ(m.find("INJECTED"), std::string::npos) << m;
    }
    for (const char* key : {"credential_name", "credential_description", "account_id", "client_id",
                            "client_secret", "validation_url"}) {
      object c = good_credential();
      c[key] = padded;
      const std::string m = problems_of(c);
      EXPECT_NE(m.find(std::string("field \"") + key + "\""), std::string::npos) << m;
      EXPECT_NE(m.find("control characters"), std::string::npos) << key << " -> " << m;
      EXPECT_EQ(m.find("INJECTED"), std::string::npos) << m;
    }
  }
  // Ordinary non-ASCII text stays allowed where it was.
  object c = good_credential();
  c["credential_description"] = "Zürich – Büro";
  EXPECT_TRUE(zc::parse_connector_config(c, {}));
}

TEST(Config, AClientSecretHasARealisticLength) {
  object c = good_credential();
  c["client_secret"] = "wrong";
  const std::string m = problems_of(c);
  EXPECT_NE(m.find("(Zoom App: Client Secret) is shorter than 16 characters"), std::string::npos)
      << m;
  EXPECT_EQ(m.find("wrong"), std::string::npos) << m;
  c["client_secret"] = "0123456789abcdefghijklmnopqrstuv";  // Zoom's are 32
  EXPECT_TRUE(zc::parse_connector_config(c, {}));
}

// A proxy with a CA bundle of its own can read the secret (issue 20, point 4).
TEST(Config, AProxyWithACaBundleOfItsOwnNeedsTheLoudOption) {
  for (const char* name : {"https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"}) unsetenv(name);
  const object pair{{"proxy", "http://u:hunter2pass@127.0.0.1:3128"},
                    {"ca_bundle", ZC_CREDENTIAL_SCHEMA_PATH}};
  const std::string m = problems_of(good_credential(), pair);
  EXPECT_NE(m.find("options \"ca_bundle\" and \"proxy\" together are refused"), std::string::npos)
      << m;
  EXPECT_NE(m.find("the proxy 127.0.0.1:3128"), std::string::npos) << m;
  EXPECT_NE(m.find("trust_intercepting_proxy_with_secrets"), std::string::npos) << m;
  EXPECT_EQ(m.find("hunter2pass"), std::string::npos) << m;

  object trusted = pair;
  trusted["trust_intercepting_proxy_with_secrets"] = true;
  auto config = zc::parse_connector_config(good_credential(), trusted);
  ASSERT_TRUE(config) << config.error().message;
  ASSERT_EQ(config->warnings.size(), 1u);
  EXPECT_NE(config->warnings[0].find("can be read by the proxy 127.0.0.1:3128"), std::string::npos)
      << config->warnings[0];

  // A proxy from the environment counts as much as the option.
  ASSERT_EQ(setenv("HTTPS_PROXY", "http://127.0.0.1:3128", 1), 0);
  const std::string env =
      problems_of(good_credential(), object{{"ca_bundle", ZC_CREDENTIAL_SCHEMA_PATH}});
  EXPECT_NE(env.find("environment variable HTTPS_PROXY"), std::string::npos) << env;
  unsetenv("HTTPS_PROXY");

  // Neither a CA bundle without a proxy nor the system's own bundle needs it.
  auto alone = zc::parse_connector_config(good_credential(),
                                          object{{"ca_bundle", ZC_CREDENTIAL_SCHEMA_PATH}});
  ASSERT_TRUE(alone) << alone.error().message;
  EXPECT_TRUE(alone->warnings.empty());
  if (const std::string system = zc::default_ca_file(); !system.empty()) {
    auto same = zc::parse_connector_config(
        good_credential(), object{{"proxy", "http://127.0.0.1:3128"}, {"ca_bundle", system}});
    ASSERT_TRUE(same) << same.error().message;
    EXPECT_TRUE(same->warnings.empty());
  }
}

}  // namespace
