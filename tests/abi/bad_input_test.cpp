// NULL pointers and invalid UTF-8/JSON on every entry point of the Zoom
// plugin: INVALID_ARGUMENT (or a harmless no-op for destroy/cancel/close),
// never a crash.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <string>

#include "pipeline_plugin.hpp"
#include "plugin_paths.hpp"

namespace {

constexpr const char* k_valid_credential =
    R"({"credential_name":"t","account_id":"acct","client_id":"cid","client_secret":"s3cret-s3cret-s3cret"})";

class BadInput : public ::testing::Test {
 protected:
  BadInput() : plugin_(pp::Plugin::load(abi_test::k_zoom_plugin)), api_(plugin_.api()) {}

  // Runs a call that must fail with INVALID_ARGUMENT, with and without an
  // error struct, and checks the error is filled and releasable.
  template <class Call>
  void expect_invalid(Call call, const char* needle) {
    pp_error error{};
    EXPECT_EQ(call(&error), PP_STATUS_INVALID_ARGUMENT);
    EXPECT_EQ(error.status, PP_STATUS_INVALID_ARGUMENT);
    ASSERT_NE(error.message, nullptr);
    EXPECT_NE(std::string(error.message).find(needle), std::string::npos) << error.message;
    if (error.release != nullptr) error.release(&error);
    EXPECT_EQ(call(nullptr), PP_STATUS_INVALID_ARGUMENT) << "a NULL error pointer is allowed";
  }

  pp_connector* make_connector() {
    pp_connector* connector = nullptr;
    EXPECT_EQ(api_->connector_create(k_valid_credential, nullptr, nullptr, &connector, nullptr),
              PP_STATUS_OK);
    return connector;
  }

  pp::Plugin plugin_;
  const pp_plugin_api* api_;
};

TEST_F(BadInput, CreateRejectsNullsAndBadJson) {
  pp_connector* out = nullptr;
  expect_invalid(
      [&](pp_error* e) { return api_->connector_create(nullptr, "{}", nullptr, &out, e); },
      "credential_json is NULL");
  expect_invalid(
      [&](pp_error* e) {
        return api_->connector_create(k_valid_credential, "{}", nullptr, nullptr, e);
      },
      "out is NULL");
  expect_invalid(
      [&](pp_error* e) { return api_->connector_create("{\"a\":", "{}", nullptr, &out, e); },
      "not valid UTF-8 JSON");
  expect_invalid(
      [&](pp_error* e) {
        return api_->connector_create("{\"a\":\"\xff\xfe\"}", "{}", nullptr, &out, e);
      },
      "not valid UTF-8 JSON");
  expect_invalid(
      [&](pp_error* e) { return api_->connector_create("[1,2]", "{}", nullptr, &out, e); },
      "must be a JSON object");
  expect_invalid(
      [&](pp_error* e) {
        return api_->connector_create(k_valid_credential, "{bad", nullptr, &out, e);
      },
      "options JSON");
  EXPECT_EQ(out, nullptr);
}

TEST_F(BadInput, CreateWithShortHostServicesDoesNotReadPastStructSize) {
  pp_host_services too_short{};
  too_short.struct_size = 4;  // covers nothing beyond struct_size itself
  too_short.log = reinterpret_cast<void (*)(void*, pp_log_level, const char*)>(0x1);  // poison
  pp_connector* connector = nullptr;
  ASSERT_EQ(api_->connector_create(k_valid_credential, "{}", &too_short, &connector, nullptr),
            PP_STATUS_OK);
  api_->connector_destroy(connector);
}

TEST_F(BadInput, DestroyCancelAndCloseIgnoreNull) {
  api_->connector_destroy(nullptr);
  api_->connector_cancel(nullptr);
  api_->fetch_close(nullptr);
  SUCCEED();
}

TEST_F(BadInput, ConnectorCallsRejectNullHandles) {
  pp_string verdict{};
  pp_fetch* fetch = nullptr;
  expect_invalid([&](pp_error* e) { return api_->connector_authenticate(nullptr, e); },
                 "connector is NULL");
  expect_invalid([&](pp_error* e) { return api_->connector_validate(nullptr, &verdict, e); },
                 "connector is NULL");
  expect_invalid([&](pp_error* e) { return api_->connector_fetch(nullptr, "{}", &fetch, e); },
                 "connector is NULL");
  expect_invalid([&](pp_error* e) { return api_->connector_catalog(nullptr, &verdict, e); },
                 "connector is NULL");
  pp_connector* connector = make_connector();
  ASSERT_NE(connector, nullptr);
  expect_invalid([&](pp_error* e) { return api_->connector_validate(connector, nullptr, e); },
                 "verdict_json is NULL");
  expect_invalid([&](pp_error* e) { return api_->connector_catalog(connector, nullptr, e); },
                 "catalog_json is NULL");
  expect_invalid([&](pp_error* e) { return api_->connector_fetch(connector, nullptr, &fetch, e); },
                 "request_json is NULL");
  expect_invalid([&](pp_error* e) { return api_->connector_fetch(connector, "{}", nullptr, e); },
                 "out is NULL");
  expect_invalid(
      [&](pp_error* e) { return api_->connector_fetch(connector, "{\"x\":\xc3", &fetch, e); },
      "fetch request JSON");
  EXPECT_EQ(fetch, nullptr);
  api_->connector_destroy(connector);
}

TEST_F(BadInput, FetchCallsRejectNullHandles) {
  pp_fetch_item item{};
  pp_string progress{};
  expect_invalid([&](pp_error* e) { return api_->fetch_next(nullptr, &item, e); }, "fetch is NULL");
  expect_invalid([&](pp_error* e) { return api_->fetch_progress(nullptr, &progress, e); },
                 "fetch is NULL");
}

TEST_F(BadInput, StaticDocumentsAreValidJson) {
  for (const char* text :
       {api_->info_json(), api_->credential_schema_json(), api_->catalog_json()}) {
    ASSERT_NE(text, nullptr);
    boost::system::error_code ec;
    const boost::json::value parsed = boost::json::parse(text, ec);
    EXPECT_FALSE(ec) << text;
    EXPECT_TRUE(parsed.is_object()) << text;
  }
}

}  // namespace
