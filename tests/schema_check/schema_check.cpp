#include "schema_check.hpp"

#include <boost/json/parse.hpp>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <valijson/adapters/boost_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

namespace schema_check {
namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::size_t code_points(std::string_view text) {
  std::size_t n = 0;
  for (const char c : text) n += (static_cast<unsigned char>(c) & 0xC0u) != 0x80u ? 1 : 0;
  return n;
}

// Strings too long for valijson's std::regex checks, by path.
void find_long_strings(const boost::json::value& value, const std::string& path,
                       std::vector<std::string>& out) {
  if (value.is_string()) {
    if (const auto n = code_points(value.as_string()); n > k_max_string) {
      out.push_back(path + ": a string of " + std::to_string(n) + " characters, more than " +
                    std::to_string(k_max_string) + " (too long to check safely)");
    }
  } else if (value.is_array()) {
    std::size_t i = 0;
    for (const auto& item : value.as_array())
      find_long_strings(item, path + "[" + std::to_string(i++) + "]", out);
  } else if (value.is_object()) {
    for (const auto& [key, item] : value.as_object()) {
      find_long_strings(item, path + "[" + std::string(key) + "]", out);
    }
  }
}

}  // namespace

struct SchemaCheck::Impl {
  boost::json::value document;
  valijson::Schema schema;
  mutable valijson::Validator validator;  // caches compiled patterns
};

SchemaCheck::SchemaCheck(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}

SchemaCheck SchemaCheck::from_file(const std::filesystem::path& path) {
  try {
    return from_text(read_file(path));
  } catch (const std::exception& e) {
    throw std::runtime_error(path.string() + ": " + e.what());
  }
}

SchemaCheck SchemaCheck::from_text(std::string_view schema_json) {
  auto impl = std::make_shared<Impl>();
  boost::system::error_code error;
  impl->document = boost::json::parse(schema_json, error);
  if (error || !impl->document.is_object())
    throw std::runtime_error("the schema is not a JSON object");
  valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
  parser.populateSchema(valijson::adapters::BoostJsonAdapter(impl->document), impl->schema);
  return SchemaCheck(std::move(impl));
}

std::vector<std::string> SchemaCheck::problems(const boost::json::value& document) const {
  std::vector<std::string> out;
  find_long_strings(document, "<root>", out);
  if (!out.empty()) return out;
  valijson::ValidationResults results;
  if (impl_->validator.validate(impl_->schema, valijson::adapters::BoostJsonAdapter(document),
                                &results)) {
    return out;
  }
  valijson::ValidationResults::Error error;
  while (results.popError(error)) {
    std::string where;
    for (const auto& part : error.context) where += part;
    out.push_back(where + ": " + error.description);
  }
  return out;
}

RecordSchemas::RecordSchemas(const std::filesystem::path& schemas_dir) {
  const auto catalog = boost::json::parse(read_file(schemas_dir / "catalog.json"));
  for (const auto& stream : catalog.at("streams").as_array()) {
    const auto& entry = stream.as_object();
    by_stream_.emplace(
        std::string(entry.at("name").as_string()),
        SchemaCheck::from_file(schemas_dir / std::string(entry.at("record_schema").as_string())));
  }
}

std::vector<std::string> RecordSchemas::stream_names() const {
  std::vector<std::string> out;
  for (const auto& [name, check] : by_stream_) out.push_back(name);
  return out;
}

std::vector<std::string> RecordSchemas::problems(const std::string& stream,
                                                 std::string_view record_json) const {
  const auto it = by_stream_.find(stream);
  if (it == by_stream_.end()) return {"no record schema for stream \"" + stream + "\""};
  boost::system::error_code error;
  const auto record = boost::json::parse(record_json, error);
  if (error) return {"the record is not JSON: " + error.message()};
  return it->second.problems(record);
}

}  // namespace schema_check
