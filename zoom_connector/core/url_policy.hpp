// Where the connector may send a request, a secret, and a token.
//
// Three rules, all checked before any network call:
//  1. An endpoint URL (oauth_url, api_base_url, the validation URL, the
//     token's api_url) is an absolute http(s) URL in plain ASCII with a host,
//     no userinfo ("user:pass@") and no fragment. The host is a DNS name
//     (letters, digits, '-'; no empty label, no trailing dot), an IPv4
//     address in dotted form, or an IPv6 literal; the port is 1..65535.
//     libcurl's own URL parser must find exactly the same host and port (no
//     parser differences). It is https, except that plain http is allowed to
//     a loopback address (127.0.0.0/8, ::1, exactly "localhost") when the
//     options switch allow_insecure_loopback is on (tests, demo).
//  2. The client secret (oauth_url) and the API base (api_base_url) go only
//     to https on a Zoom host (zoom.us, zoomgov.com and their subdomains),
//     to the one host the trusted_gateway_host option names, or to loopback
//     when allow_insecure_loopback is on.
//  3. A bearer token goes only to https on a Zoom host, or to the configured
//     API host (the same scheme, host and port as the API base URL in
//     effect). Nothing else ever sees it.
#pragma once

#include <boost/url/url.hpp>
#include <cstdint>
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

// True for the IPv4 loopback net, ::1 and exactly "localhost" (not
// "localhost.", which a resolver may send to DNS).
bool is_loopback_host(const boost::urls::url_view_base& url);

// True for a textual IP address (as libcurl reports CURLINFO_PRIMARY_IP) in
// 127.0.0.0/8 or ::1.
bool is_loopback_address(std::string_view ip);

// True for "zoom.us", "zoomgov.com" and their subdomains (case-insensitive,
// no trailing dot).
bool is_zoom_host(std::string_view host);
// True for "zoomgov.com" and its subdomains.
bool is_zoomgov_host(std::string_view host);

// True for a DNS host name the policy accepts: labels of letters, digits and
// '-', none empty, at most 63 characters each and 253 in all, the last one
// not all digits (so "127.1" is not taken for a name).
bool is_plain_host_name(std::string_view host);

Origin origin_of(const boost::urls::url_view_base& url);

// A URL or host from outside, made fit for a log line: printable ASCII only
// (others become '?'), at most 100 characters.
std::string loggable_url_text(std::string_view text);

// Rule 1. On failure, the reason as a sentence fragment a person can act on
// ("uses the scheme ftp; only https is allowed"); it never quotes the URL.
std::expected<boost::urls::url, std::string> check_endpoint_url(std::string_view text,
                                                                bool allow_insecure_loopback);

// Rule 2, applied to a URL that already passed rule 1. trusted_gateway_host
// is the option's value (lower case), empty when unset.
std::expected<void, std::string> check_secret_destination(const boost::urls::url_view_base& url,
                                                          std::string_view trusted_gateway_host,
                                                          bool allow_insecure_loopback);

// Rule 3, applied to a URL that already passed rule 1. api_origin is the API
// host in effect (pinned api_base_url, or the token's api_url), if any.
std::expected<void, std::string> check_token_destination(const boost::urls::url_view_base& url,
                                                         const std::optional<Origin>& api_origin);

}  // namespace zc
