// The terminal face's subcommand handlers: what each `host_sim COMMAND`
// does once command_line.hpp has parsed it, on top of the services
// (credential_service, the fetch run, the write run); `serve` starts the
// web face.
#pragma once

#include "command_line.hpp"

namespace host_sim {

// Runs line.command; returns its exit code (exit_codes.hpp). Throws
// UsageError, StoreError, KeyError, pp::PluginError; main() maps them.
int run_command(const CommandLine& line);

}  // namespace host_sim
