// The plugin's static JSON documents: info, credential schema, catalog.
#pragma once

namespace zc::abi {

const char* plugin_info_json() noexcept;
const char* plugin_credential_schema_json() noexcept;  // embedded schemas/ file
const char* plugin_catalog_json() noexcept;

}  // namespace zc::abi
