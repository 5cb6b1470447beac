// `host_sim fetch`: runs a plugin fetch with a saved credential, writes the
// records as JSON Lines, and saves each checkpoint (PP_ITEM_STATE) in the
// store only once the records before it have reached their destination: on
// a regular file after flush + fsync, with the file's length (a resume cuts
// the file back to it, so a crash neither loses, duplicates nor corrupts a
// record). On a pipe or terminal it cannot know what the reader took, so it
// saves none unless asked (--checkpoint-on-pipe); a preview (--limit) saves
// none; a write error ends the run. A checkpoint belongs to the credential
// and the output (the file's canonical absolute path, or stdout), and is
// saved when the next item comes, so the last one of a complete fetch is
// saved once, marked complete. The next run to that output resumes an
// unfinished fetch (passing the checkpoint back as "state"), or reruns a
// complete one: full-refresh streams replaced, incremental ones appended
// from their cursor (fetch_rerun.hpp). It shows progress on stderr, prints
// the summary, and turns Ctrl-C into connector.cancel() from a
// signal-watching thread, keeping the last checkpoint.
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
