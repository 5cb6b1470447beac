// The URL policy: an accepted endpoint is absolute http(s) with a host, and
// plain http only to loopback with the switch; the secret and token rules
// never accept what rule 1 would refuse; log text is bounded and printable.
#include <boost/url/parse.hpp>
#include <string>

#include "core/url_policy.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const bool loopback_allowed = (data[0] & 1) != 0;
  const auto [url_text, gateway] = fuzz::split_once(fuzz::as_text(data + 1, size - 1), '\n');

  const std::string shown = zc::loggable_url_text(url_text);
  FUZZ_CHECK(shown.size() <= 100);
  for (const char c : shown) FUZZ_CHECK(c >= 0x20 && c < 0x7F);

  (void)zc::is_plain_host_name(url_text);
  (void)zc::is_zoom_host(url_text);
  (void)zc::is_loopback_address(url_text);

  const auto checked = zc::check_endpoint_url(url_text, loopback_allowed);
  if (!checked) {
    FUZZ_CHECK(!checked.error().empty());
    return 0;
  }
  const boost::urls::url& url = *checked;
  const zc::Origin origin = zc::origin_of(url);
  FUZZ_CHECK(origin.scheme == "https" || origin.scheme == "http");
  FUZZ_CHECK(!origin.host.empty());
  FUZZ_CHECK(origin.port != 0);
  FUZZ_CHECK(!url.has_userinfo());
  FUZZ_CHECK(!url.has_fragment());
  if (origin.scheme == "http") FUZZ_CHECK(loopback_allowed && zc::is_loopback_host(url));
  // The URL as text passes again and names the same origin.
  const auto again = zc::check_endpoint_url(url.buffer(), loopback_allowed);
  FUZZ_CHECK(again && zc::origin_of(*again) == origin);

  const auto secret_ok = zc::check_secret_destination(url, gateway, loopback_allowed);
  if (secret_ok && origin.scheme == "https" && !zc::is_zoom_host(origin.host)) {
    std::string lower(gateway);
    for (char& c : lower) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    FUZZ_CHECK(origin.host == lower || zc::is_loopback_host(url));
  }
  const auto token_ok = zc::check_token_destination(url, std::nullopt);
  if (token_ok) FUZZ_CHECK(zc::is_zoom_host(origin.host) && origin.scheme == "https");
  const auto pinned = zc::check_token_destination(url, origin);
  FUZZ_CHECK(pinned.has_value());
  return 0;
}
