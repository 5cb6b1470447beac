// What the Authenticate screen does, whatever draws it (terminal, web, CLI
// flags): check the typed fields against the schema, validate the credential
// with the plugin, save it with its verdict, edit, re-validate, delete.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "credential_form.hpp"
#include "credential_store.hpp"
#include "pipeline_plugin.hpp"
#include "validation_state.hpp"

namespace host_sim {

struct PluginInfo {
  std::string name;          // "zoom"
  std::string display_name;  // "Zoom"
  std::string version;
  std::vector<std::string> directions;
};

// A loaded plugin with what the host read from it once.
struct Host {
  pp::Plugin plugin;
  PluginInfo info;
  CredentialForm form;
  std::string options_json = "{}";  // deployment settings passed to create()
  // options_json was given to this run; else a saved credential's own
  // options are used (credential_options.hpp).
  bool options_given = false;

  static Host load(pp::Plugin plugin, std::string options_json);
  bool has_direction(const std::string& direction) const;
};

// How a validation ended, fine enough for exit codes (exit_codes.hpp);
// people and the web page see its ValidationState.
enum class Outcome {
  ok,
  bad_input,          // the host or the plugin refused the input: a field, an option, a URL
                      // the policy refuses (the config step). Not a verdict: never stored
  rejected,           // Zoom refused the credential (token step)
  validation_failed,  // token fine, validation call refused (scope, permission, ...)
  network,            // network, timeout, rate limit, remote error
  plugin_error,       // not implemented, internal
  cancelled,
};

// Whether Zoom answered: a network failure, timeout, rate limit or server
// error means the credential could not be checked, which says nothing about
// it (the previous verdict stays).
bool could_not_check(Outcome outcome);

struct CheckResult {
  Outcome outcome = Outcome::plugin_error;
  ValidationState state = ValidationState::error;
  std::string status;        // the verdict's status word: "ok", "auth_failed", "timeout", ...
  std::string message;       // one line for people
  std::string verdict_json;  // the plugin's verdict, or one the host built from the error
  // bad_input: what was refused, by field ("validation_url", "options" for
  // the plugin options, "_form" for the rest); empty otherwise.
  std::vector<FieldError> refused;
};

// Creates a connector for the credential and asks it for its verdict. Never
// throws for plugin failures: they become a CheckResult. For the destination
// direction a passing verdict also lists the write operations the token
// allows ("allowed_operations") and those it does not, with the scopes they
// miss ("blocked_operations").
CheckResult check_credential(const Host& host, const boost::json::object& credential,
                             const std::string& direction = "source");

// The verdict for people, several lines; generic: ok, message, the failing
// step and remote status, missing scopes, identity, allowed streams.
std::string verdict_text(const std::string& verdict_json);

struct SaveResult {
  std::vector<FieldError> errors;    // the input was refused; nothing was saved
  std::optional<std::int64_t> id;    // set once saved
  std::optional<CheckResult> check;  // set once validated
};

// Adds a credential: defaults, schema checks, a duplicate-name check, the
// plugin's validation, then saves it with the verdict (also a failed one,
// so its tile can show why). What the plugin refuses as input (its config
// check, e.g. the URL policy) is refused like a schema error, not saved. A
// credential that could not be checked (network) is saved as could_not_check.
// save=false only checks and validates.
SaveResult add_credential(const Host& host, CredentialStore& store, const std::string& direction,
                          const boost::json::object& input, bool save = true);

// Edits a saved credential: secret fields left blank keep the stored value.
// Throws StoreError not_found.
SaveResult edit_credential(const Host& host, CredentialStore& store, std::int64_t id,
                           const boost::json::object& input);

// Validates a saved credential again and records the verdict, unless it
// could not be checked, was cancelled, or its input was refused (bad_input:
// an option, a URL the policy refuses, e.g. on an API port that moved): then
// the previous verdict is kept.
CheckResult revalidate(const Host& host, CredentialStore& store, std::int64_t id);

// A saved credential for a UI: public fields, secret fields as {"set": true},
// last validation. Never a secret value.
boost::json::object credential_view(const Host& host, const StoredCredential& credential);

// The credential name from fields ("credential_name"), or a fallback.
std::string credential_name_of(const boost::json::object& fields);

}  // namespace host_sim
