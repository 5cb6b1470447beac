#include "terminal_commands.hpp"

#include <unistd.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "credential_form.hpp"
#include "credential_options.hpp"
#include "credential_service.hpp"
#include "credential_store.hpp"
#include "exit_codes.hpp"
#include "fetch_command.hpp"
#include "json_line.hpp"
#include "secure_memory.hpp"
#include "terminal_flow.hpp"
#include "terminal_text.hpp"
#include "web_server.hpp"
#include "write_command.hpp"

namespace host_sim {
namespace {

namespace json = boost::json;
namespace ec = host_sim::exit_code;

// Fields from the file, then HOST_SIM_FIELD_<KEY>, then --field flags.
json::object gather_fields(const CommandLine& args, const host_sim::CredentialForm& form) {
  json::object fields(host_sim::secret_json_storage());  // may hold a secret
  if (!args.fields_file.empty()) {
    boost::system::error_code error;
    std::string text = read_text_file(args.fields_file);
    auto parsed = json::parse(text, error, host_sim::secret_json_storage());
    host_sim::wipe_string(text);
    if (error || !parsed.is_object()) {
      throw UsageError(args.fields_file.string() + " is not a JSON object of fields");
    }
    fields = std::move(parsed.as_object());
  }
  for (const auto& field : form.fields) {
    std::string name = "HOST_SIM_FIELD_";
    for (const char c : field.key)
      name += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (const char* env = std::getenv(name.c_str()); env != nullptr) fields[field.key] = env;
  }
  for (const auto& assignment : args.fields) {
    const auto equals = assignment.find('=');
    if (equals == std::string::npos || equals == 0) {
      throw UsageError("--field wants KEY=VALUE");
    }
    fields[assignment.substr(0, equals)] = assignment.substr(equals + 1);
  }
  return fields;
}

bool any_fields_given(const CommandLine& args, const host_sim::CredentialForm& form) {
  if (!args.fields.empty() || !args.fields_file.empty()) return true;
  for (const auto& field : form.fields) {
    std::string name = "HOST_SIM_FIELD_";
    for (const char c : field.key)
      name += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (std::getenv(name.c_str()) != nullptr) return true;
  }
  return false;
}

void print_info(const host_sim::Host& host) {
  using host_sim::printable;
  std::cout << "Connector:   " << printable(host.info.display_name) << " ("
            << printable(host.info.name) << ")\n"
            << "Version:     " << printable(host.info.version) << "\n"
            << "ABI version: " << host.plugin.abi_version() << " (table "
            << host.plugin.table_size() << " bytes)\n"
            << "Directions: ";
  for (const auto& direction : host.info.directions) std::cout << " " << printable(direction);
  const auto streams = host_sim::catalog_stream_names(host.plugin.catalog_json());
  std::cout << "\nStreams:     " << streams.size() << "\n";
  for (const auto& name : streams) std::cout << "  - " << printable(name) << "\n";
  if (host.plugin.has_write()) {
    const auto operations = host_sim::catalog_names(host.plugin.write_catalog_json(), "operations");
    std::cout << "Write operations: " << operations.size() << "\n";
    for (const auto& name : operations) std::cout << "  - " << printable(name) << "\n";
  }
  std::cout << "\n";
}

std::optional<host_sim::StoredCredential> find_credential(const host_sim::Host& host,
                                                          const host_sim::CredentialStore& store,
                                                          const CommandLine& args) {
  if (args.credential.empty()) throw UsageError("--credential NAME is required");
  if (auto found = store.find(host.info.name, args.direction, args.credential)) return found;
  if (std::ranges::all_of(args.credential,
                          [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    if (auto by_id = store.get(std::stoll(args.credential));
        by_id && by_id->connector == host.info.name) {
      return by_id;
    }
  }
  std::cerr << "host_sim: no " << args.direction << " credential named \""
            << host_sim::printable(args.credential) << "\" for "
            << host_sim::printable(host.info.display_name) << " in "
            << host_sim::printable(store.path().string()) << "\n";
  return std::nullopt;
}

void print_errors(const std::vector<host_sim::FieldError>& errors,
                  const std::string& headline = "the credential was not saved") {
  std::cerr << "host_sim: " << headline << ":\n";
  for (const auto& error : errors) {
    std::cerr << "  " << host_sim::printable(error.key) << ": "
              << host_sim::printable(error.message) << "\n";
  }
}

int report_check(const host_sim::CheckResult& check, bool json_output) {
  if (json_output) std::cout << host_support::printable_json(check.verdict_json) << "\n";
  std::cerr << "Validation: " << host_sim::state_label(check.state)
            << (check.status.empty() || check.state == host_sim::ValidationState::valid
                    ? std::string()
                    : " (" + host_sim::printable(check.status) + ")")
            << "\n"
            << host_sim::printable_lines(host_sim::verdict_text(check.verdict_json));
  return ec::for_outcome(check.outcome);
}

// validate: what the host or the plugin refuses (an option, a URL the
// policy refuses) is this command's error, not a verdict on the credential.
int run_validate(const CommandLine& args, const host_sim::Host& host,
                 host_sim::CredentialStore& store, const host_sim::StoredCredential& credential) {
  const auto check = host_sim::revalidate(host, store, credential.id);
  if (check.outcome != host_sim::Outcome::bad_input) return report_check(check, args.json_output);
  print_errors(check.refused, "\"" + host_sim::printable(credential.name) +
                                  "\" was not validated, its stored verdict is unchanged; refused");
  std::cerr << "  Correct the options (--options), or the field (Edit on the web screen: "
               "host_sim serve)\n";
  return ec::bad_input;
}

int run_authenticate(const CommandLine& args, const host_sim::Host& host,
                     host_sim::CredentialStore& store) {
  const bool interactive =
      !args.no_input && !any_fields_given(args, host.form) && ::isatty(STDIN_FILENO) != 0;
  if (interactive) return host_sim::run_terminal_flow(host, store, args.direction);
  const json::object input = gather_fields(args, host.form);
  const auto result = host_sim::add_credential(host, store, args.direction, input, !args.no_save);
  if (!result.errors.empty()) {
    print_errors(result.errors);
    return ec::bad_input;
  }
  if (result.id) {
    std::cerr << "Saved " << args.direction << " credential \""
              << host_sim::printable(host_sim::credential_name_of(input)) << "\" (id " << *result.id
              << ") in " << host_sim::printable(store.path().string()) << "\n";
  }
  return report_check(*result.check, args.json_output);
}

int run_list(const CommandLine& args, const host_sim::Host& host,
             const host_sim::CredentialStore& store) {
  const auto rows = store.list(host.info.name, args.direction);
  using host_sim::printable;
  std::cout << printable(host.info.display_name) << " " << args.direction << " credentials in "
            << printable(store.path().string()) << ": " << rows.size() << "\n";
  for (const auto& row : rows) {
    std::cout << "  [" << row.id << "] " << printable(row.name) << "  "
              << host_sim::state_label(row.last_status) << "  " << printable(row.last_message)
              << (row.has_state ? "  (fetch checkpoint saved)" : "") << "\n";
  }
  return ec::ok;
}

// A credential remembers the plugin options it was saved with: without
// --options they are used again (checked: a JSON object of bounded size).
void use_saved_options(const CommandLine& args, host_sim::Host& host,
                       const host_sim::CredentialStore& store,
                       const host_sim::StoredCredential& credential) {
  if (args.options_given) {
    const auto saved = store.load_options(credential.id);
    if (saved && *saved != args.options_json) {
      std::cerr << "Note: using the given options, not those saved with \"" << credential.name
                << "\" (see host_sim info --credential)\n";
    }
    return;
  }
  bool unusable = false;
  const auto saved = host_sim::usable_saved_options(store, credential.id, unusable);
  if (unusable) {
    std::cerr << "host_sim: the options saved with \"" << credential.name
              << "\" are not a JSON object; ignored\n";
  }
  if (!saved) return;
  host = host_sim::Host::load(host_sim::load_plugin(args.choice), *saved);
  std::cerr << "Using the plugin options saved with \"" << credential.name << "\"\n";
}

}  // namespace

int run_command(const CommandLine& args) {
  host_sim::Host host = host_sim::Host::load(host_sim::load_plugin(args.choice), args.options_json);
  host.options_given = args.options_given;
  if (args.command == "info" || args.command == "form") {
    if (args.command == "info") {
      print_info(host);
      std::cout << "Options:     "
                << (args.options_given ? host_sim::printable(args.options_json)
                                       : "none given (defaults)")
                << "\n";
      if (!args.credential.empty() && std::filesystem::exists(args.store)) {
        auto store = host_sim::CredentialStore::open(host_sim::store_paths_for(args.store));
        if (const auto credential = find_credential(host, *store, args)) {
          const auto saved = store->load_options(credential->id);
          std::cout << "Saved with \"" << host_sim::printable(credential->name) << "\": "
                    << host_sim::printable(saved ? *saved : std::string("no options recorded"))
                    << "\n";
        }
      }
      std::cout << "\n";
    }
    std::cout << host_sim::printable_lines(host_sim::render_form_text(host.form));
    return ec::ok;
  }
  if (!host.has_direction(args.direction)) {
    std::cerr << "host_sim: " << host_sim::printable(host.info.display_name)
              << " is not available as a " << args.direction << "\n";
    return ec::usage;
  }
  if (args.command == "list" && !std::filesystem::exists(args.store)) {
    // Listing creates nothing: no store yet means no credentials.
    std::cout << host.info.display_name << " " << args.direction << " credentials in "
              << args.store.string() << ": 0 (the store does not exist yet)\n";
    return ec::ok;
  }
  auto store = host_sim::CredentialStore::open(host_sim::store_paths_for(args.store));
  if (args.command == "authenticate") return run_authenticate(args, host, *store);
  if (args.command == "list") return run_list(args, host, *store);
  if (args.command == "serve") return host_sim::run_web_server(host, *store, args.serve);
  const auto credential = find_credential(host, *store, args);
  if (!credential) return ec::not_found;
  use_saved_options(args, host, *store, *credential);
  if (args.command == "validate") return run_validate(args, host, *store, *credential);
  if (args.command == "delete") {
    store->remove(credential->id);
    std::cerr << "Deleted " << args.direction << " credential \""
              << host_sim::printable(credential->name) << "\"\n";
    return ec::ok;
  }
  if (args.command == "fetch") return host_sim::run_fetch(host, *store, *credential, args.fetch);
  if (args.command == "write") {
    return host_sim::WriteRun(host, *credential, *store, args.write).run();
  }
  throw UsageError("unknown command '" + args.command + "'");
}

}  // namespace host_sim
