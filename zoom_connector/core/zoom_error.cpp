#include "core/zoom_error.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <cctype>
#include <utility>

#include "core/ascii_text.hpp"
#include "core/bounded_text.hpp"
#include "core/json_prefix.hpp"
#include "core/zoom_codes.hpp"

namespace zc {
namespace {

// Header values repeated in messages are short by nature; anything longer
// is not worth showing.
constexpr std::size_t k_header_text_max = 100;
constexpr std::size_t k_scope_name_max = 100;
constexpr std::size_t k_max_scopes = 64;

std::string http(long status) { return "HTTP " + std::to_string(status); }

std::string said(std::string_view zoom_text) {
  return zoom_text.empty() ? std::string() : " Zoom said: \"" + std::string(zoom_text) + "\".";
}

ZoomFailure not_json(const HttpResponse& r, std::string_view who) {
  ZoomFailure f;
  f.error.status = Status::remote_error;
  f.error.http_status = static_cast<int>(r.status);
  f.error.retryable = r.status >= 500;
  if (r.is_json()) {
    // Zoom's kind of answer whose body does not parse: cut or damaged on the
    // way, which a new request may not be.
    f.error.message = std::string(who) + " answered " + http(r.status) +
                      " with a JSON body that does not parse (cut short or damaged on the "
                      "way). If it keeps happening, check the network between here and Zoom.";
    return f;
  }
  const std::string type = bounded_text(r.content_type(), k_header_text_max);
  f.error.message = std::string(who) + " answered " + http(r.status) + " with " +
                    (type.empty() ? std::string("a body that is not JSON")
                                  : "\"" + std::string(type) + "\" instead of JSON") +
                    ": a proxy or firewall answered instead of Zoom. Check the proxy and "
                    "firewall settings of this network (and the oauth_url / api_base_url "
                    "options).";
  return f;
}

ZoomFailure server_error(const HttpResponse& r, const ZoomErrorBody& body, std::string_view who) {
  ZoomFailure f;
  f.error.status = Status::remote_error;
  f.error.http_status = static_cast<int>(r.status);
  f.error.remote_code = body.code.value_or(0);
  f.error.retryable = true;
  f.zoom_message = body.message.empty() ? body.reason : body.message;
  f.error.message = "Zoom server error: " + std::string(who) + " answered " + http(r.status) +
                    (body.is_json ? std::string(".")
                                  : std::string(" with a page that is not JSON (if Zoom is up, a "
                                                "proxy in between may have answered).")) +
                    said(f.zoom_message) +
                    " This is a problem on Zoom's side; try again later (status.zoom.us).";
  return f;
}

ZoomFailure rate_limited(const HttpResponse& r, const ZoomErrorBody& body, std::string_view who) {
  ZoomFailure f;
  f.error.status = Status::rate_limited;
  f.error.http_status = static_cast<int>(r.status);
  f.error.remote_code = body.code.value_or(0);
  f.error.retryable = true;
  f.zoom_message = body.message.empty() ? body.reason : body.message;
  const auto retry_after = r.header("retry-after");
  f.error.message =
      "rate limited: " + std::string(who) +
      " answered HTTP 429; the Zoom account's API limit (shared by every app on "
      "the account) is used up." +
      said(f.zoom_message) +
      (retry_after ? " Retry after " + bounded_text(*retry_after, k_header_text_max) + "."
                   : std::string(" Try again later."));
  return f;
}

}  // namespace

ZoomErrorBody parse_zoom_error_body(const HttpResponse& response) {
  ZoomErrorBody out;
  if (!response.is_json()) return out;
  boost::system::error_code ec;
  // A body the HTTP client stopped reading: what its start says.
  const auto value =
      response.body_cut ? json_object_prefix(response.body) : boost::json::parse(response.body, ec);
  if (ec || !value.is_object()) return out;
  out.is_json = true;
  const auto& o = value.as_object();
  if (const auto* c = o.if_contains("code")) {
    // Only an int: 2^32 + 124 cut to an int would read as 124 (invalid token).
    if (c->is_int64() && std::in_range<int>(c->as_int64())) {
      out.code = static_cast<int>(c->as_int64());
    }
  }
  // Zoom's words are repeated in messages: keep a bounded, printable part.
  auto text = [&](std::string_view key, std::string& into) {
    if (const auto* v = o.if_contains(key); v && v->is_string())
      into = bounded_text(v->as_string());
  };
  if (const auto* v = o.if_contains("message"); v && v->is_string()) {
    out.missing_scopes = parse_missing_scopes(v->as_string());
  }
  text("message", out.message);
  text("reason", out.reason);
  text("error", out.error);
  return out;
}

std::vector<std::string> parse_missing_scopes(std::string_view message) {
  std::vector<std::string> scopes;
  const std::string low = ascii_lower(message);
  auto at = low.find("scopes:");
  if (at == std::string::npos) return scopes;
  at = low.find('[', at);
  if (at == std::string::npos) return scopes;
  const auto end = low.find(']', at);
  if (end == std::string::npos) return scopes;
  std::string_view list = message.substr(at + 1, end - at - 1);
  while (!list.empty()) {
    const auto comma = list.find_first_of(", ");
    const std::string_view item = trim_space(list.substr(0, comma));
    if (!item.empty()) scopes.push_back(bounded_text(item, k_scope_name_max));
    if (scopes.size() >= k_max_scopes) break;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return scopes;
}

bool is_invalid_token_answer(const HttpResponse& response) {
  if (response.status == 401) return true;
  if (response.status != 400) return false;
  const auto body = parse_zoom_error_body(response);
  return body.code == zoom_code::invalid_access_token;
}

ZoomFailure classify_token_failure(const HttpResponse& r) {
  constexpr std::string_view who = "Zoom's token endpoint";
  const ZoomErrorBody body = parse_zoom_error_body(r);
  // A 5xx is a server error even when its page is HTML (Zoom's edge answers so).
  if (r.status >= 500) return server_error(r, body, who);
  if (!body.is_json) return not_json(r, who);
  if (r.status == 429) return rate_limited(r, body, who);

  ZoomFailure f;
  f.error.http_status = static_cast<int>(r.status);
  f.error.remote_code = body.code.value_or(0);
  f.zoom_error = body.error;
  // The reason text is shown verbatim: Zoom's words are often the best hint.
  f.zoom_message = !body.reason.empty() ? body.reason : body.message;
  f.error.status = Status::auth_failed;
  const std::string all = ascii_lower(body.reason + " " + body.message + " " + body.error);
  if (r.status == 200) {
    f.error.status = Status::remote_error;
    f.error.message =
        std::string(who) + " answered HTTP 200 without an access token." + said(f.zoom_message);
  } else if (body.code == zoom_code::app_disabled || all.find("disabled") != std::string::npos) {
    f.error.message = "the Zoom app is disabled." + said(f.zoom_message) +
                      " Enable it again in the Zoom App Marketplace (Manage > your app), or "
                      "ask your Zoom account admin to.";
  } else if (all.find("activat") != std::string::npos) {
    f.error.message = "the Zoom app is not activated." + said(f.zoom_message) +
                      " Open the app in the Zoom App Marketplace (Manage > your app), finish "
                      "its Information and Scopes pages and press Activate on its Activation "
                      "page.";
  } else if (body.error == "unsupported_grant_type") {
    f.error.message = "the app is not a Server-to-Server OAuth app." + said(f.zoom_message) +
                      " Create a Server-to-Server OAuth app (Develop > Build App) and use its "
                      "Account ID, Client ID and Client Secret.";
  } else if (all.find("account") != std::string::npos) {
    f.refused_fields = {"account_id"};
    f.error.message = "wrong Account ID: Zoom did not accept it." + said(f.zoom_message) +
                      " Copy the Account ID from the App Credentials page of the same app.";
  } else if (body.error == "invalid_client" || all.find("client_id") != std::string::npos ||
             all.find("client_secret") != std::string::npos) {
    f.refused_fields = {"client_id", "client_secret"};
    f.error.message =
        "wrong Client ID or Client Secret: Zoom did not accept them." + said(f.zoom_message) +
        " Copy both again from the App Credentials page of your Server-to-Server OAuth app in "
        "the Zoom App Marketplace (a regenerated secret replaces the old one).";
  } else {
    f.refused_fields = {"account_id", "client_id", "client_secret"};
    f.error.message = "Zoom rejected the credential (" + http(r.status) +
                      (body.code ? ", code " + std::to_string(*body.code) : std::string()) + ")." +
                      said(f.zoom_message) +
                      " Check the Account ID, Client ID and Client Secret on the App "
                      "Credentials page, and that the app is activated.";
  }
  return f;
}

ZoomFailure classify_api_failure(const HttpResponse& r, std::string_view what) {
  const std::string who(what);
  const ZoomErrorBody body = parse_zoom_error_body(r);
  // A 5xx is a server error even when its page is HTML (Zoom's edge answers so).
  if (r.status >= 500) return server_error(r, body, "Zoom's API (" + who + ")");
  if (!body.is_json) return not_json(r, "Zoom's API (" + who + ")");
  if (r.status == 429) return rate_limited(r, body, "Zoom's API (" + who + ")");

  ZoomFailure f;
  f.error.http_status = static_cast<int>(r.status);
  f.error.remote_code = body.code.value_or(0);
  f.zoom_message = body.message;
  const int code = body.code.value_or(0);
  if (code == zoom_code::missing_scopes || code == zoom_code::missing_scopes_legacy) {
    f.error.status = Status::permission_denied;
    f.missing_scopes = body.missing_scopes;
    std::string names;
    for (const auto& s : f.missing_scopes) names += (names.empty() ? "" : ", ") + s;
    f.error.message =
        "missing scopes: the app's token does not have " +
        (names.empty() ? std::string("the scopes") : "the scope(s) " + names) + " that " + who +
        " needs." + said(body.message) +
        " Add them on the app's Scopes page in the Zoom App Marketplace (Manage > your app > "
        "Scopes), save, and try again.";
  } else if (r.status == 401 || code == zoom_code::invalid_access_token) {
    f.error.status = Status::auth_failed;
    f.error.message = "Zoom did not accept a fresh access token for " + who + "." +
                      said(body.message) +
                      " Check that the app is activated and not disabled, and try again.";
  } else if (r.status == 403) {
    f.error.status = Status::permission_denied;
    f.error.message = "Zoom refused " + who +
                      " (HTTP 403): the account may have no REST API "
                      "access, or the app lacks a right." +
                      said(body.message);
  } else if (r.status == 404) {
    f.error.status = Status::remote_error;
    f.error.message = "Zoom answered " + who + " with HTTP 404 (not found" +
                      (code != 0 ? ", code " + std::to_string(code) : std::string()) + ")." +
                      said(body.message) + " Check the path of " + who + ".";
  } else if (code == zoom_code::no_permission || code == zoom_code::user_not_licensed) {
    f.error.status = Status::permission_denied;
    f.error.message = "Zoom refused " + who + " (code " + std::to_string(code) +
                      "): a paid plan, a license or a permission is needed." + said(body.message);
  } else {
    f.error.status = Status::remote_error;
    f.error.message = "Zoom answered " + who + " with " + http(r.status) +
                      (code != 0 ? ", code " + std::to_string(code) : std::string()) + "." +
                      said(body.message);
  }
  return f;
}

}  // namespace zc
