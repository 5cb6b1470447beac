#include "core/catalog_document.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/stream_scopes.hpp"

namespace zc::embedded {
extern const std::string_view catalog_document;  // generated at build time
}

namespace zc {

std::string_view embedded_catalog_document() { return embedded::catalog_document; }

Result<std::string> catalog_document_for_scopes(std::string_view document,
                                                const std::set<std::string>& granted) {
  boost::system::error_code ec;
  auto catalog = boost::json::parse(document, ec);
  if (ec || !catalog.is_object() || !catalog.as_object().contains("streams")) {
    return fail(Status::internal, "the embedded stream catalog does not parse");
  }
  for (auto& stream : catalog.as_object()["streams"].as_array()) {
    auto& entry = stream.as_object();
    const auto missing = missing_scopes_for_stream(entry["name"].as_string(), granted);
    boost::json::array names;
    for (const auto& scope : missing) names.emplace_back(scope);
    entry["allowed"] = missing.empty();
    entry["missing_scopes"] = std::move(names);
  }
  return boost::json::serialize(catalog);
}

}  // namespace zc
