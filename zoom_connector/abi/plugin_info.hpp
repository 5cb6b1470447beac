// The plugin's static JSON documents: info, credential schema, stream and write catalogs.
#pragma once

namespace zc::abi {

const char* plugin_info_json() noexcept;
const char* plugin_credential_schema_json() noexcept;  // embedded schemas/ file
const char* plugin_catalog_json() noexcept;
const char* plugin_write_catalog_json() noexcept;  // write catalog, record schemas inlined

}  // namespace zc::abi
