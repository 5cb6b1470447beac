// Zoom's answer to a write, read into the record's result
// (classify_write_answer): texts bounded and on one line, at most 100
// field errors, Zoom's code taken only when it is exactly the code sent,
// and the operation's success status (the write catalog's) always "done".
// Input: byte 0 picks the operation and a status, then the body.
#include <boost/json/parse.hpp>
#include <optional>

#include "core/bounded_text.hpp"
#include "fuzz_support.hpp"
#include "write/write_catalog.hpp"
#include "write/write_outcome.hpp"

namespace {

constexpr std::size_t k_bounded = zc::k_remote_text_max + zc::k_cut_marker.size();

// The body's "code" when it is an integer in int's range.
std::optional<long long> sent_code(const std::string& body) {
  boost::system::error_code ec;
  const auto value = boost::json::parse(body, ec);
  if (ec || !value.is_object()) return std::nullopt;
  const auto* code = value.as_object().if_contains("code");
  if (code == nullptr || !code->is_int64()) return std::nullopt;
  return code->as_int64();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // Byte 0 picks an operation of the write catalog (its answer rules) and a status.
  const auto& ops = zc::write::operation_specs();
  const auto& op = ops[data[0] % ops.size()];
  static constexpr long k_statuses[] = {201, 204, 200, 400, 404, 409, 429, 500};
  zc::HttpResponse response;
  response.status = k_statuses[(data[0] / 3) % 8];
  response.headers.emplace_back("content-type", "application/json");
  if (data[0] & 0x80) response.headers.emplace_back("x-ratelimit-type", "Daily-limit");
  if (data[0] & 0x40) response.headers.emplace_back("retry-after", "2026-12-02T00:00:00Z");
  response.body.assign(fuzz::as_text(data + 1, size - 1));
  const auto out = zc::write::classify_write_answer(op.answer_rules(), &response, "");
  FUZZ_CHECK(out.message.size() <= k_bounded && fuzz::clean_line(out.message));
  FUZZ_CHECK(out.retry_after.size() <= 64 + zc::k_cut_marker.size());
  FUZZ_CHECK(out.field_errors.size() <= 100);
  for (const auto& error : out.field_errors) {
    FUZZ_CHECK(fuzz::clean_line(error.field) && fuzz::clean_line(error.message));
  }
  if (out.zoom_code) FUZZ_CHECK(sent_code(response.body) == *out.zoom_code);
  const bool success = response.status == op.success_status;
  FUZZ_CHECK(success == (out.outcome == zc::write::Outcome::done));
  FUZZ_CHECK(out.http_status == response.status);
  return 0;
}
