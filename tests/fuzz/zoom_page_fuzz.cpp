// A Zoom list page, read the way the fetch reads it: the body goes through
// PageReader (simdjson: validated, the stream's list selected, each record
// sliced out as its own text, next_page_token and total_records picked out),
// each record's text is what the host receives (as it is, or spliced with
// _parent_id), and every record feeds the planner, which turns hostile ids
// into child partitions (percent-encoded paths, state keys) and record ids.
// Boost.JSON, an independent parser, checks the reader: a page it accepts is
// JSON, and every record text holds the same value as the page's record.
// An answer outside 2xx is classified and mapped to a page error action; a
// 429's Retry-After (the body's first line here) is read.
// Input: one byte picks the stream, one the status class, then the body.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "core/path_segment.hpp"
#include "core/rate_limit_answer.hpp"
#include "core/stream_table.hpp"
#include "core/zoom_error.hpp"
#include "fetch/fetch_request.hpp"
#include "fetch/page_error_policy.hpp"
#include "fetch/page_reader.hpp"
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

// The same JSON value; numbers compare by value (a record rewritten by
// simdjson may spell 1.0 as 1.0 or -0 as -0.0, which Boost reads as
// another kind of number).
bool same_value(const json::value& a, const json::value& b) {
  if (a.is_number() && b.is_number()) {
    if (a.is_double() || b.is_double()) return a.to_number<double>() == b.to_number<double>();
    return a == b;
  }
  if (a.kind() != b.kind()) return false;
  if (a.is_object()) {
    const auto& x = a.as_object();
    const auto& y = b.as_object();
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i) {
      const auto& p = *(x.begin() + static_cast<std::ptrdiff_t>(i));
      const auto& q = *(y.begin() + static_cast<std::ptrdiff_t>(i));
      if (p.key() != q.key() || !same_value(p.value(), q.value())) return false;
    }
    return true;
  }
  if (a.is_array()) {
    const auto& x = a.as_array();
    const auto& y = b.as_array();
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (!same_value(x[i], y[i])) return false;
    }
    return true;
  }
  return a == b;
}

// One JSON object on one line, as a JSON Lines record must be.
json::object one_line_object(std::string_view text) {
  FUZZ_CHECK(text.find('\n') == std::string_view::npos);
  FUZZ_CHECK(text.find('\r') == std::string_view::npos);
  boost::system::error_code ec;
  json::value value = json::parse(text, ec);
  FUZZ_CHECK(!ec && value.is_object());
  return std::move(value.as_object());
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
    const auto wait = zc::parse_retry_after(first_line, sys_days{2026y / 11 / 29} + 12h);
    if (wait) FUZZ_CHECK(wait->count() >= 0);
  }
  if (response.status != 200) {
    const zc::ZoomFailure failure = zc::classify_api_failure(response, "GET /page");
    FUZZ_CHECK(fuzz::valid_utf8(failure.error.message));
    (void)zc::fetch::page_error_action(failure.error, partition);
    return 0;
  }
  if (!response.is_json()) return 0;
  static zc::fetch::PageReader reader;
  if (!reader.parse(response.body)) return 0;
  // Accepted by simdjson: Boost (with room for a deeper page) accepts it too.
  boost::system::error_code ec;
  json::parse_options deeper;
  deeper.max_depth = 64;
  const json::value body = json::parse(reader.body(), ec, {}, deeper);
  FUZZ_CHECK(!ec && body.is_object());
  const json::object& page = body.as_object();
  if (reader.select(stream.array_key) != zc::fetch::PageReader::List::records) return 0;
  // Selected: the key is there once and holds an array of objects.
  const json::value* list = page.if_contains(stream.array_key);
  FUZZ_CHECK(list != nullptr && list->is_array() && list->as_array().size() == reader.size());
  if (const auto token = reader.next_page_token(); token) FUZZ_CHECK(fuzz::valid_utf8(*token));
  (void)reader.count("total_records");
  std::vector<zc::fetch::Partition> children;
  for (std::size_t i = 0; i < reader.size(); ++i) {
    const json::object record = one_line_object(reader.text(i));
    const json::value& element = list->as_array()[i];
    FUZZ_CHECK(element.is_object());
    FUZZ_CHECK(same_value(record, element));
    FUZZ_CHECK(reader.empty_object(i) == record.empty());
    FUZZ_CHECK(reader.has_field(i, stream.primary_key) == record.contains(stream.primary_key));
    // The host's line for a child record: the text without its closing brace,
    // then _parent_id (FetchRun's splice). Still one object, one more key.
    if (!record.contains("_parent_id")) {
      const std::string_view text = reader.text(i);
      std::string spliced(text.substr(0, text.size() - 1));
      if (!reader.empty_object(i)) spliced += ',';
      spliced += R"("_parent_id":"p"})";
      const json::object enriched = one_line_object(spliced);
      FUZZ_CHECK(enriched.size() == record.size() + 1 && enriched.contains("_parent_id"));
    }
    (void)zc::fetch::record_id(record, stream.primary_key);
    children.clear();
    planner.add_children(partition, record, children);
    for (const auto& child : children) {
      FUZZ_CHECK(child.stream != nullptr);
      FUZZ_CHECK(child.stream->parent == stream.name);
      FUZZ_CHECK(child.depth > partition.depth);
      FUZZ_CHECK(child.key.starts_with(std::string(child.stream->name) + "|"));
      // An id that cannot fill a path (empty, "." or ".."): planned, refused,
      // never walked (core/path_segment).
      FUZZ_CHECK(child.refused.empty() != zc::path_id_problem(child.parent_id).has_value());
      if (!child.refused.empty()) {
        FUZZ_CHECK(child.target.empty());
        continue;
      }
      FUZZ_CHECK(child.target.starts_with("/"));
      FUZZ_CHECK(plain_target(child.target));
    }
  }
  return 0;
}
