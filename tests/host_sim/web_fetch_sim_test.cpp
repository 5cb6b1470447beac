// The web fetch through the web API, with the Zoom plugin against the Zoom
// simulator: two streams with progress, preview tables and the summary in
// words; a fetch stopped while a request hangs on Zoom; no secret in any
// answer; nothing saved as a checkpoint.
#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <optional>
#include <sstream>
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

struct Answer {
  int status = 0;
  std::string body;
  json::value json() const { return json::parse(body); }
};

class WebFetch : public ::testing::Test {
 protected:
  void SetUp() override {
    ::setenv("HOST_SIM_STORE_KEY", k_store_key, 1);
    store_ = host_sim::CredentialStore::open(host_sim::store_paths_for(dir_ / "s.db"));
    start_server(host_);
    const auto added = send(
        http::verb::post, "/api/credentials",
        json::serialize(json::object{{"direction", "source"},
                                     {"fields",
                                      {{"credential_name", "sim"},
                                       {"account_id", "sim-account-id"},
                                       {"client_id", "sim-client-id"},
                                       {"client_secret", k_secret},
                                       {"validation_url", sim_->base_url() + "/v2/users/me"}}}}));
    ASSERT_EQ(added.status, 201) << added.body;
    id_ = added.json().at("credential").at("id").as_int64();
    base_ = "/api/credentials/" + std::to_string(id_);
  }
  void TearDown() override { stop_server(); }

  // host_sim serve over `host`, signed in.
  void start_server(const host_sim::Host& host) {
    host_sim::ServeOptions options;
    options.port = 0;
    server_ = std::make_unique<host_sim::WebServer>(host, *store_, options);
    thread_ = std::thread([this] { server_->run(); });
    const std::string url = server_->url();
    const auto signed_in = exchange(http::verb::get, url.substr(url.find('/', 7)), "", false);
    cookie_ = signed_in.second.substr(0, signed_in.second.find(';'));
    ASSERT_FALSE(cookie_.empty());
  }
  void stop_server() {
    server_->stop();
    thread_.join();
  }

  // The answer and its Set-Cookie header.
  std::pair<Answer, std::string> exchange(http::verb method, const std::string& target,
                                          const std::string& body, bool with_cookie = true) {
    http::request<http::string_body> request(method, target, 11);
    request.set(http::field::host, "127.0.0.1:" + std::to_string(server_->port()));
    if (with_cookie) request.set(http::field::cookie, cookie_);
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
    Answer answer{static_cast<int>(response.result_int()), response.body()};
    answers_.push_back(answer.body);
    return {answer, std::string(response[http::field::set_cookie])};
  }
  Answer send(http::verb method, const std::string& target, const std::string& body = "") {
    return exchange(method, target, body).first;
  }
  json::object fetch_state() {
    return send(http::verb::get, base_ + "/fetch").json().at("fetch").as_object();
  }

  // Polls until `done` says so or `seconds` pass; returns the last state.
  template <typename Done>
  json::object wait_until(Done done, int seconds = 60) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    json::object state;
    while (std::chrono::steady_clock::now() < deadline) {
      state = fetch_state();
      if (done(state)) return state;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "timed out; last state " << json::serialize(state);
    return state;
  }

  static const json::object& stream_of(const json::object& state, const char* name) {
    for (const auto& s : state.at("streams").as_array()) {
      if (s.at("name") == name) return s.as_object();
    }
    throw std::runtime_error(std::string("no stream ") + name);
  }

  TempDir dir_;
  std::unique_ptr<zoom_sim::Simulator> sim_ =
      std::make_unique<zoom_sim::Simulator>(simulator_options());
  host_sim::Host host_ = host_sim::Host::load(
      pp::Plugin::load(ZC_PLUGIN_PATH),
      "{\"oauth_url\":\"" + sim_->base_url() + "/oauth/token\",\"api_base_url\":\"" +
          sim_->base_url() + "/v2\",\"allow_insecure_loopback\":true}");
  std::optional<host_sim::Host> plain_host_;  // started without --options
  std::unique_ptr<host_sim::CredentialStore> store_;
  std::unique_ptr<host_sim::WebServer> server_;
  std::thread thread_;
  std::string cookie_;
  std::int64_t id_ = 0;
  std::string base_;
  std::vector<std::string> answers_;
};

TEST_F(WebFetch, TwoStreamsWithProgressPreviewAndTheSummaryInWords) {
  const auto streams = send(http::verb::get, base_ + "/streams");
  ASSERT_EQ(streams.status, 200) << streams.body;
  const json::value listed = streams.json();
  EXPECT_EQ(listed.at("marked_by_plugin"), true) << streams.body;
  for (const auto& s : listed.at("streams").as_array()) {
    EXPECT_EQ(s.at("allowed"), true) << "the simulator grants every scope: " << json::serialize(s);
  }

  const auto started = send(http::verb::post, base_ + "/fetch",
                            R"({"streams":["users","webinars"],"mode":"full_refresh"})");
  ASSERT_EQ(started.status, 202) << started.body;
  const auto state = wait_until([](const json::object& s) { return s.at("status") != "running"; });
  ASSERT_EQ(state.at("status"), "done") << json::serialize(state);

  const auto& dataset = sim_->dataset();
  const auto& users = stream_of(state, "users");
  EXPECT_EQ(users.at("records").to_number<std::size_t>(), dataset.users.size());
  EXPECT_GE(users.at("requests").to_number<int>(), 1);
  EXPECT_EQ(users.at("eta"), "done");
  const auto& webinars = stream_of(state, "webinars");
  EXPECT_GT(webinars.at("records").to_number<int>(), 0);
  EXPECT_GT(webinars.at("partitions_skipped").to_number<int>(), 0)
      << "users without a webinar licence";
  EXPECT_EQ(webinars.at("partitions_expected").to_number<std::size_t>(), dataset.users.size())
      << "one partition per user, known once the users are listed";
  EXPECT_EQ(webinars.at("partitions_done").to_number<std::size_t>(), dataset.users.size());

  const auto& preview = state.at("preview").as_array();
  ASSERT_EQ(preview.size(), 2u);
  EXPECT_EQ(preview[0].at("stream"), "users");
  EXPECT_EQ(preview[0].at("rows").as_array().size(), 20u) << "only the first records are kept";
  const auto& columns = preview[0].at("columns").as_array();
  EXPECT_NE(std::find(columns.begin(), columns.end(), json::value("email")), columns.end());
  EXPECT_LE(columns.size(), 12u);
  for (const auto& row : preview[1].at("rows").as_array()) {
    for (const auto& cell : row.as_array()) EXPECT_LE(cell.as_string().size(), 163u);
  }

  std::string summary;
  for (const auto& line : state.at("summary").as_array())
    summary += std::string(line.as_string()) + "\n";
  EXPECT_NE(summary.find("users without the licence, plan or permission needed (3161)"),
            std::string::npos)
      << summary;
  EXPECT_NE(summary.find(" s\n"), std::string::npos) << "elapsed time in words: " << summary;
  EXPECT_TRUE(store_->states(id_).empty()) << "a web fetch saves no checkpoint";
  for (const auto& answer : answers_) {
    EXPECT_EQ(answer.find(k_secret), std::string::npos) << "no secret in any answer";
  }
}

// `host_sim serve` without --options: the page's streams and fetch use the
// options the credential was saved with (here the simulator's, which allow
// plain http to loopback), as `host_sim fetch` does.
TEST_F(WebFetch, UsesTheOptionsTheCredentialWasSavedWith) {
  ASSERT_EQ(store_->load_options(id_), host_.options_json);
  stop_server();
  plain_host_.emplace(host_sim::Host::load(pp::Plugin::load(ZC_PLUGIN_PATH), "{}"));
  start_server(*plain_host_);
  const auto streams = send(http::verb::get, base_ + "/streams");
  ASSERT_EQ(streams.status, 200) << streams.body;
  EXPECT_EQ(streams.json().at("marked_by_plugin"), true) << streams.body;
  ASSERT_EQ(
      send(http::verb::post, base_ + "/fetch", R"({"streams":["users"],"mode":"full_refresh"})")
          .status,
      202);
  const auto state = wait_until([](const json::object& s) { return s.at("status") != "running"; });
  ASSERT_EQ(state.at("status"), "done") << json::serialize(state);
  EXPECT_EQ(stream_of(state, "users").at("records").to_number<std::size_t>(),
            sim_->dataset().users.size());
}

TEST_F(WebFetch, StopEndsAFetchWhileItsRequestHangsOnZoom) {
  zoom_sim::FaultRule hang;
  hang.kind = zoom_sim::FaultKind::delay;
  hang.path_prefix = "/v2/groups";
  hang.probability = 1.0;
  hang.delay = std::chrono::milliseconds(20000);
  sim_->set_faults(zoom_sim::FaultPlan{1, {hang}});
  ASSERT_EQ(send(http::verb::post, base_ + "/fetch", R"({"streams":["users","groups"]})").status,
            202);
  auto state = wait_until([&](const json::object& s) {
    return s.at("status") == "running" &&
           stream_of(s, "users").at("records").to_number<std::size_t>() ==
               sim_->dataset().users.size();
  });
  EXPECT_EQ(stream_of(state, "groups").at("eta"), "not knowable yet") << json::serialize(state);
  EXPECT_EQ(send(http::verb::post, base_ + "/fetch", R"({"streams":["users"]})").status, 409)
      << "one fetch per credential at a time";

  const auto asked = std::chrono::steady_clock::now();
  ASSERT_EQ(send(http::verb::post, base_ + "/fetch/stop", "{}").status, 200);
  state = wait_until([](const json::object& s) { return s.at("status") != "running"; }, 10);
  EXPECT_EQ(state.at("status"), "stopped") << json::serialize(state);
  EXPECT_LT(std::chrono::steady_clock::now() - asked, std::chrono::seconds(10))
      << "stop does not wait for Zoom's answer";
  EXPECT_EQ(stream_of(state, "users").at("records").to_number<std::size_t>(),
            sim_->dataset().users.size());
  EXPECT_TRUE(store_->states(id_).empty());
}

TEST_F(WebFetch, AChildStreamGetsAnEtaOnceOneOfItsPartitionsIsDone) {
  zoom_sim::FaultRule slow;  // each user's webinars answer after 300 ms
  slow.kind = zoom_sim::FaultKind::delay;
  slow.path_prefix = "/v2/users/";
  slow.probability = 1.0;
  slow.delay = std::chrono::milliseconds(300);
  sim_->set_faults(zoom_sim::FaultPlan{1, {slow}});
  ASSERT_EQ(send(http::verb::post, base_ + "/fetch", R"({"streams":["users","webinars"]})").status,
            202);
  const auto state = wait_until([](const json::object& s) {
    return s.at("status") != "running" ||
           stream_of(s, "webinars").at("partitions_done").to_number<int>() >= 2;
  });
  ASSERT_EQ(state.at("status"), "running") << json::serialize(state);
  const auto& webinars = stream_of(state, "webinars");
  EXPECT_TRUE(std::string(webinars.at("eta").as_string()).starts_with("about "))
      << json::serialize(webinars);
  EXPECT_GT(webinars.at("eta_s").to_number<double>(), 0.0);
  EXPECT_EQ(stream_of(state, "users").at("eta"), "not knowable yet")
      << "a top-level stream's partitions are the plugin's business";
  EXPECT_EQ(send(http::verb::post, base_ + "/fetch/stop", "{}").status, 200);
}

}  // namespace
}  // namespace host_sim_test
