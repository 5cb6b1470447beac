// Which OAuth scopes each stream needs: the one table (docs/zoom_api_facts.md section 5)
// that validate (to list the streams a credential allows) and the fetch work
// (to check a request before it starts) both read.
#pragma once

#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace zc {

struct StreamScopes {
  std::string_view stream;          // catalog name, e.g. "meetings"
  std::string_view endpoint;        // the Zoom endpoint, for messages
  std::string_view classic_scope;   // e.g. "meeting:read:admin"
  std::string_view granular_scope;  // e.g. "meeting:read:list_meetings:admin"
  // The stream whose records this one walks (meetings are listed per user),
  // or empty. A stream is allowed only when its parent is allowed too.
  std::string_view parent;
};

// Every stream, in catalog order.
std::span<const StreamScopes> stream_scope_table();

// The row for `stream`, or nullopt.
std::optional<StreamScopes> find_stream_scopes(std::string_view stream);

// Splits Zoom's token "scope" string (one space-separated string) into a set.
std::set<std::string> parse_scope_string(std::string_view scope);

// True when `granted` holds the classic OR the granular scope of `row`
// (the parent is not considered).
bool stream_scope_granted(const StreamScopes& row, const std::set<std::string>& granted);

// Streams that `granted` allows (own scope and every ancestor's), table order.
std::vector<std::string> allowed_streams(const std::set<std::string>& granted);

// For a stream that is not allowed: one "classic or granular" alternative per
// missing requirement, e.g. "meeting:read:admin or meeting:read:list_meetings:admin".
std::vector<std::string> missing_scopes_for_stream(std::string_view stream,
                                                   const std::set<std::string>& granted);

}  // namespace zc
