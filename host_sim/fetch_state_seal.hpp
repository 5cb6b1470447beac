// A credential's fetch checkpoint in the credential store is authenticated
// as its row is: a keyed BLAKE2b MAC (the store's MAC key) over the store's
// id, the credential's id and the checkpoint's text, kept beside it in
// fetch_state.state_mac. A checkpoint edited in the file (an output_bytes
// that would cut the output back, a cursor, a frontier), copied from another
// credential or store, or saved by a host_sim older than this check is not
// used.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace host_sim {

// What the MAC covers.
std::string fetch_state_mac_message(std::string_view store_id, std::int64_t credential_id,
                                    std::string_view state_json);

// The column, added to a store made before it existed (its checkpoints then
// have no MAC and are refused).
inline constexpr const char* k_has_state_mac_sql =
    "SELECT COUNT(*) FROM pragma_table_info('fetch_state') WHERE name = 'state_mac'";
inline constexpr const char* k_add_state_mac_sql =
    "ALTER TABLE fetch_state ADD COLUMN state_mac TEXT NOT NULL DEFAULT ''";

// For StoreError corrupt: why the checkpoint is not used and what to do.
std::string unauthentic_state_message(std::int64_t credential_id,
                                      const std::filesystem::path& store);

}  // namespace host_sim
