// Zoom's download URLs in a record (a recording file's download_url) carry
// their own access_token query: a signed token that lets anyone holding the
// URL download the file. No record leaves the plugin with one.
#pragma once

#include <string>

namespace zc::fetch {

// Replaces the value of every access_token query parameter in a record's
// JSON text with REDACTED; true when it changed anything. Linear; a text
// without "access_token=" is only scanned.
bool redact_url_tokens(std::string& record_json);

}  // namespace zc::fetch
