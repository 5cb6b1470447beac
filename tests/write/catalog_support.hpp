// Reads schemas/write_catalog.json and the record schemas it names.
#pragma once

#include <boost/json.hpp>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace zc_write_test {

inline boost::json::value read_json(const std::string& relative) {
  std::ifstream in(std::string(ZC_SCHEMAS_DIR) + "/" + relative);
  if (!in) throw std::runtime_error("cannot open schemas/" + relative);
  std::stringstream ss;
  ss << in.rdbuf();
  return boost::json::parse(ss.str());
}

inline const boost::json::array& operations() {
  static const boost::json::value cat = read_json("write_catalog.json");
  return cat.as_object().at("operations").as_array();
}

// "{a}" placeholders of a path template, in order.
inline std::vector<std::string> placeholders(std::string_view path) {
  std::vector<std::string> out;
  for (auto open = path.find('{'); open != std::string_view::npos; open = path.find('{', open)) {
    const auto close = path.find('}', open);
    if (close == std::string_view::npos) break;
    out.emplace_back(path.substr(open + 1, close - open - 1));
    open = close;
  }
  return out;
}

}  // namespace zc_write_test
