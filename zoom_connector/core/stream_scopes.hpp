// Which OAuth scopes each stream needs (the stream table's classic and
// granular scope, and its parents'): validate lists the streams a credential
// allows, and the fetch engine checks a request before it starts.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/stream_table.hpp"

namespace zc {

// Splits Zoom's token "scope" string (one space-separated string) into a set.
std::set<std::string> parse_scope_string(std::string_view scope);

// True when `granted` holds the classic OR the granular scope of `stream`
// (its parent is not considered).
bool stream_scope_granted(const StreamDef& stream, const std::set<std::string>& granted);

// Streams that `granted` allows (own scope and every ancestor's), table order.
std::vector<std::string> allowed_streams(const std::set<std::string>& granted);

// For a stream that is not allowed: one "classic or granular" alternative per
// missing requirement, e.g. "meeting:read:admin or meeting:read:list_meetings:admin".
// A stream is allowed only when its parent is allowed too.
std::vector<std::string> missing_scopes_for_stream(std::string_view stream,
                                                   const std::set<std::string>& granted);

}  // namespace zc
