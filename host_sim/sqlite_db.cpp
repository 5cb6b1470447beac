#include "sqlite_db.hpp"

#include <sqlite3.h>

#include <stdexcept>

namespace host_sim {

std::string SqliteDb::open(const std::filesystem::path& path, int flags) {
  close();
  const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string detail = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    close();
    return detail.empty() ? "cannot open" : detail;
  }
  sqlite3_extended_result_codes(db_, 1);
  return {};
}

void SqliteDb::close() noexcept {
  sqlite3_close(db_);
  db_ = nullptr;
}

void SqliteDb::exec(const char* sql) const {
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &message);
  sqlite3_free(message);
  if (rc != SQLITE_OK) fail(rc, "updating");
}

void SqliteDb::fail(int code, const std::string& doing) const {
  const std::string detail = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(code);
  fail_(code, doing, detail);
  throw std::runtime_error(doing + " failed: " + detail);
}

std::int64_t SqliteDb::last_insert_rowid() const noexcept { return sqlite3_last_insert_rowid(db_); }

int SqliteDb::changes() const noexcept { return sqlite3_changes(db_); }

SqliteStatement::SqliteStatement(const SqliteDb& db, const char* sql) : db_(db) {
  const int rc = sqlite3_prepare_v2(db.handle(), sql, -1, &stmt_, nullptr);
  if (rc != SQLITE_OK) db.fail(rc, "preparing a query");
}

SqliteStatement::~SqliteStatement() { sqlite3_finalize(stmt_); }

SqliteStatement& SqliteStatement::bind(int index, const std::string& text) {
  check(sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                          SQLITE_TRANSIENT));
  return *this;
}

SqliteStatement& SqliteStatement::bind(int index, std::int64_t value) {
  check(sqlite3_bind_int64(stmt_, index, value));
  return *this;
}

bool SqliteStatement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  db_.fail(rc, "running a query");
}

std::string SqliteStatement::text(int column) const {
  const auto* data = sqlite3_column_text(stmt_, column);
  return data == nullptr
             ? std::string()
             : std::string(reinterpret_cast<const char*>(data),
                           static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::int64_t SqliteStatement::integer(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

void SqliteStatement::check(int rc) const {
  if (rc != SQLITE_OK) db_.fail(rc, "binding a query parameter");
}

SqliteTransaction::~SqliteTransaction() {
  if (done_) return;
  try {
    db_.exec("ROLLBACK");
  } catch (...) {
    // SQLite has rolled back already when a statement failed that way.
  }
}

}  // namespace host_sim
