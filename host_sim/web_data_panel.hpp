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

// `host_sim fetch --store STORE --credential NAME --output FILE`, with
// absolute paths, quoted for a POSIX shell.
std::string fetch_command_line(const CredentialStore& store, const StoredCredential& credential);

}  // namespace host_sim
