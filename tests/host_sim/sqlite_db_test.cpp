// sqlite_db: the credential store's SQLite helpers. A transaction left by an
// exception (a failed statement) is rolled back, so none of its changes
// land; a committed one keeps them; every failure reaches the owner's Fail
// with SQLite's code.
#include "sqlite_db.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <stdexcept>
#include <string>

#include "test_support.hpp"

namespace host_sim_test {
namespace {

using host_sim::SqliteDb;
using host_sim::SqliteStatement;
using host_sim::SqliteTransaction;

// What the owner's Fail throws: SQLite's code kept for the test.
struct OwnerError : std::runtime_error {
  OwnerError(int sqlite_code, const std::string& doing)
      : std::runtime_error(doing), code(sqlite_code) {}
  int code;
};

class SqliteDbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(db_.open(dir_ / "test.db", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE), "");
    db_.exec("CREATE TABLE t(x INTEGER UNIQUE NOT NULL)");
  }
  std::int64_t rows() {
    SqliteStatement count(db_, "SELECT COUNT(*) FROM t");
    EXPECT_TRUE(count.step());
    return count.integer(0);
  }
  void insert(std::int64_t x) {
    SqliteStatement statement(db_, "INSERT INTO t(x) VALUES(?1)");
    statement.bind(1, x).step();
  }
  bool in_transaction() { return sqlite3_get_autocommit(db_.handle()) == 0; }

  TempDir dir_;
  SqliteDb db_{[](int code, const std::string& doing, const std::string&) {
    throw OwnerError(code, doing);
  }};
};

TEST_F(SqliteDbTest, AFailedStatementRollsTheTransactionBack) {
  int code = 0;
  try {
    SqliteTransaction tx(db_);
    insert(1);
    insert(2);
    ASSERT_EQ(rows(), 2) << "seen inside the transaction";
    insert(1);  // UNIQUE: fails
    tx.commit();
    FAIL() << "the duplicate must fail";
  } catch (const OwnerError& e) {
    code = e.code;
  }
  EXPECT_EQ(code & 0xff, SQLITE_CONSTRAINT);
  EXPECT_FALSE(in_transaction());
  EXPECT_EQ(rows(), 0) << "nothing of a rolled back transaction lands";
}

TEST_F(SqliteDbTest, AStatementThatDoesNotPrepareRollsBackToo) {
  EXPECT_THROW(
      {
        SqliteTransaction tx(db_);
        insert(7);
        SqliteStatement bad(db_, "SELECT nothing FROM nowhere");
        tx.commit();
      },
      OwnerError);
  EXPECT_FALSE(in_transaction());
  EXPECT_EQ(rows(), 0);
}

TEST_F(SqliteDbTest, ACommittedTransactionKeepsItsChanges) {
  {
    SqliteTransaction tx(db_);
    insert(1);
    insert(2);
    tx.commit();
  }
  EXPECT_FALSE(in_transaction());
  EXPECT_EQ(rows(), 2);
  EXPECT_EQ(db_.changes(), 1);
  EXPECT_EQ(db_.last_insert_rowid(), 2);
}

TEST_F(SqliteDbTest, StatementsBindStepAndReadText) {
  db_.exec("CREATE TABLE kv(k TEXT, v INTEGER)");
  const std::string with_nul("a\0b", 3);
  SqliteStatement put(db_, "INSERT INTO kv VALUES(?1, ?2)");
  put.bind(1, with_nul).bind(2, std::int64_t{42}).step();
  SqliteStatement get(db_, "SELECT k, v FROM kv");
  ASSERT_TRUE(get.step());
  EXPECT_EQ(get.text(0), with_nul) << "the whole text, not up to a NUL";
  EXPECT_EQ(get.integer(1), 42);
  EXPECT_FALSE(get.step());
  EXPECT_THROW(get.bind(9, std::int64_t{1}), OwnerError) << "no such parameter";
}

TEST(SqliteDbFail, AFailThatReturnsStillThrows) {
  TempDir dir;
  SqliteDb db([](int, const std::string&, const std::string&) {});
  ASSERT_EQ(db.open(dir / "x.db", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE), "");
  EXPECT_THROW(db.exec("NOT SQL"), std::runtime_error);
}

TEST(SqliteDbFail, OpeningSaysWhyNot) {
  TempDir dir;
  SqliteDb db([](int code, const std::string& doing, const std::string&) {
    throw OwnerError(code, doing);
  });
  EXPECT_NE(db.open(dir / "missing" / "x.db", SQLITE_OPEN_READWRITE), "");
  EXPECT_EQ(db.handle(), nullptr);
}

}  // namespace
}  // namespace host_sim_test
