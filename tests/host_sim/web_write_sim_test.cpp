// The destination panel's write through the web API, with the Zoom plugin
// against the Zoom simulator: a saved source credential used for writes
// without its secret; the operations with their record fields; lines that
// are not records refused by number; a dry run that lists the calls and makes
// none; a write that creates the records, with a failed line's field errors
// and the results as a download; Stop, and the same lines going on without a
// create sent twice. No answer carries the secret.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>

#include "credential_service.hpp"
#include "fetch_fixture.hpp"
#include "host_process.hpp"
#include "test_support.hpp"
#include "web_client.hpp"
#include "web_server.hpp"
#include "zoom_sim/writes.hpp"

namespace host_sim_test {
namespace {

namespace http = boost::beast::http;
namespace json = boost::json;

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class WebWrite : public ::testing::Test {
 protected:
  void SetUp() override {
    ::setenv("HOST_SIM_STORE_KEY", k_store_key, 1);
    store_ = host_sim::CredentialStore::open(host_sim::store_paths_for(dir_ / "s.db"));
    host_sim::ServeOptions options;
    options.port = 0;
    server_ = std::make_unique<host_sim::WebServer>(host_, *store_, options);
    thread_ = std::thread([this] { server_->run(); });
    client_.emplace(*server_);
    ASSERT_TRUE(client_->signed_in());
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
    source_ = added.json().at("credential").at("id").as_int64();
    for (const auto& user : sim_->dataset().users) {
      if (user.status == "active" && user.type == 2) {
        host_user_ = user.id;
        break;
      }
    }
    ASSERT_FALSE(host_user_.empty());
  }
  void TearDown() override {
    for (const auto& answer : client_->answers()) {
      EXPECT_FALSE(has(answer, k_secret)) << "no secret in any answer: " << answer;
    }
    server_->stop();
    thread_.join();
  }

  WebAnswer send(http::verb method, const std::string& target, const std::string& body = "") {
    return client_->send(method, target, body);
  }

  // The destination credential made from the source one; its API path.
  std::string destination() {
    const auto used = send(http::verb::post, source_path() + "/use-for-writes", "{}");
    EXPECT_EQ(used.status, 201) << used.body;
    destination_ = used.json().at("credential").at("id").as_int64();
    return "/api/credentials/" + std::to_string(destination_);
  }
  std::string source_path() const { return "/api/credentials/" + std::to_string(source_); }

  std::string meeting(const std::string& topic, int duration = 30) const {
    return json::serialize(json::object{{"user_id", host_user_},
                                        {"topic", topic},
                                        {"type", 2},
                                        {"start_time", "2030-01-15T10:00:00Z"},
                                        {"duration", duration}});
  }
  static std::string request(const std::string& lines, bool dry_run, bool start_over = false) {
    return json::serialize(json::object{{"operation", "meetings.create"},
                                        {"dry_run", dry_run},
                                        {"start_over", start_over},
                                        {"lines", lines}});
  }

  json::object finished(const std::string& base, int seconds = 60) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    json::object state;
    while (std::chrono::steady_clock::now() < deadline) {
      const auto answer = send(http::verb::get, base + "/write");
      state = answer.json().at("write").as_object();
      if (state.at("status") != "running") return state;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "timed out; last state " << json::serialize(state);
    return state;
  }

  // Calls to Zoom's API that are not reads (the token request is not one).
  std::size_t write_requests() const {
    std::size_t writes = 0;
    for (const auto& logged : sim_->request_log()) {
      writes += logged.method != "GET" && logged.path.starts_with("/v2/") ? 1 : 0;
    }
    return writes;
  }

  TempDir dir_;
  std::unique_ptr<zoom_sim::Simulator> sim_ =
      std::make_unique<zoom_sim::Simulator>(simulator_options());
  host_sim::Host host_ = host_sim::Host::load(
      pp::Plugin::load(ZC_PLUGIN_PATH),
      "{\"oauth_url\":\"" + sim_->base_url() + "/oauth/token\",\"api_base_url\":\"" +
          sim_->base_url() + "/v2\",\"allow_insecure_loopback\":true}");
  std::unique_ptr<host_sim::CredentialStore> store_;
  std::unique_ptr<host_sim::WebServer> server_;
  std::thread thread_;
  std::optional<WebClient> client_;
  std::int64_t source_ = 0;
  std::int64_t destination_ = 0;
  std::string host_user_;
};

TEST_F(WebWrite, ASavedSourceCredentialWritesWithoutItsSecretTypedAgain) {
  auto screen = send(http::verb::get, "/api/screen?direction=destination").json();
  ASSERT_EQ(screen.at("sources").as_array().size(), 1u);
  EXPECT_EQ(screen.at("sources").at(0).at("used"), false);

  const std::string base = destination();
  const auto row = store_->get(destination_);
  ASSERT_TRUE(row);
  EXPECT_EQ(row->direction, "destination");
  EXPECT_EQ(row->last_status, host_sim::ValidationState::valid) << row->last_message;
  EXPECT_EQ(std::string(store_->secrets(destination_).at("client_secret").as_string()), k_secret)
      << "the secret was copied inside the store";
  screen = send(http::verb::get, "/api/screen?direction=destination").json();
  EXPECT_EQ(screen.at("credentials").as_array().size(), 1u);
  EXPECT_EQ(screen.at("sources").at(0).at("used"), true);

  EXPECT_EQ(send(http::verb::post, source_path() + "/use-for-writes", "{}").status, 422)
      << "a destination of that name exists already";
  EXPECT_EQ(send(http::verb::post, base + "/use-for-writes", "{}").status, 400)
      << "only a source credential is used for writes";
  EXPECT_EQ(send(http::verb::get, source_path() + "/write/operations").status, 400)
      << "a write needs a destination credential";
}

TEST_F(WebWrite, OperationsComeWithTheirRecordFields) {
  const std::string base = destination();
  const auto answer = send(http::verb::get, base + "/write/operations");
  ASSERT_EQ(answer.status, 200) << answer.body;
  const auto info = answer.json().as_object();
  EXPECT_TRUE(has(std::string(info.at("command").as_string()), "write --store '/"));
  const json::object* create = nullptr;
  for (const auto& op : info.at("operations").as_array()) {
    if (op.at("name") == "meetings.create") create = &op.as_object();
  }
  ASSERT_NE(create, nullptr) << answer.body;
  EXPECT_EQ(create->at("allowed"), true);
  EXPECT_EQ(create->at("method"), "POST");
  bool user_id = false, start_time = false;
  for (const auto& field : create->at("fields").as_array()) {
    if (field.at("name") == "user_id") {
      user_id = field.at("required") == true && field.at("type") == "string" &&
                !field.at("description").as_string().empty();
    }
    if (field.at("name") == "start_time") {
      start_time = field.at("required") == false &&
                   has(std::string(field.at("type").as_string()), "date-time");
    }
  }
  EXPECT_TRUE(user_id && start_time) << json::serialize(*create);
}

TEST_F(WebWrite, LinesThatAreNotRecordsAreRefusedByNumberWithoutEchoingThem) {
  const std::string base = destination();
  const std::string lines = meeting("Fine") + "\n{\"user_id\":\"x\",\"password\":\"hunter2-" +
                            "secret\"\n[1,2]\n\n   \nnot json " + k_secret + "\n";
  const auto answer = send(http::verb::post, base + "/write", request(lines, false));
  ASSERT_EQ(answer.status, 422) << answer.body;
  const json::value refused = answer.json();
  const auto& errors = refused.at("lines").as_array();
  ASSERT_EQ(errors.size(), 3u) << answer.body;
  EXPECT_EQ(errors[0].at("line").to_number<int>(), 2);
  EXPECT_EQ(errors[1].at("line").to_number<int>(), 3);
  EXPECT_EQ(errors[2].at("line").to_number<int>(), 6)
      << "blank lines are counted, as host_sim write counts them";
  EXPECT_TRUE(has(std::string(errors[0].at("reason").as_string()), "not a JSON object"));
  EXPECT_FALSE(has(answer.body, "hunter2")) << "a line is never repeated";
  EXPECT_EQ(write_requests(), 0u);
  EXPECT_EQ(
      send(http::verb::post, base + "/write", R"({"operation":"meetings.explode","lines":"{}"})")
          .status,
      422);

  // The records' bound, not the 64 KiB of other requests: 100 KiB of lines
  // are read, and their last line refused by number.
  std::string many;
  while (many.size() < 100 * 1024) many += meeting("Many") + "\n";
  many += "oops\n";
  const auto big = send(http::verb::post, base + "/write", request(many, true));
  ASSERT_EQ(big.status, 422) << big.body.substr(0, 300);
  EXPECT_EQ(big.json().at("lines").at(0).at("line").to_number<std::size_t>(),
            static_cast<std::size_t>(std::count(many.begin(), many.end(), '\n')));
  EXPECT_EQ(send(http::verb::post, "/api/credentials", request(many, true)).status, 413)
      << "other requests keep their bound";
}

TEST_F(WebWrite, ADryRunListsTheCallsAndMakesNone) {
  const std::string base = destination();
  sim_->reset_stats();
  const auto started = send(http::verb::post, base + "/write",
                            request(meeting("Dry 1") + "\n" + meeting("Dry 2"), true));
  ASSERT_EQ(started.status, 202) << started.body;
  const auto state = finished(base);
  ASSERT_EQ(state.at("status"), "done") << json::serialize(state);
  const auto& rows = state.at("rows").as_array();
  ASSERT_EQ(rows.size(), 2u);
  for (const auto& row : rows) {
    EXPECT_EQ(row.at("outcome"), "would_do");
    EXPECT_EQ(row.at("call").at("method"), "POST");
    EXPECT_EQ(std::string(row.at("call").at("path").as_string()),
              "/users/" + host_user_ + "/meetings");
    EXPECT_TRUE(has(std::string(row.at("call").at("body").as_string()), "Dry "));
  }
  EXPECT_EQ(write_requests(), 0u) << "a dry run sends no write";
  EXPECT_EQ(sim_->writes().meetings(host_user_, "Dry 1"), 0u);
  EXPECT_EQ(sim_->writes().writes_applied(), 0u);
}

TEST_F(WebWrite, AWriteCreatesTheRecordsShowsFieldErrorsAndIsDownloadable) {
  const std::string base = destination();
  const std::string lines =
      meeting("Web A") + "\n" + meeting("Web bad", 5000) + "\n" + meeting("Web B") + "\n";
  ASSERT_EQ(send(http::verb::post, base + "/write", request(lines, false)).status, 202);
  const auto state = finished(base);
  ASSERT_EQ(state.at("status"), "done") << json::serialize(state);
  EXPECT_EQ(state.at("stored").to_number<int>(), 3);
  EXPECT_EQ(state.at("counts").at("done").to_number<int>(), 2);
  EXPECT_EQ(state.at("counts").at("failed").to_number<int>(), 1);
  const auto& rows = state.at("rows").as_array();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].at("outcome"), "done");
  EXPECT_FALSE(rows[0].at("id").as_string().empty()) << "the Zoom id of what was made";
  EXPECT_EQ(rows[1].at("line").to_number<int>(), 2);
  EXPECT_EQ(rows[1].at("outcome"), "failed");
  ASSERT_FALSE(rows[1].at("field_errors").as_array().empty()) << json::serialize(rows[1]);
  EXPECT_EQ(rows[1].at("field_errors").at(0).at("field"), "duration");
  EXPECT_EQ(sim_->writes().meetings(host_user_, "Web A"), 1u);
  EXPECT_EQ(sim_->writes().meetings(host_user_, "Web B"), 1u);
  EXPECT_EQ(sim_->writes().meetings(host_user_, "Web bad"), 0u);

  const auto download = send(http::verb::get, base + "/write/results");
  ASSERT_EQ(download.status, 200) << download.body;
  EXPECT_EQ(download.content_type, "application/x-ndjson");
  EXPECT_EQ(download.content_disposition, "attachment; filename=\"sim-results.jsonl\"");
  std::size_t line = 0;
  for (const auto& text : lines_of(download.body)) {
    const auto result = json::parse(text);
    EXPECT_EQ(result.at("line").to_number<std::size_t>(), ++line);
  }
  EXPECT_EQ(line, 3u);

  // The same lines again: a finished write is not repeated.
  ASSERT_EQ(send(http::verb::post, base + "/write", request(lines, false)).status, 202);
  const auto again = finished(base);
  EXPECT_EQ(again.at("stored").to_number<int>(), 0) << json::serialize(again);
  EXPECT_EQ(sim_->writes().meetings(host_user_, "Web A"), 1u) << "no create sent twice";
}

TEST_F(WebWrite, StopThenTheSameLinesGoOnWithoutACreateSentTwice) {
  const std::string base = destination();
  zoom_sim::FaultRule slow;  // every meeting create answers after 500 ms
  slow.kind = zoom_sim::FaultKind::delay;
  slow.path_prefix = "/v2/users/" + host_user_ + "/meetings";
  slow.probability = 1.0;
  slow.delay = std::chrono::milliseconds(500);
  sim_->set_faults(zoom_sim::FaultPlan{1, {slow}});
  constexpr int k_lines = 12;
  std::string lines;
  for (int i = 0; i < k_lines; ++i) lines += meeting("Stop " + std::to_string(i)) + "\n";
  ASSERT_EQ(send(http::verb::post, base + "/write", request(lines, false)).status, 202);
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  ASSERT_EQ(send(http::verb::post, base + "/write/stop", "{}").status, 200);
  const auto stopped = finished(base, 20);
  ASSERT_EQ(stopped.at("status"), "stopped") << json::serialize(stopped);
  EXPECT_LT(stopped.at("stored").to_number<int>(), k_lines);

  const auto other = send(http::verb::post, base + "/write", request(meeting("Other"), false));
  EXPECT_EQ(other.status, 409) << "other lines would drop the stopped write: " << other.body;
  EXPECT_EQ(other.json().at("start_over"), true);
  sim_->set_faults(zoom_sim::FaultPlan{});
  ASSERT_EQ(send(http::verb::post, base + "/write", request(lines, false)).status, 202);
  const auto resumed = finished(base);
  ASSERT_EQ(resumed.at("status"), "done") << json::serialize(resumed);
  EXPECT_GT(resumed.at("stored").to_number<int>(), 0) << "the resumed write goes on";

  const auto results = lines_of(send(http::verb::get, base + "/write/results").body);
  ASSERT_EQ(results.size(), static_cast<std::size_t>(k_lines))
      << "one result per line over both runs";
  for (int i = 0; i < k_lines; ++i) {
    const auto result = json::parse(results[static_cast<std::size_t>(i)]);
    const std::string outcome(result.at("outcome").as_string());
    const auto made = sim_->writes().meetings(host_user_, "Stop " + std::to_string(i));
    EXPECT_LE(made, 1u) << "line " << i + 1 << " was created twice";
    if (outcome == "done" || outcome == "already_done") {
      EXPECT_EQ(made, 1u) << i + 1;
    }
  }
}

}  // namespace
}  // namespace host_sim_test
