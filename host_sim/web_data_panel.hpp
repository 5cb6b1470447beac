// What the web screen's data panel shows before a fetch: the streams a
// credential may read (marked by the plugin, which asks Zoom for a token, or
// else from the last verdict), the scopes the others lack, the saved
// checkpoint in words, and the terminal command that fetches for real. Every
// text from outside is bounded; no secret is in the answer.
#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "credential_service.hpp"
#include "credential_store.hpp"

namespace host_sim {

boost::json::object credential_streams(const Host& host, const CredentialStore& store,
                                       const StoredCredential& credential);

// The terminal command for a credential, with the program's and the store's
// absolute paths, quoted for a POSIX shell: `host_sim fetch --store STORE
// --credential NAME --output FILE` for a source, `host_sim write --store
// STORE --credential NAME --operation OPERATION --input RECORDS.jsonl
// --results FILE` for a destination.
std::string command_line_for(const CredentialStore& store, const StoredCredential& credential);

}  // namespace host_sim
