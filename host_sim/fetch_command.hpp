// `host_sim fetch`: runs a plugin fetch with a saved credential, writes the
// records as JSON Lines, and saves each checkpoint (PP_ITEM_STATE) in the
// store only once the records before it have reached their destination: on
// a regular file after flush + fsync, with the file's length (a resume cuts
// the file back to it, so a crash neither loses, duplicates nor corrupts a
// record). On a pipe or terminal it cannot know what the reader took, so it
// saves none unless asked (--checkpoint-on-pipe); a preview (--limit) saves
// none; a write error ends the run. It passes the saved checkpoint back as
// "state" on the next run (resume), shows progress on stderr, prints the
// summary, and turns Ctrl-C into connector.cancel() from a signal-watching
// thread, keeping the last checkpoint.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "credential_service.hpp"
#include "credential_store.hpp"
#include "fetch_options.hpp"
#include "fetch_plan.hpp"

namespace host_sim {

// Runs the fetch; returns an exit code (exit_codes.hpp).
int run_fetch(const Host& host, CredentialStore& store, const StoredCredential& credential,
              const FetchOptions& options);

}  // namespace host_sim
