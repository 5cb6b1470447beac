// Where the connector may send a request, and where it may send a token.
//
// Two rules, both checked before any network call:
//  1. An endpoint URL (oauth_url, api_base_url, the validation URL) is an
//     absolute http(s) URL with a host, no userinfo ("user:pass@") and no
//     fragment. It is https, except that plain http is allowed to a loopback
//     address (127.0.0.0/8, ::1, localhost) when the options switch
//     allow_insecure_loopback is on (tests, demo).
//  2. A bearer token goes only to https on zoom.us or a subdomain of it, or
//     to the configured API host (the same scheme, host and port as the API
//     base URL in effect). Nothing else ever sees it.
#pragma once

#include <boost/url/url.hpp>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

namespace zc {

// scheme://host:port with the default port filled in, lower case.
struct Origin {
  std::string scheme;
  std::string host;
  std::uint16_t port = 0;
  bool operator==(const Origin&) const = default;
  std::string to_string() const;
};

// True for the IPv4 loopback net, ::1 and "localhost".
bool is_loopback_host(const boost::urls::url_view_base& url);

// True for "zoom.us" and "<anything>.zoom.us" (case-insensitive).
bool is_zoom_host(std::string_view host);

Origin origin_of(const boost::urls::url_view_base& url);

// Rule 1. On failure, the reason as a sentence fragment a person can act on
// ("uses the scheme ftp; only https is allowed").
std::expected<boost::urls::url, std::string> check_endpoint_url(std::string_view text,
                                                                bool allow_insecure_loopback);

// Rule 2, applied to a URL that already passed rule 1. api_origin is the API
// host in effect (pinned api_base_url, or the token's api_url), if any.
std::expected<void, std::string> check_token_destination(const boost::urls::url_view_base& url,
                                                         const std::optional<Origin>& api_origin);

}  // namespace zc
