#include "core/url_policy.hpp"

#include <gtest/gtest.h>

namespace {

TEST(UrlPolicy, ZoomHosts) {
  EXPECT_TRUE(zc::is_zoom_host("zoom.us"));
  EXPECT_TRUE(zc::is_zoom_host("api.zoom.us"));
  EXPECT_TRUE(zc::is_zoom_host("API-EU.Zoom.US"));
  EXPECT_FALSE(zc::is_zoom_host("api.zoom.us."));  // a trailing dot is refused, not stripped
  EXPECT_FALSE(zc::is_zoom_host("evilzoom.us"));
  EXPECT_FALSE(zc::is_zoom_host("zoom.us.evil.com"));
  EXPECT_FALSE(zc::is_zoom_host(".zoom.us"));
  EXPECT_FALSE(zc::is_zoom_host("zoom.com"));
  EXPECT_TRUE(zc::is_zoom_host("zoomgov.com"));
  EXPECT_TRUE(zc::is_zoom_host("api.zoomgov.com"));
  EXPECT_TRUE(zc::is_zoomgov_host("api.zoomgov.com"));
  EXPECT_FALSE(zc::is_zoomgov_host("api.zoom.us"));
  EXPECT_FALSE(zc::is_zoom_host("evilzoomgov.com"));
  EXPECT_FALSE(zc::is_zoom_host("zoom.us.."));
  EXPECT_FALSE(zc::is_zoom_host("a..zoom.us"));
  EXPECT_FALSE(zc::is_zoom_host("zo!om.zoom.us"));
}

TEST(UrlPolicy, LoopbackIsExactlyLocalhostOrALoopbackAddress) {
  EXPECT_FALSE(zc::check_endpoint_url("http://localhost.:8080/x", true));
  EXPECT_FALSE(zc::check_endpoint_url("http://localhost.localdomain:8080/x", true));
  EXPECT_FALSE(zc::check_endpoint_url("http://127.1:8080/x", true));
  EXPECT_FALSE(zc::check_endpoint_url("http://0x7f000001:8080/x", true));
  EXPECT_FALSE(zc::check_endpoint_url("http://2130706433:8080/x", true));
  EXPECT_FALSE(zc::check_endpoint_url("http://[::ffff:127.0.0.1]:8080/x", true));
  EXPECT_TRUE(zc::check_endpoint_url("http://LOCALHOST:8080/x", true));
  EXPECT_TRUE(zc::is_loopback_address("127.0.0.1"));
  EXPECT_TRUE(zc::is_loopback_address("127.200.0.9"));
  EXPECT_TRUE(zc::is_loopback_address("::1"));
  EXPECT_FALSE(zc::is_loopback_address("0.0.0.0"));
  EXPECT_FALSE(zc::is_loopback_address("10.0.0.1"));
  EXPECT_FALSE(zc::is_loopback_address("::ffff:127.0.0.1"));
  EXPECT_FALSE(zc::is_loopback_address(""));
  EXPECT_FALSE(zc::is_loopback_address("localhost"));
}

// Each of these is read differently by some URL parser (or by libcurl and
// the policy): refused before any request.
TEST(UrlPolicy, HostsAndPortsThatParsersReadDifferentlyAreRefused) {
  for (const char* bad : {
           "http://[v1.x]:8080/x",              // IPvFuture
           "https://[v7.zoom.us]/x",            // IPvFuture
           "https://zoom!.us/x",                // sub-delims in a reg-name
           "https://api.zoom.us$.evil.com/x",   //
           "https://api.zoom.us&x/x",           //
           "https://zoom.us../x",               // empty label
           "https://api..zoom.us/x",            //
           "https://.zoom.us/x",                //
           "https://zoom.us./x",                // trailing dot
           "https://api.zoom.us:65536/x",       // wraps to 0
           "https://api.zoom.us:65979/x",       // wraps to 443
           "https://api.zoom.us:4294967739/x",  // wraps to 443 in 32 bits
           "https://api.zoom.us:+443/x",        //
           "https://api%2ezoom.us/x",           // percent-encoded
           "https://%61pi.zoom.us/x",           //
           "https://api.zoom.us\\@evil.com/x",  // backslash
           "https://api.zoom.us\xc2\xa0/x",     // non-ASCII
           "https://xn--zoom-.us\x7f/x",        // DEL
           "https://under_score.zoom.us/x",     // not a DNS label
           "https://127.1/x",                   // numeric last label
           "https://0x7f.0.0.1/x",              // hex IPv4 for libcurl
       }) {
    EXPECT_FALSE(zc::check_endpoint_url(bad, true)) << bad;
  }
  EXPECT_TRUE(zc::check_endpoint_url("https://api.zoom.us:443/x", true));
  EXPECT_TRUE(zc::check_endpoint_url("https://API-EU.Zoom.US/x", true));
  EXPECT_TRUE(zc::check_endpoint_url("https://[::1]:8443/x", true));
  EXPECT_TRUE(zc::check_endpoint_url("https://api.zoom.us:65535/x", true));
  const auto why = zc::check_endpoint_url("https://api.zoom.us:65979/x", true);
  ASSERT_FALSE(why);
  EXPECT_NE(why.error().find("invalid port"), std::string::npos) << why.error();
}

TEST(UrlPolicy, TheSecretGoesOnlyToZoomTheGatewayOrTestLoopback) {
  auto url = [](const char* s) { return *zc::check_endpoint_url(s, true); };
  EXPECT_TRUE(zc::check_secret_destination(url("https://zoom.us/oauth/token"), "", false));
  EXPECT_TRUE(zc::check_secret_destination(url("https://zoomgov.com/oauth/token"), "", false));
  EXPECT_TRUE(zc::check_secret_destination(url("https://api-eu.zoom.us/v2"), "", false));
  EXPECT_FALSE(zc::check_secret_destination(url("https://evil.example/oauth/token"), "", true));
  EXPECT_FALSE(zc::check_secret_destination(url("https://127.0.0.1:9/oauth/token"), "", false));
  EXPECT_TRUE(zc::check_secret_destination(url("https://127.0.0.1:9/oauth/token"), "", true));
  EXPECT_TRUE(zc::check_secret_destination(url("http://127.0.0.1:9/oauth/token"), "", true));
  EXPECT_TRUE(zc::check_secret_destination(url("https://gw.corp.example/oauth/token"),
                                           "GW.corp.example", false));
  EXPECT_FALSE(zc::check_secret_destination(url("https://gw2.corp.example/oauth/token"),
                                            "gw.corp.example", false));
  const auto why = zc::check_secret_destination(url("https://zoom.us.evil.example/x"), "", false);
  ASSERT_FALSE(why);
  EXPECT_NE(why.error().find("trusted_gateway_host"), std::string::npos) << why.error();
}

TEST(UrlPolicy, EndpointRules) {
  EXPECT_TRUE(zc::check_endpoint_url("https://api.zoom.us/v2/users/me", false));
  EXPECT_TRUE(zc::check_endpoint_url("https://127.0.0.1:8443/x", false));
  EXPECT_TRUE(zc::check_endpoint_url("http://127.0.0.1:8080/x", true));
  EXPECT_TRUE(zc::check_endpoint_url("http://127.5.6.7:8080/x", true));
  EXPECT_TRUE(zc::check_endpoint_url("http://[::1]:8080/x", true));
  EXPECT_TRUE(zc::check_endpoint_url("http://localhost:8080/x", true));
  EXPECT_FALSE(zc::check_endpoint_url("http://127.0.0.1:8080/x", false));
  EXPECT_FALSE(zc::check_endpoint_url("http://10.0.0.1/x", true));
  EXPECT_FALSE(zc::check_endpoint_url("http://api.zoom.us/x", true));
  EXPECT_FALSE(zc::check_endpoint_url("file:///etc/passwd", true));
  EXPECT_FALSE(zc::check_endpoint_url("https://a@api.zoom.us/", true));
  EXPECT_FALSE(zc::check_endpoint_url("https:///nohost", true));
  EXPECT_FALSE(zc::check_endpoint_url("https://api%2ezoom.us/", true));
  EXPECT_FALSE(zc::check_endpoint_url("", true));
  EXPECT_FALSE(zc::check_endpoint_url("https://api.zoom.us/ x", true));
}

TEST(UrlPolicy, TokenDestinations) {
  auto url = [](const char* s) { return *zc::check_endpoint_url(s, true); };
  const std::optional<zc::Origin> none;
  EXPECT_TRUE(zc::check_token_destination(url("https://api.zoom.us/v2/users"), none));
  EXPECT_TRUE(zc::check_token_destination(url("https://api-eu.zoom.us:443/v2/users"), none));
  EXPECT_FALSE(zc::check_token_destination(url("https://example.com/v2/users"), none));
  EXPECT_FALSE(zc::check_token_destination(url("http://127.0.0.1:1234/v2"), none));
  const auto api = zc::origin_of(url("http://127.0.0.1:1234/v2"));
  EXPECT_EQ(api.to_string(), "http://127.0.0.1:1234");
  EXPECT_TRUE(zc::check_token_destination(url("http://127.0.0.1:1234/v2/users"), api));
  EXPECT_FALSE(zc::check_token_destination(url("http://127.0.0.1:1235/v2/users"), api));
  EXPECT_FALSE(zc::check_token_destination(url("https://127.0.0.1:1234/v2/users"), api));
  const auto why = zc::check_token_destination(url("https://example.com/"), api);
  ASSERT_FALSE(why);
  EXPECT_NE(why.error().find("example.com"), std::string::npos) << why.error();
  EXPECT_NE(why.error().find("only ever sent to Zoom"), std::string::npos) << why.error();
}

// A refusal names both ends: the URL's host:port and the configured API
// host's, so that "the simulator moved to another port" reads as such.
TEST(UrlPolicy, ATokenRefusalNamesTheUrlsAndTheConfiguredHostAndPort) {
  auto url = [](const char* s) { return *zc::check_endpoint_url(s, true); };
  const auto api = zc::origin_of(url("http://127.0.0.1:41234/v2"));
  const auto why = zc::check_token_destination(url("http://127.0.0.1:40999/v2/users/me"), api);
  ASSERT_FALSE(why);
  EXPECT_NE(why.error().find("127.0.0.1:40999"), std::string::npos) << why.error();
  EXPECT_NE(why.error().find("127.0.0.1:41234"), std::string::npos) << why.error();
  EXPECT_NE(why.error().find("port"), std::string::npos) << why.error();
  // Without a configured API host, the URL's host:port still.
  const auto alone = zc::check_token_destination(url("http://127.0.0.1:40999/v2"), std::nullopt);
  ASSERT_FALSE(alone);
  EXPECT_NE(alone.error().find("127.0.0.1:40999"), std::string::npos) << alone.error();
}

}  // namespace
