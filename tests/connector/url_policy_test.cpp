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

}  // namespace
