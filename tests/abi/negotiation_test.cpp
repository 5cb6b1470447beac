// Version negotiation against the real Zoom plugin, through the raw entry point.
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <string>

#include "pipeline_plugin.h"
#include "plugin_paths.hpp"

namespace {

class Negotiation : public ::testing::Test {
 protected:
  void SetUp() override {
    library_ = dlopen(abi_test::k_zoom_plugin, RTLD_NOW | RTLD_LOCAL);
    ASSERT_NE(library_, nullptr) << dlerror();
    negotiate_ = reinterpret_cast<pp_negotiate_fn>(dlsym(library_, PP_ENTRY_POINT_NAME));
    ASSERT_NE(negotiate_, nullptr);
  }
  void TearDown() override {
    if (library_ != nullptr) dlclose(library_);
  }

  void* library_ = nullptr;
  pp_negotiate_fn negotiate_ = nullptr;
};

TEST_F(Negotiation, SameVersionGetsThatTable) {
  const pp_plugin_api* api = nullptr;
  pp_error error{};
  ASSERT_EQ(negotiate_(PP_ABI_VERSION, &api, &error), PP_STATUS_OK);
  ASSERT_NE(api, nullptr);
  EXPECT_EQ(api->abi_version, PP_ABI_VERSION);
  EXPECT_EQ(api->struct_size, sizeof(pp_plugin_api));
  EXPECT_EQ(error.release, nullptr) << "success must not allocate an error";
}

TEST_F(Negotiation, NewerHostGetsNewestVersionThePluginSpeaks) {
  const pp_plugin_api* api = nullptr;
  ASSERT_EQ(negotiate_(PP_ABI_VERSION + 7, &api, nullptr), PP_STATUS_OK);
  ASSERT_NE(api, nullptr);
  EXPECT_EQ(api->abi_version, PP_ABI_VERSION_1);
}

TEST_F(Negotiation, OlderOrUnknownVersionIsRefusedNamingBothVersions) {
  const pp_plugin_api* api = reinterpret_cast<const pp_plugin_api*>(this);  // must be cleared
  pp_error error{};
  ASSERT_EQ(negotiate_(0, &api, &error), PP_STATUS_INCOMPATIBLE);
  EXPECT_EQ(api, nullptr);
  EXPECT_EQ(error.status, PP_STATUS_INCOMPATIBLE);
  ASSERT_NE(error.message, nullptr);
  const std::string message = error.message;
  EXPECT_NE(message.find("up to 0"), std::string::npos) << message;
  EXPECT_NE(message.find("1 to 1"), std::string::npos) << message;
  ASSERT_NE(error.release, nullptr);
  error.release(&error);
  EXPECT_EQ(error.release, nullptr) << "release sets itself to NULL";
  EXPECT_EQ(error.message, nullptr);
}

TEST_F(Negotiation, NullOutIsInvalidArgument) {
  pp_error error{};
  EXPECT_EQ(negotiate_(PP_ABI_VERSION, nullptr, &error), PP_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(error.status, PP_STATUS_INVALID_ARGUMENT);
  if (error.release != nullptr) error.release(&error);
  EXPECT_EQ(negotiate_(PP_ABI_VERSION, nullptr, nullptr), PP_STATUS_INVALID_ARGUMENT);
}

TEST_F(Negotiation, ReusedErrorStructIsReleasedNotLeaked) {
  const pp_plugin_api* api = nullptr;
  pp_error error{};
  ASSERT_EQ(negotiate_(0, &api, &error), PP_STATUS_INCOMPATIBLE);
  // A second failure into the same struct must free the first message
  // (LeakSanitizer in the sanitizer build checks this).
  ASSERT_EQ(negotiate_(0, &api, &error), PP_STATUS_INCOMPATIBLE);
  ASSERT_NE(error.release, nullptr);
  error.release(&error);
}

}  // namespace
