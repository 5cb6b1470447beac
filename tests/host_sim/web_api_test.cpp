// The web API: save, list, re-validate, edit, delete; the launch key and
// session cookie, CSRF, Origin, Host and content-type refusals; escaping;
// secrets never sent; bad HTTP input; slow clients.
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <memory>
#include <sstream>
#include <thread>
#include <vector>

#include "credential_service.hpp"
#include "test_support.hpp"
#include "web_fetch_job.hpp"
#include "web_server.hpp"

namespace {

namespace http = boost::beast::http;
namespace net = boost::asio;
namespace json = boost::json;
using tcp = net::ip::tcp;

struct Reply {
  int status = 0;
  std::string body;
  http::response<http::string_body> raw;
  json::value json() const { return json::parse(body); }
};

class WebApi : public ::testing::Test {
 protected:
  virtual void configure(host_sim::ServeOptions&) {}
  void SetUp() override {
    ::setenv("HOST_SIM_STORE_KEY", std::string(64, 'd').c_str(), 1);
    store_ = host_sim::CredentialStore::open(host_sim::store_paths_for(dir_ / "s.db"));
    host_sim::ServeOptions options;
    options.port = 0;
    options.body_limit = 4096;
    configure(options);
    server_ = std::make_unique<host_sim::WebServer>(host_, *store_, options);
    thread_ = std::thread([this] { server_->run(); });
    cookie_ = sign_in();
  }

  // Opens the printed URL as a browser would: its key buys the cookie.
  std::string sign_in() {
    const std::string url = server_->url();
    const std::string target = url.substr(url.find('/', std::string("http://").size()));
    http::request<http::string_body> request(http::verb::get, target, 11);
    request.set(http::field::host, host_header());
    std::ostringstream text;
    text << request;
    const auto reply = send_raw(text.str());
    EXPECT_EQ(reply.status, 303) << reply.body;
    const std::string set_cookie(reply.raw[http::field::set_cookie]);
    return set_cookie.substr(0, set_cookie.find(';'));
  }
  void TearDown() override {
    server_->stop();
    thread_.join();
  }

  std::string host_header() const { return "127.0.0.1:" + std::to_string(server_->port()); }

  Reply send_raw(const std::string& bytes) {
    net::io_context io;
    tcp::socket socket(io);
    socket.connect({net::ip::make_address("127.0.0.1"), server_->port()});
    net::write(socket, net::buffer(bytes));
    boost::beast::flat_buffer buffer;
    Reply reply;
    boost::system::error_code ec;
    http::read(socket, buffer, reply.raw, ec);
    reply.status = static_cast<int>(reply.raw.result_int());
    reply.body = reply.raw.body();
    return reply;
  }

  Reply send(http::verb method, const std::string& target, const std::string& body = "",
             bool with_token = true, const std::string& origin = "",
             const std::string& content_type = "application/json", std::string host = "") {
    http::request<http::string_body> request(method, target, 11);
    request.set(http::field::host, host.empty() ? host_header() : host);
    if (!cookie_.empty()) request.set(http::field::cookie, cookie_);
    if (with_token) request.set("X-CSRF-Token", server_->csrf_token());
    if (!origin.empty()) request.set(http::field::origin, origin);
    if (!body.empty()) {
      request.set(http::field::content_type, content_type);
      request.body() = body;
    }
    request.prepare_payload();
    std::ostringstream text;
    text << request;
    return send_raw(text.str());
  }

  Reply post_credential(const std::string& fields) {
    return send(http::verb::post, "/api/credentials",
                R"({"direction":"source","fields":)" + fields + "}");
  }

  host_sim_test::TempDir dir_;
  host_sim::Host host_ = host_sim::Host::load(pp::Plugin::load(FAKE_FULL_PATH), "{}");
  std::unique_ptr<host_sim::CredentialStore> store_;
  std::unique_ptr<host_sim::WebServer> server_;
  std::thread thread_;
  std::string cookie_;  // "name=value", sent with every request
};

TEST_F(WebApi, EveryRequestNeedsTheCookieThePrintedUrlHandsOut) {
  const std::string url = server_->url();
  EXPECT_EQ(url, server_->base_url() + "?key=" + server_->launch_key());
  EXPECT_EQ(server_->launch_key().size(), 64u);
  EXPECT_EQ(cookie_.find(server_->launch_key()), std::string::npos) << "the cookie is not the key";
  EXPECT_EQ(cookie_.find("host_sim_session_" + std::to_string(server_->port()) + "="), 0u)
      << cookie_;

  const std::string signed_in = cookie_;
  cookie_.clear();  // another local user: can reach the port, has no cookie
  auto reply = send(http::verb::get, "/", "", false);
  EXPECT_EQ(reply.status, 401);
  EXPECT_NE(reply.body.find("printed"), std::string::npos) << reply.body;
  EXPECT_EQ(reply.body.find(server_->csrf_token()), std::string::npos)
      << "no token without the key";
  EXPECT_EQ(send(http::verb::get, "/api/screen", "", false).status, 401);
  EXPECT_EQ(send(http::verb::get, "/app.js", "", false).status, 401);
  EXPECT_EQ(post_credential(R"({"credential_name":"n","api_key":"k"})").status, 401)
      << "even with the CSRF token";
  EXPECT_EQ(send(http::verb::delete_, "/api/credentials/1").status, 401);
  EXPECT_EQ(send(http::verb::get, "/?key=" + std::string(64, '0'), "", false).status, 401);
  EXPECT_TRUE(send(http::verb::get, "/?key=" + std::string(64, '0'), "", false)
                  .raw[http::field::set_cookie]
                  .empty());
  cookie_ = "host_sim_session_" + std::to_string(server_->port()) + "=" + std::string(64, '0');
  EXPECT_EQ(send(http::verb::get, "/", "", false).status, 401) << "a guessed cookie";
  EXPECT_TRUE(store_->list("acme", "source").empty());

  cookie_.clear();
  reply = send(http::verb::get, "/?key=" + server_->launch_key(), "", false);
  EXPECT_EQ(reply.status, 303);
  EXPECT_EQ(reply.raw[http::field::location], "/") << "the key leaves the address bar";
  const std::string set_cookie(reply.raw[http::field::set_cookie]);
  EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos) << set_cookie;
  EXPECT_NE(set_cookie.find("SameSite=Strict"), std::string::npos) << set_cookie;
  EXPECT_EQ(set_cookie.substr(0, set_cookie.find(';')), signed_in);
  cookie_ = "other=1; " + signed_in;
  EXPECT_EQ(send(http::verb::get, "/", "", false).status, 200) << "found among other cookies";
}

TEST_F(WebApi, PageCarriesTokenAndStrictHeadersOnceSignedIn) {
  const auto reply = send(http::verb::get, "/", "", false);
  EXPECT_EQ(reply.status, 200);
  EXPECT_NE(reply.body.find(server_->csrf_token()), std::string::npos);
  EXPECT_NE(std::string(reply.raw["Content-Security-Policy"]).find("script-src 'self'"),
            std::string::npos);
  EXPECT_EQ(reply.raw["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(reply.body.find("cdn"), std::string::npos);
  for (const char* script : {"/app.js", "/page.js", "/data_panel.js"}) {
    const auto js = send(http::verb::get, script, "", false);
    EXPECT_EQ(js.status, 200) << script;
    EXPECT_EQ(std::string(js.raw[http::field::content_type]), "text/javascript; charset=utf-8");
  }
  EXPECT_EQ(send(http::verb::get, "/app.css", "", false).status, 200);
  EXPECT_EQ(send(http::verb::get, "/nope", "", false).status, 404);
}

// The route table as wired: a known path with a method it has no route for
// answers 404, as an unknown path does; an id that names no credential
// answers 404 "no such credential" whatever follows it.
TEST_F(WebApi, RoutesAnswer404ForMethodsAndPathsTheyDoNotHave) {
  const auto added = post_credential(R"({"credential_name":"n","api_key":"k"})");
  ASSERT_EQ(added.status, 201) << added.body;
  const std::string id = std::to_string(added.json().at("credential").at("id").as_int64());
  const auto not_found = [](const Reply& reply) {
    return reply.status == 404 && reply.json().at("error") == "not found";
  };
  EXPECT_TRUE(not_found(send(http::verb::get, "/api/credentials", "", false)));
  EXPECT_TRUE(not_found(send(http::verb::post, "/api/credentials/" + id, "{}")));
  EXPECT_TRUE(not_found(send(http::verb::delete_, "/api/credentials/" + id + "/validate")));
  EXPECT_TRUE(not_found(send(http::verb::get, "/api/credentials/" + id + "/nothing", "", false)));
  EXPECT_TRUE(not_found(send(http::verb::post, "/api/screen", "{}")));
  const auto missing = send(http::verb::get, "/api/credentials/999/nothing", "", false);
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.json().at("error"), "no such credential");
  EXPECT_EQ(send(http::verb::head, "/api/credentials/" + id + "/fetch", "", false).status, 200);
  EXPECT_EQ(store_->list("acme", "source").size(), 1u);
}

TEST_F(WebApi, ScreenRendersThePluginsOwnForm) {
  const auto reply = send(http::verb::get, "/api/screen?direction=source", "", false);
  ASSERT_EQ(reply.status, 200) << reply.body;
  const auto screen = reply.json().as_object();
  EXPECT_EQ(screen.at("connector").at("display_name"), "Acme");
  const auto& fields = screen.at("form").at("fields").as_array();
  ASSERT_EQ(fields.size(), 4u);
  EXPECT_EQ(fields[2].at("label"), "Acme API Key");
  EXPECT_EQ(fields[2].at("secret"), true);
  EXPECT_EQ(fields[3].at("default"), "eu");
  EXPECT_EQ(send(http::verb::get, "/api/screen?direction=sideways", "", false).status, 400);
}

TEST_F(WebApi, SaveListRevalidateEditDelete) {
  auto reply =
      post_credential(R"({"credential_name":"web one","api_key":"k-secret-1","region":"us"})");
  ASSERT_EQ(reply.status, 201) << reply.body;
  EXPECT_EQ(reply.body.find("k-secret-1"), std::string::npos) << "secrets never go back";
  const auto created = reply.json().as_object();
  EXPECT_EQ(created.at("verdict").at("ok"), true);
  EXPECT_EQ(created.at("verdict").at("state"), "valid");
  const auto& credential = created.at("credential").as_object();
  EXPECT_EQ(credential.at("fields").at("api_key"), (json::object{{"set", true}}));
  EXPECT_EQ(credential.at("last_status"), "valid");
  const std::string id = std::to_string(credential.at("id").as_int64());

  reply = send(http::verb::get, "/api/screen?direction=source", "", false);
  EXPECT_EQ(reply.json().at("credentials").as_array().size(), 1u);
  EXPECT_EQ(reply.body.find("k-secret-1"), std::string::npos);

  reply = send(http::verb::post, "/api/credentials/" + id + "/validate", "{}");
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.json().at("verdict").at("ok"), true);

  // Edit with the secret left blank: the stored one stays.
  reply = send(http::verb::put, "/api/credentials/" + id,
               R"({"fields":{"credential_name":"renamed","api_key":"","region":"eu"}})");
  ASSERT_EQ(reply.status, 200) << reply.body;
  const auto all = store_->credential_json(std::stoll(id));
  EXPECT_EQ(all.at("api_key"), "k-secret-1");
  EXPECT_EQ(all.at("credential_name"), "renamed");
  EXPECT_EQ(all.at("region"), "eu");

  reply = send(http::verb::delete_, "/api/credentials/" + id);
  EXPECT_EQ(reply.status, 200) << reply.body;
  EXPECT_TRUE(store_->list("acme", "source").empty());
  EXPECT_EQ(send(http::verb::delete_, "/api/credentials/" + id).status, 404);
}

TEST_F(WebApi, FieldErrorsComeBackPerField) {
  const auto reply = post_credential(R"({"credential_name":"x","region":"mars","extra":"1"})");
  ASSERT_EQ(reply.status, 422) << reply.body;
  const auto errors = reply.json().at("errors").as_object();
  EXPECT_EQ(errors.at("api_key"), "Acme API Key is required");
  EXPECT_EQ(errors.at("region"), "Acme Region must be one of: eu, us");
  EXPECT_TRUE(errors.contains("extra"));
  EXPECT_TRUE(store_->list("acme", "source").empty());
  ASSERT_EQ(post_credential(R"({"credential_name":"dup","api_key":"a"})").status, 201);
  const auto dup = post_credential(R"({"credential_name":"dup","api_key":"b"})");
  EXPECT_EQ(dup.status, 422);
  EXPECT_EQ(store_->credential_json(store_->list("acme", "source")[0].id).at("api_key"), "a");
}

TEST_F(WebApi, StateChangesWithoutTheRightTokenOriginHostOrTypeAreRefused) {
  const std::string body = R"({"fields":{"credential_name":"n","api_key":"k"}})";
  EXPECT_EQ(send(http::verb::post, "/api/credentials", body, false).status, 403);
  auto reply = send(http::verb::post, "/api/credentials", body, false);
  EXPECT_NE(reply.body.find("CSRF"), std::string::npos);
  {
    http::request<http::string_body> request(http::verb::post, "/api/credentials", 11);
    request.set(http::field::host, host_header());
    request.set(http::field::cookie, cookie_);
    request.set("X-CSRF-Token", std::string(64, '0'));
    request.set(http::field::content_type, "application/json");
    request.body() = body;
    request.prepare_payload();
    std::ostringstream text;
    text << request;
    EXPECT_EQ(send_raw(text.str()).status, 403) << "wrong token";
  }
  EXPECT_EQ(send(http::verb::post, "/api/credentials", body, true, "http://evil.example").status,
            403);
  EXPECT_EQ(
      send(http::verb::post, "/api/credentials", body, true, "http://" + host_header()).status, 201)
      << "same origin is fine";
  EXPECT_EQ(send(http::verb::post, "/api/credentials", body, true, "", "text/plain").status, 415);
  EXPECT_EQ(send(http::verb::get, "/api/screen", "", false, "", "", "evil.example:80").status, 421)
      << "DNS rebinding: a foreign Host is refused";
  EXPECT_EQ(send(http::verb::delete_, "/api/credentials/1", "", false).status, 403);
  EXPECT_EQ(send(http::verb::patch, "/api/credentials/1", "{}").status, 405);
  EXPECT_EQ(store_->list("acme", "source").size(), 1u);
}

TEST_F(WebApi, ScriptInANameIsDataNotMarkup) {
  const auto reply =
      post_credential(R"({"credential_name":"<script>alert(1)</script>","api_key":"k"})");
  ASSERT_EQ(reply.status, 201) << reply.body;
  EXPECT_EQ(reply.body.find("<script>"), std::string::npos) << reply.body;
  EXPECT_NE(reply.body.find("\\u003cscript\\u003e"), std::string::npos);
  EXPECT_EQ(reply.json().at("credential").at("name"), "<script>alert(1)</script>");
  EXPECT_EQ(std::string(reply.raw[http::field::content_type]), "application/json; charset=utf-8");
  // The page itself never carries data: the scripts read it with textContent.
  for (const char* script : {"/app.js", "/page.js", "/data_panel.js"}) {
    const auto js = send(http::verb::get, script, "", false);
    ASSERT_EQ(js.status, 200) << script;
    EXPECT_EQ(js.body.find(".innerHTML"), std::string::npos) << script;
    EXPECT_EQ(js.body.find("insertAdjacentHTML"), std::string::npos) << script;
  }
}

// DEL and C1 controls (U+009B is an 8-bit CSI) in saved text are escaped
// in every answer, as in every JSON line a host prints.
TEST_F(WebApi, ControlCharactersInAnswersAreEscaped) {
  const std::string name =
      "tile \xc2\x9b"
      "31m \xc2\x85 \x7f";
  store_->add(host_.info.name, "source", name, {{"credential_name", name}}, {});
  const auto reply = send(http::verb::get, "/api/screen?direction=source", "", false);
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.body.find("\x7f"), std::string::npos) << reply.body;
  EXPECT_EQ(reply.body.find("\xc2\x9b"), std::string::npos) << reply.body;
  EXPECT_EQ(reply.body.find("\xc2\x85"), std::string::npos) << reply.body;
  EXPECT_NE(reply.body.find("\\u009b"), std::string::npos) << reply.body;
  EXPECT_NE(json::serialize(reply.json()).find(name), std::string::npos)
      << "the same text, escaped";
}

TEST_F(WebApi, BadHttpInputGetsClearAnswers) {
  EXPECT_EQ(send_raw("THIS IS NOT HTTP\r\n\r\n").status, 400);
  const std::string big(10000, 'x');
  const auto reply = send(http::verb::post, "/api/credentials",
                          R"({"fields":{"credential_name":")" + big + "\"}}");
  EXPECT_EQ(reply.status, 413);
  EXPECT_NE(reply.body.find("too large"), std::string::npos);
  EXPECT_EQ(send(http::verb::post, "/api/credentials", "{not json").status, 400);
  EXPECT_EQ(send(http::verb::post, "/api/credentials/abc/validate", "{}").status, 404);
  EXPECT_EQ(send(http::verb::get, "/api/screen", "", false).status, 200) << "still serving";
}

// Polls the credential's web fetch until it is no longer running.
json::object wait_for_fetch(const std::function<Reply()>& get) {
  for (int i = 0; i < 200; ++i) {
    const Reply reply = get();
    EXPECT_EQ(reply.status, 200) << reply.body;
    if (reply.status != 200) return {};
    const auto fetch = reply.json().at("fetch").as_object();
    if (fetch.at("status") != "running") return fetch;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  ADD_FAILURE() << "the web fetch did not end";
  return {};
}

TEST_F(WebApi, FetchRunsInTheBackgroundWithProgressPreviewAndSummaryAndSavesNoCheckpoint) {
  auto reply = post_credential(R"({"credential_name":"web","api_key":"k-secret-1","region":"us"})");
  ASSERT_EQ(reply.status, 201) << reply.body;
  const std::int64_t id = reply.json().at("credential").at("id").as_int64();
  const std::string base = "/api/credentials/" + std::to_string(id);
  std::vector<std::string> answers;

  reply = send(http::verb::get, base + "/streams", "", false);
  ASSERT_EQ(reply.status, 200) << reply.body;
  answers.push_back(reply.body);
  const auto streams = reply.json().as_object();
  ASSERT_EQ(streams.at("streams").as_array().size(), 1u);
  EXPECT_EQ(streams.at("streams").at(0).at("name"), "widgets");
  EXPECT_EQ(streams.at("streams").at(0).at("allowed"), true)
      << "the plugin's verdict does not list streams";
  EXPECT_EQ(streams.at("marked_by_plugin"), false) << "this plugin is older than connector_catalog";
  EXPECT_EQ(streams.at("checkpoint").at("saved"), false);
  const std::string command(streams.at("command").as_string());
  EXPECT_NE(command.find(" fetch --store '/"), std::string::npos)
      << "an absolute store path: " << command;
  EXPECT_NE(command.find("--credential 'web'"), std::string::npos) << command;

  reply = send(http::verb::get, base + "/fetch", "", false);
  ASSERT_EQ(reply.status, 200);
  EXPECT_TRUE(reply.json().at("fetch").is_null()) << "no fetch yet";

  // A checkpoint saved by an earlier `host_sim fetch` is resumed from, and kept.
  store_->save_state(id, "/records.jsonl", R"({"cursor":1})");
  reply = send(http::verb::post, base + "/fetch", R"({"streams":["widgets"],"mode":"resume"})");
  ASSERT_EQ(reply.status, 202) << reply.body;
  answers.push_back(reply.body);
  auto fetch = wait_for_fetch([&] { return send(http::verb::get, base + "/fetch", "", false); });
  EXPECT_EQ(fetch.at("status"), "done") << json::serialize(fetch);
  EXPECT_EQ(fetch.at("mode"), "resume");
  EXPECT_TRUE(fetch.at("resumed_from").is_string()) << json::serialize(fetch);
  const auto& progress = fetch.at("streams").at(0).as_object();
  EXPECT_EQ(progress.at("name"), "widgets");
  EXPECT_EQ(progress.at("records"), 3);
  EXPECT_EQ(progress.at("eta"), "done");
  const auto& preview = fetch.at("preview").at(0).as_object();
  EXPECT_EQ(preview.at("columns"), (json::array{"id"}));
  EXPECT_EQ(preview.at("rows"),
            (json::array{json::array{"0"}, json::array{"1"}, json::array{"2"}}));
  const auto& summary = fetch.at("summary").as_array();
  ASSERT_FALSE(summary.empty());
  EXPECT_NE(std::string(summary.at(0).as_string()).find("Summary: 3 records in"), std::string::npos)
      << json::serialize(summary);
  EXPECT_EQ(fetch.at("checkpoints_seen"), 1) << "the plugin offered one";
  EXPECT_NE(std::string(fetch.at("checkpoint_note").as_string()).find("saves no checkpoint"),
            std::string::npos);
  EXPECT_EQ(store_->load_state(id, "/records.jsonl"), R"({"cursor":1})")
      << "a preview leaves the saved checkpoint as it was";

  // Full refresh: from the beginning, the saved checkpoint still kept.
  reply =
      send(http::verb::post, base + "/fetch", R"({"streams":["widgets"],"mode":"full_refresh"})");
  ASSERT_EQ(reply.status, 202) << reply.body;
  fetch = wait_for_fetch([&] { return send(http::verb::get, base + "/fetch", "", false); });
  EXPECT_EQ(fetch.at("mode"), "full_refresh");
  EXPECT_TRUE(fetch.at("resumed_from").is_null());
  EXPECT_EQ(fetch.at("streams").at(0).at("records"), 3);
  EXPECT_EQ(store_->load_state(id, "/records.jsonl"), R"({"cursor":1})");
  answers.push_back(json::serialize(fetch));

  reply = send(http::verb::post, base + "/fetch/stop", "{}");
  EXPECT_EQ(reply.status, 200) << "stopping a finished fetch is harmless";
  EXPECT_EQ(reply.json().at("fetch").at("status"), "done");
  answers.push_back(send(http::verb::get, "/api/screen", "", false).body);
  for (const auto& answer : answers) {
    EXPECT_EQ(answer.find("k-secret-1"), std::string::npos)
        << "no secret in any answer: " << answer;
  }
}

TEST_F(WebApi, FetchRoutesRefuseWhatTheyShould) {
  const auto created = post_credential(R"({"credential_name":"web","api_key":"k","region":"us"})");
  ASSERT_EQ(created.status, 201);
  const std::string base =
      "/api/credentials/" + std::to_string(created.json().at("credential").at("id").as_int64());
  const std::string body = R"({"streams":["widgets"]})";
  EXPECT_EQ(send(http::verb::post, base + "/fetch", body, false).status, 403) << "no CSRF token";
  EXPECT_EQ(send(http::verb::post, base + "/fetch", body, true, "http://evil.example").status, 403)
      << "cross-origin";
  EXPECT_EQ(send(http::verb::post, base + "/fetch", body, true, "", "text/plain").status, 415);
  EXPECT_EQ(send(http::verb::post, base + "/fetch/stop", "{}", false).status, 403);
  EXPECT_EQ(send(http::verb::post, base + "/fetch", R"({"streams":[]})").status, 422);
  auto reply = send(http::verb::post, base + "/fetch", R"({"streams":["<img src=x>"]})");
  EXPECT_EQ(reply.status, 422);
  EXPECT_EQ(reply.body.find("<img"), std::string::npos) << reply.body;
  EXPECT_EQ(
      send(http::verb::post, base + "/fetch", R"({"streams":["widgets"],"from":"soon"})").status,
      422);
  EXPECT_EQ(send(http::verb::post, base + "/fetch", R"({"streams":["widgets"],"mode":"sideways"})")
                .status,
            422);
  EXPECT_EQ(send(http::verb::post, base + "/fetch/stop", "{}").status, 404) << "nothing to stop";
  EXPECT_EQ(send(http::verb::post, "/api/credentials/999/fetch", body).status, 404);
  EXPECT_EQ(send(http::verb::get, "/api/credentials/999/streams", "", false).status, 404);
  EXPECT_EQ(send(http::verb::get, base + "/nothing", "", false).status, 404);
  cookie_.clear();
  EXPECT_EQ(send(http::verb::get, base + "/streams", "", false).status, 401);
  EXPECT_EQ(send(http::verb::get, base + "/fetch", "", false).status, 401);
  EXPECT_EQ(send(http::verb::post, base + "/fetch", body).status, 401)
      << "even with the CSRF token";
}

TEST_F(WebApi, FinishedFetchesAreKeptForAFewCredentialsOnly) {
  std::vector<std::string> bases;
  for (int i = 0; i < 9; ++i) {
    const auto created = post_credential(R"({"credential_name":"c)" + std::to_string(i) +
                                         R"(","api_key":"k","region":"us"})");
    ASSERT_EQ(created.status, 201) << created.body;
    bases.push_back("/api/credentials/" +
                    std::to_string(created.json().at("credential").at("id").as_int64()));
    ASSERT_EQ(send(http::verb::post, bases.back() + "/fetch", R"({"streams":["widgets"]})").status,
              202);
    wait_for_fetch([&] { return send(http::verb::get, bases.back() + "/fetch", "", false); });
  }
  EXPECT_TRUE(
      send(http::verb::get, bases.front() + "/fetch", "", false).json().at("fetch").is_null())
      << "a finished fetch made room";
  EXPECT_EQ(
      send(http::verb::get, bases.back() + "/fetch", "", false).json().at("fetch").at("status"),
      "done");
}

TEST_F(WebApi, DeleteSaysWhatItDeleted) {
  const auto created =
      post_credential(R"({"credential_name":"gone soon","api_key":"k","region":"us"})");
  ASSERT_EQ(created.status, 201);
  const auto id = created.json().at("credential").at("id").as_int64();
  const auto reply = send(http::verb::delete_, "/api/credentials/" + std::to_string(id));
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.json().at("deleted"), id);
  EXPECT_EQ(reply.json().at("name"), "gone soon");
}

class PrefilledWebApi : public WebApi {
 protected:
  void configure(host_sim::ServeOptions& options) override {
    options.prefill = {"credential_name=Demo", "region=us"};
  }
};

TEST_F(PrefilledWebApi, ThePrefillIsForTheFirstCredentialOnly) {
  auto screen = send(http::verb::get, "/api/screen", "", false).json();
  EXPECT_EQ(screen.at("prefill").at("credential_name"), "Demo");
  ASSERT_EQ(post_credential(R"({"credential_name":"x","region":"mars"})").status, 422);
  screen = send(http::verb::get, "/api/screen", "", false).json();
  EXPECT_EQ(screen.at("prefill").at("credential_name"), "Demo") << "a refused form did not use it";
  ASSERT_EQ(post_credential(R"({"credential_name":"Demo","api_key":"k","region":"us"})").status,
            201);
  screen = send(http::verb::get, "/api/screen", "", false).json();
  EXPECT_TRUE(screen.at("prefill").as_object().empty()) << "a second Add Credential starts clean";
}

TEST(WebServerOptions, RefusesNonLoopbackAndSecretPrefill) {
  host_sim_test::TempDir dir;
  ::setenv("HOST_SIM_STORE_KEY", std::string(64, 'd').c_str(), 1);
  auto store = host_sim::CredentialStore::open(host_sim::store_paths_for(dir / "s.db"));
  const auto host = host_sim::Host::load(pp::Plugin::load(FAKE_FULL_PATH), "{}");
  host_sim::ServeOptions remote;
  remote.port = 0;
  remote.bind = "0.0.0.0";
  EXPECT_THROW(host_sim::WebServer(host, *store, remote), std::runtime_error);
  host_sim::ServeOptions secret;
  secret.port = 0;
  secret.prefill = {"api_key=oops"};
  EXPECT_THROW(host_sim::WebServer(host, *store, secret), std::runtime_error);
}

// A connection that sends a request's first line and then trickles header
// bytes, never finishing.
class SlowClient {
 public:
  SlowClient(net::io_context& io, unsigned short port, const std::string& from = "127.0.0.1")
      : socket_(io) {
    socket_.open(tcp::v4());
    socket_.bind({net::ip::make_address(from), 0});
    socket_.connect({net::ip::make_address("127.0.0.1"), port});
    boost::system::error_code ec;
    net::write(socket_, net::buffer(std::string("GET /api/screen HTTP/1.1\r\nX-Slow: ")), ec);
  }
  // False once the server has closed the connection.
  bool trickle() {
    boost::system::error_code ec;
    net::write(socket_, net::buffer(std::string("X")), ec);
    return !ec;
  }
  // True when the server closes the connection within `seconds`.
  bool closed_within(int seconds) {
    pollfd readable{socket_.native_handle(), POLLIN, 0};
    if (::poll(&readable, 1, seconds * 1000) != 1) return false;
    char byte = 0;
    return ::recv(socket_.native_handle(), &byte, 1, MSG_DONTWAIT) <= 0;
  }
  // Finishes the request; the status the server answers, 0 if none.
  int finish(const std::string& host, const std::string& cookie) {
    boost::system::error_code ec;
    net::write(socket_,
               net::buffer("\r\nHost: " + host + "\r\nCookie: " + cookie +
                           "\r\nConnection: close\r\n\r\n"),
               ec);
    if (ec) return 0;
    boost::beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(socket_, buffer, response, ec);
    return ec ? 0 : static_cast<int>(response.result_int());
  }

 private:
  tcp::socket socket_;
};

class SlowClients : public WebApi {
 protected:
  void configure(host_sim::ServeOptions& options) override {
    options.request_deadline = std::chrono::milliseconds(1500);
  }
};

TEST_F(SlowClients, ManyTricklingConnectionsDoNotLockThePageOut) {
  net::io_context io;
  std::vector<std::unique_ptr<SlowClient>> slow;
  for (int i = 0; i < 40; ++i) slow.push_back(std::make_unique<SlowClient>(io, server_->port()));
  std::atomic<bool> done{false};
  std::thread trickler([&] {
    while (!done.load()) {
      for (auto& client : slow) client->trickle();
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  for (int i = 0; i < 3; ++i) {
    const auto started = std::chrono::steady_clock::now();
    const auto reply = send(http::verb::get, "/api/screen", "", false);
    const auto waited = std::chrono::steady_clock::now() - started;
    EXPECT_EQ(reply.status, 200) << "attempt " << i;
    EXPECT_LT(waited, std::chrono::seconds(2)) << "attempt " << i;
  }
  done.store(true);
  trickler.join();
}

TEST_F(SlowClients, ARequestMustArriveWholeByTheDeadlineHoweverItTrickles) {
  net::io_context io;
  SlowClient slow(io, server_->port());
  const auto started = std::chrono::steady_clock::now();
  bool server_closed = false;
  while (std::chrono::steady_clock::now() - started < std::chrono::seconds(5)) {
    if (!slow.trickle()) {
      server_closed = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const auto lasted = std::chrono::steady_clock::now() - started;
  EXPECT_TRUE(server_closed || slow.closed_within(1)) << "a byte every 100 ms kept it open";
  EXPECT_LT(lasted, std::chrono::milliseconds(3500));
  EXPECT_GE(lasted, std::chrono::milliseconds(1400)) << "cut by the deadline, not at once";
}

class PeerLimit : public WebApi {
 protected:
  void configure(host_sim::ServeOptions& options) override {
    options.max_connections = 12;
    options.max_connections_per_peer = 4;
  }
};

TEST_F(PeerLimit, OnePeerCannotPushOthersOut) {
  net::io_context io;
  std::vector<std::unique_ptr<SlowClient>> mine;
  for (int i = 0; i < 3; ++i) mine.push_back(std::make_unique<SlowClient>(io, server_->port()));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  std::vector<std::unique_ptr<SlowClient>> flood;
  for (int i = 0; i < 12; ++i) {
    flood.push_back(std::make_unique<SlowClient>(io, server_->port(), "127.0.0.2"));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  int flood_cut = 0;
  for (auto& client : flood) flood_cut += client->closed_within(1) ? 1 : 0;
  EXPECT_GE(flood_cut, 8) << "the flooding peer keeps at most its share";
  for (auto& client : mine) EXPECT_EQ(client->finish(host_header(), cookie_), 200);
}

}  // namespace

namespace {

TEST(PageText, BoundsOutsideTextOnACharacterBoundaryAndEscapesControls) {
  EXPECT_EQ(host_sim::page_text("plain", 10), "plain");
  const std::string long_text(500, 'x');
  EXPECT_EQ(host_sim::page_text(long_text, 100), std::string(100, 'x') + "...");
  std::string accents;
  for (int i = 0; i < 100; ++i) accents += "\xc3\xa9";  // é, two bytes each
  const std::string cut = host_sim::page_text(accents, 101);
  EXPECT_EQ(cut, accents.substr(0, 100) + "...") << "never half a character";
  EXPECT_EQ(host_sim::page_text("a\x1b[31mb\nc", 50), "a\\x1b[31mb\\x0ac");
}

}  // namespace
