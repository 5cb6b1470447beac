// The catalog document: schemas/catalog.json with every record schema
// inlined, as hosts read it (catalog_json, and connector_catalog marked for
// one credential). The stream table (core/stream_table.hpp) holds the same
// streams as C++ rows for the code.
#pragma once

#include <set>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace zc {

// The document the plugin embeds.
std::string_view embedded_catalog_document();

// `document` with "allowed" and "missing_scopes" added to every stream, for a
// token granted `granted` (classic or granular scopes, parents included).
Result<std::string> catalog_document_for_scopes(std::string_view document,
                                                const std::set<std::string>& granted);

}  // namespace zc
