// Small RAII helpers over SQLite for the credential store: a connection that
// closes itself, a prepared statement that finalises itself, and a write
// transaction (BEGIN IMMEDIATE ... COMMIT) rolled back when an exception
// leaves its scope. Every failed call goes to the owner's `Fail`, which
// turns SQLite's result code into the owner's own error and throws it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

struct sqlite3;
struct sqlite3_stmt;

namespace host_sim {

class SqliteDb {
 public:
  // Must throw. `code` is SQLite's (extended) result code, `doing` what was
  // being done, `detail` SQLite's message. Should it return, SqliteDb
  // throws std::runtime_error itself.
  using Fail = std::function<void(int code, const std::string& doing, const std::string& detail)>;

  explicit SqliteDb(Fail fail) : fail_(std::move(fail)) {}
  ~SqliteDb() { close(); }
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  // Opens `path` with sqlite3_open_v2's `flags`; returns why it cannot, or
  // "" once open. Extended result codes are on.
  std::string open(const std::filesystem::path& path, int flags);
  void close() noexcept;

  void exec(const char* sql) const;  // one or more statements, no rows
  [[noreturn]] void fail(int code, const std::string& doing) const;

  sqlite3* handle() const noexcept { return db_; }
  std::int64_t last_insert_rowid() const noexcept;
  int changes() const noexcept;  // rows changed by the last statement

 private:
  Fail fail_;
  sqlite3* db_ = nullptr;
};

// A prepared statement that finalises itself.
class SqliteStatement {
 public:
  SqliteStatement(const SqliteDb& db, const char* sql);
  ~SqliteStatement();
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  SqliteStatement& bind(int index, const std::string& text);
  SqliteStatement& bind(int index, std::int64_t value);
  // True while there is a row.
  bool step();
  std::string text(int column) const;
  std::int64_t integer(int column) const;

 private:
  void check(int rc) const;
  const SqliteDb& db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// BEGIN IMMEDIATE ... COMMIT; rolled back when left without commit().
class SqliteTransaction {
 public:
  explicit SqliteTransaction(const SqliteDb& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }
  ~SqliteTransaction();
  SqliteTransaction(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(const SqliteTransaction&) = delete;

  void commit() {
    db_.exec("COMMIT");
    done_ = true;
  }

 private:
  const SqliteDb& db_;
  bool done_ = false;
};

}  // namespace host_sim
