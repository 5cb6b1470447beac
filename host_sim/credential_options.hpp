// The plugin options a saved credential is used with, chosen the same way
// by the command line (validate, fetch, write) and the web page (its
// streams and fetch): the options given to this run (--options,
// --options-file, $HOST_SIM_OPTIONS) when there are any; else the ones the
// credential was saved with (they are covered by its row MAC), when they
// are a JSON object of bounded size; else {}.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "credential_service.hpp"
#include "credential_store.hpp"

namespace host_sim {

// The options saved with credential `id` when they can be used: a non-empty
// JSON object of at most 64 KiB. `unusable` is set when options are saved
// but are not such an object.
std::optional<std::string> usable_saved_options(const CredentialStore& store, std::int64_t id,
                                                bool& unusable);

// What the plugin's create() gets for credential `id` in this run.
std::string options_for(const Host& host, const CredentialStore& store, std::int64_t id);

}  // namespace host_sim
