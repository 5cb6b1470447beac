// The web page's Re-validate when the host refuses the input (the saved
// validation URL is on an API port that moved, the server's options name an
// unknown option): a field error (HTTP 422 naming the field), not a verdict;
// the stored verdict stays as it was.
#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>

#include "credential_service.hpp"
#include "host_process.hpp"
#include "test_support.hpp"
#include "web_server.hpp"

namespace host_sim_test {
namespace {

namespace http = boost::beast::http;
namespace net = boost::asio;
namespace json = boost::json;
using tcp = net::ip::tcp;

std::string options_for(const std::string& base) {
  return "{\"oauth_url\":\"" + base + "/oauth/token\",\"api_base_url\":\"" + base +
         "/v2\",\"allow_insecure_loopback\":true}";
}

std::string port_of(const std::string& url) { return url.substr(url.rfind(':') + 1); }

// host_sim serve over a host, signed in; one request at a time.
class Served {
 public:
  Served(const host_sim::Host& host, host_sim::CredentialStore& store) {
    host_sim::ServeOptions options;
    options.port = 0;
    server_ = std::make_unique<host_sim::WebServer>(host, store, options);
    thread_ = std::thread([this] { server_->run(); });
    const std::string url = server_->url();
    const auto signed_in = exchange(http::verb::get, url.substr(url.find('/', 7)), "");
    const std::string cookie(signed_in[http::field::set_cookie]);
    cookie_ = cookie.substr(0, cookie.find(';'));
  }
  ~Served() {
    server_->stop();
    thread_.join();
  }
  Served(const Served&) = delete;
  Served& operator=(const Served&) = delete;

  http::response<http::string_body> exchange(http::verb method, const std::string& target,
                                             const std::string& body) {
    http::request<http::string_body> request(method, target, 11);
    request.set(http::field::host, "127.0.0.1:" + std::to_string(server_->port()));
    if (!cookie_.empty()) request.set(http::field::cookie, cookie_);
    request.set("X-CSRF-Token", server_->csrf_token());
    if (!body.empty()) {
      request.set(http::field::content_type, "application/json");
      request.body() = body;
    }
    request.prepare_payload();
    net::io_context io;
    tcp::socket socket(io);
    socket.connect({net::ip::make_address("127.0.0.1"), server_->port()});
    http::write(socket, request);
    boost::beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(socket, buffer, response);
    return response;
  }

 private:
  std::unique_ptr<host_sim::WebServer> server_;
  std::thread thread_;
  std::string cookie_;
};

class WebValidation : public ::testing::Test {
 protected:
  void SetUp() override {
    ::setenv("HOST_SIM_STORE_KEY", k_store_key, 1);
    store_ = host_sim::CredentialStore::open(host_sim::store_paths_for(dir_ / "s.db"));
    const json::object fields{{"credential_name", "good"},
                              {"account_id", "sim-account-id"},
                              {"client_id", "sim-client-id"},
                              {"client_secret", k_secret},
                              {"validation_url", sim_->base_url() + "/v2/users/me"}};
    const auto added = host_sim::add_credential(host_, *store_, "source", fields);
    ASSERT_TRUE(added.id);
    ASSERT_EQ(added.check->outcome, host_sim::Outcome::ok) << added.check->message;
    id_ = *added.id;
    before_ = *store_->get(id_);
  }

  // Re-validate through the page's API on a server over `host`.
  http::response<http::string_body> revalidate_on(const host_sim::Host& host) {
    Served served(host, *store_);
    return served.exchange(http::verb::post,
                           "/api/credentials/" + std::to_string(id_) + "/validate", "{}");
  }

  void expect_verdict_unchanged() {
    const auto after = store_->get(id_);
    ASSERT_TRUE(after);
    EXPECT_EQ(after->last_status, host_sim::ValidationState::valid) << after->last_message;
    EXPECT_EQ(after->last_message, before_.last_message);
    EXPECT_EQ(after->last_verdict_json, before_.last_verdict_json);
    EXPECT_EQ(after->last_validated_at, before_.last_validated_at);
  }

  TempDir dir_;
  std::unique_ptr<zoom_sim::Simulator> sim_ =
      std::make_unique<zoom_sim::Simulator>(simulator_options());
  host_sim::Host host_ =
      host_sim::Host::load(pp::Plugin::load(ZC_PLUGIN_PATH), options_for(sim_->base_url()));
  std::unique_ptr<host_sim::CredentialStore> store_;
  std::int64_t id_ = 0;
  host_sim::StoredCredential before_;
};

TEST_F(WebValidation, ReValidateOnAMovedApiPortIsAFieldErrorAndKeepsTheVerdict) {
  zoom_sim::Simulator moved(simulator_options());
  const auto moved_host =
      host_sim::Host::load(pp::Plugin::load(ZC_PLUGIN_PATH), options_for(moved.base_url()));
  const auto reply = revalidate_on(moved_host);
  ASSERT_EQ(reply.result_int(), 422u) << reply.body();
  const auto errors = json::parse(reply.body()).at("errors").as_object();
  ASSERT_TRUE(errors.contains("validation_url")) << reply.body();
  const std::string message(errors.at("validation_url").as_string());
  EXPECT_NE(message.find("127.0.0.1:" + port_of(sim_->base_url())), std::string::npos) << message;
  EXPECT_NE(message.find("127.0.0.1:" + port_of(moved.base_url())), std::string::npos) << message;
  EXPECT_EQ(reply.body().find(k_secret), std::string::npos);
  expect_verdict_unchanged();
}

TEST_F(WebValidation, ReValidateWithAnUnknownOptionIsAnErrorAndKeepsTheVerdict) {
  const auto bad_host =
      host_sim::Host::load(pp::Plugin::load(ZC_PLUGIN_PATH), R"({"oauth_ur":"x"})");
  const auto reply = revalidate_on(bad_host);
  ASSERT_EQ(reply.result_int(), 422u) << reply.body();
  const auto errors = json::parse(reply.body()).at("errors").as_object();
  ASSERT_FALSE(errors.empty()) << reply.body();
  EXPECT_NE(reply.body().find("oauth_ur"), std::string::npos) << reply.body();
  EXPECT_EQ(reply.body().find("rejected"), std::string::npos) << reply.body();
  expect_verdict_unchanged();
}

}  // namespace
}  // namespace host_sim_test
