// host_sim's help made from its sources (issue 22, point 4): every command's
// help lists the exit codes of exit_codes.hpp's table that it can end with,
// and the plugin's options as its info_json lists them, escaped, or one line
// saying why not.
#include "help_text.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "command_line.hpp"
#include "exit_codes.hpp"

namespace {

std::string help_of(const std::vector<std::string>& args) {
  std::ostringstream out;
  std::ostringstream err;
  const auto parsed = host_sim::parse_command_line(args, out, err);
  EXPECT_EQ(parsed.exit_code, 0) << err.str();
  return out.str();
}

// The codes listed in the help's "exit codes:" section, in order.
std::vector<int> listed_codes(const std::string& help) {
  std::vector<int> codes;
  std::istringstream in(help.substr(help.find("exit codes:\n") + 12));
  std::string line;
  while (std::getline(in, line) && !line.empty()) {
    if (line.size() > 2 && line[2] != ' ') codes.push_back(std::stoi(line.substr(2)));
  }
  return codes;
}

std::vector<int> table_codes(std::string_view command) {
  std::vector<int> codes;
  for (const auto& entry : host_sim::exit_code::k_table) {
    const std::string only = " " + std::string(entry.only) + " ";
    if (command.empty() || entry.only.empty() ||
        only.find(" " + std::string(command) + " ") != std::string::npos) {
      codes.push_back(entry.code);
    }
  }
  return codes;
}

TEST(HelpText, EveryCommandListsItsExitCodesFromTheTable) {
  const std::vector<std::string> commands{"info",   "form",  "authenticate", "list", "validate",
                                          "delete", "fetch", "write",        "serve"};
  for (const auto& command : commands) {
    const std::string help = help_of({command, "--help", "--plugin", "/nonexistent/plugin.so"});
    EXPECT_EQ(listed_codes(help), table_codes(command)) << command << ":\n" << help;
  }
  const std::string top = help_of({"--help"});
  EXPECT_EQ(listed_codes(top), table_codes(""));
  EXPECT_EQ(table_codes("").size(), host_sim::exit_code::k_table.size());
  EXPECT_NE(top.find("  130  cancelled (Ctrl-C)"), std::string::npos) << top;
  EXPECT_EQ(listed_codes(help_of({"fetch", "--help"})).back(), host_sim::exit_code::cancelled);
}

TEST(HelpText, CodesOnlyOneCommandCanEndWithAreListedThereOnly) {
  const auto write = listed_codes(help_of({"write", "--help", "--plugin", "/nonexistent"}));
  const auto list = listed_codes(help_of({"list", "--help", "--plugin", "/nonexistent"}));
  EXPECT_NE(std::ranges::find(write, host_sim::exit_code::not_all_written), write.end());
  EXPECT_EQ(std::ranges::find(list, host_sim::exit_code::not_all_written), list.end());
}

TEST(HelpText, OptionsComeFromThePluginsInfo) {
  const std::string help = host_sim::option_help_from_info(R"({"options_schema": {
      "type": "object", "properties": {
        "speed": {"type": "integer", "minimum": 1, "maximum": 9, "default": 3,
                  "description": "How fast."},
        "a_very_long_option_name_past_the_column": {"enum": ["x", "y"], "x-default-text": "x"},
        "evil": {"type": "string", "description": "moves \u001b[2J the cursor"}}}})");
  EXPECT_NE(help.find("  speed                    How fast. From 1 to 9. Default: 3."),
            std::string::npos)
      << help;
  EXPECT_NE(help.find("  a_very_long_option_name_past_the_column\n"
                      "                           One of: x, y. Default: x."),
            std::string::npos)
      << help;
  EXPECT_EQ(help.find('\x1b'), std::string::npos) << "the plugin's text is escaped";
  EXPECT_NE(help.find("\\x1b[2J"), std::string::npos) << help;
}

TEST(HelpText, APluginThatListsNoOptionsOrCannotLoadIsOneLine) {
  const std::string none = host_sim::option_help_from_info(R"({"name": "old"})");
  EXPECT_EQ(std::count(none.begin(), none.end(), '\n'), 1) << none;
  EXPECT_NE(none.find("does not list them"), std::string::npos) << none;
  host_sim::PluginChoice missing;
  missing.path = "/nonexistent/libzoom_connector.so";
  const std::string cannot = host_sim::plugin_option_help(missing);
  EXPECT_EQ(std::count(cannot.begin(), cannot.end(), '\n'), 1) << cannot;
  EXPECT_NE(cannot.find("cannot be loaded"), std::string::npos) << cannot;
}

}  // namespace
