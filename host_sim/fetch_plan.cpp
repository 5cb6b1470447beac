#include "fetch_plan.hpp"

#include <boost/json.hpp>
#include <stdexcept>

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


}  // namespace host_sim
