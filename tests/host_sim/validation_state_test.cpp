// "Could not check" (network, timeout, Zoom down) is not "Zoom rejected it":
// a saved credential keeps its previous verdict, and no allowed streams are
// shown for a failed check. What the URL policy refuses is refused as a
// field, not saved as a failed credential; so is what a later validate's
// host refuses (an option, a URL on a moved API port): the stored verdict
// stays, "rejected" comes only from Zoom.
#include <gtest/gtest.h>

#include <cstdlib>
#include <sstream>

#include "credential_service.hpp"
#include "exit_codes.hpp"
#include "fetch_fixture.hpp"
#include "terminal_flow.hpp"

namespace host_sim_test {
namespace {

namespace json = boost::json;

std::string options_for(const std::string& base) {
  return "{\"oauth_url\":\"" + base + "/oauth/token\",\"api_base_url\":\"" + base +
         "/v2\",\"allow_insecure_loopback\":true}";
}

json::object fields_for(const std::string& name, const std::string& validation_url) {
  return {{"credential_name", name},
          {"account_id", "sim-account-id"},
          {"client_id", "sim-client-id"},
          {"client_secret", k_secret},
          {"validation_url", validation_url}};
}

struct Service {
  TempDir dir;
  std::unique_ptr<zoom_sim::Simulator> sim =
      std::make_unique<zoom_sim::Simulator>(simulator_options());
  std::string base = sim->base_url();
  host_sim::Host host = host_sim::Host::load(pp::Plugin::load(ZC_PLUGIN_PATH), options_for(base));
  std::unique_ptr<host_sim::CredentialStore> store;
  Service() {
    ::setenv("HOST_SIM_STORE_KEY", k_store_key, 1);
    store = host_sim::CredentialStore::open(host_sim::store_paths_for(dir / "s.db"));
  }
};

TEST(ValidationState, ZoomUnreachableKeepsThePreviousVerdict) {
  Service s;
  const auto added = host_sim::add_credential(s.host, *s.store, "source",
                                              fields_for("good", s.base + "/v2/users/me"));
  ASSERT_TRUE(added.errors.empty());
  ASSERT_EQ(added.check->outcome, host_sim::Outcome::ok) << added.check->message;
  s.sim.reset();  // Zoom goes away: the port refuses connections

  const auto check = host_sim::revalidate(s.host, *s.store, *added.id);
  EXPECT_EQ(check.outcome, host_sim::Outcome::network);
  EXPECT_TRUE(host_sim::could_not_check(check.outcome));
  EXPECT_EQ(check.state, host_sim::ValidationState::could_not_check);
  EXPECT_EQ(check.status, "network");
  const auto row = s.store->get(*added.id);
  EXPECT_EQ(row->last_status, host_sim::ValidationState::valid) << "the previous verdict is kept";
  EXPECT_NE(row->last_verdict_json.find("\"ok\":true"), std::string::npos);

  const std::string text = host_sim::verdict_text(check.verdict_json);
  EXPECT_NE(text.find("could not check: "), std::string::npos) << text;
  EXPECT_EQ(text.find("rejected"), std::string::npos) << text;
  EXPECT_EQ(text.find("allowed streams"), std::string::npos) << text;
  // Refused on 127.0.0.1: nothing listens there, no firewall is involved.
  EXPECT_EQ(text.find("firewall"), std::string::npos) << text;
  EXPECT_EQ(host_sim::exit_code::for_outcome(check.outcome), host_sim::exit_code::network);
}

TEST(ValidationState, AddedWhileZoomIsUnreachableIsSavedAsCouldNotCheck) {
  Service s;
  const std::string url = s.base + "/v2/users/me";
  s.sim.reset();
  const auto added = host_sim::add_credential(s.host, *s.store, "source", fields_for("later", url));
  ASSERT_TRUE(added.errors.empty());
  ASSERT_TRUE(added.id);
  const auto row = s.store->get(*added.id);
  EXPECT_EQ(row->last_status, host_sim::ValidationState::could_not_check);
  EXPECT_FALSE(row->last_message.empty());
  EXPECT_EQ(host_sim::credential_view(s.host, *row).at("last_status"), "could_not_check");
}

TEST(ValidationState, FailedValidationShowsNoAllowedStreams) {
  const std::string verdict =
      R"({"ok":false,"failed_step":"validation_call","status":"permission_denied",)"
      R"("message":"scope missing","allowed_streams":["users","meetings"]})";
  const std::string text = host_sim::verdict_text(verdict);
  EXPECT_NE(text.find("rejected: scope missing"), std::string::npos) << text;
  EXPECT_EQ(text.find("allowed streams"), std::string::npos) << text;
}

TEST(ValidationState, UrlOnAnotherHostIsRefusedAsAFieldAndNotSaved) {
  Service s;
  const auto added = host_sim::add_credential(s.host, *s.store, "source",
                                              fields_for("elsewhere", "https://example.com/x"));
  ASSERT_EQ(added.errors.size(), 1u) << added.errors.back().message;
  EXPECT_EQ(added.errors[0].key, "validation_url");
  EXPECT_NE(added.errors[0].message.find("not allowed"), std::string::npos)
      << added.errors[0].message;
  EXPECT_FALSE(added.id);
  EXPECT_FALSE(added.check);
  EXPECT_TRUE(s.store->list("zoom", "source").empty());

  // Editing a saved credential to such a URL is refused too, and changes nothing.
  const auto good = host_sim::add_credential(s.host, *s.store, "source",
                                             fields_for("good", s.base + "/v2/users/me"));
  ASSERT_TRUE(good.id);
  auto edited_fields = fields_for("good", "https://example.com/x");
  const auto edited = host_sim::edit_credential(s.host, *s.store, *good.id, edited_fields);
  ASSERT_FALSE(edited.errors.empty());
  EXPECT_EQ(edited.errors[0].key, "validation_url");
  EXPECT_EQ(json::value_to<std::string>(s.store->get(*good.id)->public_fields.at("validation_url")),
            s.base + "/v2/users/me");
}

// The API moved to another port (demo.sh restarted): the saved URL names the
// old one. That is the host's configuration refusing the URL, not Zoom
// refusing the credential: nothing is stored, and the message names both.
TEST(ValidationState, AUrlOnAMovedApiPortIsRefusedAndTheVerdictKept) {
  Service s;
  const auto added = host_sim::add_credential(s.host, *s.store, "source",
                                              fields_for("good", s.base + "/v2/users/me"));
  ASSERT_EQ(added.check->outcome, host_sim::Outcome::ok) << added.check->message;
  const auto before = s.store->get(*added.id);
  zoom_sim::Simulator moved(simulator_options());
  const auto moved_host =
      host_sim::Host::load(pp::Plugin::load(ZC_PLUGIN_PATH), options_for(moved.base_url()));

  const auto check = host_sim::revalidate(moved_host, *s.store, *added.id);
  EXPECT_EQ(check.outcome, host_sim::Outcome::bad_input) << check.message;
  EXPECT_NE(check.state, host_sim::ValidationState::rejected);
  EXPECT_EQ(host_sim::exit_code::for_outcome(check.outcome), host_sim::exit_code::bad_input);
  const auto old_port = s.base.substr(s.base.rfind(':') + 1);
  const auto new_port = moved.base_url().substr(moved.base_url().rfind(':') + 1);
  EXPECT_NE(check.message.find("127.0.0.1:" + old_port), std::string::npos) << check.message;
  EXPECT_NE(check.message.find("127.0.0.1:" + new_port), std::string::npos) << check.message;
  const auto after = s.store->get(*added.id);
  EXPECT_EQ(after->last_status, host_sim::ValidationState::valid) << after->last_message;
  EXPECT_EQ(after->last_verdict_json, before->last_verdict_json);
  EXPECT_EQ(after->last_validated_at, before->last_validated_at);
}

// The same from the terminal's menu: [v] validate again.
TEST(ValidationState, TheMenusValidateAgainKeepsTheVerdictWhenTheHostRefuses) {
  Service s;
  const auto added = host_sim::add_credential(s.host, *s.store, "source",
                                              fields_for("good", s.base + "/v2/users/me"));
  ASSERT_EQ(added.check->outcome, host_sim::Outcome::ok) << added.check->message;
  zoom_sim::Simulator moved(simulator_options());
  const auto moved_host =
      host_sim::Host::load(pp::Plugin::load(ZC_PLUGIN_PATH), options_for(moved.base_url()));
  std::istringstream in("1\nv\nq\n");
  std::ostringstream out;
  host_sim::TerminalIo io{in, out, [](std::string&) { return false; }};
  EXPECT_EQ(host_sim::run_terminal_flow(moved_host, *s.store, "source", io), 0);
  const std::string text = out.str();
  const auto shown = text.find("validate again");
  ASSERT_NE(shown, std::string::npos) << text;
  const std::string answer = text.substr(shown);
  EXPECT_EQ(answer.find("rejected"), std::string::npos) << answer;
  EXPECT_NE(answer.find("unchanged"), std::string::npos) << answer;
  EXPECT_NE(answer.find("validation_url"), std::string::npos) << answer;
  EXPECT_EQ(s.store->get(*added.id)->last_status, host_sim::ValidationState::valid);
}

TEST(ValidationState, DefaultValidationUrlFollowsThePinnedApiBase) {
  Service s;
  const auto* field = s.host.form.find("validation_url");
  ASSERT_NE(field, nullptr);
  EXPECT_EQ(field->default_value.value_or(""), s.base + "/v2/users/me");
  EXPECT_NE(field->help.find(s.base + "/v2"), std::string::npos) << field->help;
  // Enter at the prompt (the field left out) validates against the simulator.
  auto fields = fields_for("defaulted", "");
  fields.erase("validation_url");
  const auto added = host_sim::add_credential(s.host, *s.store, "source", fields);
  ASSERT_TRUE(added.errors.empty()) << added.errors[0].message;
  EXPECT_EQ(added.check->outcome, host_sim::Outcome::ok) << added.check->message;

  const auto plain = host_sim::Host::load(pp::Plugin::load(ZC_PLUGIN_PATH), "{}");
  EXPECT_EQ(plain.form.find("validation_url")->default_value.value_or(""),
            "https://api.zoom.us/v2/users/me");
}

class ValidationCli : public FetchFixture {
 protected:
  // The line the list prints for credential `name`.
  std::string listed(const std::string& name) {
    run(command("list", {}));
    for (const auto& line : lines_of(read_all(out_))) {
      if (line.find("] " + name + "  ") != std::string::npos) return line;
    }
    return "no line for " + name;
  }
  // validate --credential c with these options instead of the saved ones.
  std::vector<std::string> validate_with(const std::string& options) {
    return {HOST_SIM_PATH,  "validate",
            "--plugin",     ZC_PLUGIN_PATH,
            "--store",      (dir_ / "store.db").string(),
            "--options",    options,
            "--credential", "c"};
  }
};

TEST_F(ValidationCli, UrlOnAnotherHostExits4AndSavesNothing) {
  const int code = run(command(
      "authenticate",
      {"--no-input", "--field", "credential_name=elsewhere", "--field", "account_id=sim-account-id",
       "--field", "client_id=sim-client-id", "--field", "validation_url=https://example.com/x"}));
  EXPECT_EQ(code, 4) << read_all(err_);
  EXPECT_NE(read_all(err_).find("validation_url:"), std::string::npos) << read_all(err_);
  run(command("list", {}));
  EXPECT_EQ(read_all(out_).find("elsewhere"), std::string::npos) << read_all(out_);
}

TEST_F(ValidationCli, ACredentialRemembersItsOptions) {
  ASSERT_EQ(run(command("info", {"--credential", "c"})), 0) << read_all(err_);
  EXPECT_NE(read_all(out_).find("Saved with \"c\": " + options_), std::string::npos)
      << read_all(out_);
  // Without --options: the saved ones (the simulator), not Zoom's public hosts.
  std::vector<std::string> argv{HOST_SIM_PATH,  "validate", "--plugin",
                                ZC_PLUGIN_PATH, "--store",  (dir_ / "store.db").string(),
                                "--credential", "c"};
  EXPECT_EQ(run(argv), 0) << read_all(err_);
  EXPECT_NE(read_all(err_).find("Using the plugin options saved with \"c\""), std::string::npos)
      << read_all(err_);
}

// A mistyped option is the command's error (exit 4), not Zoom's verdict.
TEST_F(ValidationCli, AnUnknownOptionExits4AndKeepsTheStoredVerdict) {
  ASSERT_NE(listed("c").find("] c  valid  "), std::string::npos) << listed("c");
  const int code = run(validate_with(R"({"oauth_ur":"x"})"));
  const std::string err = read_all(err_);
  EXPECT_EQ(code, host_sim::exit_code::bad_input) << err;
  EXPECT_NE(err.find("oauth_ur"), std::string::npos) << err;
  EXPECT_EQ(err.find("rejected"), std::string::npos) << err;
  EXPECT_NE(err.find("unchanged"), std::string::npos) << err;
  EXPECT_NE(listed("c").find("] c  valid  "), std::string::npos) << listed("c");
}

// demo.sh restarted: the simulator is on another port than the saved URL's.
TEST_F(ValidationCli, AUrlOnAMovedApiPortExits4AndKeepsTheStoredVerdict) {
  zoom_sim::Simulator moved(simulator_options());
  const std::string options = "{\"oauth_url\":\"" + moved.base_url() +
                              "/oauth/token\",\"api_base_url\":\"" + moved.base_url() +
                              "/v2\",\"allow_insecure_loopback\":true}";
  const int code = run(validate_with(options));
  const std::string err = read_all(err_);
  EXPECT_EQ(code, host_sim::exit_code::bad_input) << err;
  EXPECT_NE(err.find("validation_url"), std::string::npos) << err;
  const auto port_of = [](const std::string& url) { return url.substr(url.rfind(':') + 1); };
  EXPECT_NE(err.find("127.0.0.1:" + port_of(sim_->base_url())), std::string::npos) << err;
  EXPECT_NE(err.find("127.0.0.1:" + port_of(moved.base_url())), std::string::npos) << err;
  EXPECT_EQ(err.find("rejected"), std::string::npos) << err;
  EXPECT_NE(listed("c").find("] c  valid  "), std::string::npos) << listed("c");
}

}  // namespace
}  // namespace host_sim_test
