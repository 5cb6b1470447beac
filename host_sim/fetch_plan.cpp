#include "fetch_plan.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <stdexcept>

#include "catalog_view.hpp"

namespace host_sim {

namespace json = boost::json;

json::object build_fetch_request(const std::vector<std::string>& streams,
                                 const std::optional<std::string>& state_json,
                                 const std::string& extra_json) {
  json::object request;
  if (!extra_json.empty()) {
    boost::system::error_code ec;
    auto extra = json::parse(extra_json, ec);
    if (ec || !extra.is_object()) throw std::invalid_argument("--request must be a JSON object");
    request = std::move(extra.as_object());
  }
  json::array names;
  for (const auto& stream : streams) names.emplace_back(stream);
  request["streams"] = std::move(names);
  if (state_json) {
    boost::system::error_code ec;
    auto state = json::parse(*state_json, ec);
    if (!ec) request["state"] = std::move(state);
  }
  return request;
}

std::vector<std::string> catalog_names(const std::string& catalog_json, const char* list) {
  std::vector<std::string> names;
  boost::system::error_code ec;
  const auto catalog = json::parse(catalog_json, ec);
  if (ec || !catalog.is_object()) return names;
  if (const auto* entries = catalog.as_object().if_contains(list);
      entries != nullptr && entries->is_array()) {
    for (const auto& entry : entries->as_array()) {
      const auto* name = entry.is_object() ? entry.as_object().if_contains("name") : nullptr;
      if (name != nullptr && name->is_string()) names.emplace_back(name->as_string());
    }
  }
  return names;
}

DefaultStreams default_streams(const std::string& catalog_json, const std::string& verdict_json) {
  DefaultStreams out;
  boost::system::error_code ec;
  const auto verdict = json::parse(verdict_json, ec);
  const auto* allowed =
      !ec && verdict.is_object() ? verdict.as_object().if_contains("allowed_streams") : nullptr;
  out.by_verdict = allowed != nullptr && allowed->is_array() && !allowed->as_array().empty();
  for (const CatalogStream& stream : catalog_streams(catalog_json)) {
    if (!out.by_verdict || std::ranges::find(allowed->as_array(), json::value(stream.name)) !=
                               allowed->as_array().end()) {
      out.streams.push_back(stream.name);
      continue;
    }
    std::string why;
    for (const auto& scope : stream.scopes) why += (why.empty() ? "needs " : " or ") + scope;
    out.skipped.push_back(stream.name + " (" +
                          (why.empty() ? "not allowed by the last verdict" : why) + ")");
  }
  return out;
}

}  // namespace host_sim
