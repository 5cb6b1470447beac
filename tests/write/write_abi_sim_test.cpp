// The destination through the loaded plugin and the C++ host wrapper, against
// the simulator: what a host such as host_sim does.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>

#include "pipeline_plugin.hpp"
#include "zoom_sim/simulator.hpp"

namespace {

namespace json = boost::json;

struct PluginEnv {
  PluginEnv() : plugin(pp::Plugin::load(ZC_PLUGIN_PATH)) {
    zoom_sim::Options opt;
    opt.sizes.users = 8;
    opt.rate_limit = false;
    sim = std::make_unique<zoom_sim::Simulator>(opt);
  }
  pp::Connector connect() {
    const auto app = zoom_sim::default_app();
    const json::object credential{{"credential_name", "sim"},
                                  {"account_id", app.account_id},
                                  {"client_id", app.client_id},
                                  {"client_secret", app.client_secret},
                                  {"validation_url", sim->base_url() + "/v2/users/me"}};
    const json::object options{{"oauth_url", sim->base_url() + "/oauth/token"},
                               {"api_base_url", sim->base_url() + "/v2"},
                               {"allow_insecure_loopback", true}};
    return plugin.create(json::serialize(credential), json::serialize(options));
  }
  const zoom_sim::User& host() const {
    for (const auto& u : sim->dataset().users)
      if (u.status == "active" && u.type == 2 && u.role_id != "0") return u;
    throw std::runtime_error("no host");
  }
  pp::Plugin plugin;
  std::unique_ptr<zoom_sim::Simulator> sim;
};

TEST(WriteThroughThePlugin, AHostWritesAndReadsResultsThroughTheWrapper) {
  PluginEnv env;
  ASSERT_TRUE(env.plugin.has_write());
  auto connector = env.connect();
  const auto catalog = json::parse(connector.write_catalog()).as_object();
  EXPECT_EQ(catalog.at("allowed_operations").as_array().size(), 14u) << "the default app has all";
  auto session = connector.write(R"({"operation":"meetings.create","plan":"business"})");
  const json::array records = {json::object{{"user_id", env.host().id},
                                            {"topic", "Via plugin"},
                                            {"type", 2},
                                            {"start_time", "2031-02-01T10:00:00Z"},
                                            {"duration", 30}},
                               json::object{{"user_id", env.host().id}, {"topic", 7}}};
  const auto answer = json::parse(session.push(json::serialize(records))).as_object();
  const auto& results = answer.at("results").as_array();
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].as_object().at("outcome").as_string(), "done");
  // A meeting's id is a number, as in the fetched meetings records.
  ASSERT_TRUE(results[0].as_object().at("id").is_int64()) << json::serialize(results[0]);
  EXPECT_GT(results[0].as_object().at("id").as_int64(), 0);
  EXPECT_EQ(results[1].as_object().at("outcome").as_string(), "failed");
  EXPECT_EQ(results[1].as_object().at("field_errors").as_array()[0].as_object().at("field"),
            "topic");
  EXPECT_EQ(answer.at("summary").as_object().at("done").as_int64(), 1);
  EXPECT_TRUE(answer.at("state").is_object());
  EXPECT_EQ(env.sim->writes().meetings(env.host().id, "Via plugin"), 1u);
}

TEST(WriteThroughThePlugin, BadBatchesOnARealSessionAreInvalidArgument) {
  PluginEnv env;
  auto connector = env.connect();
  const pp_plugin_api* api = env.plugin.api();
  auto session = connector.write(R"({"operation":"users.update"})");
  for (const char* bad : {"not json", "{\"a\":1}", "[1,\xc3]"}) {
    try {
      (void)session.push(bad);
      ADD_FAILURE() << bad;
    } catch (const pp::PluginError& e) {
      EXPECT_EQ(e.status(), PP_STATUS_INVALID_ARGUMENT) << bad;
    }
  }
  // NULL records and NULL out on the raw table.
  pp_write* raw = nullptr;
  ASSERT_EQ(api->connector_write(nullptr, "{}", &raw, nullptr), PP_STATUS_INVALID_ARGUMENT);
  pp_connector* c = nullptr;
  {
    const auto app = zoom_sim::default_app();
    const std::string credential = R"({"credential_name":"sim","account_id":")" + app.account_id +
                                   R"(","client_id":")" + app.client_id + R"(","client_secret":")" +
                                   app.client_secret + R"("})";
    const std::string options = R"({"oauth_url":")" + env.sim->base_url() +
                                R"(/oauth/token","api_base_url":")" + env.sim->base_url() +
                                R"(/v2","allow_insecure_loopback":true})";
    ASSERT_EQ(api->connector_create(credential.c_str(), options.c_str(), nullptr, &c, nullptr),
              PP_STATUS_OK);
  }
  ASSERT_EQ(api->connector_write(c, R"({"operation":"users.update"})", &raw, nullptr),
            PP_STATUS_OK);
  pp_string out{};
  pp_error error{};
  EXPECT_EQ(api->write_push(raw, nullptr, &out, &error), PP_STATUS_INVALID_ARGUMENT);
  if (error.release != nullptr) error.release(&error);
  EXPECT_EQ(api->write_push(raw, "[]", nullptr, nullptr), PP_STATUS_INVALID_ARGUMENT);
  ASSERT_EQ(api->write_push(raw, "[]", &out, nullptr), PP_STATUS_OK);
  EXPECT_NE(std::string(out.data, out.size).find("\"results\":[]"), std::string::npos);
  if (out.release != nullptr) out.release(&out);
  api->connector_cancel(c);
  EXPECT_EQ(api->write_push(raw, "[]", &out, nullptr), PP_STATUS_CANCELLED);
  api->write_close(raw);
  api->connector_destroy(c);
}

TEST(WriteThroughThePlugin, AMissingScopeIsPermissionDeniedNamingIt) {
  PluginEnv env;
  zoom_sim::Options opt;
  opt.sizes.users = 4;
  opt.apps = {zoom_sim::App{"acct2", "readonly", "readonly-secret-value", {"user:read:admin"}}};
  env.sim = std::make_unique<zoom_sim::Simulator>(opt);
  const json::object credential{{"credential_name", "ro"},
                                {"account_id", "acct2"},
                                {"client_id", "readonly"},
                                {"client_secret", "readonly-secret-value"}};
  const json::object options{{"oauth_url", env.sim->base_url() + "/oauth/token"},
                             {"api_base_url", env.sim->base_url() + "/v2"},
                             {"allow_insecure_loopback", true}};
  auto connector = env.plugin.create(json::serialize(credential), json::serialize(options));
  try {
    (void)connector.write(R"({"operation":"group_members.add"})");
    FAIL() << "no group:write scope";
  } catch (const pp::PluginError& e) {
    EXPECT_EQ(e.status(), PP_STATUS_PERMISSION_DENIED);
    EXPECT_NE(std::string(e.what()).find("group:write:member:admin"), std::string::npos);
  }
  const auto catalog = json::parse(connector.write_catalog()).as_object();
  EXPECT_TRUE(catalog.at("allowed_operations").as_array().empty());
}

}  // namespace
