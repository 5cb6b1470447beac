#include "core/url_policy.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <boost/url/parse.hpp>
#include <memory>

#include "core/ascii_text.hpp"

namespace zc {
namespace {

std::string host_of(const boost::urls::url_view_base& url) {
  return ascii_lower(url.host_address());
}

bool is_domain_or_subdomain(std::string_view host, std::string_view domain) {
  if (host == domain) return true;
  return host.size() > domain.size() + 1 && host.ends_with(domain) &&
         host[host.size() - domain.size() - 1] == '.';
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// The port as written: 1..65535 in at most five digits, or nullopt.
std::optional<std::uint16_t> parse_port(std::string_view text) {
  if (text.empty() || text.size() > 5 || !std::ranges::all_of(text, is_digit)) {
    return std::nullopt;
  }
  unsigned value = 0;
  for (const char c : text) value = value * 10 + static_cast<unsigned>(c - '0');
  if (value == 0 || value > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(value);
}

struct CurlUrlDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
struct CurlTextDeleter {
  void operator()(char* p) const { curl_free(p); }
};

// libcurl parses the URL again when it sends the request; it must find the
// host and port this policy judged, or the policy judged something else.
std::expected<void, std::string> curl_agrees(const std::string& text, const Origin& origin) {
  const std::unique_ptr<CURLU, CurlUrlDeleter> u(curl_url());
  if (!u) return std::unexpected("could not be checked (out of memory)");
  if (curl_url_set(u.get(), CURLUPART_URL, text.c_str(), 0) != CURLUE_OK) {
    return std::unexpected("is not a URL libcurl accepts");
  }
  char* raw_host = nullptr;
  char* raw_port = nullptr;
  const bool got_host = curl_url_get(u.get(), CURLUPART_HOST, &raw_host, 0) == CURLUE_OK;
  const std::unique_ptr<char, CurlTextDeleter> host(raw_host);
  const bool got_port =
      curl_url_get(u.get(), CURLUPART_PORT, &raw_port, CURLU_DEFAULT_PORT) == CURLUE_OK;
  const std::unique_ptr<char, CurlTextDeleter> port(raw_port);
  if (!got_host || !got_port || !host || !port) {
    return std::unexpected("has a host or port libcurl does not read");
  }
  std::string curl_host = ascii_lower(host.get());
  if (curl_host.size() >= 2 && curl_host.front() == '[' && curl_host.back() == ']') {
    curl_host = curl_host.substr(1, curl_host.size() - 2);
  }
  if (curl_host != origin.host || parse_port(port.get()) != origin.port) {
    return std::unexpected(
        "names its host in a form that libcurl reads differently; write the host name or IP "
        "address plainly");
  }
  return {};
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

bool is_loopback_address(std::string_view ip) {
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(std::string(ip), ec);
  if (ec) return false;
  if (address.is_v4()) return address.to_v4().is_loopback();
  return address.to_v6().is_loopback();  // ::1 only; a v4-mapped address is not loopback here
}

bool is_plain_host_name(std::string_view host) {
  if (host.empty() || host.size() > 253) return false;
  std::string_view last_label;
  while (true) {
    const auto dot = host.find('.');
    const std::string_view label = host.substr(0, dot);
    if (label.empty() || label.size() > 63) return false;
    if (!std::ranges::all_of(label,
                             [](char c) { return is_letter(c) || is_digit(c) || c == '-'; })) {
      return false;
    }
    last_label = label;
    if (dot == std::string_view::npos) break;
    host.remove_prefix(dot + 1);
  }
  return !std::ranges::all_of(last_label, is_digit);
}

bool is_zoom_host(std::string_view host_text) {
  const std::string host = ascii_lower(host_text);
  if (!is_plain_host_name(host)) return false;
  return is_domain_or_subdomain(host, "zoom.us") || is_domain_or_subdomain(host, "zoomgov.com");
}

bool is_zoomgov_host(std::string_view host_text) {
  const std::string host = ascii_lower(host_text);
  return is_plain_host_name(host) && is_domain_or_subdomain(host, "zoomgov.com");
}

std::string loggable_url_text(std::string_view text) {
  constexpr std::size_t k_max = 100;
  std::string out;
  const bool cut = text.size() > k_max;
  for (const char c : text.substr(0, cut ? k_max - 3 : k_max)) {
    const auto byte = static_cast<unsigned char>(c);
    out += byte >= 0x20 && byte < 0x7f ? c : '?';
  }
  if (cut) out += "...";
  return out;
}

Origin origin_of(const boost::urls::url_view_base& url) {
  Origin o;
  o.scheme = ascii_lower(url.scheme());
  o.host = host_of(url);
  if (auto port = url.has_port() ? parse_port(url.port()) : std::nullopt; port) {
    o.port = *port;
  } else {
    o.port = o.scheme == "https" ? 443 : 80;
  }
  return o;
}

std::expected<boost::urls::url, std::string> check_endpoint_url(std::string_view text,
                                                                bool allow_insecure_loopback) {
  if (text.empty()) return std::unexpected("is empty; enter an https URL");
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7f) {
      return std::unexpected("contains spaces or control characters; it is not a URL");
    }
    if (byte >= 0x80) {
      return std::unexpected(
          "contains non-ASCII characters; write it in ASCII (an international host name in its "
          "xn-- form)");
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
  switch (url.host_type()) {
    case boost::urls::host_type::ipv4:
    case boost::urls::host_type::ipv6:
      break;
    case boost::urls::host_type::name:
      if (!is_plain_host_name(host_of(url))) {
        return std::unexpected(
            "has a host name that is not a plain DNS name (letters, digits, '-' and dots "
            "between non-empty labels, no trailing dot) or a dotted IPv4 address");
      }
      break;
    default:
      return std::unexpected("has a host that is neither a DNS name nor an IP address");
  }
  if (url.has_fragment()) return std::unexpected("contains a fragment (\"#...\"); remove it");
  if (url.has_port() && !parse_port(url.port())) {
    return std::unexpected("has an invalid port (it must be a number from 1 to 65535)");
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
  if (auto agreed = curl_agrees(std::string(out.buffer()), origin_of(out)); !agreed) {
    return std::unexpected(agreed.error());
  }
  return out;
}

std::expected<void, std::string> check_secret_destination(const boost::urls::url_view_base& url,
                                                          std::string_view trusted_gateway_host,
                                                          bool allow_insecure_loopback) {
  const Origin origin = origin_of(url);
  if (origin.scheme == "https" && is_zoom_host(origin.host)) return {};
  if (allow_insecure_loopback && is_loopback_host(url)) return {};
  if (!trusted_gateway_host.empty() && origin.host == ascii_lower(trusted_gateway_host)) {
    if (origin.scheme == "https") return {};
    return std::unexpected("points at the trusted gateway host over plain http; use https");
  }
  return std::unexpected(
      "points at " + origin.host +
      ", which is not a Zoom host (zoom.us, zoomgov.com or a subdomain of either); the client "
      "secret and tokens go only to Zoom. To send them through a gateway you run and trust, "
      "name its host in the option trusted_gateway_host");
}

std::expected<void, std::string> check_token_destination(const boost::urls::url_view_base& url,
                                                         const std::optional<Origin>& api_origin) {
  const Origin origin = origin_of(url);
  if (origin.scheme == "https" && is_zoom_host(origin.host)) return {};
  if (api_origin && origin == *api_origin) return {};
  // Both ends by scheme://host:port: "127.0.0.1" twice would read as a
  // contradiction when only the port differs (a restarted simulator).
  std::string why = "points at " + origin.to_string() +
                    ", which is not zoom.us, zoomgov.com, a subdomain of either";
  why += api_origin ? " or the configured API host (" + api_origin->to_string() + ")"
                    : " or the configured API host (none is configured)";
  why += "; the access token is only ever sent to Zoom";
  if (api_origin && origin.scheme == api_origin->scheme && origin.host == api_origin->host) {
    why += " or that host. Only the port differs (the URL's " + std::to_string(origin.port) +
           ", the configured " + std::to_string(api_origin->port) +
           "): if the API moved, change the URL to port " + std::to_string(api_origin->port);
  }
  return std::unexpected(std::move(why));
}

}  // namespace zc
