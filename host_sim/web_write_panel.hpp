// What the web screen's destination panel shows before a write: the
// plugin's write operations for a credential (marked allowed or not by the
// plugin, which asks Zoom for a token; else from the last verdict), each
// with its record schema as a table of fields, the bounds of a write from
// the page and the terminal command that writes. Also the results download
// and the reuse of a saved source credential for writes. Every text from
// outside is bounded; no secret is in an answer.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "credential_service.hpp"
#include "credential_store.hpp"
#include "web_response.hpp"

namespace host_sim {

boost::json::object write_operations(const Host& host, const CredentialStore& store,
                                     const StoredCredential& credential);

// A write catalog's operations as the page shows them: name, title,
// description, method and path, allowed, missing_scopes, fields (name, type,
// required, description). `verdict_allowed`: the operations to mark allowed
// when the catalog is not marked (nullptr: as the catalog says).
boost::json::array operations_for_page(const std::string& catalog_json,
                                       const std::vector<std::string>* verdict_allowed);

// The results file as a download (JSON Lines, Content-Disposition naming
// `credential_name`-results.jsonl), read without following a symbolic link.
web::Response results_download(const std::filesystem::path& results,
                               const std::string& credential_name, unsigned version);

// Saves a destination credential with the fields of saved source credential
// `source_id`, its secret copied inside the store (never through the page),
// and validates it for writes. Throws StoreError not_found.
SaveResult use_for_writes(const Host& host, CredentialStore& store, std::int64_t source_id);

}  // namespace host_sim
