#include "core/url_policy.hpp"

#include <algorithm>
#include <boost/url/parse.hpp>
#include <cctype>

#include "core/ascii_text.hpp"

namespace zc {
namespace {

std::string host_of(const boost::urls::url_view_base& url) {
  std::string host = ascii_lower(url.host_address());
  if (!host.empty() && host.back() == '.') host.pop_back();  // "zoom.us." is zoom.us
  return host;
}

}  // namespace

std::string Origin::to_string() const {
  const bool ipv6 = host.find(':') != std::string::npos;
  return scheme + "://" + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

bool is_loopback_host(const boost::urls::url_view_base& url) {
  switch (url.host_type()) {
    case boost::urls::host_type::ipv4:
      return url.host_ipv4_address().is_loopback();
    case boost::urls::host_type::ipv6:
      return url.host_ipv6_address().is_loopback();
    case boost::urls::host_type::name:
      return host_of(url) == "localhost";
    default:
      return false;
  }
}

bool is_zoom_host(std::string_view host_text) {
  std::string host = ascii_lower(host_text);
  if (!host.empty() && host.back() == '.') host.pop_back();
  constexpr std::string_view k_zoom = "zoom.us";
  if (host == k_zoom) return true;
  return host.size() > k_zoom.size() + 1 && host.ends_with(k_zoom) &&
         host[host.size() - k_zoom.size() - 1] == '.';
}

Origin origin_of(const boost::urls::url_view_base& url) {
  Origin o;
  o.scheme = ascii_lower(url.scheme());
  o.host = host_of(url);
  if (url.has_port() && !url.port().empty()) {
    o.port = url.port_number();
  } else {
    o.port = o.scheme == "https" ? 443 : 80;
  }
  return o;
}

std::expected<boost::urls::url, std::string> check_endpoint_url(std::string_view text,
                                                                bool allow_insecure_loopback) {
  if (text.empty()) return std::unexpected("is empty; enter an https URL");
  for (const char c : text) {
    if (std::isspace(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) < 0x20) {
      return std::unexpected("contains spaces or control characters; it is not a URL");
    }
  }
  auto parsed = boost::urls::parse_uri(text);
  if (!parsed) {
    return std::unexpected("is not a URL (expected the form https://api.zoom.us/v2/users/me)");
  }
  const boost::urls::url_view_base& url = *parsed;
  const std::string scheme = ascii_lower(url.scheme());
  if (scheme != "https" && scheme != "http") {
    return std::unexpected("uses the scheme \"" + scheme + "\"; only https is allowed");
  }
  if (!url.has_authority() || url.encoded_host().empty()) {
    return std::unexpected("has no host name");
  }
  if (url.has_userinfo()) {
    // Never quote the userinfo: it may be a password.
    return std::unexpected(
        "contains a user name or password (\"user:pass@\"); remove it, credentials go in "
        "their own fields");
  }
  if (url.encoded_host().find('%') != boost::core::string_view::npos) {
    return std::unexpected("has a percent-encoded host name; write the host name plainly");
  }
  if (url.has_fragment()) return std::unexpected("contains a fragment (\"#...\"); remove it");
  if (url.has_port() && (url.port().empty() || url.port_number() == 0)) {
    return std::unexpected("has an invalid port");
  }
  if (scheme == "http") {
    if (!is_loopback_host(url)) {
      return std::unexpected("uses plain http; only https is allowed");
    }
    if (!allow_insecure_loopback) {
      return std::unexpected(
          "uses plain http to a loopback address, which is allowed only when the option "
          "allow_insecure_loopback is on");
    }
  }
  boost::urls::url out(url);
  out.normalize_scheme();
  return out;
}

std::expected<void, std::string> check_token_destination(const boost::urls::url_view_base& url,
                                                         const std::optional<Origin>& api_origin) {
  const Origin origin = origin_of(url);
  if (origin.scheme == "https" && is_zoom_host(origin.host)) return {};
  if (api_origin && origin == *api_origin) return {};
  std::string why = "points at " + origin.host + ", which is not zoom.us, a subdomain of zoom.us";
  why += api_origin ? " or the configured API host (" + api_origin->to_string() + ")"
                    : " or the configured API host";
  why += "; the access token is only ever sent to Zoom";
  return std::unexpected(std::move(why));
}

}  // namespace zc
