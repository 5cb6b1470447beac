// CredentialStore's fetch checkpoints: one per (credential, output), each
// with a MAC of its own (fetch_state_seal.hpp).
#include <sqlite3.h>

#include <boost/json/parse.hpp>
#include <ctime>

#include "credential_store.hpp"
#include "fetch_state_seal.hpp"

namespace host_sim {

std::optional<std::string> CredentialStore::load_state(std::int64_t id,
                                                       const std::string& output) const {
  const std::lock_guard lock(mutex_);
  SqliteStatement query(db_,
                        "SELECT state_json, state_mac FROM fetch_state "
                        "WHERE credential_id = ?1 AND output_key = ?2");
  query.bind(1, id).bind(2, output);
  if (!query.step()) return std::nullopt;
  std::string text = query.text(0);
  const auto tag = from_base64(query.text(1));
  if (!tag || !box_.verify_mac(fetch_state_mac_message(store_id_, id, output, text), *tag)) {
    throw StoreError(StoreError::Kind::corrupt, unauthentic_state_message(id, paths_.database));
  }
  return text;
}

void CredentialStore::save_state(std::int64_t id, const std::string& output,
                                 const std::string& text) {
  const std::lock_guard lock(mutex_);
  SqliteTransaction tx(db_);
  SqliteStatement upsert(
      db_,
      "INSERT INTO fetch_state(credential_id, output_key, state_json, updated_at, state_mac) "
      "VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(credential_id, output_key) DO UPDATE SET "
      "state_json = excluded.state_json, updated_at = excluded.updated_at, "
      "state_mac = excluded.state_mac");
  upsert.bind(1, id).bind(2, output).bind(3, text);
  upsert.bind(4, static_cast<std::int64_t>(std::time(nullptr)));
  upsert.bind(5, to_base64(box_.mac(fetch_state_mac_message(store_id_, id, output, text))));
  upsert.step();
  tx.commit();
}

void CredentialStore::clear_state(std::int64_t id, const std::string& output) {
  const std::lock_guard lock(mutex_);
  SqliteTransaction tx(db_);
  SqliteStatement erase(db_,
                        "DELETE FROM fetch_state WHERE credential_id = ?1 AND output_key = ?2");
  erase.bind(1, id).bind(2, output).step();
  tx.commit();
}

std::vector<SavedState> CredentialStore::states(std::int64_t id) const {
  std::vector<SavedState> out;
  {
    const std::lock_guard lock(mutex_);
    SqliteStatement query(db_,
                          "SELECT output_key, updated_at FROM fetch_state WHERE credential_id = "
                          "?1 ORDER BY updated_at DESC, output_key");
    query.bind(1, id);
    while (query.step()) out.push_back({query.text(0), "", query.integer(1)});
  }
  for (auto& state : out) state.text = load_state(id, state.output).value_or("");
  return out;
}

// A store of one checkpoint per credential: each row moves under the output
// its checkpoint names ("output_path"), with a MAC over that output; a row
// whose old MAC does not verify moves without one, so it is still refused
// (and still reported) rather than silently gone.
void CredentialStore::migrate_fetch_state() {
  SqliteTransaction tx(db_);
  {
    SqliteStatement column(db_, k_fetch_state_has_output_sql);
    if (column.step() && column.integer(0) > 0) return;
  }
  db_.exec("ALTER TABLE fetch_state RENAME TO fetch_state_v1");
  db_.exec(k_fetch_state_table_sql);
  {
    SqliteStatement rows(db_,
                         "SELECT credential_id, state_json, state_mac, updated_at "
                         "FROM fetch_state_v1");
    while (rows.step()) {
      const std::int64_t id = rows.integer(0);
      const std::string text = rows.text(1);
      std::string output;
      boost::system::error_code ec;
      const auto parsed = boost::json::parse(text, ec);
      if (!ec && parsed.is_object()) {
        if (const auto* path = parsed.as_object().if_contains("output_path");
            path != nullptr && path->is_string()) {
          output = std::string(path->as_string());
        }
      }
      const auto tag = from_base64(rows.text(2));
      const bool authentic =
          tag && box_.verify_mac(fetch_state_mac_message_v1(store_id_, id, text), *tag);
      SqliteStatement insert(
          db_,
          "INSERT OR IGNORE INTO fetch_state(credential_id, output_key, state_json, updated_at, "
          "state_mac) VALUES(?1, ?2, ?3, ?4, ?5)");
      insert.bind(1, id).bind(2, output).bind(3, text).bind(4, rows.integer(3));
      insert.bind(5, authentic
                         ? to_base64(box_.mac(fetch_state_mac_message(store_id_, id, output, text)))
                         : std::string());
      insert.step();
    }
  }
  db_.exec("DROP TABLE fetch_state_v1");
  tx.commit();
}

}  // namespace host_sim
