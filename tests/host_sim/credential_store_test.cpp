// The store: round trip, secrets encrypted at rest, wrong key, damage,
// concurrent writers, no overwrite of what is saved.
#include "credential_store.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <thread>
#include <vector>

#include "fetch_state_seal.hpp"
#include "secret_box.hpp"
#include "test_support.hpp"

namespace {

namespace json = boost::json;
using host_sim::CredentialStore;
using host_sim::StoreError;
using host_sim_test::TempDir;

constexpr const char* k_secret = "very-secret-value-4f1c9";

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override { ::unsetenv("HOST_SIM_STORE_KEY"); }
  host_sim::StorePaths paths() const { return host_sim::store_paths_for(dir_ / "creds.db"); }
  TempDir dir_;
};

TEST_F(StoreTest, RoundTripKeepsFieldsAndSecretIsNotInTheRawBytes) {
  std::int64_t id = 0;
  {
    auto store = CredentialStore::open(paths());
    id = store->add("zoom", "source", "My Zoom",
                    {{"credential_name", "My Zoom"}, {"account_id", "acc"}},
                    {{"client_secret", k_secret}});
    store->record_validation(id, host_sim::ValidationState::valid, "validated", R"({"ok":true})");
  }
  auto store = CredentialStore::open(paths());
  const auto row = store->get(id);
  ASSERT_TRUE(row);
  EXPECT_EQ(row->name, "My Zoom");
  EXPECT_EQ(row->public_fields.at("account_id"), "acc");
  EXPECT_EQ(row->secret_keys, std::vector<std::string>{"client_secret"});
  EXPECT_EQ(row->last_status, host_sim::ValidationState::valid);
  EXPECT_GT(row->last_validated_at, 0);
  EXPECT_EQ(store->credential_json(id).at("client_secret"), k_secret);

  for (const char* suffix : {"", "-wal", "-shm"}) {
    const auto file = paths().database.string() + suffix;
    if (!std::filesystem::exists(file)) continue;
    EXPECT_EQ(host_sim_test::read_all(file).find(k_secret), std::string::npos) << file;
  }
  struct stat info {};
  ASSERT_EQ(::stat(paths().database.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat(paths().key_file.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
}

TEST_F(StoreTest, EachSealUsesAFreshNonce) {
  const auto box = host_sim::SecretBox::from_text(std::string(64, 'a'));
  EXPECT_NE(box.seal("same", "ad"), box.seal("same", "ad"));
  const auto opened = box.open(box.seal("same", "ad"), "ad");
  ASSERT_TRUE(opened);
  EXPECT_EQ(opened->view(), "same");
  EXPECT_FALSE(box.open(box.seal("same", "ad"), "other ad")) << "bound to its associated data";
}

TEST_F(StoreTest, WrongKeyIsRefusedAndLeavesTheStoreUntouched) {
  ::setenv("HOST_SIM_STORE_KEY", std::string(64, '1').c_str(), 1);
  {
    auto store = CredentialStore::open(paths());
    store->add("zoom", "source", "a", {}, {{"client_secret", k_secret}});
  }
  ::setenv("HOST_SIM_STORE_KEY", std::string(64, '2').c_str(), 1);
  try {
    CredentialStore::open(paths());
    FAIL() << "a wrong key must be refused";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreError::Kind::wrong_key);
    EXPECT_NE(std::string(e.what()).find("different key"), std::string::npos) << e.what();
  }
  ::setenv("HOST_SIM_STORE_KEY", std::string(64, '1').c_str(), 1);
  auto store = CredentialStore::open(paths());
  ASSERT_EQ(store->list("zoom", "source").size(), 1u);
  EXPECT_EQ(store->credential_json(store->list("zoom", "source")[0].id).at("client_secret"),
            k_secret);
  ::unsetenv("HOST_SIM_STORE_KEY");
}

TEST_F(StoreTest, BadKeyTextIsAClearError) {
  ::setenv("HOST_SIM_STORE_KEY", "not-a-key", 1);
  EXPECT_THROW(CredentialStore::open(paths()), host_sim::KeyError);
  ::unsetenv("HOST_SIM_STORE_KEY");
}

TEST_F(StoreTest, Base64KeyWorks) {
  ::setenv("HOST_SIM_STORE_KEY", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", 1);
  EXPECT_NO_THROW(CredentialStore::open(paths()));
  ::unsetenv("HOST_SIM_STORE_KEY");
}

TEST_F(StoreTest, CorruptFileIsRefusedAndNotOverwritten) {
  const std::string garbage(4096, 'x');
  host_sim_test::write_all(paths().database, garbage);
  try {
    CredentialStore::open(paths());
    FAIL() << "a damaged store must be refused";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreError::Kind::corrupt);
    EXPECT_NE(std::string(e.what()).find("left untouched"), std::string::npos) << e.what();
  }
  EXPECT_EQ(host_sim_test::read_all(paths().database), garbage);
}

TEST_F(StoreTest, DuplicateNameIsRefusedNotOverwritten) {
  auto store = CredentialStore::open(paths());
  store->add("zoom", "source", "dup", {{"v", 1}}, {{"s", "one"}});
  try {
    store->add("zoom", "source", "dup", {{"v", 2}}, {{"s", "two"}});
    FAIL();
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreError::Kind::duplicate);
  }
  const auto rows = store->list("zoom", "source");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].public_fields.at("v"), 1);
  EXPECT_EQ(store->secrets(rows[0].id).at("s"), "one");
  // The same name in the other direction is another credential.
  EXPECT_NO_THROW(store->add("zoom", "destination", "dup", {}, {}));
}

TEST_F(StoreTest, UpdateKeepsSecretsNotGiven) {
  auto store = CredentialStore::open(paths());
  const auto id = store->add("zoom", "source", "n", {{"a", "1"}}, {{"s", "old"}, {"t", "keep"}});
  store->update(id, "n2", {{"a", "2"}}, {{"s", "new"}});
  const auto all = store->credential_json(id);
  EXPECT_EQ(all.at("a"), "2");
  EXPECT_EQ(all.at("s"), "new");
  EXPECT_EQ(all.at("t"), "keep");
  EXPECT_EQ(store->get(id)->name, "n2");
}

TEST_F(StoreTest, StatePerCredentialAndDeleteRemovesIt) {
  auto store = CredentialStore::open(paths());
  const auto a = store->add("zoom", "source", "a", {}, {});
  const auto b = store->add("zoom", "source", "b", {}, {});
  store->save_state(a, "/out.jsonl", R"({"cursor":1})");
  store->save_state(a, "/out.jsonl", R"({"cursor":2})");
  EXPECT_EQ(store->load_state(a, "/out.jsonl"), R"({"cursor":2})");
  EXPECT_FALSE(store->load_state(b, "/out.jsonl"));
  EXPECT_TRUE(store->get(a)->has_state);
  EXPECT_TRUE(store->remove(a));
  EXPECT_FALSE(store->remove(a));
  EXPECT_FALSE(store->load_state(a, "/out.jsonl"));
  EXPECT_EQ(store->list("zoom", "source").size(), 1u);
}

TEST_F(StoreTest, ConcurrentSavesFromSeparateConnectionsAllLand) {
  CredentialStore::open(paths());  // creates the key file once
  constexpr int k_threads = 4;
  constexpr int k_each = 15;
  std::vector<std::thread> writers;
  std::atomic<int> failures{0};
  for (int t = 0; t < k_threads; ++t) {
    writers.emplace_back([&, t] {
      try {
        auto store = CredentialStore::open(paths());
        for (int i = 0; i < k_each; ++i) {
          const std::string name = "t" + std::to_string(t) + "-" + std::to_string(i);
          store->add("zoom", "source", name, {{"credential_name", name}},
                     {{"client_secret", k_secret}});
        }
      } catch (const std::exception& e) {
        ++failures;
        ADD_FAILURE() << e.what();
      }
    });
  }
  for (auto& writer : writers) writer.join();
  EXPECT_EQ(failures.load(), 0);
  auto store = CredentialStore::open(paths());
  EXPECT_EQ(store->list("zoom", "source").size(), static_cast<std::size_t>(k_threads * k_each));
}

TEST_F(StoreTest, LockedStoreIsAClearErrorAndSavedDataSurvives) {
  auto store = CredentialStore::open(paths());
  store->add("zoom", "source", "kept", {}, {});
  // Another connection holds the write lock past the busy timeout.
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(paths().database.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
  try {
    store->add("zoom", "source", "new", {}, {});
    ADD_FAILURE() << "the write should have timed out";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreError::Kind::locked) << e.what();
  }
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  const auto rows = store->list("zoom", "source");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].name, "kept");
}

// Runs SQL on the store file behind host_sim's back, as someone holding the
// file (not the key) could.
void tamper(const std::filesystem::path& database, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(database.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK)
      << (error ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);
}

constexpr const char* k_secret_a = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
constexpr const char* k_secret_b = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

// A fetch checkpoint is authenticated as the options are: one edited in
// the file, copied from another credential or saved without a MAC (an
// older host_sim) is refused, never used.
TEST_F(StoreTest, AFetchCheckpointChangedOutsideHostSimIsRefused) {
  std::int64_t a = 0;
  std::int64_t b = 0;
  {
    auto store = CredentialStore::open(paths());
    a = store->add("zoom", "source", "a", {}, {});
    b = store->add("zoom", "source", "b", {}, {});
    store->save_state(a, "/out.jsonl", R"({"output_bytes":5000})");
    store->save_state(b, "/out.jsonl", R"({"output_bytes":7})");
    EXPECT_EQ(store->load_state(a, "/out.jsonl"), R"({"output_bytes":5000})");
  }
  const auto refused = [&](std::int64_t id) {
    auto store = CredentialStore::open(paths());
    try {
      const auto state = store->load_state(id, "/out.jsonl");
      ADD_FAILURE() << "a changed checkpoint was used: " << state.value_or("(none)");
    } catch (const StoreError& e) {
      EXPECT_EQ(e.kind(), StoreError::Kind::corrupt);
      EXPECT_NE(std::string(e.what()).find("fails its integrity check"), std::string::npos)
          << e.what();
      EXPECT_NE(std::string(e.what()).find("--full-refresh"), std::string::npos) << e.what();
    }
  };
  tamper(paths().database,
         "UPDATE fetch_state SET state_json = '{\"output_bytes\":10}' WHERE credential_id = " +
             std::to_string(a));
  refused(a);
  // b's checkpoint with its own MAC, moved to a.
  tamper(paths().database,
         "UPDATE fetch_state SET (state_json, state_mac) = (SELECT state_json, state_mac FROM "
         "fetch_state WHERE credential_id = " +
             std::to_string(b) + ") WHERE credential_id = " + std::to_string(a));
  refused(a);
  // Saved by a host_sim without the MAC.
  tamper(paths().database, "UPDATE fetch_state SET state_mac = ''");
  refused(b);
  // Saving again makes it usable; the credential itself was never at stake.
  auto store = CredentialStore::open(paths());
  store->save_state(b, "/out.jsonl", R"({"output_bytes":8})");
  EXPECT_EQ(store->load_state(b, "/out.jsonl"), R"({"output_bytes":8})");
  EXPECT_EQ(store->get(a)->name, "a");
}

TEST_F(StoreTest, AStoreMadeBeforeCheckpointMacsGetsTheColumnAndRefusesItsOldCheckpoints) {
  std::int64_t id = 0;
  {
    auto store = CredentialStore::open(paths());
    id = store->add("zoom", "source", "old", {}, {});
    store->save_state(id, "/out.jsonl", R"({"cursor":1})");
  }
  tamper(paths().database, "ALTER TABLE fetch_state DROP COLUMN state_mac");
  auto store = CredentialStore::open(paths());
  EXPECT_THROW(store->load_state(id, "/out.jsonl"), StoreError);
  store->clear_state(id, "/out.jsonl");
  EXPECT_FALSE(store->load_state(id, "/out.jsonl"));
}

// A fetch checkpoint belongs to a credential and an output: one per pair,
// and one moved to another output is refused like one moved to another
// credential.
TEST_F(StoreTest, FetchCheckpointsAreKeptPerCredentialAndOutput) {
  std::int64_t a = 0;
  {
    auto store = CredentialStore::open(paths());
    a = store->add("zoom", "source", "a", {}, {});
    store->save_state(a, "/x.jsonl", R"({"cursor":"x"})");
    store->save_state(a, "/y.jsonl", R"({"cursor":"y"})");
    store->save_state(a, "", R"({"cursor":"stdout"})");
    EXPECT_EQ(store->load_state(a, "/x.jsonl"), R"({"cursor":"x"})");
    EXPECT_EQ(store->load_state(a, "/y.jsonl"), R"({"cursor":"y"})");
    EXPECT_EQ(store->load_state(a, ""), R"({"cursor":"stdout"})");
    EXPECT_FALSE(store->load_state(a, "/z.jsonl"));
    EXPECT_EQ(store->states(a).size(), 3u);
    store->clear_state(a, "/y.jsonl");
    EXPECT_FALSE(store->load_state(a, "/y.jsonl"));
    EXPECT_EQ(store->load_state(a, "/x.jsonl"), R"({"cursor":"x"})");
    EXPECT_TRUE(store->get(a)->has_state);
  }
  tamper(paths().database,
         "UPDATE fetch_state SET output_key = '/y.jsonl' WHERE output_key = "
         "'/x.jsonl'");
  auto store = CredentialStore::open(paths());
  EXPECT_THROW(store->load_state(a, "/y.jsonl"), StoreError);
}

// A store made when there was one checkpoint per credential: its checkpoint
// moves under the output it names, still usable; one whose MAC does not
// verify moves too, and is still refused.
TEST_F(StoreTest, AStoreWithOneCheckpointPerCredentialKeepsItUnderItsOutput) {
  std::int64_t a = 0;
  std::int64_t b = 0;
  {
    auto store = CredentialStore::open(paths());
    a = store->add("zoom", "source", "a", {}, {});
    b = store->add("zoom", "source", "b", {}, {});
  }
  std::string store_id;
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(paths().database.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* query = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'store_id'", -1, &query,
                                 nullptr),
              SQLITE_OK);
    ASSERT_EQ(sqlite3_step(query), SQLITE_ROW);
    store_id = reinterpret_cast<const char*>(sqlite3_column_text(query, 0));
    sqlite3_finalize(query);
    sqlite3_close(db);
  }
  const std::string text =
      R"({"host_sim_checkpoint":1,"plugin_state":{},"output_path":"/o.jsonl"})";
  const auto box = host_sim::SecretBox::load(paths().key_file);
  const std::string mac =
      host_sim::to_base64(box.mac(host_sim::fetch_state_mac_message_v1(store_id, a, text)));
  tamper(paths().database,
         "DROP TABLE fetch_state; CREATE TABLE fetch_state(credential_id INTEGER PRIMARY KEY "
         "REFERENCES credentials(id) ON DELETE CASCADE, state_json TEXT NOT NULL, updated_at "
         "INTEGER NOT NULL, state_mac TEXT NOT NULL DEFAULT ''); INSERT INTO fetch_state VALUES(" +
             std::to_string(a) + ", '" + text + "', 1, '" + mac + "'), (" + std::to_string(b) +
             ", '" + text + "', 1, '" + mac + "')");
  auto store = CredentialStore::open(paths());
  EXPECT_EQ(store->load_state(a, "/o.jsonl"), text);
  EXPECT_FALSE(store->load_state(a, ""));
  EXPECT_THROW(store->load_state(b, "/o.jsonl"), StoreError) << "a's MAC does not fit b";
}

TEST_F(StoreTest, ASealedSecretSwappedIntoAnotherRowIsRefused) {
  std::int64_t rejected = 0;
  {
    auto store = CredentialStore::open(paths());
    rejected = store->add("zoom", "source", "rejected", {}, {{"client_secret", k_secret_a}});
    store->add("zoom", "source", "working", {}, {{"client_secret", k_secret_b}});
  }
  tamper(paths().database,
         "UPDATE credentials SET secrets_json = (SELECT secrets_json FROM credentials WHERE "
         "name = 'working') WHERE name = 'rejected'");
  auto store = CredentialStore::open(paths());
  try {
    const auto secrets = store->secrets(rejected);
    FAIL() << "the swapped secret opened: " << json::serialize(secrets);
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("changed outside host_sim"), std::string::npos)
        << e.what();
  }
}

TEST_F(StoreTest, ASealedSecretMovedWithItsRowMacStillDoesNotOpen) {
  auto store = CredentialStore::open(paths());
  const auto a = store->add("zoom", "source", "a", {}, {{"client_secret", k_secret_a}});
  store->add("zoom", "source", "b", {}, {{"client_secret", k_secret_b}});
  // Swap whole rows' contents but keep ids: each row MAC no longer matches
  // its id, and each secret's associated data names the other row.
  tamper(paths().database,
         "UPDATE credentials SET secrets_json = (SELECT secrets_json FROM credentials c2 WHERE "
         "c2.name = 'b'), row_mac = (SELECT row_mac FROM credentials c2 WHERE c2.name = 'b') "
         "WHERE name = 'a'");
  EXPECT_THROW(store->secrets(a), StoreError);
  EXPECT_THROW(store->credential_json(a), StoreError);
}

TEST_F(StoreTest, ATamperedPublicColumnIsRefused) {
  auto store = CredentialStore::open(paths());
  const auto id = store->add("zoom", "source", "mine",
                             {{"credential_name", "mine"},
                              {"account_id", "acc"},
                              {"validation_url", "https://api.zoom.us/v2/users/me"}},
                             {{"client_secret", k_secret_a}});
  tamper(paths().database,
         "UPDATE credentials SET public_json = replace(public_json, 'api.zoom.us', "
         "'attacker.example') WHERE id = " +
             std::to_string(id));
  EXPECT_THROW(store->get(id), StoreError);
  EXPECT_THROW(store->credential_json(id), StoreError);
  EXPECT_THROW(store->list("zoom", "source"), StoreError);
  tamper(paths().database,
         "UPDATE credentials SET public_json = replace(public_json, "
         "'attacker.example', 'api.zoom.us'), last_status = 'ok'");
  EXPECT_THROW(store->get(id), StoreError) << "the validation columns are covered too";
}

TEST_F(StoreTest, TamperedOrInjectedPluginOptionsAreRefused) {
  auto store = CredentialStore::open(paths());
  const auto id = store->add("zoom", "source", "mine", {{"credential_name", "mine"}},
                             {{"client_secret", k_secret_a}});
  const auto bare = store->add("zoom", "source", "bare", {{"credential_name", "bare"}},
                               {{"client_secret", k_secret_a}});
  store->save_options(id, R"({"api_base_url":"https://api.zoom.us/v2"})");
  EXPECT_EQ(store->load_options(id), R"({"api_base_url":"https://api.zoom.us/v2"})");
  // The options say where the secret may go: a change outside host_sim is refused.
  tamper(paths().database,
         "UPDATE credential_options SET options_json = replace(options_json, 'api.zoom.us', "
         "'attacker.example') WHERE credential_id = " +
             std::to_string(id));
  EXPECT_THROW(store->load_options(id), StoreError);
  EXPECT_THROW(store->credential_json(id), StoreError);
  tamper(paths().database,
         "INSERT INTO credential_options(credential_id, options_json, updated_at) VALUES(" +
             std::to_string(bare) + ", '{\"oauth_url\":\"https://attacker.example/t\"}', 0)");
  EXPECT_THROW(store->load_options(bare), StoreError) << "options added to a row are refused";
}

TEST_F(StoreTest, UpdatesAndValidationsKeepRowsReadable) {
  auto store = CredentialStore::open(paths());
  const auto id = store->add("zoom", "source", "n", {{"a", "1"}}, {{"s", k_secret_a}});
  store->record_validation(id, host_sim::ValidationState::rejected, "nope", "{}");
  store->update(id, "n2", {{"a", "2"}}, {});
  auto reopened = CredentialStore::open(paths());
  EXPECT_EQ(reopened->get(id)->last_status, host_sim::ValidationState::rejected);
  EXPECT_EQ(reopened->credential_json(id).at("s"), k_secret_a);
}

// Rows saved by older host_sim versions hold "ok", "failed" or "unchecked";
// "failed" is told apart by the stored verdict's status.
TEST(ValidationWords, StoredWordsOfOlderVersionsStillRead) {
  using host_sim::state_from_stored;
  using host_sim::ValidationState;
  EXPECT_EQ(state_from_stored("", ""), ValidationState::not_validated);
  EXPECT_EQ(state_from_stored("ok", R"({"ok":true})"), ValidationState::valid);
  EXPECT_EQ(state_from_stored("unchecked", R"({"status":"timeout"})"),
            ValidationState::could_not_check);
  EXPECT_EQ(state_from_stored("failed", R"({"ok":false,"status":"auth_failed"})"),
            ValidationState::rejected);
  EXPECT_EQ(state_from_stored("failed", R"({"ok":false,"status":"INTERNAL"})"),
            ValidationState::rejected)
      << "host_sim's old uppercase words are not the plugin's";
  EXPECT_EQ(state_from_stored("failed", R"({"ok":false,"status":"internal"})"),
            ValidationState::error);
  EXPECT_EQ(state_from_stored("failed", "not json"), ValidationState::rejected);
  EXPECT_EQ(state_from_stored("something new", ""), ValidationState::error);
  for (auto state :
       {ValidationState::not_validated, ValidationState::valid, ValidationState::rejected,
        ValidationState::could_not_check, ValidationState::error}) {
    EXPECT_EQ(state_from_stored(host_sim::state_word(state), ""), state)
        << host_sim::state_word(state);
  }
}

TEST(ValidationWords, PluginErrorsUseTheVerdictsStatusWords) {
  EXPECT_EQ(host_sim::status_word(PP_STATUS_AUTH_FAILED), "auth_failed");
  EXPECT_EQ(host_sim::status_word(PP_STATUS_RATE_LIMITED), "rate_limited");
  EXPECT_EQ(host_sim::state_for_failed_status("rate_limited"),
            host_sim::ValidationState::could_not_check);
  EXPECT_EQ(host_sim::state_for_failed_status("permission_denied"),
            host_sim::ValidationState::rejected);
  EXPECT_EQ(host_sim::state_for_failed_status("not_implemented"), host_sim::ValidationState::error);
}

TEST_F(StoreTest, AStoreWithRowsButNoKeyCheckIsRefused) {
  {
    auto store = CredentialStore::open(paths());
    store->add("zoom", "source", "a", {}, {{"client_secret", k_secret_a}});
  }
  tamper(paths().database, "DELETE FROM meta");
  try {
    CredentialStore::open(paths());
    FAIL() << "a store with rows but no key check must be refused";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreError::Kind::corrupt);
    EXPECT_NE(std::string(e.what()).find("no key check"), std::string::npos) << e.what();
  }
}

TEST_F(StoreTest, AnOldFormatStoreIsRefusedWithAClearMessage) {
  tamper(paths().database,
         "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
         "INSERT INTO meta VALUES('key_check', 'AAAA');");
  ASSERT_EQ(::chmod(paths().database.c_str(), 0600), 0);
  try {
    CredentialStore::open(paths());
    FAIL() << "an old-format store must be refused";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreError::Kind::old_format);
    EXPECT_NE(std::string(e.what()).find("add the credentials again"), std::string::npos)
        << e.what();
  }
}

TEST_F(StoreTest, SymlinkedStoreOrKeyFileIsRefused) {
  const auto real = dir_ / "real.db";
  { auto store = CredentialStore::open(host_sim::store_paths_for(real)); }
  std::filesystem::create_symlink(real, paths().database);
  try {
    CredentialStore::open(host_sim::StorePaths{paths().database, real.string() + ".key"});
    FAIL() << "a symlinked store must be refused";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("symbolic link"), std::string::npos) << e.what();
  }
  const auto other = dir_ / "other.db";
  std::filesystem::create_symlink(real.string() + ".key", other.string() + ".key");
  try {
    CredentialStore::open(host_sim::store_paths_for(other));
    FAIL() << "a symlinked key file must be refused";
  } catch (const host_sim::KeyError& e) {
    EXPECT_NE(std::string(e.what()).find("symbolic link"), std::string::npos) << e.what();
  }
}

TEST_F(StoreTest, AStoreOthersCanWriteIsRefused) {
  { auto store = CredentialStore::open(paths()); }
  ASSERT_EQ(::chmod(paths().database.c_str(), 0666), 0);
  EXPECT_THROW(CredentialStore::open(paths()), StoreError);
  ASSERT_EQ(::chmod(paths().database.c_str(), 0640), 0);
  EXPECT_NO_THROW(CredentialStore::open(paths())) << "only readable: made private again";
  struct stat info {};
  ASSERT_EQ(::stat(paths().database.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  ASSERT_EQ(::chmod(paths().key_file.c_str(), 0644), 0);
  EXPECT_THROW(CredentialStore::open(paths()), host_sim::KeyError);
}

}  // namespace
