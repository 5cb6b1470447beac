// The terminal Authenticate screen, driven through streams: fields in schema
// order, secrets through the no-echo reader, re-prompt for bad fields.
#include "terminal_flow.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <sstream>

#include "credential_service.hpp"
#include "exit_codes.hpp"
#include "test_support.hpp"

namespace {

struct Flow {
  host_sim_test::TempDir dir;
  host_sim::Host host = host_sim::Host::load(pp::Plugin::load(FAKE_FULL_PATH), "{}");
  std::unique_ptr<host_sim::CredentialStore> store;
  std::vector<std::string> secrets;
  Flow() {
    ::setenv("HOST_SIM_STORE_KEY", std::string(64, 'c').c_str(), 1);
    store = host_sim::CredentialStore::open(host_sim::store_paths_for(dir / "s.db"));
  }
  int run(const std::string& typed, std::string& shown) {
    std::istringstream in(typed);
    std::ostringstream out;
    std::size_t next_secret = 0;
    host_sim::TerminalIo io{in, out, [&](std::string& line) {
                              if (next_secret >= secrets.size()) return false;
                              line = secrets[next_secret++];
                              return true;
                            }};
    const int code = host_sim::run_terminal_flow(host, *store, "source", io);
    shown = out.str();
    return code;
  }
};

TEST(TerminalFlow, AddsACredentialPromptingInSchemaOrder) {
  Flow flow;
  flow.secrets = {"typed-secret"};
  std::string shown;
  // a = Add; name, description, (secret via reader), region default.
  EXPECT_EQ(flow.run("a\nMy Acme\nfor tests\n\n", shown), host_sim::exit_code::ok);
  const auto name_at = shown.find("Credential Name *");
  const auto key_at = shown.find("Acme API Key *");
  const auto region_at = shown.find("Acme Region *");
  ASSERT_NE(name_at, std::string::npos) << shown;
  EXPECT_LT(name_at, key_at);
  EXPECT_LT(key_at, region_at);
  EXPECT_NE(shown.find("(input hidden)"), std::string::npos);
  EXPECT_NE(shown.find("[eu]"), std::string::npos) << "the default is shown";
  EXPECT_EQ(shown.find("typed-secret"), std::string::npos) << "the secret is never echoed";
  const auto rows = flow.store->list("acme", "source");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].name, "My Acme");
  EXPECT_EQ(flow.store->credential_json(rows[0].id).at("api_key"), "typed-secret");
  EXPECT_EQ(flow.store->credential_json(rows[0].id).at("region"), "eu");
}

TEST(TerminalFlow, ReasksOnlyTheFieldsThatFailed) {
  Flow flow;
  flow.secrets = {"", "second-try"};
  std::string shown;
  EXPECT_EQ(flow.run("a\nn\n\nus\n", shown), host_sim::exit_code::ok);
  EXPECT_NE(shown.find("Acme API Key is required"), std::string::npos) << shown;
  EXPECT_EQ(flow.store->list("acme", "source").size(), 1u);
}

TEST(TerminalFlow, ShowsTilesAndQuits) {
  Flow flow;
  flow.store->add("acme", "source", "saved one", {{"credential_name", "saved one"}}, {});
  std::string shown;
  EXPECT_EQ(flow.run("q\n", shown), host_sim::exit_code::ok);
  EXPECT_NE(shown.find("[1] saved one"), std::string::npos) << shown;
  EXPECT_NE(shown.find("[a] Add Credential"), std::string::npos);
}

TEST(TerminalFlow, EscapeSequencesInSavedTextNeverReachTheTerminal) {
  Flow flow;
  const std::string osc52 = "\x1b]52;c;cm0gLXJmIH4=\x07";
  const std::string csi =
      "\xc2\x9b"
      "2J";
  flow.store->add("acme", "source", "evil" + osc52,
                  {{"credential_name", "evil" + osc52}, {"credential_description", "d" + csi}}, {});
  flow.store->record_validation(flow.store->list("acme", "source")[0].id,
                                host_sim::ValidationState::rejected, "Zoom said \x1b]0;pwned\x07",
                                "");
  std::string shown;
  EXPECT_EQ(flow.run("1\nv\nq\n", shown), host_sim::exit_code::ok);
  EXPECT_EQ(shown.find('\x1b'), std::string::npos) << shown;
  EXPECT_EQ(shown.find('\x07'), std::string::npos) << shown;
  EXPECT_EQ(shown.find("\xc2\x9b"), std::string::npos) << shown;
  EXPECT_NE(shown.find("evil\\x1b]52;c;cm0gLXJmIH4=\\x07"), std::string::npos) << shown;
  EXPECT_NE(shown.find("Zoom said \\x1b]0;pwned"), std::string::npos) << shown;
}

// The fake plugin refuses the api_key "wrong-key" and its verdict names
// that field: the flow offers to fix it, and the fixed credential is valid.
TEST(TerminalFlow, ARejectedCredentialOffersToFixTheFieldZoomRefused) {
  Flow flow;
  flow.secrets = {"wrong-key", "good-key"};
  std::string shown;
  EXPECT_EQ(flow.run("a\nMy Acme\n\n\ny\n", shown), host_sim::exit_code::ok) << shown;
  EXPECT_NE(shown.find("its answer points at: Acme API Key; fix them now?"), std::string::npos)
      << shown;
  const auto rows = flow.store->list("acme", "source");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].last_status, host_sim::ValidationState::valid);
  EXPECT_EQ(flow.store->credential_json(rows[0].id).at("api_key"), "good-key");
  EXPECT_EQ(rows[0].name, "My Acme") << "only the refused field was asked again";
}

TEST(TerminalFlow, UsingARejectedCredentialSaysSoAndExitsNonZero) {
  Flow flow;
  flow.secrets = {"wrong-key"};
  std::string shown;
  // Added, refused, and the offer to fix declined.
  EXPECT_EQ(flow.run("a\nRefused\n\n\nn\n", shown), host_sim::exit_code::rejected) << shown;
  EXPECT_EQ(flow.run("1\n\n", shown), host_sim::exit_code::rejected);
  EXPECT_NE(shown.find("\"Refused\" is rejected: "), std::string::npos) << shown;
  EXPECT_EQ(shown.find("Using \"Refused\""), std::string::npos) << shown;
}

TEST(TerminalFlow, EditPromptsTheCurrentValuesAndKeepsTheSecretUnlessRetyped) {
  Flow flow;
  flow.secrets = {"typed-secret", ""};
  std::string shown;
  ASSERT_EQ(flow.run("a\nMy Acme\nfor tests\nus\n", shown), host_sim::exit_code::ok) << shown;
  // Edit: a new name; Enter keeps the description, the secret and the region.
  EXPECT_EQ(flow.run("1\ne\nRenamed\n\n\n", shown), host_sim::exit_code::ok) << shown;
  EXPECT_NE(shown.find("[My Acme]"), std::string::npos) << shown;
  EXPECT_NE(shown.find("[for tests]"), std::string::npos) << shown;
  EXPECT_NE(shown.find("[Enter keeps the saved one]"), std::string::npos) << shown;
  EXPECT_EQ(shown.find("typed-secret"), std::string::npos) << "a secret is never shown";
  const auto rows = flow.store->list("acme", "source");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].name, "Renamed");
  const auto saved = flow.store->credential_json(rows[0].id);
  EXPECT_EQ(saved.at("api_key"), "typed-secret");
  EXPECT_EQ(saved.at("credential_description"), "for tests");
  EXPECT_EQ(saved.at("region"), "us");
}

TEST(TerminalFlow, EndOfInputSavesNothing) {
  Flow flow;
  std::string shown;
  EXPECT_EQ(flow.run("a\nhalf", shown), host_sim::exit_code::bad_input);
  EXPECT_TRUE(flow.store->list("acme", "source").empty());
}

}  // namespace
