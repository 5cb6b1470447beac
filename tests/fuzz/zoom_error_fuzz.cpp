// Zoom's error answers: any body under any status reads into bounded,
// single-line texts; the classified failure's message is one clean line.
// Input: two bytes of status, one byte of content type, then the body.
#include <boost/json/parse.hpp>
#include <string>

#include "core/bounded_text.hpp"
#include "core/zoom_error.hpp"
#include "fuzz_support.hpp"

namespace {

constexpr std::size_t k_bounded = zc::k_remote_text_max + zc::k_cut_marker.size();

bool bounded(const std::string& text) { return text.size() <= k_bounded && fuzz::clean_line(text); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 3) return 0;
  zc::HttpResponse response;
  response.status = 100 + (data[0] << 8 | data[1]) % 500;
  static constexpr const char* k_types[] = {"application/json", "application/json; charset=utf-8",
                                            "text/html", ""};
  if (const char* type = k_types[data[2] % 4]; *type != '\0') {
    response.headers.emplace_back("content-type", type);
  }
  if (data[2] & 0x10) response.headers.emplace_back("retry-after", "5");
  response.body.assign(fuzz::as_text(data + 3, size - 3));

  const zc::ZoomErrorBody body = zc::parse_zoom_error_body(response);
  FUZZ_CHECK(bounded(body.message));
  FUZZ_CHECK(bounded(body.reason));
  FUZZ_CHECK(bounded(body.error));
  for (const auto& scope : body.missing_scopes) FUZZ_CHECK(fuzz::valid_utf8(scope));
  // Zoom's code is taken only when it is exactly the code sent (a code of
  // 2^32 + 124 is not "invalid token").
  if (body.code) {
    boost::system::error_code ec;
    const auto value = boost::json::parse(response.body, ec);
    FUZZ_CHECK(!ec && value.is_object());
    const auto* code = value.as_object().if_contains("code");
    FUZZ_CHECK(code != nullptr && code->is_int64() && code->as_int64() == *body.code);
  }

  for (const zc::ZoomFailure& failure :
       {zc::classify_token_failure(response), zc::classify_api_failure(response, "the call")}) {
    FUZZ_CHECK(fuzz::valid_utf8(failure.error.message));
    FUZZ_CHECK(failure.error.message.find('\n') == std::string::npos);
    FUZZ_CHECK(failure.error.status != zc::Status::ok);
    FUZZ_CHECK(bounded(failure.zoom_message));
    FUZZ_CHECK(failure.error.http_status == response.status);
  }
  (void)zc::is_invalid_token_answer(response);
  (void)zc::parse_missing_scopes(response.body);
  return 0;
}
