// The words for how a credential's last validation ended, used by every
// part of host_sim (the store, the terminal, the command line, the web
// API and page). The plugin's verdict says what happened ("ok", and a
// "status" such as "auth_failed" or "timeout"); the state says what that
// means for the credential:
//
//   not_validated    no validation recorded yet
//   valid            Zoom issued a token and answered the validation URL
//   rejected         Zoom answered and refused: the token (wrong secret)
//                    or the validation call (missing scope); only Zoom
//   could_not_check  Zoom was not reached or did not answer (network,
//                    timeout, rate limit, server error): says nothing about
//                    the credential, so a stored verdict is kept
//   error            the check itself failed (a plugin error, cancelled)
//
// Input the host or the plugin refuses (an option, a URL the policy
// refuses: status invalid_argument, step "config") is no state at all: it
// is the command's error, and a stored verdict is kept
// (credential_service.hpp, Outcome::bad_input).
#pragma once

#include <string_view>

#include "pipeline_plugin.h"

namespace host_sim {

enum class ValidationState { not_validated, valid, rejected, could_not_check, error };

// The word stored, printed and sent to the web page: "valid", ...
std::string_view state_word(ValidationState state);
// The same for people, in a sentence: "could not check".
std::string_view state_label(ValidationState state);

// A stored word: one of state_word's, or one written by older host_sim
// versions ("ok", "failed", "unchecked", ""). "failed" said nothing finer,
// so the stored verdict's status decides between rejected and error. A
// word this version does not know reads as error.
ValidationState state_from_stored(std::string_view word, std::string_view verdict_json);

// The state of a verdict that is not ok, from its "status" word.
ValidationState state_for_failed_status(std::string_view status);

// A verdict status word for a plugin error: the plugin's own spelling
// ("auth_failed"), the C header's pp_status_word (pp::status_word).
inline std::string_view status_word(pp_status status) { return pp_status_word(status); }

}  // namespace host_sim
