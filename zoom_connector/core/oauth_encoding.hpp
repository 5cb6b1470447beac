// Encodings the Zoom token request needs: Basic credentials and a form body.
#pragma once

#include <string>
#include <string_view>

namespace zc {

// Standard base64 (RFC 4648, with '=' padding).
std::string base64_encode(std::string_view bytes);

// application/x-www-form-urlencoded value: every byte except ALPHA / DIGIT /
// "-._~" becomes %XX, so ':', '%', '+', '&' and spaces survive the trip.
std::string form_urlencode(std::string_view value);

// "Basic base64(client_id:client_secret)" as Zoom's token endpoint wants it
// (docs/zoom_api_facts.md section 1). The secret is NOT url-encoded first: Zoom decodes
// the base64 and splits at the first ':' (client ids never contain ':').
std::string basic_authorization(std::string_view client_id, std::string_view client_secret);

// The token request's form body:
// grant_type=account_credentials&account_id=<url-encoded account id>.
std::string account_credentials_form(std::string_view account_id);

}  // namespace zc
