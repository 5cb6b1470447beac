// A Zoom list page, read the way the fetch reads it: the body becomes a JSON
// object (PacedCaller), the stream's list and next_page_token are picked out
// (FetchRun), and every record feeds the planner, which turns hostile ids
// into child partitions (percent-encoded paths, state keys) and record ids.
// An answer outside 2xx is classified and mapped to a page error action; a
// 429's Retry-After (the body's first line here) is read.
// Input: one byte picks the stream, one the status class, then the body.
#include <boost/json/parse.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "core/stream_table.hpp"
#include "core/zoom_error.hpp"
#include "fetch/fetch_request.hpp"
#include "fetch/paced_caller.hpp"
#include "fetch/page_error_policy.hpp"
#include "fetch/partition_planner.hpp"
#include "fetch/record_id.hpp"
#include "fuzz_support.hpp"

namespace {

namespace json = boost::json;
using namespace std::chrono;

// Every stream, so that every parent feeds its children.
const zc::fetch::FetchRequest& all_streams() {
  static const zc::fetch::FetchRequest request = [] {
    std::string streams;
    for (const auto& def : zc::stream_table()) {
      streams += (streams.empty() ? "\"" : ",\"") + std::string(def.name) + "\"";
    }
    return *zc::fetch::parse_fetch_request(
        R"({"streams":[)" + streams + R"(],"from":"2026-10-01","to":"2026-11-28"})",
        sys_days{2026y / 11 / 29});
  }();
  return request;
}

// A path target must stay one path: no raw separators or spaces from an id.
bool plain_target(const std::string& target) {
  for (const char c : target) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F || c == '#') return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  static const zc::fetch::PartitionPlanner planner(all_streams(), sys_days{2026y / 11 / 29} + 12h);
  static const std::vector<zc::fetch::Partition> top = planner.top_level();
  const auto table = zc::stream_table();
  const zc::StreamDef& stream = table[data[0] % table.size()];
  zc::HttpResponse response;
  static constexpr long k_statuses[] = {200, 200, 200, 400, 401, 404, 429, 500};
  response.status = k_statuses[data[1] % 8];
  response.headers.emplace_back("content-type", "application/json;charset=UTF-8");
  response.body.assign(fuzz::as_text(data + 2, size - 2));

  // The partition this page belongs to: a top-level one, or a child of a
  // made-up parent record.
  zc::fetch::Partition partition;
  for (const auto& p : top) {
    if (p.stream == &stream) partition = p;
  }
  if (partition.stream == nullptr) {
    partition.stream = &stream;
    partition.key = std::string(stream.name) + "|user=x";
    partition.parent_id = "x";
    partition.depth = 1;
  }

  if (response.status == 429) {
    // Retry-After as Zoom sends it: seconds, or the date the daily limit resets.
    const std::string_view first_line = fuzz::split_once(response.body, '\n').first;
    const auto wait = zc::fetch::parse_retry_after(first_line, sys_days{2026y / 11 / 29} + 12h);
    if (wait) FUZZ_CHECK(wait->count() >= 0);
  }
  if (response.status != 200) {
    const zc::ZoomFailure failure = zc::classify_api_failure(response, "GET /page");
    FUZZ_CHECK(fuzz::valid_utf8(failure.error.message));
    (void)zc::fetch::page_error_action(failure.error, partition);
    return 0;
  }
  if (!response.is_json()) return 0;
  boost::system::error_code ec;
  const json::value body = json::parse(response.body, ec);
  if (ec || !body.is_object()) return 0;
  const json::object& page = body.as_object();
  const json::value* list = page.if_contains(stream.array_key);
  if (list == nullptr || !list->is_array()) return 0;
  if (const json::value* token = page.if_contains("next_page_token");
      token != nullptr && token->is_string()) {
    FUZZ_CHECK(fuzz::valid_utf8(token->as_string()));
  }
  std::vector<zc::fetch::Partition> children;
  for (const json::value& element : list->as_array()) {
    if (!element.is_object()) return 0;
    (void)zc::fetch::record_id(element.as_object(), stream.primary_key);
    children.clear();
    planner.add_children(partition, element.as_object(), children);
    for (const auto& child : children) {
      FUZZ_CHECK(child.stream != nullptr);
      FUZZ_CHECK(child.stream->parent == stream.name);
      FUZZ_CHECK(child.depth > partition.depth);
      FUZZ_CHECK(child.key.starts_with(std::string(child.stream->name) + "|"));
      FUZZ_CHECK(child.target.starts_with("/"));
      FUZZ_CHECK(plain_target(child.target));
    }
  }
  return 0;
}
