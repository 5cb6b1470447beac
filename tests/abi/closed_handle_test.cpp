// A host's bug with a handle becomes an error status, not a crash (issue 20,
// point 9): every handle-taking entry point, through the C ABI of the loaded
// plugin, called with a handle already closed and with a handle of another
// kind, returns PP_STATUS_INVALID_ARGUMENT (the void destroy, cancel and
// close do nothing), and the right handles keep working.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <string>

#include "pipeline_plugin.hpp"
#include "zoom_sim/simulator.hpp"

namespace {

namespace json = boost::json;

class ClosedHandles : public ::testing::Test {
 protected:
  ClosedHandles() : plugin_(pp::Plugin::load(ZC_PLUGIN_PATH)), api_(plugin_.api()) {
    zoom_sim::Options opt;
    opt.sizes.users = 4;
    opt.rate_limit = false;
    sim_ = std::make_unique<zoom_sim::Simulator>(opt);
  }

  pp_connector* connector() {
    const auto app = zoom_sim::default_app();
    const std::string credential =
        json::serialize(json::object{{"credential_name", "sim"},
                                     {"account_id", app.account_id},
                                     {"client_id", app.client_id},
                                     {"client_secret", app.client_secret},
                                     {"validation_url", sim_->base_url() + "/v2/users/me"}});
    const std::string options =
        json::serialize(json::object{{"oauth_url", sim_->base_url() + "/oauth/token"},
                                     {"api_base_url", sim_->base_url() + "/v2"},
                                     {"allow_insecure_loopback", true}});
    pp_connector* c = nullptr;
    EXPECT_EQ(api_->connector_create(credential.c_str(), options.c_str(), nullptr, &c, nullptr),
              PP_STATUS_OK);
    return c;
  }
  pp_fetch* fetch(pp_connector* c) {
    pp_fetch* f = nullptr;
    EXPECT_EQ(api_->connector_fetch(c, R"({"streams":["users"]})", &f, nullptr), PP_STATUS_OK);
    return f;
  }
  pp_write* write(pp_connector* c) {
    pp_write* w = nullptr;
    EXPECT_EQ(
        api_->connector_write(c, R"({"operation":"users.delete","dry_run":true})", &w, nullptr),
        PP_STATUS_OK);
    return w;
  }

  // `call` must answer INVALID_ARGUMENT with a message saying the handle is not open.
  template <class Call>
  void expect_refused(const char* what, Call call) {
    pp_error error{};
    EXPECT_EQ(call(&error), PP_STATUS_INVALID_ARGUMENT) << what;
    ASSERT_NE(error.message, nullptr) << what;
    EXPECT_NE(std::string(error.message).find("is not an open handle"), std::string::npos)
        << what << ": " << error.message;
    if (error.release != nullptr) error.release(&error);
  }

  // Every entry point that takes a connector, given `c` (closed or foreign).
  void expect_connector_calls_refused(pp_connector* c) {
    pp_string out{};
    pp_fetch* f = nullptr;
    pp_write* w = nullptr;
    expect_refused("authenticate", [&](pp_error* e) { return api_->connector_authenticate(c, e); });
    expect_refused("validate", [&](pp_error* e) { return api_->connector_validate(c, &out, e); });
    expect_refused("fetch", [&](pp_error* e) {
      return api_->connector_fetch(c, R"({"streams":["users"]})", &f, e);
    });
    expect_refused("catalog", [&](pp_error* e) { return api_->connector_catalog(c, &out, e); });
    expect_refused("write_catalog",
                   [&](pp_error* e) { return api_->connector_write_catalog(c, &out, e); });
    expect_refused("write", [&](pp_error* e) {
      return api_->connector_write(c, R"({"operation":"users.delete"})", &w, e);
    });
    EXPECT_EQ(f, nullptr);
    EXPECT_EQ(w, nullptr);
    EXPECT_EQ(out.data, nullptr);
    api_->connector_cancel(c);   // nothing to cancel
    api_->connector_destroy(c);  // nothing to destroy
  }
  void expect_fetch_calls_refused(pp_fetch* f) {
    pp_fetch_item item{};
    pp_string out{};
    expect_refused("fetch_next", [&](pp_error* e) { return api_->fetch_next(f, &item, e); });
    expect_refused("fetch_progress", [&](pp_error* e) { return api_->fetch_progress(f, &out, e); });
    api_->fetch_close(f);  // nothing to close
  }
  void expect_write_calls_refused(pp_write* w) {
    pp_string out{};
    expect_refused("write_push", [&](pp_error* e) {
      return api_->write_push(w, R"([{"user_id":"u"}])", &out, e);
    });
    api_->write_close(w);  // nothing to close
  }

  pp::Plugin plugin_;
  const pp_plugin_api* api_;
  std::unique_ptr<zoom_sim::Simulator> sim_;
};

TEST_F(ClosedHandles, EveryCallOnAClosedHandleIsAnErrorNotACrash) {
  pp_connector* c = connector();
  ASSERT_NE(c, nullptr);
  pp_fetch* f = fetch(c);
  pp_write* w = write(c);
  ASSERT_NE(f, nullptr);
  ASSERT_NE(w, nullptr);
  api_->fetch_close(f);
  api_->write_close(w);
  expect_fetch_calls_refused(f);
  expect_write_calls_refused(w);
  api_->connector_destroy(c);
  expect_connector_calls_refused(c);
}

TEST_F(ClosedHandles, AHandleOfAnotherKindIsAnErrorAndChangesNothing) {
  pp_connector* c = connector();
  ASSERT_NE(c, nullptr);
  pp_fetch* f = fetch(c);
  pp_write* w = write(c);
  ASSERT_NE(f, nullptr);
  ASSERT_NE(w, nullptr);
  expect_connector_calls_refused(reinterpret_cast<pp_connector*>(f));
  expect_connector_calls_refused(reinterpret_cast<pp_connector*>(w));
  expect_fetch_calls_refused(reinterpret_cast<pp_fetch*>(w));
  expect_fetch_calls_refused(reinterpret_cast<pp_fetch*>(c));
  expect_write_calls_refused(reinterpret_cast<pp_write*>(f));
  expect_write_calls_refused(reinterpret_cast<pp_write*>(c));

  // The real handles were neither closed nor cancelled by any of that.
  pp_string results{};
  ASSERT_EQ(api_->write_push(w, R"([{"user_id":"someone"}])", &results, nullptr), PP_STATUS_OK);
  EXPECT_NE(std::string(results.data).find("would_do"), std::string::npos) << results.data;
  results.release(&results);
  pp_fetch_item item{};
  std::size_t records = 0;
  while (true) {
    ASSERT_EQ(api_->fetch_next(f, &item, nullptr), PP_STATUS_OK);
    if (item.kind == PP_ITEM_END) break;
    records += item.kind == PP_ITEM_RECORD ? 1 : 0;
  }
  EXPECT_EQ(records, 4u);
  api_->fetch_close(f);
  api_->write_close(w);
  api_->connector_destroy(c);
}

}  // namespace
