#include "credential_store.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <functional>

#include "fetch_state_seal.hpp"

namespace host_sim {
namespace {

namespace json = boost::json;

constexpr int k_busy_timeout_ms = 5000;
constexpr const char* k_key_check_plaintext = "host_sim store key check v2";
// Format 2: AEAD secrets bound to store/row/field, a MAC per row. Format 1
// (no "format" row) sealed secrets without associated data.
constexpr const char* k_store_format = "2";

std::int64_t now_seconds() { return static_cast<std::int64_t>(std::time(nullptr)); }

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
CREATE TABLE IF NOT EXISTS fetch_state(
  credential_id INTEGER PRIMARY KEY REFERENCES credentials(id) ON DELETE CASCADE,
  state_json TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  state_mac TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS credential_options(
  credential_id INTEGER PRIMARY KEY REFERENCES credentials(id) ON DELETE CASCADE,
  options_json TEXT NOT NULL,
  updated_at INTEGER NOT NULL);
)sql";

const char* k_select_columns =
    "SELECT c.id, c.connector, c.direction, c.name, c.public_json, c.secrets_json, "
    "c.created_at, c.updated_at, c.last_status, c.last_message, c.last_verdict, "
    "c.last_validated_at, (SELECT COUNT(*) FROM fetch_state s WHERE s.credential_id = c.id), "
    "c.row_mac FROM credentials c ";

// Length-prefixed parts, so no two different lists give the same text.
void append_part(std::string& out, std::string_view part) {
  out += std::to_string(part.size());
  out += ':';
  out += part;
}

std::string secret_associated_data(const std::string& store_id, std::int64_t id,
                                   std::string_view field) {
  std::string out = "host_sim secret v2|";
  append_part(out, store_id);
  append_part(out, std::to_string(id));
  append_part(out, field);
  return out;
}

std::string key_check_associated_data(const std::string& store_id) {
  return "host_sim key check v2|" + store_id;
}

// A serialised JSON value on wiping memory (it may be a secret).
SecretString serialize_secret(const json::value& value) {
  std::string text = json::serialize(value);
  SecretString out(text);
  wipe_string(text);
  return out;
}

void refuse_unsafe_file(int fd, const std::filesystem::path& path) {
  struct stat info {};
  std::string why;
  if (::fstat(fd, &info) != 0) {
    why = std::string("cannot be checked: ") + std::strerror(errno);
  } else if (!S_ISREG(info.st_mode)) {
    why = "is not a regular file";
  } else if (info.st_uid != ::geteuid()) {
    why = "belongs to another user (uid " + std::to_string(info.st_uid) + ")";
  } else if ((info.st_mode & 022) != 0) {
    why = "is writable by other users, who could have changed it; check it, then run: chmod 600 " +
          path.string();
  } else if ((info.st_mode & 077) != 0 && ::fchmod(fd, 0600) != 0) {
    why = std::string("is readable by other users and cannot be made private: ") +
          std::strerror(errno);
  }
  if (!why.empty()) {
    ::close(fd);
    throw StoreError(StoreError::Kind::io, "the credential store " + path.string() + " " + why);
  }
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

}  // namespace

StorePaths store_paths_for(const std::filesystem::path& database) {
  return {database, database.string() + ".key"};
}

StorePaths default_store_paths() { return store_paths_for(home_data_dir() / "credentials.db"); }

// A prepared statement that finalises itself.
class CredentialStore::Statement {
 public:
  Statement(const CredentialStore& store, const char* sql) : store_(store) {
    const int rc = sqlite3_prepare_v2(store.db_, sql, -1, &stmt_, nullptr);
    if (rc != SQLITE_OK) store.fail(rc, "preparing a query");
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, const std::string& text) {
    check(sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                            SQLITE_TRANSIENT));
    return *this;
  }
  Statement& bind(int index, std::int64_t value) {
    check(sqlite3_bind_int64(stmt_, index, value));
    return *this;
  }
  // True while there is a row.
  bool step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    store_.fail(rc, "running a query");
  }
  std::string text(int column) const {
    const auto* data = sqlite3_column_text(stmt_, column);
    return data == nullptr ? std::string()
                           : std::string(reinterpret_cast<const char*>(data),
                                         static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
  }
  std::int64_t integer(int column) const { return sqlite3_column_int64(stmt_, column); }

 private:
  void check(int rc) const {
    if (rc != SQLITE_OK) store_.fail(rc, "binding a query parameter");
  }
  const CredentialStore& store_;
  sqlite3_stmt* stmt_ = nullptr;
};

namespace {

// BEGIN IMMEDIATE ... COMMIT, rolled back when an exception leaves the scope.
class WriteTransaction {
 public:
  explicit WriteTransaction(std::function<void(const char*)> exec) : exec_(std::move(exec)) {
    exec_("BEGIN IMMEDIATE");
  }
  void commit() {
    exec_("COMMIT");
    done_ = true;
  }
  ~WriteTransaction() {
    if (!done_) {
      try {
        exec_("ROLLBACK");
      } catch (...) {
      }
    }
  }
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;

 private:
  std::function<void(const char*)> exec_;
  bool done_ = false;
};

}  // namespace

void CredentialStore::fail(int code, const std::string& doing) const {
  const std::string detail = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(code);
  const std::string where = "credential store " + paths_.database.string();
  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      throw StoreError(StoreError::Kind::locked,
                       "the " + where + " is locked by another program (waited " +
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

void CredentialStore::exec(const char* sql) const {
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &message);
  sqlite3_free(message);
  if (rc != SQLITE_OK) fail(rc, "updating");
}

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
    : paths_(paths), box_(box) {
  // Create the file ourselves so it is 0600 from the first byte; SQLite gives
  // its -wal and -shm files the same mode. Never through a symlink, and only
  // a file of ours that nobody else can write.
  const int fd = ::open(paths_.database.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) {
    const std::string why = errno == ELOOP ? "it is a symbolic link; host_sim opens only a "
                                             "regular file there"
                                           : std::strerror(errno);
    throw StoreError(StoreError::Kind::io,
                     "cannot open the credential store " + paths_.database.string() + ": " + why);
  }
  refuse_unsafe_file(fd, paths_.database);
  ::close(fd);

  const int rc = sqlite3_open_v2(paths_.database.c_str(), &db_,
                                 SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_NOFOLLOW,
                                 nullptr);
  if (rc != SQLITE_OK) {
    const std::string detail = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw StoreError(StoreError::Kind::io,
                     "cannot open the credential store " + paths_.database.string() + ": " + detail);
  }
  try {
    sqlite3_busy_timeout(db_, k_busy_timeout_ms);
    sqlite3_extended_result_codes(db_, 1);
    exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA synchronous=FULL");
    exec("PRAGMA foreign_keys=ON");
    {
      WriteTransaction tx([this](const char* sql) { exec(sql); });
      exec(k_schema_sql);
      prepare_meta();
      bool has_state_mac = false;
      {
        Statement column(*this, k_has_state_mac_sql);
        has_state_mac = column.step() && column.integer(0) > 0;
      }
      if (!has_state_mac) exec(k_add_state_mac_sql);
      tx.commit();
    }
    Statement check(*this, "SELECT value FROM meta WHERE key = 'key_check'");
    if (!check.step()) fail(SQLITE_CORRUPT, "reading the key check");
    const auto sealed = from_base64(check.text(0));
    const auto plain =
        sealed ? box_.open(*sealed, key_check_associated_data(store_id_)) : std::nullopt;
    if (!plain || plain->view() != k_key_check_plaintext) {
      throw StoreError(StoreError::Kind::wrong_key,
                       "the credential store " + paths_.database.string() +
                           " was written with a different key (check HOST_SIM_STORE_KEY or " +
                           paths_.key_file.string() + "); it was left untouched");
    }
  } catch (...) {
    sqlite3_close(db_);
    db_ = nullptr;
    throw;
  }
}

CredentialStore::~CredentialStore() { sqlite3_close(db_); }

std::optional<std::string> CredentialStore::meta_value(const char* key) const {
  Statement query(*this, "SELECT value FROM meta WHERE key = ?1");
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
                     where + " was written by an older host_sim (store format 1), whose secrets "
                             "are not bound to their rows; it was left untouched: move it away "
                             "(or pass another --store) and add the credentials again");
  }
  if (!format) {
    Statement count(*this, "SELECT COUNT(*) FROM credentials");
    if (count.step() && count.integer(0) > 0) {
      throw StoreError(StoreError::Kind::corrupt,
                       where + " holds credentials but no key check: it was changed outside "
                               "host_sim or is damaged; it was left untouched: move it away and "
                               "add the credentials again");
    }
    store_id_ = random_hex(16);
    Statement insert(*this,
                     "INSERT INTO meta(key, value) VALUES('format', ?1), ('store_id', ?2), "
                     "('key_check', ?3)");
    insert.bind(1, std::string(k_store_format)).bind(2, store_id_);
    insert.bind(3, to_base64(box_.seal(k_key_check_plaintext, key_check_associated_data(store_id_))));
    insert.step();
    return;
  }
  if (*format != k_store_format) {
    throw StoreError(StoreError::Kind::old_format,
                     where + " has store format " + *format + ", which this host_sim does not "
                             "read (it reads format " + k_store_format + "); it was left untouched");
  }
  const auto store_id = meta_value("store_id");
  if (!store_id || !key_check) {
    throw StoreError(StoreError::Kind::corrupt,
                     where + " lacks its store id or key check: it was changed outside host_sim "
                             "or is damaged; it was left untouched");
  }
  store_id_ = *store_id;
}

namespace {

// The columns a row's MAC covers, in this order, then the MAC itself. The
// plugin options saved with the credential are covered too: they say where
// its secret may be sent.
constexpr const char* k_row_columns_sql =
    "SELECT connector, direction, name, public_json, secrets_json, created_at, updated_at, "
    "last_status, last_message, last_verdict, last_validated_at, "
    "COALESCE((SELECT options_json FROM credential_options o WHERE o.credential_id = "
    "credentials.id), ''), row_mac "
    "FROM credentials WHERE id = ?1";
constexpr int k_row_mac_column = 12;

}  // namespace

std::optional<std::string> CredentialStore::row_message(std::int64_t id) const {
  Statement query(*this, k_row_columns_sql);
  query.bind(1, id);
  if (!query.step()) return std::nullopt;
  std::string message = "host_sim row v2|";
  append_part(message, store_id_);
  append_part(message, std::to_string(id));
  for (int column = 0; column < k_row_mac_column; ++column) append_part(message, query.text(column));
  // The stored tag rides along after a separator the parts cannot hold.
  message += '\n';
  message += query.text(k_row_mac_column);
  return message;
}

void CredentialStore::seal_row(std::int64_t id) {
  auto message = row_message(id);
  if (!message) return;
  message->erase(message->rfind('\n'));
  Statement change(*this, "UPDATE credentials SET row_mac = ?2 WHERE id = ?1");
  change.bind(1, id).bind(2, to_base64(box_.mac(*message))).step();
}

void CredentialStore::check_row(std::int64_t id) const {
  auto message = row_message(id);
  if (!message) return;
  const auto split = message->rfind('\n');
  const auto tag = from_base64(std::string_view(*message).substr(split + 1));
  message->erase(split);
  if (!tag || !box_.verify_mac(*message, *tag)) {
    throw StoreError(StoreError::Kind::corrupt,
                     "the credential with id " + std::to_string(id) + " in the credential store " +
                         paths_.database.string() +
                         " was changed outside host_sim (its integrity check fails); it was left "
                         "untouched: delete it and add it again");
  }
}

std::int64_t CredentialStore::add(const std::string& connector, const std::string& direction,
                                  const std::string& name, const json::object& public_fields,
                                  const json::object& secret_fields) {
  const std::lock_guard lock(mutex_);
  WriteTransaction tx([this](const char* sql) { exec(sql); });
  {
    Statement exists(*this,
                     "SELECT 1 FROM credentials WHERE connector = ?1 AND direction = ?2 AND name = ?3");
    exists.bind(1, connector).bind(2, direction).bind(3, name);
    if (exists.step()) {
      throw StoreError(StoreError::Kind::duplicate,
                       "a " + direction + " credential named \"" + name +
                           "\" already exists; pick another name or edit that one");
    }
  }
  const std::int64_t now = now_seconds();
  Statement insert(*this,
                   "INSERT INTO credentials(connector, direction, name, public_json, secrets_json, "
                   "created_at, updated_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?6)");
  insert.bind(1, connector).bind(2, direction).bind(3, name);
  insert.bind(4, json::serialize(public_fields)).bind(5, std::string("{}")).bind(6, now);
  insert.step();
  const std::int64_t id = sqlite3_last_insert_rowid(db_);
  // Sealed once the row id is known: it is part of each value's associated data.
  json::object sealed;
  for (const auto& [key, value] : secret_fields) {
    sealed[key] = to_base64(
        box_.seal(serialize_secret(value).view(), secret_associated_data(store_id_, id, key)));
  }
  Statement secrets(*this, "UPDATE credentials SET secrets_json = ?2 WHERE id = ?1");
  secrets.bind(1, id).bind(2, json::serialize(sealed)).step();
  seal_row(id);
  tx.commit();
  return id;
}

void CredentialStore::update(std::int64_t id, const std::string& name,
                             const json::object& public_fields,
                             const json::object& secret_fields) {
  const std::lock_guard lock(mutex_);
  WriteTransaction tx([this](const char* sql) { exec(sql); });
  json::object sealed;
  std::string connector;
  std::string direction;
  check_row(id);
  {
    Statement current(*this,
                      "SELECT secrets_json, connector, direction FROM credentials WHERE id = ?1");
    current.bind(1, id);
    if (!current.step()) {
      throw StoreError(StoreError::Kind::not_found, "no credential with id " + std::to_string(id));
    }
    boost::system::error_code ec;
    auto stored = json::parse(current.text(0), ec);
    if (!ec && stored.is_object()) sealed = std::move(stored.as_object());
    connector = current.text(1);
    direction = current.text(2);
  }
  {
    Statement clash(*this,
                    "SELECT 1 FROM credentials WHERE connector = ?1 AND direction = ?2 AND "
                    "name = ?3 AND id != ?4");
    clash.bind(1, connector).bind(2, direction).bind(3, name).bind(4, id);
    if (clash.step()) {
      throw StoreError(StoreError::Kind::duplicate,
                       "another " + direction + " credential is already named \"" + name + "\"");
    }
  }
  for (const auto& [key, value] : secret_fields) {
    sealed[key] = to_base64(
        box_.seal(serialize_secret(value).view(), secret_associated_data(store_id_, id, key)));
  }
  Statement change(*this,
                   "UPDATE credentials SET name = ?2, public_json = ?3, secrets_json = ?4, "
                   "updated_at = ?5 WHERE id = ?1");
  change.bind(1, id).bind(2, name).bind(3, json::serialize(public_fields));
  change.bind(4, json::serialize(sealed)).bind(5, now_seconds());
  change.step();
  seal_row(id);
  tx.commit();
}

std::optional<StoredCredential> CredentialStore::select_one(const char* where_sql, std::int64_t id,
                                                            const std::string* a,
                                                            const std::string* b,
                                                            const std::string* c) const {
  const std::string sql = std::string(k_select_columns) + where_sql;
  Statement query(*this, sql.c_str());
  if (a == nullptr) {
    query.bind(1, id);
  } else {
    query.bind(1, *a).bind(2, *b).bind(3, *c);
  }
  if (!query.step()) return std::nullopt;
  StoredCredential row;
  row.id = query.integer(0);
  row.connector = query.text(1);
  row.direction = query.text(2);
  row.name = query.text(3);
  boost::system::error_code ec;
  if (auto fields = json::parse(query.text(4), ec); !ec && fields.is_object()) {
    row.public_fields = std::move(fields.as_object());
  }
  if (auto secrets = json::parse(query.text(5), ec); !ec && secrets.is_object()) {
    for (const auto& item : secrets.as_object()) row.secret_keys.emplace_back(item.key());
  }
  row.created_at = query.integer(6);
  row.updated_at = query.integer(7);
  row.last_message = query.text(9);
  row.last_verdict_json = query.text(10);
  row.last_status = state_from_stored(query.text(8), row.last_verdict_json);
  row.last_validated_at = query.integer(11);
  row.has_state = query.integer(12) > 0;
  check_row(row.id);
  return row;
}

std::vector<StoredCredential> CredentialStore::list(const std::string& connector,
                                                    const std::string& direction) const {
  std::vector<std::int64_t> ids;
  const std::lock_guard lock(mutex_);
  {
    Statement query(*this,
                    "SELECT id FROM credentials WHERE connector = ?1 AND direction = ?2 ORDER BY id");
    query.bind(1, connector).bind(2, direction);
    while (query.step()) ids.push_back(query.integer(0));
  }
  std::vector<StoredCredential> out;
  for (const std::int64_t id : ids) {
    if (auto row = select_one("WHERE c.id = ?1", id, nullptr, nullptr, nullptr)) {
      out.push_back(std::move(*row));
    }
  }
  return out;
}

std::optional<StoredCredential> CredentialStore::get(std::int64_t id) const {
  const std::lock_guard lock(mutex_);
  return select_one("WHERE c.id = ?1", id, nullptr, nullptr, nullptr);
}

std::optional<StoredCredential> CredentialStore::find(const std::string& connector,
                                                      const std::string& direction,
                                                      const std::string& name) const {
  const std::lock_guard lock(mutex_);
  return select_one("WHERE c.connector = ?1 AND c.direction = ?2 AND c.name = ?3", 0, &connector,
                    &direction, &name);
}

json::object CredentialStore::secrets(std::int64_t id) const {
  const std::lock_guard lock(mutex_);
  Statement query(*this, "SELECT secrets_json FROM credentials WHERE id = ?1");
  query.bind(1, id);
  if (!query.step()) {
    throw StoreError(StoreError::Kind::not_found, "no credential with id " + std::to_string(id));
  }
  check_row(id);
  boost::system::error_code ec;
  const auto sealed = json::parse(query.text(0), ec);
  if (ec || !sealed.is_object()) fail(SQLITE_CORRUPT, "reading secrets");
  json::object out(secret_json_storage());
  for (const auto& [key, value] : sealed.as_object()) {
    const auto bytes = value.is_string() ? from_base64(value.as_string()) : std::nullopt;
    const auto plain =
        bytes ? box_.open(*bytes, secret_associated_data(store_id_, id, key)) : std::nullopt;
    auto parsed = plain ? json::parse(plain->view(), ec, secret_json_storage()) : json::value();
    if (!plain || ec) {
      throw StoreError(StoreError::Kind::wrong_key,
                       "the secret field \"" + std::string(key) + "\" of the credential with id " +
                           std::to_string(id) +
                           " cannot be decrypted: it was damaged, sealed with another key, or "
                           "moved from another row");
    }
    out[key] = std::move(parsed);
  }
  return out;
}

json::object CredentialStore::credential_json(std::int64_t id) const {
  const auto row = get(id);
  if (!row) {
    throw StoreError(StoreError::Kind::not_found, "no credential with id " + std::to_string(id));
  }
  json::object out(row->public_fields, secret_json_storage());
  for (auto& [key, value] : secrets(id)) out[key] = value;
  return out;
}

void CredentialStore::record_validation(std::int64_t id, ValidationState state,
                                        const std::string& message,
                                        const std::string& verdict_json) {
  const std::lock_guard lock(mutex_);
  WriteTransaction tx([this](const char* sql) { exec(sql); });
  check_row(id);
  Statement change(*this,
                   "UPDATE credentials SET last_status = ?2, last_message = ?3, last_verdict = ?4, "
                   "last_validated_at = ?5 WHERE id = ?1");
  const std::string word(state_word(state));
  change.bind(1, id).bind(2, word).bind(3, message).bind(4, verdict_json).bind(5, now_seconds());
  change.step();
  seal_row(id);
  tx.commit();
}

bool CredentialStore::remove(std::int64_t id) {
  const std::lock_guard lock(mutex_);
  WriteTransaction tx([this](const char* sql) { exec(sql); });
  Statement erase(*this, "DELETE FROM credentials WHERE id = ?1");
  erase.bind(1, id).step();
  const bool removed = sqlite3_changes(db_) > 0;
  tx.commit();
  return removed;
}

std::optional<std::string> CredentialStore::load_state(std::int64_t id) const {
  const std::lock_guard lock(mutex_);
  Statement query(*this, "SELECT state_json, state_mac FROM fetch_state WHERE credential_id = ?1");
  query.bind(1, id);
  if (!query.step()) return std::nullopt;
  std::string state = query.text(0);
  const auto tag = from_base64(query.text(1));
  if (!tag || !box_.verify_mac(fetch_state_mac_message(store_id_, id, state), *tag)) {
    throw StoreError(StoreError::Kind::corrupt, unauthentic_state_message(id, paths_.database));
  }
  return state;
}

void CredentialStore::save_state(std::int64_t id, const std::string& state_json) {
  const std::lock_guard lock(mutex_);
  WriteTransaction tx([this](const char* sql) { exec(sql); });
  Statement upsert(*this,
                   "INSERT INTO fetch_state(credential_id, state_json, updated_at, state_mac) "
                   "VALUES(?1, ?2, ?3, ?4) ON CONFLICT(credential_id) DO UPDATE SET "
                   "state_json = excluded.state_json, updated_at = excluded.updated_at, "
                   "state_mac = excluded.state_mac");
  const std::string tag = to_base64(box_.mac(fetch_state_mac_message(store_id_, id, state_json)));
  upsert.bind(1, id).bind(2, state_json).bind(3, now_seconds()).bind(4, tag).step();
  tx.commit();
}

void CredentialStore::clear_state(std::int64_t id) {
  const std::lock_guard lock(mutex_);
  WriteTransaction tx([this](const char* sql) { exec(sql); });
  Statement erase(*this, "DELETE FROM fetch_state WHERE credential_id = ?1");
  erase.bind(1, id).step();
  tx.commit();
}

// ---- the plugin options a credential was saved with ----------------------

std::optional<std::string> CredentialStore::load_options(std::int64_t id) const {
  const std::lock_guard lock(mutex_);
  check_row(id);
  Statement query(*this, "SELECT options_json FROM credential_options WHERE credential_id = ?1");
  query.bind(1, id);
  if (!query.step()) return std::nullopt;
  return query.text(0);
}

void CredentialStore::save_options(std::int64_t id, const std::string& options_json) {
  const std::lock_guard lock(mutex_);
  WriteTransaction tx([this](const char* sql) { exec(sql); });
  Statement upsert(*this,
                   "INSERT INTO credential_options(credential_id, options_json, updated_at) "
                   "VALUES(?1, ?2, ?3) ON CONFLICT(credential_id) DO UPDATE SET "
                   "options_json = excluded.options_json, updated_at = excluded.updated_at");
  upsert.bind(1, id).bind(2, options_json).bind(3, now_seconds()).step();
  seal_row(id);
  tx.commit();
}

}  // namespace host_sim
