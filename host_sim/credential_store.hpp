// The credential store: one SQLite file holding the credentials a host has
// saved, per connector and direction, with secret fields encrypted at rest
// (SecretBox; a key check row tells a wrong key apart from damage), plus
// each credential's last validation and its fetch checkpoint.
//
// Integrity: each secret is sealed with its store id, row id and field name
// as associated data, so a sealed value moved to another row, field or
// store does not open; every row carries a MAC over all its other columns
// (names, public fields, which secrets are set, validation), checked on
// every read. A store holding rows but no key check is refused. A store of
// the older format (secrets not bound to rows) is refused with a message
// asking to re-create it; nothing is migrated.
//
// Durability: WAL journal, synchronous=FULL, and every change in one
// transaction, so a crash loses nothing that a call already returned for.
// Concurrent writers (other processes, other threads) wait up to the busy
// timeout. The file and its key file are created 0600, opened without
// following symlinks, and must belong to this user and not be writable by
// others. A store that is not a database, or was written with another key,
// is refused and left untouched.
//
// Thread safety: one CredentialStore may be shared by threads; calls are
// serialised by an internal mutex.
#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "secret_box.hpp"
#include "sqlite_db.hpp"
#include "validation_state.hpp"

namespace host_sim {

class StoreError : public std::runtime_error {
 public:
  enum class Kind { io, corrupt, locked, wrong_key, duplicate, not_found, old_format };
  StoreError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const noexcept { return kind_; }

 private:
  Kind kind_;
};

struct StoredCredential {
  std::int64_t id = 0;
  std::string connector;                 // the plugin's info "name"
  std::string direction;                 // "source" or "destination"
  std::string name;                      // the credential_name field
  boost::json::object public_fields;     // everything that is not secret
  std::vector<std::string> secret_keys;  // which secret fields are set (never their values)
  std::int64_t created_at = 0;           // unix seconds
  std::int64_t updated_at = 0;
  ValidationState last_status = ValidationState::not_validated;
  std::string last_message;
  std::string last_verdict_json;       // the plugin's verdict, or ""
  std::int64_t last_validated_at = 0;  // 0 = never
  bool has_state = false;              // a fetch checkpoint is saved
};

// What a credential carries beside its fields (CredentialStore::load/save).
enum class Attached { plugin_options };

// A fetch checkpoint as stored: the output it belongs to and its text.
struct SavedState {
  std::string output;  // the output file's canonical absolute path; "" for stdout
  std::string text;
  std::int64_t updated_at = 0;  // unix seconds
};

struct StorePaths {
  std::filesystem::path database;
  std::filesystem::path key_file;  // used when $HOST_SIM_STORE_KEY is unset
};

// $XDG_DATA_HOME/host_sim/credentials.db, else ~/.local/share/host_sim/...;
// the key file sits next to the store: <store>.key.
StorePaths default_store_paths();
StorePaths store_paths_for(const std::filesystem::path& database);

class CredentialStore {
 public:
  // Opens (creating when absent) the store. Throws StoreError / KeyError.
  CredentialStore(const StorePaths& paths, const SecretBox& box);
  static std::unique_ptr<CredentialStore> open(const StorePaths& paths);
  ~CredentialStore();
  CredentialStore(const CredentialStore&) = delete;
  CredentialStore& operator=(const CredentialStore&) = delete;

  // Adds a credential; a name already used for this connector and direction
  // is refused (StoreError duplicate), never overwritten.
  std::int64_t add(const std::string& connector, const std::string& direction,
                   const std::string& name, const boost::json::object& public_fields,
                   const boost::json::object& secret_fields);

  // Replaces the public fields; secret fields in `secret_fields` replace the
  // stored ones, absent secret fields keep theirs.
  void update(std::int64_t id, const std::string& name, const boost::json::object& public_fields,
              const boost::json::object& secret_fields);

  std::vector<StoredCredential> list(const std::string& connector,
                                     const std::string& direction) const;
  std::optional<StoredCredential> get(std::int64_t id) const;
  std::optional<StoredCredential> find(const std::string& connector, const std::string& direction,
                                       const std::string& name) const;

  // The decrypted secret fields, on wiping memory (secret_json_storage).
  // Throws StoreError wrong_key if one cannot be decrypted.
  boost::json::object secrets(std::int64_t id) const;
  // Public and secret fields together: what the plugin's create() takes.
  boost::json::object credential_json(std::int64_t id) const;

  // Stores state_word(state); rows written with older words still read.
  void record_validation(std::int64_t id, ValidationState state, const std::string& message,
                         const std::string& verdict_json);
  bool remove(std::int64_t id);

  // What a credential carries beside its fields, stored as given: the
  // plugin options (deployment settings, not secret) it was saved with, so
  // later commands need not repeat them, authenticated by the row's MAC:
  // options changed outside host_sim are StoreError corrupt.
  std::optional<std::string> load(Attached what, std::int64_t id) const;
  void save(Attached what, std::int64_t id, const std::string& text);

  // Fetch checkpoints (credential_store_state.cpp): one per credential and
  // output (the output file's canonical absolute path, "" for stdout), each
  // with a MAC of its own (fetch_state_seal.hpp): one changed outside
  // host_sim, or moved to another credential or output, is StoreError
  // corrupt.
  std::optional<std::string> load_state(std::int64_t id, const std::string& output) const;
  void save_state(std::int64_t id, const std::string& output, const std::string& text);
  void clear_state(std::int64_t id, const std::string& output);
  // Every checkpoint of a credential, newest first.
  std::vector<SavedState> states(std::int64_t id) const;

  std::optional<std::string> load_options(std::int64_t id) const {
    return load(Attached::plugin_options, id);
  }
  void save_options(std::int64_t id, const std::string& options_json) {
    save(Attached::plugin_options, id, options_json);
  }

  const std::filesystem::path& path() const noexcept { return paths_.database; }

 private:
  std::optional<std::string> meta_value(const char* key) const;
  void prepare_meta();
  std::optional<std::string> row_message(std::int64_t id) const;
  void seal_row(std::int64_t id);
  void check_row(std::int64_t id) const;  // throws StoreError corrupt
  void migrate_fetch_state();             // to one checkpoint per (credential, output)
  std::optional<StoredCredential> select_one(const char* where_sql, std::int64_t id,
                                             const std::string* a, const std::string* b,
                                             const std::string* c) const;

  StorePaths paths_;
  SecretBox box_;
  std::string store_id_;
  SqliteDb db_;
  mutable std::mutex mutex_;
};

}  // namespace host_sim
