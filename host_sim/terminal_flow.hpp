// The Authenticate screen in a terminal: the saved credential tiles, an
// "Add Credential" choice that walks the form in schema order (secrets read
// without echo), then the verdict. Reads and writes through TerminalIo so
// tests can drive it without a terminal.
#pragma once

#include <functional>
#include <iosfwd>
#include <string>

#include "credential_service.hpp"
#include "credential_store.hpp"

namespace host_sim {

struct TerminalIo {
  std::istream& in;
  std::ostream& out;
  // Reads one line without echo; nullopt-like false at end of input.
  std::function<bool(std::string& line)> read_secret;
};

// With the process's terminal (termios for secrets).
int run_terminal_flow(const Host& host, CredentialStore& store, const std::string& direction);
// With any streams; returns an exit code.
int run_terminal_flow(const Host& host, CredentialStore& store, const std::string& direction,
                      TerminalIo& io);

}  // namespace host_sim
