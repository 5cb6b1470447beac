// Messages that cross the ABI (pp_error) are redacted with the connector's
// Redactor and are bounded, valid, one-line UTF-8, also for exceptions.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "abi/error_out.hpp"
#include "abi/guarded_call.hpp"
#include "capture_log.hpp"
#include "core/bounded_text.hpp"
#include "core/redacting_log_sink.hpp"

namespace {

struct OwnedError {
  pp_error error{};
  ~OwnedError() {
    if (error.release != nullptr) error.release(&error);
  }
};

TEST(AbiMessage, AnErrorIsRedactedBeforeItLeaves) {
  zc::Redactor redactor;
  redactor.add_secret("TheSecret42");
  redactor.add_token("tok.en-1");
  OwnedError out;
  const auto status = zc::abi::write_error(
      &out.error,
      zc::Error::make(zc::Status::remote_error,
                      "Zoom said TheSecret42 with tok.en-1 and Authorization: Bearer abc.def"),
      &redactor);
  EXPECT_EQ(status, PP_STATUS_REMOTE_ERROR);
  EXPECT_STREQ(out.error.message, "Zoom said *** with *** and Authorization: Bearer ***");
}

TEST(AbiMessage, AnErrorIsBoundedAndOneLine) {
  OwnedError out;
  std::string message = "line one\nline two\x1B[2J ";
  message.append(1u << 20, 'x');
  zc::abi::write_error(&out.error, zc::Error::make(zc::Status::internal, message));
  const std::string_view text = out.error.message;
  EXPECT_LE(text.size(), zc::abi::k_max_error_message + zc::k_cut_marker.size());
  EXPECT_EQ(text.find_first_of("\n\x1B"), std::string_view::npos);
  EXPECT_TRUE(text.starts_with("line one line two")) << text.substr(0, 40);
}

TEST(AbiMessage, AnExceptionsTextIsRedacted) {
  zc::Redactor redactor;
  redactor.add_secret("TheSecret42");
  OwnedError out;
  const auto status = zc::abi::guarded_call(&out.error, &redactor, []() -> pp_status {
    throw std::runtime_error("parse failed near client_secret=TheSecret42");
  });
  EXPECT_EQ(status, PP_STATUS_INTERNAL);
  EXPECT_STREQ(out.error.message, "internal error: parse failed near client_secret=***");
}

TEST(AbiMessage, ALogLineIsRedactedBoundedAndOneLine) {
  auto host = std::make_shared<zc_test::CaptureLog>();
  auto redactor = std::make_shared<zc::Redactor>();
  redactor->add_secret("TheSecret42");
  auto logger = zc::make_connector_logger("zoom#bound", host, redactor);
  logger->warn("api_url {}\nforged line {}", "TheSecret42", std::string(1u << 20, 'y'));
  const auto lines = host->lines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_LE(lines[0].size(), 4096u + 2 + zc::k_cut_marker.size());
  EXPECT_EQ(lines[0].find('\n'), std::string::npos);
  EXPECT_NE(lines[0].find("api_url *** forged line"), std::string::npos) << lines[0].substr(0, 80);
}

}  // namespace
