// A fetch checkpoint in the credential store belongs to a credential and an
// output (the output file's canonical absolute path; "" for stdout), one
// row each in fetch_state, and is authenticated as the credential's row
// is: a keyed BLAKE2b MAC (the store's MAC key) over the store's id, the
// credential's id, the output and the checkpoint's text, kept beside it in
// fetch_state.state_mac. A checkpoint edited in the file (an output_bytes
// that would cut the output back, a cursor, a frontier), copied from
// another credential, output or store, or saved by a host_sim older than
// this check is not used.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace host_sim {

// What the MAC covers.
std::string fetch_state_mac_message(std::string_view store_id, std::int64_t credential_id,
                                    std::string_view output, std::string_view state_json);
// What it covered when there was one checkpoint per credential (read once,
// when such a store is opened: see k_fetch_state_has_output_sql).
std::string fetch_state_mac_message_v1(std::string_view store_id, std::int64_t credential_id,
                                       std::string_view state_json);

// The MAC column, added to a store made before it existed (its checkpoints
// then have no MAC and are refused).
inline constexpr const char* k_has_state_mac_sql =
    "SELECT COUNT(*) FROM pragma_table_info('fetch_state') WHERE name = 'state_mac'";
inline constexpr const char* k_add_state_mac_sql =
    "ALTER TABLE fetch_state ADD COLUMN state_mac TEXT NOT NULL DEFAULT ''";
// A store made when there was one checkpoint per credential has no output
// column: its rows move to the table keyed by (credential, output), each
// under the output its checkpoint names.
inline constexpr const char* k_fetch_state_has_output_sql =
    "SELECT COUNT(*) FROM pragma_table_info('fetch_state') WHERE name = 'output_key'";
inline constexpr const char* k_fetch_state_table_sql = R"sql(
CREATE TABLE IF NOT EXISTS fetch_state(
  credential_id INTEGER NOT NULL REFERENCES credentials(id) ON DELETE CASCADE,
  output_key TEXT NOT NULL,
  state_json TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  state_mac TEXT NOT NULL DEFAULT '',
  PRIMARY KEY(credential_id, output_key));
)sql";

// For StoreError corrupt: why the checkpoint is not used and what to do.
std::string unauthentic_state_message(std::int64_t credential_id,
                                      const std::filesystem::path& store);

}  // namespace host_sim
