// The parts of host_sim's help made from their one source: the exit codes
// from exit_codes.hpp's table, the plugin's options from the options schema
// the plugin itself hands over (info_json's "options_schema"), read when the
// help is shown, as fluent-bit builds a plugin's help from its config map.
#pragma once

#include <string>
#include <string_view>

#include "plugin_locator.hpp"

namespace host_sim {

// "exit codes:" and the codes `command` can end with, one a line; every code
// for the top-level help (command "").
std::string exit_code_help(std::string_view command);

// The options a plugin's info_json lists, each with its default and what it
// does; one line saying so when the info lists none.
std::string option_help_from_info(std::string_view info_json);

// The same for the plugin `choice` picks, loaded now; one line when it
// cannot be loaded.
std::string plugin_option_help(const PluginChoice& choice);

// A command's help footer: its own text (may be empty), the plugin's
// options, its exit codes. command "" is the top-level help.
std::string help_footer(std::string_view command, std::string_view own_text,
                        const PluginChoice& choice);

}  // namespace host_sim
