// host_sim's exit codes, one per kind of failure a script may want to tell
// apart: the one table of them. Each named code below is looked up in it (a
// name the table lacks does not compile), and `host_sim --help` and every
// command's help list it (help_text.cpp).
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

#include "credential_service.hpp"

namespace host_sim::exit_code {

struct ExitCode {
  int code;
  std::string_view name;     // the constant below
  std::string_view meaning;  // for the help; may be cut in lines by '\n'
  std::string_view only;     // the commands it can end, space-separated; "" for every one
};

inline constexpr std::array<ExitCode, 13> k_table{{
    {0, "ok", "ok", ""},
    {1, "internal", "unexpected internal error", ""},
    {2, "usage", "bad command line", ""},
    {3, "plugin", "the plugin cannot be loaded, or failed inside (e.g. not implemented)", ""},
    {4, "bad_input",
     "bad input: a field or option is refused (schema, duplicate name, the plugin's\n"
     "config check, a URL its policy refuses); validate keeps the stored verdict",
     ""},
    {5, "rejected", "the credential was rejected (token step: wrong id or secret, disabled app)",
     ""},
    {6, "validation_failed", "validation failed (authenticated, but e.g. a scope is missing)", ""},
    {7, "network", "network, timeout, rate limit or remote server error", ""},
    {8, "store", "credential store error (locked, damaged, different key)", ""},
    {9, "not_found", "no such saved credential", ""},
    {10, "output",
     "the records or results could not be written (the reader of the pipe went away,\n"
     "disk full); no checkpoint is saved past what was written",
     "fetch write"},
    {11, "not_all_written",
     "not every record was written (failed, unknown, a host's daily limit):\n"
     "see the results file",
     "write"},
    {130, "cancelled", "cancelled (Ctrl-C); a fetch or write keeps its last checkpoint", ""},
}};

// Each code and each name once.
consteval bool each_once() {
  for (std::size_t i = 0; i < k_table.size(); ++i) {
    for (std::size_t j = i + 1; j < k_table.size(); ++j) {
      if (k_table[i].code == k_table[j].code || k_table[i].name == k_table[j].name) return false;
    }
  }
  return true;
}
static_assert(each_once(), "an exit code or name appears twice in k_table");

// The code of a name in the table; used only in constant expressions, where
// a name the table lacks stops the build.
consteval int code_of(std::string_view name) {
  for (const auto& entry : k_table) {
    if (entry.name == name) return entry.code;
  }
  throw "host_sim::exit_code::k_table has no such name";
}

inline constexpr int ok = code_of("ok");
inline constexpr int internal = code_of("internal");
inline constexpr int usage = code_of("usage");
inline constexpr int plugin = code_of("plugin");
inline constexpr int bad_input = code_of("bad_input");
inline constexpr int rejected = code_of("rejected");
inline constexpr int validation_failed = code_of("validation_failed");
inline constexpr int network = code_of("network");
inline constexpr int store = code_of("store");
inline constexpr int not_found = code_of("not_found");
inline constexpr int output = code_of("output");
inline constexpr int not_all_written = code_of("not_all_written");
inline constexpr int cancelled = code_of("cancelled");

inline int for_outcome(Outcome outcome) {
  switch (outcome) {
    case Outcome::ok:
      return ok;
    case Outcome::bad_input:
      return bad_input;
    case Outcome::rejected:
      return rejected;
    case Outcome::validation_failed:
      return validation_failed;
    case Outcome::network:
      return network;
    case Outcome::plugin_error:
      return plugin;
    case Outcome::cancelled:
      return cancelled;
  }
  return internal;
}

}  // namespace host_sim::exit_code
