// Events over TLS: the WebSocket endpoint as wss:// in TLS mode, and an https://
// webhook URL checked against the given CA (and refused with another CA).
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include "test_pki.hpp"
#include "test_support.hpp"
#include "util.hpp"

namespace zoom_sim::testing {
namespace {

namespace net = boost::asio;
namespace ssl = net::ssl;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace json = boost::json;
using tcp = net::ip::tcp;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

class EventTls : public ::testing::Test {
 protected:
  void SetUp() override {
    ca = pki.make_ca("EventCA");
    other_ca = pki.make_ca("OtherCA");
    leaf = pki.make_leaf("EventCA", "sim", "DNS:localhost,IP:127.0.0.1");
    ASSERT_TRUE(pki.ok());
    tls.set_verify_mode(ssl::verify_peer);
    tls.load_verify_file(ca);
  }
  // A verified TLS connection to 127.0.0.1:port.
  std::unique_ptr<TlsStream> connect(unsigned short port) {
    auto s = std::make_unique<TlsStream>(ioc, tls);
    beast::get_lowest_layer(*s).expires_after(std::chrono::seconds(10));
    beast::get_lowest_layer(*s).connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
    s->set_verify_callback(ssl::host_name_verification("127.0.0.1"));
    s->handshake(ssl::stream_base::client);
    return s;
  }
  std::string token(unsigned short port) {
    auto s = connect(port);
    http::request<http::string_body> req{http::verb::post, "/oauth/token", 11};
    req.set(http::field::host, "127.0.0.1");
    req.set(http::field::authorization, basic_auth("sim-client-id", "sim-client-secret"));
    req.set(http::field::content_type, "application/x-www-form-urlencoded");
    req.body() = "grant_type=account_credentials&account_id=sim-account-id";
    req.prepare_payload();
    http::write(*s, req);
    beast::flat_buffer buf;
    http::response<http::string_body> res;
    http::read(*s, buf, res);
    return std::string(json::parse(res.body()).at("access_token").as_string());
  }

  zc_test::TestPki pki;
  std::string ca, other_ca;
  TlsFiles leaf;
  net::io_context ioc;
  ssl::context tls{ssl::context::tls_client};
};

TEST_F(EventTls, WebSocketOverTls) {
  auto opt = small_options();
  opt.tls = leaf;
  opt.events.websocket = true;
  Simulator sim(opt);
  ASSERT_TRUE(sim.base_url().starts_with("https://"));
  const auto tok = token(sim.port());
  websocket::stream<TlsStream> ws(std::move(*connect(sim.port())));
  ws.handshake("127.0.0.1", "/ws?subscriptionId=sim-subscription-id&access_token=" + tok);
  ws.text(true);
  ws.write(net::buffer(std::string(R"({"module":"heartbeat"})")));
  beast::flat_buffer buf;
  ws.read(buf);
  EXPECT_EQ(json::parse(beast::buffers_to_string(buf.data())).at("module"), "heartbeat");
  buf.consume(buf.size());
  sim.activity_step();  // publishes one event
  ws.read(buf);
  const auto msg = json::parse(beast::buffers_to_string(buf.data()));
  EXPECT_EQ(msg.at("module"), "message");
  EXPECT_EQ(msg.at("content").as_string(), sim.recent_events().at(0).json.c_str());
  ws.close(websocket::close_code::normal);
}

TEST_F(EventTls, HttpsWebhookIsCheckedAgainstTheCa) {
  // The target: another simulator in TLS mode (it answers the challenge with a
  // 404, which shows the TLS connection worked).
  auto target_opt = small_options();
  target_opt.tls = leaf;
  Simulator target(target_opt);
  for (const bool right_ca : {true, false}) {
    auto opt = small_options();
    opt.events.webhook_url = target.base_url() + "/hook";
    opt.events.webhook_secret = "s3cret";
    opt.events.webhook_ca_file = right_ca ? ca : other_ca;
    ::testing::internal::CaptureStderr();
    Simulator sim(opt);
    const auto err = ::testing::internal::GetCapturedStderr();
    EXPECT_EQ(sim.event_counters().webhook_validation_failures, 1u);
    if (right_ca) {
      EXPECT_NE(err.find("(status 404)"), std::string::npos) << err;
    } else {
      EXPECT_NE(err.find("(tls: "), std::string::npos) << err;
    }
    EXPECT_EQ(err.find("s3cret"), std::string::npos);  // never the secret
  }
  EXPECT_EQ(target.stats().per_status.at(404), 1u);  // only the connection with the right CA
}

}  // namespace
}  // namespace zoom_sim::testing
