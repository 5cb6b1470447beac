// Zoom's numbered error codes that change what the connector does
// (docs/zoom_api_facts.md section 2; the write codes: section 7 of the
// project's Zoom facts). The one home of each number: code elsewhere names
// the constant, never the literal.
#pragma once

namespace zc::zoom_code {

inline constexpr int invalid_access_token = 124;  // 401 (sometimes 400): get a new token
// 400: paid plan needed or no permission; on a user's webinars, "Webinar plan
// is missing" (the user lacks the licence).
inline constexpr int no_permission = 200;
// 400: a field Zoom refused ("errors" names it); on a list, the
// next_page_token is invalid or expired (it lasts 15 minutes).
inline constexpr int invalid_field = 300;
inline constexpr int user_not_found = 1001;      // 404
inline constexpr int email_already_used = 1005;  // 409 on a user create
// 400 on a webinar's registration questions or absentees: the webinar does
// not take registration (its list does not say so beforehand).
inline constexpr int registration_not_enabled = 3000;
inline constexpr int meeting_not_found = 3001;      // 404, meetings and webinars
inline constexpr int user_not_licensed = 3161;      // 400: the user lacks the feature's licence
inline constexpr int missing_scopes = 4711;         // 400: the token lacks a scope
inline constexpr int missing_scopes_legacy = 4700;  // the same, older accounts
inline constexpr int app_disabled = 4717;           // the token endpoint: the app is disabled
// 400 on a meeting's poll results or a webinar's reports: older than Zoom
// keeps; 404 on a meeting's summary: it has none. The catalog says which
// (fetch.unavailable_means); either way there is nothing to read.
inline constexpr int record_unavailable = 12702;

}  // namespace zc::zoom_code
