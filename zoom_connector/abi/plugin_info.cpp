#include "abi/plugin_info.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <string_view>

#include "pipeline_plugin.h"

namespace zc::embedded {
extern const std::string_view credential_schema;  // generated from schemas/
extern const std::string_view catalog_document;   // generated from schemas/
extern const std::string_view write_catalog;      // generated from schemas/
}  // namespace zc::embedded

namespace zc::abi {
namespace {

std::string make_info() {
  const boost::json::value info = {
      {"name", "zoom"},
      {"display_name", "Zoom"},
      {"version", ZC_VERSION},
      {"abi_version", PP_ABI_VERSION},
      {"directions", boost::json::array{"source", "destination"}},
      {"auth", "Server-to-Server OAuth"},
  };
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
