// Network-level failures, each with a message a person can act on, and the
// rule that the token never goes to another host. Everything on 127.0.0.1.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "core/http_client.hpp"
#include "sim_connector.hpp"
#include "test_server.hpp"

namespace {

using boost::json::object;
using zc_test::build;
using zc_test::parse;
using zc_test::sim_credential;
using zc_test::sim_options;

bool has(const boost::json::value& v, const char* needle) {
  return v.is_string() && std::string(v.as_string()).find(needle) != std::string::npos;
}

object credential_for(const std::string& base) {
  return object{{"credential_name", "t"},
                {"account_id", zoom_sim::kDefaultAccountId},
                {"client_id", zoom_sim::kDefaultClientId},
                {"client_secret", zoom_sim::kDefaultClientSecret},
                {"validation_url", base + "/v2/users/me"}};
}
object options_for(const std::string& base) {
  return object{{"oauth_url", base + "/oauth/token"},
                {"api_base_url", base + "/v2"},
                {"allow_insecure_loopback", true},
                {"connect_timeout_ms", 2000},
                {"total_timeout_ms", 3000}};
}

TEST(Transport, NetworkUnreachable) {
  const std::string base = "http://127.0.0.1:" + std::to_string(zc_test::closed_loopback_port());
  auto b = build(credential_for(base), options_for(base));
  ASSERT_TRUE(b.connector);
  auto auth = b.connector->authenticate();
  ASSERT_FALSE(auth);
  EXPECT_EQ(auth.error().status, zc::Status::network);
  EXPECT_TRUE(auth.error().retryable);
  EXPECT_NE(auth.error().message.find("could not connect to 127.0.0.1:"), std::string::npos)
      << auth.error().message;
  const auto v = parse(*b.connector->validate());
  EXPECT_EQ(v.at("ok"), false);
  EXPECT_EQ(v.at("failed_step"), "token");
  EXPECT_EQ(v.at("status"), "network");
  // Refused on loopback: nothing listens there; no firewall is involved.
  EXPECT_TRUE(has(v.at("message"), "Nothing is listening there")) << v.at("message");
  EXPECT_FALSE(has(v.at("message"), "firewall")) << v.at("message");
}

TEST(Transport, TimeoutFromASilentServer) {
  zc_test::TestServer silent(zc_test::TestServer::Mode::silent);
  object o = options_for(silent.base_url());
  o["total_timeout_ms"] = 300;
  auto b = build(credential_for(silent.base_url()), o);
  ASSERT_TRUE(b.connector);
  const auto start = std::chrono::steady_clock::now();
  auto auth = b.connector->authenticate();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  ASSERT_FALSE(auth);
  EXPECT_EQ(auth.error().status, zc::Status::timeout);
  EXPECT_NE(auth.error().message.find("timeout"), std::string::npos) << auth.error().message;
  const auto v = parse(*b.connector->validate());
  EXPECT_EQ(v.at("status"), "timeout");
}

TEST(Transport, TlsFailureWhenHttpsMeetsAPlainHttpServer) {
  zoom_sim::Simulator sim;
  const std::string base = "https://127.0.0.1:" + std::to_string(sim.port());
  auto b = build(credential_for(base), options_for(base));
  ASSERT_TRUE(b.connector);
  auto auth = b.connector->authenticate();
  ASSERT_FALSE(auth);
  EXPECT_EQ(auth.error().status, zc::Status::network);
  EXPECT_NE(auth.error().message.find("TLS failure"), std::string::npos) << auth.error().message;
  EXPECT_NE(auth.error().message.find("cannot be turned off"), std::string::npos);
  const auto v = parse(*b.connector->validate());
  EXPECT_EQ(v.at("failed_step"), "token");
  EXPECT_TRUE(has(v.at("message"), "TLS failure"));
}

TEST(Transport, ProxyFailure) {
  zoom_sim::Simulator sim;
  object o = sim_options(sim);
  o["proxy"] =
      "http://proxyuser:proxypass@127.0.0.1:" + std::to_string(zc_test::closed_loopback_port());
  auto b = build(sim_credential(sim), o);
  ASSERT_TRUE(b.connector);
  auto auth = b.connector->authenticate();
  ASSERT_FALSE(auth);
  EXPECT_EQ(auth.error().status, zc::Status::network);
  EXPECT_NE(auth.error().message.find("proxy failure"), std::string::npos) << auth.error().message;
  EXPECT_EQ(auth.error().message.find("proxypass"), std::string::npos) << auth.error().message;
  EXPECT_EQ(sim.stats().requests, 0u);
  const auto v = parse(*b.connector->validate());
  EXPECT_TRUE(has(v.at("message"), "proxy failure"));
}

TEST(Transport, TokenIsNeverSentToAnotherHost) {
  zoom_sim::Simulator sim;
  zc_test::TestServer other;
  // 1. As the validation URL: refused when the connector is made.
  object c = sim_credential(sim);
  c["validation_url"] = other.base_url() + "/v2/users/me";
  auto config = zc::parse_connector_config(c, sim_options(sim));
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().status, zc::Status::invalid_argument);
  EXPECT_NE(config.error().message.find("\"validation_url\" (Credential Validation URL) is not "
                                        "allowed"),
            std::string::npos)
      << config.error().message;
  EXPECT_NE(config.error().message.find("not zoom.us"), std::string::npos);
  // Through the plugin's factory too.
  auto made = zc::make_connector(boost::json::serialize(c),
                                 boost::json::serialize(sim_options(sim)), nullptr);
  ASSERT_FALSE(made);
  EXPECT_EQ(made.error().status, zc::Status::invalid_argument);

  // 2. As an absolute URL handed to the API client (e.g. a next-page link).
  auto b = build(sim_credential(sim), sim_options(sim));
  ASSERT_TRUE(b.connector);
  for (const std::string& url :
       {other.base_url() + "/v2/users", other.base_url() + "/",
        std::string("http://127.0.0.2:") + std::to_string(sim.port()) + "/v2/users"}) {
    auto r = b.connector->api().get(url);
    ASSERT_FALSE(r) << url;
    EXPECT_EQ(r.error().status, zc::Status::invalid_argument);
    EXPECT_NE(r.error().message.find("only ever sent to Zoom"), std::string::npos);
  }
  EXPECT_TRUE(b.connector->api().get(sim.base_url() + "/v2/users/me"));
  EXPECT_EQ(other.connections(), 0);
  EXPECT_EQ(other.requests_with_authorization(), 0);
}

TEST(Transport, PlainHttpIsSentOnlyOnAConnectionToALoopbackAddress) {
  zc_test::TestServer server;
  const std::string port = std::to_string(server.port());
  // "localhost" resolving to 127.0.0.1: sent.
  auto client = zc::HttpClient::create({});
  ASSERT_TRUE(client);
  zc::HttpRequest request;
  request.url = "http://localhost:" + port + "/v2/users/me";
  request.headers = {{"Authorization", "Bearer sentinel-token"}};
  auto sent = (*client)->perform(request);
  ASSERT_TRUE(sent) << sent.error().message;
  EXPECT_EQ(server.requests_with_authorization(), 1);

  // "localhost" reaching an address outside 127.0.0.0/8 and ::1 (as a hostile
  // resolver could arrange): connected, then aborted before a byte of the
  // request. The IPv4-mapped ::ffff:127.0.0.1 is such an address to the rule
  // and still reaches this machine, so the test stays local.
  zc::HttpClientOptions elsewhere;
  elsewhere.connect_to = {"localhost:" + port + ":[::ffff:127.0.0.1]:" + port};
  auto redirected = zc::HttpClient::create(elsewhere);
  ASSERT_TRUE(redirected);
  auto refused = (*redirected)->perform(request);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().status, zc::Status::network);
  EXPECT_NE(
      refused.error().message.find("went to ::ffff:127.0.0.1, which is not a loopback address"),
      std::string::npos)
      << refused.error().message;
  EXPECT_EQ(refused.error().message.find("sentinel-token"), std::string::npos);
  // The server counts a connection on its own thread, maybe after curl gave up.
  for (int i = 0; i < 200 && server.connections() < 2; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(server.connections(), 2) << "the second connection was made";
  EXPECT_EQ(server.requests(), 1) << "but nothing was sent on it";
}

TEST(Transport, HeaderValuesCannotAddHeaders) {
  zc_test::TestServer server;
  zc::HttpClientOptions options;
  options.user_agent = "ua/1\r\nAuthorization: Bearer injected";
  auto client = zc::HttpClient::create(options);
  ASSERT_TRUE(client);
  zc::HttpRequest request;
  request.url = server.base_url() + "/";
  auto r = (*client)->perform(request);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message.find("injected"), std::string::npos) << r.error().message;
  auto plain = zc::HttpClient::create({});
  ASSERT_TRUE(plain);
  request.headers = {{"Accept", "application/json\nAuthorization: Bearer injected"}};
  EXPECT_FALSE((*plain)->perform(request));
  EXPECT_EQ(server.connections(), 0);
  EXPECT_EQ(server.requests_with_authorization(), 0);

  // Through the connector's options the same value is refused up front.
  zoom_sim::Simulator sim;
  object o = sim_options(sim);
  o["user_agent"] = "ua/1\r\nAuthorization: Bearer injected";
  auto config = zc::parse_connector_config(sim_credential(sim), o);
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().status, zc::Status::invalid_argument);
  EXPECT_NE(config.error().message.find("option \"user_agent\" contains control characters"),
            std::string::npos)
      << config.error().message;
  EXPECT_EQ(sim.stats().requests, 0u);
}

}  // namespace
