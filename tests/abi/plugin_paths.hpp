// Paths of the plugins under test, baked in by CMake.
#pragma once

namespace abi_test {
inline constexpr const char* k_zoom_plugin = ZC_PLUGIN_PATH;
inline constexpr const char* k_fake_full = FAKE_FULL_PATH;
inline constexpr const char* k_fake_short_table = FAKE_SHORT_TABLE_PATH;
inline constexpr const char* k_fake_wrong_version = FAKE_WRONG_VERSION_PATH;
inline constexpr const char* k_fake_no_entry = FAKE_NO_ENTRY_PATH;
inline constexpr const char* k_fake_longer_table = FAKE_LONGER_TABLE_PATH;
inline constexpr const char* k_credential_schema = CREDENTIAL_SCHEMA_PATH;
}  // namespace abi_test
