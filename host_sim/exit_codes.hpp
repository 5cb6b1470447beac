// host_sim's exit codes, one per kind of failure a script may want to tell
// apart. `host_sim --help` lists them.
#pragma once

#include "credential_service.hpp"

namespace host_sim::exit_code {

inline constexpr int ok = 0;
inline constexpr int internal = 1;           // a bug or an unexpected failure
inline constexpr int usage = 2;              // bad command line
inline constexpr int plugin = 3;             // the plugin cannot be loaded or failed inside
inline constexpr int bad_input = 4;          // fields refused (schema, duplicate name, config)
inline constexpr int rejected = 5;           // the credential was rejected (token step)
inline constexpr int validation_failed = 6;  // authenticated, but the validation call failed
inline constexpr int network = 7;            // network, timeout, rate limit, remote error
inline constexpr int store = 8;              // credential store locked, damaged, wrong key
inline constexpr int not_found = 9;          // no such saved credential
inline constexpr int output = 10;            // records could not be written (reader gone, disk full)
inline constexpr int not_all_written = 11;   // write: some records failed, are unknown or wait
inline constexpr int cancelled = 130;        // Ctrl-C

inline int for_outcome(Outcome outcome) {
  switch (outcome) {
    case Outcome::ok: return ok;
    case Outcome::bad_input: return bad_input;
    case Outcome::rejected: return rejected;
    case Outcome::validation_failed: return validation_failed;
    case Outcome::network: return network;
    case Outcome::plugin_error: return plugin;
    case Outcome::cancelled: return cancelled;
  }
  return internal;
}

}  // namespace host_sim::exit_code
