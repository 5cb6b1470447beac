// https to the simulator with a certificate from a CA the test makes: the
// connector trusts it only through the ca_bundle option, checks the host
// name, and has no switch that turns verification off.
#include <gtest/gtest.h>

#include <algorithm>

#include "sim_connector.hpp"
#include "test_pki.hpp"

namespace {

using boost::json::object;
using zc_test::build;
using zc_test::parse;
using zc_test::sim_credential;
using zc_test::sim_options;

class Tls : public ::testing::Test {
 protected:
  Tls() {
    ca_ = pki_.make_ca("TestCA");
    other_ca_ = pki_.make_ca("OtherCA");
    by_address_ = pki_.make_leaf("TestCA", "byaddress", "DNS:localhost,IP:127.0.0.1");
    by_name_only_ = pki_.make_leaf("TestCA", "byname", "DNS:localhost");
  }
  static zoom_sim::Options tls_options(const zoom_sim::TlsFiles& files) {
    zoom_sim::Options o;
    o.tls = files;
    return o;
  }
  // Authenticate's error, or "" when it worked.
  static std::string authenticate(const zoom_sim::Simulator& sim, const object& extra) {
    object options = sim_options(sim);
    for (const auto& [k, v] : extra) options[k] = v;
    auto b = build(sim_credential(sim), options);
    if (!b.connector) return "no connector";
    auto auth = b.connector->authenticate();
    return auth ? "" : auth.error().message;
  }

  zc_test::TestPki pki_;
  std::string ca_, other_ca_;
  zoom_sim::TlsFiles by_address_, by_name_only_;
};

TEST_F(Tls, TheSimulatorServesHttpsAndTheTestCaMakesItWork) {
  ASSERT_TRUE(pki_.ok());
  zoom_sim::Simulator sim(tls_options(by_address_));
  ASSERT_TRUE(sim.base_url().starts_with("https://127.0.0.1:")) << sim.base_url();
  object options = sim_options(sim);
  options["ca_bundle"] = ca_;
  auto b = build(sim_credential(sim), options);
  ASSERT_TRUE(b.connector);
  const auto verdict = parse(*b.connector->validate());
  EXPECT_EQ(verdict.at("ok"), true) << boost::json::serialize(verdict);
  EXPECT_EQ(sim.stats().token_requests, 1u);
  EXPECT_EQ(sim.stats().per_endpoint.count("GET /v2/users/{userId}"), 1u);
}

TEST_F(Tls, WithoutTheCaBundleTheCertificateIsRefused) {
  ASSERT_TRUE(pki_.ok());
  zoom_sim::Simulator sim(tls_options(by_address_));
  const std::string m = authenticate(sim, {});
  EXPECT_NE(m.find("TLS failure"), std::string::npos) << m;
  EXPECT_NE(m.find("ca_bundle"), std::string::npos) << m;
  EXPECT_EQ(sim.stats().requests, 0u) << "nothing may be sent before the certificate is trusted";
}

TEST_F(Tls, ACaBundleOfAnotherCaIsRefused) {
  ASSERT_TRUE(pki_.ok());
  zoom_sim::Simulator sim(tls_options(by_address_));
  const std::string m = authenticate(sim, {{"ca_bundle", other_ca_}});
  EXPECT_NE(m.find("TLS failure"), std::string::npos) << m;
  EXPECT_EQ(sim.stats().requests, 0u);
}

TEST_F(Tls, ACertificateForAnotherNameIsRefused) {
  ASSERT_TRUE(pki_.ok());
  // Valid, from the trusted CA, but for "localhost" only; reached as 127.0.0.1.
  zoom_sim::Simulator sim(tls_options(by_name_only_));
  const std::string m = authenticate(sim, {{"ca_bundle", ca_}});
  EXPECT_NE(m.find("TLS failure"), std::string::npos) << m;
  EXPECT_EQ(sim.stats().requests, 0u);
}

TEST_F(Tls, NoOptionTurnsVerificationOff) {
  for (const auto key : zc::option_keys()) {
    for (const char* word : {"verify", "insecure_tls", "ssl", "tls", "skip", "cert"}) {
      EXPECT_EQ(std::string(key).find(word), std::string::npos) << key;
    }
  }
  zoom_sim::Simulator sim;
  for (const char* key : {"ssl_verify_peer", "ssl_verify_host", "insecure", "verify_tls"}) {
    object options = sim_options(sim);
    options[key] = false;
    auto config = zc::parse_connector_config(sim_credential(sim), options);
    ASSERT_FALSE(config) << key;
    EXPECT_NE(config.error().message.find(std::string("unknown option \"") + key),
              std::string::npos)
        << config.error().message;
  }
}

// An intercepting proxy (issue 20, point 4): a proxy with a CA bundle of its
// own can decrypt TLS and read the secret and every token, so the pair is
// refused unless trust_intercepting_proxy_with_secrets says otherwise; then
// every connector made warns, and the verdict names it. (NO_PROXY keeps
// libcurl from the proxy, which does not exist, so the call reaches the
// simulator: the rule holds for any proxy that is configured.)
TEST_F(Tls, AProxyWithItsOwnCaIsRefusedUnlessTrustedThenEveryConnectorWarns) {
  ASSERT_TRUE(pki_.ok());
  ASSERT_EQ(setenv("NO_PROXY", "127.0.0.1", 1), 0);
  zoom_sim::Simulator sim(tls_options(by_address_));
  object options = sim_options(sim);
  options["ca_bundle"] = ca_;
  options["proxy"] = "http://proxyuser:proxypass@127.0.0.1:9";
  auto refused = zc::parse_connector_config(sim_credential(sim), options);
  ASSERT_FALSE(refused);
  const std::string& m = refused.error().message;
  EXPECT_NE(m.find("options \"ca_bundle\" and \"proxy\" together are refused"), std::string::npos)
      << m;
  EXPECT_NE(m.find("trust_intercepting_proxy_with_secrets"), std::string::npos) << m;
  EXPECT_EQ(m.find("proxypass"), std::string::npos) << "never the proxy's password: " << m;
  EXPECT_EQ(sim.stats().requests, 0u);

  options["trust_intercepting_proxy_with_secrets"] = true;
  for (int made = 1; made <= 2; ++made) {
    auto b = build(sim_credential(sim), options);
    ASSERT_TRUE(b.connector);
    const std::string log = b.log->all();
    EXPECT_NE(log.find("can be read by the proxy 127.0.0.1:9"), std::string::npos)
        << "connector " << made << " warns: " << log;
    EXPECT_EQ(log.find("proxypass"), std::string::npos) << log;
    const auto verdict = parse(*b.connector->validate());
    EXPECT_EQ(verdict.at("ok"), true) << boost::json::serialize(verdict);
    ASSERT_EQ(verdict.at("warnings").as_array().size(), 1u) << boost::json::serialize(verdict);
    EXPECT_NE(std::string(verdict.at("warnings").as_array()[0].as_string())
                  .find("trust_intercepting_proxy_with_secrets"),
              std::string::npos);
    EXPECT_NE(std::string(verdict.at("message").as_string()).find("Warning: the client secret"),
              std::string::npos)
        << verdict.at("message");
  }

  // Without a proxy the same CA bundle needs no trust and warns about nothing.
  options.erase("proxy");
  options.erase("trust_intercepting_proxy_with_secrets");
  auto direct = build(sim_credential(sim), options);
  ASSERT_TRUE(direct.connector);
  const auto verdict = parse(*direct.connector->validate());
  EXPECT_EQ(verdict.at("ok"), true);
  EXPECT_TRUE(verdict.at("warnings").as_array().empty());
  unsetenv("NO_PROXY");
}

}  // namespace
