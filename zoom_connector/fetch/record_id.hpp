// A record's id as text (Zoom ids are strings, meeting ids are numbers).
// Inline: the page walk calls it for every record.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>

namespace zc::fetch {

inline std::string record_id(const boost::json::object& record, std::string_view key) {
  const boost::json::value* id = record.if_contains(key);
  if (id == nullptr) return {};
  if (id->is_string()) return std::string(id->as_string());
  if (id->is_int64()) return std::to_string(id->as_int64());
  if (id->is_uint64()) return std::to_string(id->as_uint64());
  return {};
}

}  // namespace zc::fetch
