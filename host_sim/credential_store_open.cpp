// Opening a credential store: the file (safe_file's rules), the SQLite
// connection and its settings, the schema, and the store's format, id and
// key check (credential_store.hpp). The reads and writes are in
// credential_store.cpp.
#include <sqlite3.h>

#include <cstdlib>

#include "credential_store.hpp"
#include "fetch_state_seal.hpp"
#include "safe_file.hpp"

namespace host_sim {
namespace {

constexpr int k_busy_timeout_ms = 5000;
constexpr const char* k_key_check_plaintext = "host_sim store key check v2";
// Format 2: AEAD secrets bound to store/row/field, a MAC per row. Format 1
// (no "format" row) sealed secrets without associated data.
constexpr const char* k_store_format = "2";

const char* k_schema_sql = R"sql(
CREATE TABLE IF NOT EXISTS meta(
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS credentials(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  connector TEXT NOT NULL,
  direction TEXT NOT NULL,
  name TEXT NOT NULL,
  public_json TEXT NOT NULL,
  secrets_json TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  last_status TEXT NOT NULL DEFAULT '',
  last_message TEXT NOT NULL DEFAULT '',
  last_verdict TEXT NOT NULL DEFAULT '',
  last_validated_at INTEGER NOT NULL DEFAULT 0,
  row_mac TEXT NOT NULL DEFAULT '',
  UNIQUE(connector, direction, name));
CREATE TABLE IF NOT EXISTS credential_options(
  credential_id INTEGER PRIMARY KEY REFERENCES credentials(id) ON DELETE CASCADE,
  options_json TEXT NOT NULL,
  updated_at INTEGER NOT NULL);
)sql";

std::string key_check_associated_data(const std::string& store_id) {
  return "host_sim key check v2|" + store_id;
}

std::filesystem::path home_data_dir() {
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && *xdg == '/') {
    return std::filesystem::path(xdg) / "host_sim";
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    return std::filesystem::path(home) / ".local" / "share" / "host_sim";
  }
  return std::filesystem::current_path() / ".host_sim";
}

// SQLite's result code as the store's error.
[[noreturn]] void throw_store_error(const std::filesystem::path& database, int code,
                                    const std::string& doing, const std::string& detail) {
  const std::string where = "credential store " + database.string();
  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      throw StoreError(StoreError::Kind::locked, "the " + where +
                                                     " is locked by another program (waited " +
                                                     std::to_string(k_busy_timeout_ms / 1000) +
                                                     " s); nothing was changed, try again");
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      throw StoreError(StoreError::Kind::corrupt,
                       "the " + where + " is damaged or is not a host_sim store (" + detail +
                           "); it was left untouched: move it away or pass another --store");
    case SQLITE_CONSTRAINT:
      throw StoreError(StoreError::Kind::duplicate, "already saved: " + detail);
    default:
      throw StoreError(StoreError::Kind::io, "the " + where + ": " + doing + " failed: " + detail);
  }
}

}  // namespace

StorePaths store_paths_for(const std::filesystem::path& database) {
  return {database, database.string() + ".key"};
}

StorePaths default_store_paths() { return store_paths_for(home_data_dir() / "credentials.db"); }

std::unique_ptr<CredentialStore> CredentialStore::open(const StorePaths& paths) {
  std::error_code ec;
  const auto folder = paths.database.parent_path();
  if (!folder.empty() && !std::filesystem::exists(folder, ec)) {
    std::filesystem::create_directories(folder, ec);
    if (ec) {
      throw StoreError(StoreError::Kind::io,
                       "cannot create the folder " + folder.string() + ": " + ec.message());
    }
    std::filesystem::permissions(folder, std::filesystem::perms::owner_all, ec);
  }
  return std::make_unique<CredentialStore>(paths, SecretBox::load(paths.key_file));
}

CredentialStore::CredentialStore(const StorePaths& paths, const SecretBox& box)
    : paths_(paths),
      box_(box),
      db_([database = paths.database](int code, const std::string& doing,
                                      const std::string& detail) {
        throw_store_error(database, code, doing, detail);
      }) {
  // Create the file ourselves so it is 0600 from the first byte; SQLite gives
  // its -wal and -shm files the same mode. Never through a symlink, and only
  // a file of ours that nobody else can write (safe_file.hpp).
  try {
    open_private_file(paths_.database, "the credential store");
  } catch (const OutputError& e) {
    throw StoreError(StoreError::Kind::io, e.what());
  }
  if (const std::string why = db_.open(
          paths_.database, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_NOFOLLOW);
      !why.empty()) {
    throw StoreError(StoreError::Kind::io,
                     "cannot open the credential store " + paths_.database.string() + ": " + why);
  }
  try {
    sqlite3_busy_timeout(db_.handle(), k_busy_timeout_ms);
    db_.exec("PRAGMA journal_mode=WAL");
    db_.exec("PRAGMA synchronous=FULL");
    db_.exec("PRAGMA foreign_keys=ON");
    {
      SqliteTransaction tx(db_);
      db_.exec(k_schema_sql);
      db_.exec(k_fetch_state_table_sql);
      prepare_meta();
      bool has_state_mac = false;
      {
        SqliteStatement column(db_, k_has_state_mac_sql);
        has_state_mac = column.step() && column.integer(0) > 0;
      }
      if (!has_state_mac) db_.exec(k_add_state_mac_sql);
      tx.commit();
    }
    {
      SqliteStatement check(db_, "SELECT value FROM meta WHERE key = 'key_check'");
      if (!check.step()) db_.fail(SQLITE_CORRUPT, "reading the key check");
      const auto sealed = from_base64(check.text(0));
      const auto plain =
          sealed ? box_.open(*sealed, key_check_associated_data(store_id_)) : std::nullopt;
      if (!plain || plain->view() != k_key_check_plaintext) {
        throw StoreError(StoreError::Kind::wrong_key,
                         "the credential store " + paths_.database.string() +
                             " was written with a different key (check HOST_SIM_STORE_KEY or " +
                             paths_.key_file.string() + "); it was left untouched");
      }
    }
    // The key is right: a store from when there was one checkpoint per
    // credential moves them under their outputs now.
    migrate_fetch_state();
  } catch (...) {
    db_.close();
    throw;
  }
}

CredentialStore::~CredentialStore() = default;

std::optional<std::string> CredentialStore::meta_value(const char* key) const {
  SqliteStatement query(db_, "SELECT value FROM meta WHERE key = ?1");
  query.bind(1, std::string(key));
  if (!query.step()) return std::nullopt;
  return query.text(0);
}

void CredentialStore::prepare_meta() {
  const std::string where = "the credential store " + paths_.database.string();
  const auto format = meta_value("format");
  const auto key_check = meta_value("key_check");
  if (!format && key_check) {
    throw StoreError(StoreError::Kind::old_format,
                     where +
                         " was written by an older host_sim (store format 1), whose secrets "
                         "are not bound to their rows; it was left untouched: move it away "
                         "(or pass another --store) and add the credentials again");
  }
  if (!format) {
    SqliteStatement count(db_, "SELECT COUNT(*) FROM credentials");
    if (count.step() && count.integer(0) > 0) {
      throw StoreError(StoreError::Kind::corrupt,
                       where +
                           " holds credentials but no key check: it was changed outside "
                           "host_sim or is damaged; it was left untouched: move it away and "
                           "add the credentials again");
    }
    store_id_ = random_hex(16);
    SqliteStatement insert(db_,
                           "INSERT INTO meta(key, value) VALUES('format', ?1), ('store_id', ?2), "
                           "('key_check', ?3)");
    insert.bind(1, std::string(k_store_format)).bind(2, store_id_);
    insert.bind(3,
                to_base64(box_.seal(k_key_check_plaintext, key_check_associated_data(store_id_))));
    insert.step();
    return;
  }
  if (*format != k_store_format) {
    throw StoreError(StoreError::Kind::old_format, where + " has store format " + *format +
                                                       ", which this host_sim does not "
                                                       "read (it reads format " +
                                                       k_store_format + "); it was left untouched");
  }
  const auto store_id = meta_value("store_id");
  if (!store_id || !key_check) {
    throw StoreError(StoreError::Kind::corrupt,
                     where +
                         " lacks its store id or key check: it was changed outside host_sim "
                         "or is damaged; it was left untouched");
  }
  store_id_ = *store_id;
}

}  // namespace host_sim
