#include "command_line.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <boost/json/parse.hpp>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <ostream>
#include <sstream>

#include "credential_store.hpp"
#include "help_text.hpp"
#include "terminal_text.hpp"
#include "write_results.hpp"

namespace host_sim {
namespace {

constexpr const char* k_description =
    "A pipeline host that loads a connector plugin: its Authenticate screen (terminal, flags,\n"
    "web), a credential store and a fetch command. `host_sim COMMAND --help` shows a command's\n"
    "options.";

// The top-level help's own text; the plugin's options and the exit codes
// follow it, made from their sources (help_text.cpp).
constexpr const char* k_footer = R"(environment:
  HOST_SIM_PLUGIN_DIR   the plugin folder when --plugin-dir is not given
  HOST_SIM_OPTIONS      the plugin options when --options is not given
  HOST_SIM_STORE_KEY    the store's key (64 hex digits or base64), else PATH.key next to
                        the store, created 0600 on first use
  HOST_SIM_FIELD_<KEY>  a form field, e.g. HOST_SIM_FIELD_CLIENT_SECRET (authenticate)
)";

constexpr const char* k_authenticate_footer = R"(
In a terminal with no fields given: pick a saved credential or add one, fields prompted
in schema order, secrets not echoed. With fields given (--field, --fields-file,
HOST_SIM_FIELD_*), or without a terminal: checks the fields, validates them with the
plugin and saves the credential with its verdict (also a failed one; --no-save only
checks). Flags override env, env overrides the file. Prefer HOST_SIM_FIELD_<KEY> or
--fields-file for secrets: the command line is visible to other users. The exit code
tells how it went (below).
)";

constexpr const char* k_fetch_footer = R"(
--output: a fetch from the beginning replaces FILE; a resume appends to it, first cutting
it back to its length at the checkpoint (what a crash wrote after it is fetched again),
and refuses if FILE is shorter than that. A rerun after a complete fetch replaces the
full-refresh streams' records and appends the incremental streams' newer ones (one line
says which): FILE never holds a record twice.
Checkpoints: one per credential and output (FILE, or stdout). On a regular file one is
saved once the records before it are flushed and fsync'ed. On a pipe or terminal none is saved unless --checkpoint-on-pipe: host_sim cannot
know what the reader took (e.g. `| head`), and a checkpoint past what it took would lose
records. A preview (--limit, --preview) saves none.
)";

constexpr const char* k_write_footer = R"(
Writes every record of --input (JSON Lines, one record a line) with the credential's
destination direction and writes one result per line to --results (JSON Lines, in input
order: "line", "outcome" done / already_done / failed / host_daily_limit / unknown, Zoom's
id, code, message and field errors). A checkpoint (RESULTS.checkpoint) is saved once the
results before it are fsync'ed; the next run with the same --input and --results resumes
after it. A batch that was being written when a run died is sent again in a resumed
session, whose creates the plugin looks up by their key first (no duplicates). --dry-run checks every record and shows the calls it
would make, and changes nothing. host_sim info lists the operations.
After fixing the lines that failed, --retry-failed RESULTS --results NEW_RESULTS sends
only the lines that RESULTS (a complete write's) has as not sent or refused; NEW_RESULTS
keeps their input line numbers. Lines done, already_done or unknown are never sent
again: they may have happened.
)";

constexpr const char* k_serve_footer = R"(
Open the URL it prints (http://127.0.0.1:PORT/?key=...): without its key the page refuses.
)";

// The default help, without CLI11's "Excludes:" notes.
class HelpFormatter : public CLI::Formatter {
 public:
  std::string make_option_opts(const CLI::Option* option) const override {
    std::string out;
    if (option->get_type_size() != 0 && !option->get_type_name().empty()) {
      out += " " + get_label(option->get_type_name());
    }
    if (option->get_required()) out += " " + get_label("REQUIRED");
    return out;
  }
};

// A whole number in [min, max]; the message names the range, never the value.
CLI::Validator whole_number(std::int64_t min, std::int64_t max) {
  return CLI::Validator(
      [min, max](std::string& text) -> std::string {
        std::int64_t n = 0;
        const char* end = text.data() + text.size();
        const auto [stop, error] = std::from_chars(text.data(), end, n);
        if (error == std::errc{} && stop == end && n >= min && n <= max) return {};
        return max == std::numeric_limits<std::int64_t>::max()
                   ? "wants a whole number, " + std::to_string(min) + " or more"
                   : "wants a whole number from " + std::to_string(min) + " to " +
                         std::to_string(max);
      },
      "");
}

// KEY=VALUE with a non-empty key. The value may be a secret: not repeated.
const CLI::Validator k_assignment(
    [](std::string& text) -> std::string {
      const auto equals = text.find('=');
      return equals == std::string::npos || equals == 0
                 ? "wants KEY=VALUE (what was given is not shown: it may be a secret)"
                 : "";
    },
    "");

const CLI::Validator k_direction(
    [](std::string& text) -> std::string {
      return text == "source" || text == "destination" ? "" : "must be source or destination";
    },
    "");

// "a, b,c" -> a, b, c: spaces around a name are not part of it.
std::vector<std::string> split_commas(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const auto comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (!item.empty()) out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

// What the parse fills in besides CommandLine itself.
struct Extras {
  std::filesystem::path options_file;
  std::string streams;
  bool preview = false;
};

// `write` is the destination direction unless told otherwise (parse_command_line).
void add_plugin_options(CLI::App& app, CommandLine& line, Extras& extras,
                        std::string_view default_direction) {
  const char* group = "plugin";
  app.add_option("--plugin", line.choice.path, "load this plugin file")
      ->type_name("PATH")
      ->group(group);
  app.add_option(
         "--plugin-dir", line.choice.folder,
         "search this folder (default: $HOST_SIM_PLUGIN_DIR, else the installed or built one)")
      ->type_name("DIR")
      ->group(group);
  app.add_option("--connector", line.choice.connector,
                 "which connector to pick from the folder (default: zoom)")
      ->type_name("NAME")
      ->group(group);
  auto* options =
      app.add_option(
             "--options", line.options_json,
             "plugin options, a JSON object (default: $HOST_SIM_OPTIONS, else those saved with "
             "the credential, else {})")
          ->type_name("JSON")
          ->group(group);
  app.add_option("--options-file", extras.options_file, "the same, from a file")
      ->type_name("FILE")
      ->group(group)
      ->excludes(options);
  app.add_option("--direction", line.direction,
                 "source or destination (default: " + std::string(default_direction) + ")")
      ->type_name("DIR")
      ->check(k_direction)
      ->group("credentials");
  app.add_option("--store", line.store,
                 "the credential store (default: $XDG_DATA_HOME/host_sim/credentials.db, else "
                 "~/.local/share/host_sim/credentials.db); secrets are encrypted")
      ->type_name("PATH")
      ->group("credentials");
}

void add_credential_option(CLI::App& app, CommandLine& line, bool required) {
  auto* option =
      app.add_option("--credential", line.credential, "a saved credential, by name or id")
          ->type_name("NAME")
          ->group("credentials");
  if (required) option->required();
}

void add_json_flag(CLI::App& app, CommandLine& line) {
  app.add_flag("--json", line.json_output, "print the verdict JSON on stdout")->group("output");
}

void add_authenticate_options(CLI::App& app, CommandLine& line) {
  const char* group = "fields";
  app.add_option("--field", line.fields, "a form field (repeatable)")
      ->type_name("KEY=VALUE")
      ->allow_extra_args(false)
      ->check(k_assignment)
      ->group(group);
  app.add_option("--fields-file", line.fields_file, "a JSON object of fields")
      ->type_name("FILE")
      ->group(group);
  app.add_flag("--no-save", line.no_save, "check and validate only; save nothing")->group(group);
  app.add_flag("--no-input", line.no_input, "never prompt, even in a terminal")->group(group);
  add_json_flag(app, line);
}

void add_fetch_options(CLI::App& app, CommandLine& line, Extras& extras) {
  const char* group = "fetch";
  FetchOptions& fetch = line.fetch;
  app.add_option("--streams", extras.streams,
                 "the streams to fetch, e.g. users,meetings (default: every stream the last "
                 "validation allows)")
      ->type_name("A,B")
      ->group(group);
  app.add_option("--output", fetch.output, "records as JSON Lines to FILE (default: stdout)")
      ->type_name("FILE")
      ->group(group);
  app.add_option("--request", fetch.request_json, "extra fields for the fetch request (merged in)")
      ->type_name("JSON")
      ->group(group);
  app.add_flag("--full-refresh", fetch.full_refresh,
               "start from the beginning; the checkpoint saved for this output is dropped")
      ->group(group);
  auto* limit =
      app.add_option("--limit", fetch.limit, "a preview: stop after N records; saves no checkpoint")
          ->type_name("N")
          ->check(whole_number(0, std::numeric_limits<std::int64_t>::max()))
          ->group(group);
  app.add_flag("--preview", extras.preview, "the same as --limit 10")
      ->group(group)
      ->excludes(limit);
  app.add_flag("--checkpoint-on-pipe", fetch.checkpoint_on_pipe,
               "save checkpoints although the records go to a pipe or terminal")
      ->group(group);
  app.add_option("--pace-ms", fetch.pace_ms, "wait N ms between items (demos, cancel tests)")
      ->type_name("N")
      ->check(whole_number(0, 3'600'000))
      ->group(group);
}

void add_write_options(CLI::App& app, CommandLine& line) {
  const char* group = "write";
  WriteOptions& write = line.write;
  app.add_option("--operation", write.operation, "the write operation, e.g. meetings.create")
      ->type_name("NAME")
      ->required()
      ->group(group);
  app.add_option("--input", write.input, "the records, JSON Lines")
      ->type_name("FILE")
      ->required()
      ->group(group);
  app.add_option("--results", write.results,
                 "one result per input line, JSON Lines (a dry run: default stdout)")
      ->type_name("FILE")
      ->group(group);
  app.add_flag("--dry-run", write.dry_run, "check the records and show the calls; change nothing")
      ->group(group);
  app.add_flag("--restart", write.restart,
               "drop the checkpoint and write from the first line (creates are repeated)")
      ->group(group);
  app.add_option("--retry-failed", write.retry_failed,
                 std::string("resend only the lines ") + k_resent_outcomes +
                     " in RESULTS (a complete write's)")
      ->type_name("RESULTS")
      ->group(group);
  app.add_option("--batch", write.batch, "records per batch handed to the plugin (default 100)")
      ->type_name("N")
      ->check(whole_number(1, 1000))
      ->group(group);
  app.add_option("--request", write.request_json,
                 "extra fields for the write request, e.g. {\"plan\":\"pro\"} (merged in)")
      ->type_name("JSON")
      ->group(group);
}

void add_serve_options(CLI::App& app, CommandLine& line) {
  const char* group = "serve";
  ServeOptions& serve = line.serve;
  app.add_option("--port", serve.port, "port on 127.0.0.1 (default 8787; 0 = any free port)")
      ->type_name("N")
      ->check(whole_number(0, 65535))
      ->group(group);
  app.add_option("--bind", serve.bind,
                 "address to listen on (default 127.0.0.1; others are refused unless "
                 "--allow-remote)")
      ->type_name("ADDR")
      ->group(group);
  app.add_flag("--allow-remote", serve.allow_remote, "allow a non-loopback --bind address")
      ->group(group);
  app.add_option("--max-connections", serve.max_connections,
                 "connections served at once (default 32); past it a newcomer cuts the oldest "
                 "connection still sending its request")
      ->type_name("N")
      ->check(whole_number(1, 4096))
      ->group(group);
  app.add_option("--max-connections-per-peer", serve.max_connections_per_peer,
                 "connections one address may hold (default 16)")
      ->type_name("N")
      ->check(whole_number(1, 4096))
      ->group(group);
  app.add_option("--prefill", serve.prefill,
                 "a value shown in the empty form (repeatable; not for secret fields)")
      ->type_name("KEY=VALUE")
      ->allow_extra_args(false)
      ->check(k_assignment)
      ->group(group);
}

struct Command {
  const char* name;
  const char* description;
};

constexpr Command k_commands[] = {
    {"info", "the plugin: name, version, ABI, directions, streams and its credential form"},
    {"form", "only the credential form, rendered from the plugin's schema"},
    {"authenticate", "the Authenticate screen: add a credential, check it, validate it, save it"},
    {"list", "the saved credentials of this connector and direction"},
    {"validate", "validate a saved credential again"},
    {"delete", "delete a saved credential"},
    {"fetch", "run a fetch with a saved credential"},
    {"write", "write records into Zoom with a saved destination credential"},
    {"serve", "the web Authenticate screen on 127.0.0.1"},
};

std::string command_names() {
  std::string out;
  for (const auto& command : k_commands)
    out += (out.empty() ? "" : ", ") + std::string(command.name);
  return out;
}

// Builds the parser; each subcommand writes into `line` and `extras`.
void define(CLI::App& app, CommandLine& line, Extras& extras) {
  auto formatter = std::make_shared<HelpFormatter>();
  formatter->column_width(30);
  app.formatter(formatter);
  app.set_help_flag("-h,--help", "this text");
  // Made when the help is shown: the options come from the plugin --plugin
  // (or the default search) picks.
  const auto footer = [&line](std::string_view command, std::string_view own_text) {
    return [&line, command, own_text] { return help_footer(command, own_text, line.choice); };
  };
  app.footer(footer("", k_footer));
  app.require_subcommand(1);
  for (const auto& command : k_commands) {
    CLI::App* sub = app.add_subcommand(command.name, command.description);
    sub->allow_extras();  // reported by finish(), without repeating values
    sub->set_help_flag("-h,--help", "this text");
    add_plugin_options(*sub, line, extras,
                       command.name == std::string_view("write") ? "destination" : "source");
    const std::string_view name = command.name;
    sub->footer(footer(name, ""));
    if (name == "info") add_credential_option(*sub, line, false);
    if (name == "authenticate") {
      add_authenticate_options(*sub, line);
      sub->footer(footer(name, k_authenticate_footer));
    }
    if (name == "validate" || name == "delete" || name == "fetch" || name == "write") {
      add_credential_option(*sub, line, true);
    }
    if (name == "validate") add_json_flag(*sub, line);
    if (name == "fetch") {
      add_fetch_options(*sub, line, extras);
      sub->footer(footer(name, k_fetch_footer));
    }
    if (name == "write") {
      add_write_options(*sub, line);
      sub->footer(footer(name, k_write_footer));
    }
    if (name == "serve") {
      add_serve_options(*sub, line);
      sub->footer(footer(name, k_serve_footer));
    }
  }
}

// An argument the command does not know. Only an option's name is repeated:
// anything else may be a secret typed in the wrong place.
std::string describe_extra(const std::string& command, const std::string& arg) {
  if (arg.starts_with("-")) {
    const std::string name = arg.substr(0, arg.find('='));
    return "unknown option '" + printable(name.substr(0, 64)) + "' for " + command;
  }
  return command +
         " takes no argument here (it is not shown: it may be a secret); options are "
         "--name VALUE or --name=VALUE";
}

void finish(CommandLine& line, const Extras& extras) {
  if (!extras.options_file.empty()) line.options_json = read_text_file(extras.options_file);
  if (!extras.streams.empty()) line.fetch.streams = split_commas(extras.streams);
  if (extras.preview) line.fetch.limit = 10;
  if (line.options_json.empty()) {
    if (const char* env = std::getenv("HOST_SIM_OPTIONS"); env != nullptr) line.options_json = env;
  }
  line.options_given = !line.options_json.empty();
  if (line.options_json.empty()) line.options_json = "{}";
  boost::system::error_code error;
  const auto options = boost::json::parse(line.options_json, error);
  if (error || !options.is_object()) throw UsageError("--options must be a JSON object");
  // Kept as parsed: a file's final newline or a pretty-printed object would
  // otherwise be saved and shown as they were typed.
  line.options_json = boost::json::serialize(options);
  if (line.store.empty()) line.store = default_store_paths().database;
}

}  // namespace

std::string read_text_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError("cannot read " + path.string());
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

ParsedCommandLine parse_command_line(const std::vector<std::string>& args, std::ostream& out,
                                     std::ostream& err) {
  CommandLine line;
  Extras extras;
  CLI::App app(k_description, "host_sim");
  define(app, line, extras);
  if (args.empty()) {
    err << app.help();
    return {std::nullopt, 2};
  }
  // A mistyped command: one line, not the whole help.
  const std::string& first = args.front();
  const bool is_command =
      std::ranges::any_of(k_commands, [&](const Command& c) { return first == c.name; });
  if (!is_command && first != "-h" && first != "--help") {
    err << "host_sim: unknown command '" << printable(first.substr(0, 64))
        << "' (commands: " << command_names() << "; see host_sim --help)\n";
    return {std::nullopt, 2};
  }
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return {std::nullopt, 0};
  } catch (const CLI::ParseError& e) {
    const auto chosen = app.get_subcommands();
    const std::string where = chosen.empty() ? "" : chosen.front()->get_name() + " ";
    err << "host_sim: " << where << printable(e.what()) << " (see host_sim " << where
        << "--help)\n";
    return {std::nullopt, 2};
  }
  CLI::App* sub = app.get_subcommands().front();
  line.command = sub->get_name();
  // A write is the destination direction unless told otherwise.
  if (line.command == "write" && sub->count("--direction") == 0) line.direction = "destination";
  if (const auto rest = sub->remaining(); !rest.empty()) {
    err << "host_sim: " << describe_extra(line.command, rest.front()) << " (see host_sim "
        << line.command << " --help)\n";
    return {std::nullopt, 2};
  }
  try {
    finish(line, extras);
  } catch (const UsageError& e) {
    err << "host_sim: " << printable(e.what()) << " (see host_sim " << line.command << " --help)\n";
    return {std::nullopt, 2};
  }
  return {std::move(line), 0};
}

}  // namespace host_sim
