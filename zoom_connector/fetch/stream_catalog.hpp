// How each stream is fetched: endpoint, array key, page size, rate category,
// what it is partitioned by. Scopes live in core/stream_scopes (one table for
// validate and fetch); this is the fetch half.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "core/rate_limiter.hpp"

namespace zc::fetch {

// What one stream's partitions hang off.
enum class Parent {
  none,            // one partition (or one per date window)
  user,            // one partition per user (from the users listing)
  past_meeting,    // one per past meeting instance (from the meetings listing), by UUID
  report_meeting,  // one per meeting from report_meetings, by UUID
};

struct StreamSpec {
  std::string_view name;
  // Path under the API base; "{id}" is replaced by the parent's id, encoded.
  std::string_view path;
  std::string_view array_key;    // where the records are in each page
  std::string_view primary_key;  // the record field that identifies it
  int max_page_size;
  RateCategory category;
  Parent parent;
  bool windowed;                 // takes from/to, at most one month per request
  std::string_view fixed_query;  // extra query parameters, e.g. "type=past"
};

std::span<const StreamSpec> stream_specs();
std::optional<StreamSpec> find_stream_spec(std::string_view name);

}  // namespace zc::fetch
