// Tests check JSON documents against the schemas in schemas/ with a real
// validator (valijson: JSON Schema draft 7 keywords, on Boost.JSON values).
// Strings longer than k_max_string fail before valijson runs: its "pattern"
// and "format" checks use std::regex, which recurses per character.
#pragma once

#include <boost/json/value.hpp>
#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace schema_check {

inline constexpr std::size_t k_max_string = 4096;

class SchemaCheck {
 public:
  // Throws std::runtime_error when the file cannot be read or is no schema.
  static SchemaCheck from_file(const std::filesystem::path& path);
  static SchemaCheck from_text(std::string_view schema_json);

  // Every problem as "<root>[key]...: message"; empty when the document is valid.
  std::vector<std::string> problems(const boost::json::value& document) const;

 private:
  struct Impl;
  explicit SchemaCheck(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> impl_;
};

// Each stream's record schema, found through schemas/catalog.json.
class RecordSchemas {
 public:
  explicit RecordSchemas(const std::filesystem::path& schemas_dir);
  std::vector<std::string> stream_names() const;
  // Problems of one record of `stream` (an unknown stream is one problem).
  std::vector<std::string> problems(const std::string& stream, std::string_view record_json) const;

 private:
  std::map<std::string, SchemaCheck> by_stream_;
};

}  // namespace schema_check
