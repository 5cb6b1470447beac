#include "credential_store.hpp"

#include <sqlite3.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <ctime>

namespace host_sim {
namespace {

namespace json = boost::json;

std::int64_t now_seconds() { return static_cast<std::int64_t>(std::time(nullptr)); }

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

// A serialised JSON value on wiping memory (it may be a secret).
SecretString serialize_secret(const json::value& value) {
  std::string text = json::serialize(value);
  SecretString out(text);
  wipe_string(text);
  return out;
}

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
  SqliteStatement query(db_, k_row_columns_sql);
  query.bind(1, id);
  if (!query.step()) return std::nullopt;
  std::string message = "host_sim row v2|";
  append_part(message, store_id_);
  append_part(message, std::to_string(id));
  for (int column = 0; column < k_row_mac_column; ++column)
    append_part(message, query.text(column));
  // The stored tag rides along after a separator the parts cannot hold.
  message += '\n';
  message += query.text(k_row_mac_column);
  return message;
}

void CredentialStore::seal_row(std::int64_t id) {
  auto message = row_message(id);
  if (!message) return;
  message->erase(message->rfind('\n'));
  SqliteStatement change(db_, "UPDATE credentials SET row_mac = ?2 WHERE id = ?1");
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
  SqliteTransaction tx(db_);
  {
    SqliteStatement exists(
        db_, "SELECT 1 FROM credentials WHERE connector = ?1 AND direction = ?2 AND name = ?3");
    exists.bind(1, connector).bind(2, direction).bind(3, name);
    if (exists.step()) {
      throw StoreError(StoreError::Kind::duplicate,
                       "a " + direction + " credential named \"" + name +
                           "\" already exists; pick another name or edit that one");
    }
  }
  const std::int64_t now = now_seconds();
  SqliteStatement insert(
      db_,
      "INSERT INTO credentials(connector, direction, name, public_json, secrets_json, "
      "created_at, updated_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?6)");
  insert.bind(1, connector).bind(2, direction).bind(3, name);
  insert.bind(4, json::serialize(public_fields)).bind(5, std::string("{}")).bind(6, now);
  insert.step();
  const std::int64_t id = db_.last_insert_rowid();
  // Sealed once the row id is known: it is part of each value's associated data.
  json::object sealed;
  for (const auto& [key, value] : secret_fields) {
    sealed[key] = to_base64(
        box_.seal(serialize_secret(value).view(), secret_associated_data(store_id_, id, key)));
  }
  SqliteStatement secrets(db_, "UPDATE credentials SET secrets_json = ?2 WHERE id = ?1");
  secrets.bind(1, id).bind(2, json::serialize(sealed)).step();
  seal_row(id);
  tx.commit();
  return id;
}

void CredentialStore::update(std::int64_t id, const std::string& name,
                             const json::object& public_fields, const json::object& secret_fields) {
  const std::lock_guard lock(mutex_);
  SqliteTransaction tx(db_);
  json::object sealed;
  std::string connector;
  std::string direction;
  check_row(id);
  {
    SqliteStatement current(
        db_, "SELECT secrets_json, connector, direction FROM credentials WHERE id = ?1");
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
    SqliteStatement clash(db_,
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
  SqliteStatement change(db_,
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
  SqliteStatement query(db_, sql.c_str());
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
    SqliteStatement query(
        db_, "SELECT id FROM credentials WHERE connector = ?1 AND direction = ?2 ORDER BY id");
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
  SqliteStatement query(db_, "SELECT secrets_json FROM credentials WHERE id = ?1");
  query.bind(1, id);
  if (!query.step()) {
    throw StoreError(StoreError::Kind::not_found, "no credential with id " + std::to_string(id));
  }
  check_row(id);
  boost::system::error_code ec;
  const auto sealed = json::parse(query.text(0), ec);
  if (ec || !sealed.is_object()) db_.fail(SQLITE_CORRUPT, "reading secrets");
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
  SqliteTransaction tx(db_);
  check_row(id);
  SqliteStatement change(
      db_,
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
  SqliteTransaction tx(db_);
  SqliteStatement erase(db_, "DELETE FROM credentials WHERE id = ?1");
  erase.bind(1, id).step();
  const bool removed = db_.changes() > 0;
  tx.commit();
  return removed;
}

std::optional<std::string> CredentialStore::load(Attached what, std::int64_t id) const {
  (void)what;  // the plugin options: covered by the row's MAC, checked before a read
  const std::lock_guard lock(mutex_);
  check_row(id);
  SqliteStatement query(db_,
                        "SELECT options_json FROM credential_options WHERE credential_id = ?1");
  query.bind(1, id);
  if (!query.step()) return std::nullopt;
  return query.text(0);
}

void CredentialStore::save(Attached what, std::int64_t id, const std::string& text) {
  (void)what;  // the plugin options: the row is sealed again after the save
  const std::lock_guard lock(mutex_);
  SqliteTransaction tx(db_);
  SqliteStatement upsert(db_,
                         "INSERT INTO credential_options(credential_id, options_json, updated_at) "
                         "VALUES(?1, ?2, ?3) ON CONFLICT(credential_id) DO UPDATE SET "
                         "options_json = excluded.options_json, updated_at = excluded.updated_at");
  upsert.bind(1, id).bind(2, text).bind(3, now_seconds());
  upsert.step();
  seal_row(id);
  tx.commit();
}

}  // namespace host_sim
