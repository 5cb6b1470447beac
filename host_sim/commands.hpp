// What each host_sim command does, once the command line is parsed.
#pragma once

#include "command_line.hpp"

namespace host_sim {

// Runs line.command; returns its exit code (exit_codes.hpp). Throws
// UsageError, StoreError, KeyError, pp::PluginError; main() maps them.
int run_command(const CommandLine& line);

}  // namespace host_sim
