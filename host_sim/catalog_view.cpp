#include "catalog_view.hpp"

#include <boost/json.hpp>

namespace host_sim {
namespace {

namespace json = boost::json;

constexpr std::size_t k_max_streams = 1000;

std::string text(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

}  // namespace

std::vector<CatalogStream> catalog_streams(const std::string& catalog_json) {
  std::vector<CatalogStream> out;
  boost::system::error_code ec;
  const auto catalog = json::parse(catalog_json, ec);
  if (ec || !catalog.is_object()) return out;
  const auto* streams = catalog.as_object().if_contains("streams");
  if (streams == nullptr || !streams->is_array()) return out;
  for (const auto& entry : streams->as_array()) {
    if (out.size() >= k_max_streams) break;
    if (!entry.is_object()) continue;
    const auto& o = entry.as_object();
    CatalogStream stream;
    stream.name = text(o, "name");
    if (stream.name.empty()) continue;
    stream.parent = text(o, "parent");
    if (const auto* flag = o.if_contains("incremental"); flag != nullptr && flag->is_bool())
      stream.incremental = flag->as_bool();
    if (const auto* parameters = o.if_contains("parameters");
        parameters != nullptr && parameters->is_array()) {
      for (const auto& p : parameters->as_array())
        if (p.is_string() && p.as_string() == "from") stream.windowed = true;
    }
    if (const auto* scopes = o.if_contains("scopes"); scopes != nullptr && scopes->is_object()) {
      for (const char* kind : {"classic", "granular"}) {
        if (auto scope = text(scopes->as_object(), kind); !scope.empty())
          stream.scopes.push_back(std::move(scope));
      }
    }
    out.push_back(std::move(stream));
  }
  return out;
}

std::map<std::string, CatalogStream> catalog_by_name(const std::string& catalog_json) {
  std::map<std::string, CatalogStream> out;
  for (auto& stream : catalog_streams(catalog_json)) {
    std::string name = stream.name;
    out.emplace(std::move(name), std::move(stream));
  }
  return out;
}

}  // namespace host_sim
