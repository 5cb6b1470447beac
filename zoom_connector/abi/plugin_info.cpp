#include "abi/plugin_info.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <string_view>

#include "core/option_schema.hpp"
#include "pipeline_plugin.h"

namespace zc::embedded {
extern const std::string_view credential_schema;  // generated from schemas/
extern const std::string_view catalog_document;   // generated from schemas/
extern const std::string_view write_catalog;      // generated from schemas/
}  // namespace zc::embedded

namespace zc::abi {
namespace {

std::string make_info() {
  boost::json::value info = {
      {"name", "zoom"},
      {"display_name", "Zoom"},
      {"version", ZC_VERSION},
      {"abi_version", PP_ABI_VERSION},
      {"directions", boost::json::array{"source", "destination"}},
      {"auth", "Server-to-Server OAuth"},
  };
  // The one list of options (schemas/zoom.connector_options.schema.json):
  // hosts build their option help and forms from it. A broken embedded
  // schema (a bug the tests catch) leaves the key out rather than abort.
  boost::system::error_code ec;
  auto options_schema = boost::json::parse(option_schema_text(), ec);
  if (!ec) info.as_object()["options_schema"] = std::move(options_schema);
  return boost::json::serialize(info);
}

}  // namespace

const char* plugin_info_json() noexcept {
  // Built once, thread-safely; lives until the library unloads. Allocation
  // failure here would terminate, which for a few bytes at first use is fine.
  static const std::string info = make_info();
  return info.c_str();
}

// The embedded bytes are NUL-terminated by the generator.
const char* plugin_credential_schema_json() noexcept { return embedded::credential_schema.data(); }

const char* plugin_catalog_json() noexcept { return embedded::catalog_document.data(); }

const char* plugin_write_catalog_json() noexcept { return embedded::write_catalog.data(); }

}  // namespace zc::abi
