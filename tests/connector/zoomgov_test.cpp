// ZoomGov end to end: with zoom_cloud "zoomgov" and nothing else, the token
// comes from https://zoomgov.com/oauth/token and validation calls
// https://api.zoomgov.com/v2/users/me. The test maps both names to the
// simulator on 127.0.0.1 (CURLOPT_CONNECT_TO, a test-only seam); TLS still
// checks the certificate against the ZoomGov names.
#include <gtest/gtest.h>

#include "sim_connector.hpp"
#include "test_pki.hpp"

namespace {

using boost::json::object;
using zc_test::parse;

TEST(ZoomGov, DefaultsToZoomGovHostsEndToEnd) {
  zc_test::TestPki pki;
  const std::string ca = pki.make_ca("GovCA");
  zoom_sim::Options sim_options;
  sim_options.tls = pki.make_leaf("GovCA", "gov", "DNS:zoomgov.com,DNS:api.zoomgov.com");
  sim_options.api_url = "https://api.zoomgov.com";
  ASSERT_TRUE(pki.ok());
  zoom_sim::Simulator sim(sim_options);

  object credential = zc_test::sim_credential(sim);
  credential.erase("validation_url");  // the default
  const object options{{"zoom_cloud", "zoomgov"}, {"ca_bundle", ca}, {"total_timeout_ms", 5000}};
  auto config = zc::parse_connector_config(credential, options);
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->oauth_url.buffer(), "https://zoomgov.com/oauth/token");
  EXPECT_EQ(config->validation_url.buffer(), "https://api.zoomgov.com/v2/users/me");
  const std::string port = std::to_string(sim.port());
  config->connect_to_for_tests = {"zoomgov.com:443:127.0.0.1:" + port,
                                  "api.zoomgov.com:443:127.0.0.1:" + port};
  auto log = std::make_shared<zc_test::CaptureLog>();
  auto connector = zc::ZoomConnector::create(std::move(*config), log);
  ASSERT_TRUE(connector) << connector.error().message;

  const auto verdict = parse(*(*connector)->validate());
  EXPECT_EQ(verdict.at("ok"), true) << boost::json::serialize(verdict) << "\n" << log->all();
  EXPECT_EQ(verdict.at("validation_url"), "https://api.zoomgov.com/v2/users/me");
  EXPECT_EQ(verdict.at("api_base_url"), "https://api.zoomgov.com/v2");
  EXPECT_EQ(sim.stats().token_requests, 1u);
  EXPECT_EQ(sim.stats().per_endpoint.count("GET /v2/users/{userId}"), 1u);
}

TEST(ZoomGov, TheApiHostSelectsZoomGovDefaults) {
  const object credential{{"credential_name", "gov"},
                          {"account_id", "acct"},
                          {"client_id", "cid"},
                          {"client_secret", "0123456789abcdef0123"}};
  auto config = zc::parse_connector_config(credential,
                                           object{{"api_base_url", "https://api.zoomgov.com/v2"}});
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->cloud, zc::ZoomCloud::zoomgov);
  EXPECT_EQ(config->oauth_url.buffer(), "https://zoomgov.com/oauth/token");
  EXPECT_EQ(config->validation_url.buffer(), "https://api.zoomgov.com/v2/users/me");

  // The form shows the zoom.us default prefilled; on ZoomGov it means ZoomGov's.
  object prefilled = credential;
  prefilled["validation_url"] = "https://api.zoom.us/v2/users/me";
  config = zc::parse_connector_config(prefilled, object{{"zoom_cloud", "zoomgov"}});
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->validation_url.buffer(), "https://api.zoomgov.com/v2/users/me");
  EXPECT_EQ(config->default_api_base, "https://api.zoomgov.com/v2");

  // Without ZoomGov, nothing changes.
  config = zc::parse_connector_config(credential, {});
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->oauth_url.buffer(), "https://zoom.us/oauth/token");
  EXPECT_EQ(config->validation_url.buffer(), "https://api.zoom.us/v2/users/me");
  EXPECT_EQ(config->default_api_base, "https://api.zoom.us/v2");
}

TEST(ZoomGov, MixedCloudsAreRefused) {
  const object credential{{"credential_name", "gov"},
                          {"account_id", "acct"},
                          {"client_id", "cid"},
                          {"client_secret", "0123456789abcdef0123"}};
  auto mixed = zc::parse_connector_config(credential,
                                          object{{"oauth_url", "https://zoom.us/oauth/token"},
                                                 {"api_base_url", "https://api.zoomgov.com/v2"}});
  ASSERT_FALSE(mixed);
  EXPECT_NE(mixed.error().message.find("different Zoom clouds"), std::string::npos)
      << mixed.error().message;
  auto conflict = zc::parse_connector_config(
      credential, object{{"zoom_cloud", "zoom"}, {"api_base_url", "https://api.zoomgov.com/v2"}});
  ASSERT_FALSE(conflict);
  EXPECT_NE(conflict.error().message.find("option \"zoom_cloud\" is \"zoom\""), std::string::npos)
      << conflict.error().message;
  auto unknown = zc::parse_connector_config(credential, object{{"zoom_cloud", "gov"}});
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("must be \"zoom\" or \"zoomgov\""), std::string::npos);
}

}  // namespace
