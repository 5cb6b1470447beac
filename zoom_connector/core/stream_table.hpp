// The stream table: every fact about every stream, one row per entry of
// schemas/catalog.json, generated from it at build time
// (cmake/GenerateStreamTable.cmake). Validate reads the scopes and parents;
// the fetch engine reads the rest. Adding a stream is a catalog entry and its
// record schema; nothing here names a stream. The endpoints, page sizes and
// scopes are Zoom's (docs/zoom_api_facts.md section 5).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "core/rate_category.hpp"

namespace zc {

// How a parent's record id goes into a child's path.
enum class IdEncoding : std::uint8_t {
  plain,         // percent-encoded once
  meeting_uuid,  // once, or twice when it starts with '/' or holds "//"
};

// Which records of its parent a child stream is walked for.
enum class ParentFilter : std::uint8_t {
  all,
  started,  // only records whose start_time is in the past (a meeting that was held)
  has_download,  // only records whose download_files hold a file of download_file_type
};

// Zoom's 12702 on a stream's endpoint: older than Zoom keeps (past meetings'
// poll results, webinar reports) or, on a meeting's summary, none was made.
enum class UnavailableMeans : std::uint8_t { past_retention, no_summary };

struct StreamDef {
  std::string_view name;
  std::string_view parent;  // the stream whose records this one is listed per, or ""
  std::string_view classic_scope;
  std::string_view granular_scope;
  RateCategory category;
  std::string_view primary_key;  // the record field that identifies a record
  bool windowed;                 // takes from/to; walked in windows of one month
  int history_days;              // how far back "from" may reach; 0: no limit

  // Paging.
  std::string_view path;         // under the API base; "{id}" is the parent record's id
  std::string_view array_key;    // "": the whole answer is the one record
  int page_size_max;             // 0: not paged (one answer, no page_size sent)
  // from/to sent as date-times (T00:00:00Z / T23:59:59Z) rather than dates.
  bool window_date_time;
  // A download child (its answer is one record): the answer's array of
  // files, and the file_type whose download_url is fetched and read as
  // WebVTT, one record a cue; "" for every other stream.
  std::string_view download_files;
  std::string_view download_file_type;
  std::string_view fixed_query;  // sent on every page, e.g. "type=past"
  // One partition per value of this query parameter (users by status), or none.
  std::string_view partition_query;
  std::span<const std::string_view> partition_values;

  // As a parent: what names a child partition ("user=<id>").
  std::string_view child_id_field;  // "" when no stream hangs off this one
  std::string_view child_label;
  IdEncoding child_id_encoding;
  // As a child: which parent records feed it: those parent_filter keeps
  // and, when parent_match_field is set, whose field (as text) is one of
  // parent_match_values. The others cannot have records of it (pruned).
  ParentFilter parent_filter;
  std::string_view parent_match_field;
  std::span<const std::string_view> parent_match_values;
  // As a child: the parent record's field that fills "{id}" (the parent's
  // child_id_field unless the catalog's fetch.parent_id names another) and
  // how it is encoded.
  std::string_view parent_id_field;
  IdEncoding parent_id_encoding;
  // A dated top-level stream whose records, per window, name the only parents
  // that can have records of this stream in that window (Zoom's active-hosts
  // report), or "". A fetch may walk just those parents.
  std::string_view active_hosts_report;
  // What Zoom's 12702 means on this endpoint; the partition is skipped either way.
  UnavailableMeans unavailable_means;
};

// Every stream, in catalog order.
std::span<const StreamDef> stream_table();

// The row named `name`, or nullptr.
const StreamDef* find_stream(std::string_view name);

}  // namespace zc
