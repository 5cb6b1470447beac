// The stream catalog as one credential sees it: each stream marked allowed or
// not by the token's granted scopes (classic or granular, parents included).
#pragma once

#include <set>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace zc {

// The catalog the plugin embeds (schemas/catalog.json with record schemas).
std::string_view embedded_stream_catalog();

// Adds "allowed" and "missing_scopes" to every stream of `catalog_json`.
Result<std::string> mark_catalog(std::string_view catalog_json,
                                 const std::set<std::string>& granted);

}  // namespace zc
