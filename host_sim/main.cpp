// host_sim: a pipeline host that loads a connector plugin and shows what a
// host does with it: the Authenticate screen (terminal, flags, web), a
// credential store, and a fetch runner. See usage().
#include <unistd.h>

#include <boost/json.hpp>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "credential_form.hpp"
#include "credential_service.hpp"
#include "credential_store.hpp"
#include "exit_codes.hpp"
#include "fetch_runner.hpp"
#include "plugin_locator.hpp"
#include "process_hardening.hpp"
#include "secure_memory.hpp"
#include "terminal_flow.hpp"
#include "terminal_text.hpp"
#include "web_server.hpp"

namespace {

namespace json = boost::json;
namespace ec = host_sim::exit_code;

void usage(std::ostream& out) {
  out << R"(usage: host_sim <command> [options]

commands:
  info          the plugin's name, version, ABI version, directions, stream
                catalog and its "Add New Credential" form
  form          only the credential form, rendered from the plugin's schema
  authenticate  the Authenticate screen. In a terminal with no fields given:
                pick a saved credential or add one, fields prompted in schema
                order, secrets not echoed. With fields given (--field,
                --fields-file, HOST_SIM_FIELD_*), or without a terminal: checks
                the fields, validates them with the plugin and saves the
                credential with its verdict (also a failed one; --no-save only
                checks). The exit code tells how it went (below).
  list          the saved credentials of this connector and direction
  validate      validate a saved credential again (--credential NAME)
  delete        delete a saved credential (--credential NAME)
  fetch         run a fetch with a saved credential (--credential NAME)
  serve         the web Authenticate screen; open the URL it prints
                (http://127.0.0.1:PORT/?key=...): without its key the page refuses

plugin:
  --plugin PATH         load this plugin file
  --plugin-dir DIR      search this folder for plugins (default: $HOST_SIM_PLUGIN_DIR,
                        else the build tree's zoom_connector folder)
  --connector NAME      which connector to pick from the folder (default: zoom)
  --options JSON        plugin options (deployment settings), default $HOST_SIM_OPTIONS or {}.
                        A credential remembers the options it was saved with (validate,
                        fetch, delete use them when none are given; info --credential
                        NAME prints them). The Zoom plugin's options:
                          oauth_url                token endpoint (https://zoom.us/oauth/token)
                          api_base_url             pin the API base (regional, ZoomGov, proxy,
                                                   simulator); the default validation URL
                                                   becomes <api_base_url>/users/me
                          allow_insecure_loopback  true: plain http to loopback only (tests)
                          proxy                    proxy URL (default: *_proxy env variables)
                          ca_bundle                extra CA file; verification stays on
                          connect_timeout_ms       10000
                          total_timeout_ms         60000 (one whole request)
                          low_speed_limit_bytes    1   \ abort slower than this many bytes/s
                          low_speed_time_s         60  / for this many seconds
                          user_agent               zoom-connector/0.1
  --options-file FILE   the same, from a file

credentials:
  --direction DIR       source or destination (default: source)
  --store PATH          the credential store (default: $XDG_DATA_HOME/host_sim/credentials.db,
                        else ~/.local/share/host_sim/credentials.db). Secrets are encrypted
                        with the key in $HOST_SIM_STORE_KEY (64 hex digits or base64), else
                        in PATH.key, created 0600 on first use.
  --field KEY=VALUE     a form field (repeatable). Prefer HOST_SIM_FIELD_<KEY> (e.g.
                        HOST_SIM_FIELD_CLIENT_SECRET) or --fields-file for secrets: the
                        command line is visible to other users.
  --fields-file FILE    a JSON object of fields; flags override env, env overrides the file
  --no-save             authenticate: check and validate only
  --no-input            authenticate: never prompt, even in a terminal
  --json                authenticate/validate: print the verdict JSON on stdout
  --credential NAME     a saved credential, by name (or by id)

fetch:
  --streams A,B         the streams to fetch (default: all in the catalog)
  --output FILE         records as JSON Lines to FILE (default: stdout). A fetch from
                        the beginning replaces FILE; a resume appends to it, first cutting
                        it back to its length at the checkpoint (what a crash wrote after
                        it is fetched again), and refuses if FILE is shorter than that.
  --request JSON        extra fields for the fetch request (merged in)
  --full-refresh        start from the beginning; the saved checkpoint is dropped
  --limit N             a preview: stop after N records; saves no checkpoint
  --preview             the same as --limit 10
  --checkpoint-on-pipe  save checkpoints although the records go to a pipe or terminal.
                        Without it none is saved there: host_sim cannot know what the
                        reader took (e.g. `| head`), and a checkpoint past what it took
                        would lose records. On a regular file a checkpoint is saved once
                        the records before it are flushed and fsync'ed.
  --pace-ms N           wait N ms between items (demos, cancel tests)

serve:
  --port N              port on 127.0.0.1 (default 8787; 0 = any free port)
  --bind ADDR           address to listen on (default 127.0.0.1; others are refused
                        unless --allow-remote is given)
  --prefill KEY=VALUE   a value shown in the empty form (not for secret fields)

exit codes:
  0    ok
  1    unexpected internal error
  2    bad command line
  3    the plugin cannot be loaded, or failed inside (e.g. not implemented)
  4    bad input: a field is refused (schema, duplicate name, plugin config)
  5    the credential was rejected (token step: wrong id or secret, disabled app)
  6    validation failed (authenticated, but e.g. a scope is missing)
  7    network, timeout, rate limit or remote server error
  8    credential store error (locked, damaged, different key)
  9    no such saved credential
  10   fetch: the records could not be written (the reader of the pipe went away,
       disk full); no checkpoint is saved past what was written
  130  cancelled (Ctrl-C); a fetch keeps its last checkpoint

  -h, --help            this text
)";
}

struct Args {
  std::string command;
  host_sim::PluginChoice choice;
  std::string direction = "source";
  std::filesystem::path store;
  std::string options_json;
  bool options_given = false;  // --options, --options-file or $HOST_SIM_OPTIONS
  std::vector<std::string> fields;
  std::filesystem::path fields_file;
  std::string credential;
  bool no_save = false;
  bool no_input = false;
  bool json_output = false;
  host_sim::FetchOptions fetch;
  host_sim::ServeOptions serve;
};

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError("cannot read " + path.string());
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> split_commas(std::string_view text) {
  std::vector<std::string> out;
  std::string item;
  for (const char c : text) {
    if (c == ',') {
      if (!item.empty()) out.push_back(item);
      item.clear();
    } else {
      item += c;
    }
  }
  if (!item.empty()) out.push_back(item);
  return out;
}

Args parse_args(const std::vector<std::string_view>& args) {
  Args out;
  out.command = args[0];
  bool preview = false;
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= args.size()) throw UsageError("option '" + std::string(arg) + "' needs a value");
      return std::string(args[++i]);
    };
    if (arg == "--plugin") out.choice.path = value();
    else if (arg == "--plugin-dir") out.choice.folder = value();
    else if (arg == "--connector") out.choice.connector = value();
    else if (arg == "--options") out.options_json = value();
    else if (arg == "--options-file") out.options_json = read_file(value());
    else if (arg == "--direction") out.direction = value();
    else if (arg == "--store") out.store = value();
    else if (arg == "--field") out.fields.push_back(value());
    else if (arg == "--fields-file") out.fields_file = value();
    else if (arg == "--credential") out.credential = value();
    else if (arg == "--no-save") out.no_save = true;
    else if (arg == "--no-input") out.no_input = true;
    else if (arg == "--json") out.json_output = true;
    else if (arg == "--streams") out.fetch.streams = split_commas(value());
    else if (arg == "--output") out.fetch.output = value();
    else if (arg == "--request") out.fetch.request_json = value();
    else if (arg == "--full-refresh") out.fetch.full_refresh = true;
    else if (arg == "--pace-ms") out.fetch.pace_ms = std::stoi(value());
    else if (arg == "--limit") {
      out.fetch.limit = std::stoll(value());
      if (out.fetch.limit < 0) throw UsageError("--limit wants a number of records, 0 or more");
    }
    else if (arg == "--preview") preview = true;
    else if (arg == "--checkpoint-on-pipe") out.fetch.checkpoint_on_pipe = true;
    else if (arg == "--port") out.serve.port = static_cast<unsigned short>(std::stoi(value()));
    else if (arg == "--bind") out.serve.bind = value();
    else if (arg == "--allow-remote") out.serve.allow_remote = true;
    else if (arg == "--prefill") out.serve.prefill.push_back(value());
    else throw UsageError("unknown option '" + std::string(arg) + "'");
  }
  if (preview && out.fetch.limit < 0) out.fetch.limit = 10;
  if (out.options_json.empty()) {
    if (const char* env = std::getenv("HOST_SIM_OPTIONS"); env != nullptr) out.options_json = env;
  }
  out.options_given = !out.options_json.empty();
  if (out.options_json.empty()) out.options_json = "{}";
  boost::system::error_code error;
  if (const auto options = json::parse(out.options_json, error); error || !options.is_object()) {
    throw UsageError("--options must be a JSON object");
  }
  if (out.store.empty()) out.store = host_sim::default_store_paths().database;
  return out;
}

// Fields from the file, then HOST_SIM_FIELD_<KEY>, then --field flags.
json::object gather_fields(const Args& args, const host_sim::CredentialForm& form) {
  json::object fields(host_sim::secret_json_storage());  // may hold a secret
  if (!args.fields_file.empty()) {
    boost::system::error_code error;
    std::string text = read_file(args.fields_file);
    auto parsed = json::parse(text, error, host_sim::secret_json_storage());
    host_sim::wipe_string(text);
    if (error || !parsed.is_object()) {
      throw UsageError(args.fields_file.string() + " is not a JSON object of fields");
    }
    fields = std::move(parsed.as_object());
  }
  for (const auto& field : form.fields) {
    std::string name = "HOST_SIM_FIELD_";
    for (const char c : field.key) name += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (const char* env = std::getenv(name.c_str()); env != nullptr) fields[field.key] = env;
  }
  for (const auto& assignment : args.fields) {
    const auto equals = assignment.find('=');
    if (equals == std::string::npos || equals == 0) {
      throw UsageError("--field wants KEY=VALUE, got '" + assignment + "'");
    }
    fields[assignment.substr(0, equals)] = assignment.substr(equals + 1);
  }
  return fields;
}

bool any_fields_given(const Args& args, const host_sim::CredentialForm& form) {
  if (!args.fields.empty() || !args.fields_file.empty()) return true;
  for (const auto& field : form.fields) {
    std::string name = "HOST_SIM_FIELD_";
    for (const char c : field.key) name += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
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
  boost::system::error_code error;
  const auto catalog = json::parse(host.plugin.catalog_json(), error);
  std::vector<std::string> names;
  if (!error && catalog.is_object()) {
    if (const auto* streams = catalog.as_object().if_contains("streams");
        streams != nullptr && streams->is_array()) {
      for (const auto& stream : streams->as_array()) {
        if (stream.is_object() && stream.as_object().contains("name") &&
            stream.as_object().at("name").is_string()) {
          names.emplace_back(stream.as_object().at("name").as_string());
        }
      }
    }
  }
  std::cout << "\nStreams:     " << names.size() << "\n";
  for (const auto& name : names) std::cout << "  - " << printable(name) << "\n";
  std::cout << "\n";
}

std::optional<host_sim::StoredCredential> find_credential(const host_sim::Host& host,
                                                          const host_sim::CredentialStore& store,
                                                          const Args& args) {
  if (args.credential.empty()) throw UsageError("--credential NAME is required");
  if (auto found = store.find(host.info.name, args.direction, args.credential)) return found;
  if (std::ranges::all_of(args.credential, [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
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

void print_errors(const std::vector<host_sim::FieldError>& errors) {
  std::cerr << "host_sim: the credential was not saved:\n";
  for (const auto& error : errors) {
    std::cerr << "  " << host_sim::printable(error.key) << ": " << host_sim::printable(error.message)
              << "\n";
  }
}

int report_check(const host_sim::CheckResult& check, bool json_output) {
  if (json_output) std::cout << check.verdict_json << "\n";
  std::cerr << "Validation: " << host_sim::state_label(check.state)
            << (check.status.empty() || check.state == host_sim::ValidationState::valid
                    ? std::string()
                    : " (" + host_sim::printable(check.status) + ")")
            << "\n"
            << host_sim::printable_lines(host_sim::verdict_text(check.verdict_json));
  return ec::for_outcome(check.outcome);
}

int run_authenticate(const Args& args, const host_sim::Host& host, host_sim::CredentialStore& store) {
  const bool interactive = !args.no_input && !any_fields_given(args, host.form) &&
                           ::isatty(STDIN_FILENO) != 0;
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

int run_list(const Args& args, const host_sim::Host& host, const host_sim::CredentialStore& store) {
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
void use_saved_options(const Args& args, host_sim::Host& host, const host_sim::CredentialStore& store,
                       const host_sim::StoredCredential& credential) {
  const auto saved = store.load_options(credential.id);
  if (!saved) return;
  if (args.options_given) {
    if (*saved != args.options_json) {
      std::cerr << "Note: using the given options, not those saved with \"" << credential.name
                << "\" (see host_sim info --credential)\n";
    }
    return;
  }
  constexpr std::size_t k_max_options = 64 * 1024;
  boost::system::error_code error;
  const auto parsed = json::parse(*saved, error);
  if (saved->size() > k_max_options || error || !parsed.is_object()) {
    std::cerr << "host_sim: the options saved with \"" << credential.name
              << "\" are not a JSON object; ignored\n";
    return;
  }
  if (parsed.as_object().empty()) return;
  host = host_sim::Host::load(host_sim::load_plugin(args.choice), *saved);
  std::cerr << "Using the plugin options saved with \"" << credential.name << "\"\n";
}

int run_command(const Args& args) {
  if (args.direction != "source" && args.direction != "destination") {
    throw UsageError("--direction must be source or destination");
  }
  host_sim::Host host = host_sim::Host::load(host_sim::load_plugin(args.choice), args.options_json);
  if (args.command == "info" || args.command == "form") {
    if (args.command == "info") {
      print_info(host);
      std::cout << "Options:     "
                << (args.options_given ? host_sim::printable(args.options_json) : "none given (defaults)")
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
    std::cerr << "host_sim: " << host_sim::printable(host.info.display_name) << " is not available as a "
              << args.direction << "\n";
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
  if (args.command == "validate") {
    return report_check(host_sim::revalidate(host, *store, credential->id), args.json_output);
  }
  if (args.command == "delete") {
    store->remove(credential->id);
    std::cerr << "Deleted " << args.direction << " credential \"" << host_sim::printable(credential->name)
              << "\"\n";
    return ec::ok;
  }
  if (args.command == "fetch") return host_sim::run_fetch(host, *store, *credential, args.fetch);
  throw UsageError("unknown command '" + args.command + "'");
}

}  // namespace

int main(int argc, char** argv) {
  // Before any secret is read: no core dump, no same-user debugger.
  if (const std::string why = host_sim::make_process_non_dumpable(); !why.empty()) {
    std::cerr << "host_sim: cannot keep secrets out of core dumps: " << why << "\n";
    return ec::internal;
  }
  const std::vector<std::string_view> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "-h" || args[0] == "--help") {
    usage(args.empty() ? std::cerr : std::cout);
    return args.empty() ? ec::usage : ec::ok;
  }
  for (const auto arg : args) {
    if (arg == "-h" || arg == "--help") {
      usage(std::cout);
      return ec::ok;
    }
  }
  static const std::vector<std::string_view> commands{"info",     "form",   "authenticate", "list",
                                                      "validate", "delete", "fetch",        "serve"};
  if (std::ranges::find(commands, args[0]) == commands.end()) {
    std::cerr << "host_sim: unknown command '" << host_sim::printable(args[0])
              << "' (commands: info, form, authenticate, list, validate, delete, fetch, serve;"
                 " see host_sim --help)\n";
    return ec::usage;
  }
  try {
    return run_command(parse_args(args));
  } catch (const UsageError& e) {
    std::cerr << "host_sim: " << host_sim::printable(e.what()) << " (see host_sim --help)\n";
    return ec::usage;
  } catch (const std::invalid_argument& e) {
    std::cerr << "host_sim: bad value: " << host_sim::printable(e.what()) << "\n";
    return ec::usage;
  } catch (const host_sim::StoreError& e) {
    std::cerr << "host_sim: " << host_sim::printable(e.what()) << "\n";
    return e.kind() == host_sim::StoreError::Kind::not_found ? ec::not_found
           : e.kind() == host_sim::StoreError::Kind::duplicate ? ec::bad_input
                                                               : ec::store;
  } catch (const host_sim::KeyError& e) {
    std::cerr << "host_sim: " << host_sim::printable(e.what()) << "\n";
    return ec::store;
  } catch (const pp::PluginError& e) {
    std::cerr << "host_sim: " << host_sim::printable(e.what()) << "\n";
    return ec::plugin;
  } catch (const std::exception& e) {
    std::cerr << "host_sim: " << host_sim::printable(e.what()) << "\n";
    return ec::plugin;
  }
}
