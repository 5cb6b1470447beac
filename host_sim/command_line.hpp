// host_sim's command line (CLI11): one subcommand per command, each with its
// own options and --help, typed and range-checked values, --opt=value.
// A value given on the command line may be a secret (--field): no message
// repeats one.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "fetch_options.hpp"
#include "plugin_locator.hpp"
#include "web_options.hpp"
#include "write_options.hpp"

namespace host_sim {

struct CommandLine {
  std::string command;
  PluginChoice choice;
  std::string direction = "source";
  std::filesystem::path store;
  std::string options_json;         // a JSON object (checked)
  bool options_given = false;       // --options, --options-file or $HOST_SIM_OPTIONS
  std::vector<std::string> fields;  // KEY=VALUE (checked: a key, then '=')
  std::filesystem::path fields_file;
  std::string credential;
  bool no_save = false;
  bool no_input = false;
  bool json_output = false;
  FetchOptions fetch;
  WriteOptions write;
  ServeOptions serve;
};

// A bad command line found after parsing (exit code 2).
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Either a command to run, or the exit code when parsing already ended the
// run: 0 after --help (on `out`), 2 after a usage error (one line on `err`).
struct ParsedCommandLine {
  std::optional<CommandLine> line;
  int exit_code = 0;
};

// args: the arguments after the program name.
ParsedCommandLine parse_command_line(const std::vector<std::string>& args, std::ostream& out,
                                     std::ostream& err);

// The whole text of a file; UsageError when it cannot be read.
std::string read_text_file(const std::filesystem::path& path);

}  // namespace host_sim
