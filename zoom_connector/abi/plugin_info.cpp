#include "abi/plugin_info.hpp"

#include <string_view>

#include "pipeline_plugin.h"

namespace zc::embedded {
extern const std::string_view credential_schema;  // generated from schemas/
extern const std::string_view stream_catalog;     // generated from schemas/
}  // namespace zc::embedded

#define ZC_STRINGIFY_INNER(x) #x
#define ZC_STRINGIFY(x) ZC_STRINGIFY_INNER(x)

namespace zc::abi {

const char* plugin_info_json() noexcept {
  static constexpr const char* k_info =
      "{\"name\":\"zoom\",\"display_name\":\"Zoom\",\"version\":\"" ZC_VERSION
      "\",\"abi_version\":" ZC_STRINGIFY(PP_ABI_VERSION) ",\"directions\":[\"source\"],"
      "\"auth\":\"Server-to-Server OAuth\"}";
  return k_info;
}

// The embedded bytes are NUL-terminated by the generator.
const char* plugin_credential_schema_json() noexcept { return embedded::credential_schema.data(); }

const char* plugin_catalog_json() noexcept { return embedded::stream_catalog.data(); }

}  // namespace zc::abi
