#include "core/zoom_error.hpp"

#include <gtest/gtest.h>

namespace {

zc::HttpResponse json(long status, std::string body) {
  zc::HttpResponse r;
  r.status = status;
  r.headers = {{"content-type", "application/json;charset=UTF-8"}};
  r.body = std::move(body);
  return r;
}

zc::HttpResponse html(long status) {
  zc::HttpResponse r;
  r.status = status;
  r.headers = {{"content-type", "text/html"}};
  r.body = "<html><body>Access denied by corporate firewall</body></html>";
  return r;
}

bool has(const std::string& text, const char* needle) {
  return text.find(needle) != std::string::npos;
}

TEST(ZoomError, MissingScopesAreParsedOutOfTheMessage) {
  using V = std::vector<std::string>;
  EXPECT_EQ(zc::parse_missing_scopes(
                "Invalid access token, does not contain scopes:[user:read:list_users:admin]."),
            V{"user:read:list_users:admin"});
  EXPECT_EQ(zc::parse_missing_scopes("does not contain scopes:[a:b, c:d ,e]."),
            (V{"a:b", "c:d", "e"}));
  EXPECT_EQ(zc::parse_missing_scopes("does not contain scopes: [x]"), V{"x"});
  EXPECT_TRUE(zc::parse_missing_scopes("Invalid access token.").empty());
  EXPECT_TRUE(zc::parse_missing_scopes("scopes:[unterminated").empty());
}

TEST(ZoomError, TokenEndpointCases) {
  auto wrong_secret = zc::classify_token_failure(
      json(400, R"({"reason":"Invalid client_id or client_secret","error":"invalid_client"})"));
  EXPECT_EQ(wrong_secret.error.status, zc::Status::auth_failed);
  EXPECT_TRUE(has(wrong_secret.error.message, "wrong Client ID or Client Secret"));
  EXPECT_TRUE(has(wrong_secret.error.message, "\"Invalid client_id or client_secret\""));
  EXPECT_EQ(wrong_secret.zoom_message, "Invalid client_id or client_secret");
  EXPECT_EQ(wrong_secret.zoom_error, "invalid_client");
  EXPECT_EQ(wrong_secret.error.http_status, 400);

  auto disabled = zc::classify_token_failure(
      json(400, R"({"reason":"The app has been disabled","error":"invalid_client","code":4717})"));
  EXPECT_TRUE(has(disabled.error.message, "the Zoom app is disabled")) << disabled.error.message;
  EXPECT_EQ(disabled.error.remote_code, 4717);

  auto inactive = zc::classify_token_failure(
      json(400, R"({"reason":"The app has not been activated","error":"invalid_client"})"));
  EXPECT_TRUE(has(inactive.error.message, "not activated")) << inactive.error.message;
  EXPECT_TRUE(has(inactive.error.message, "Activate"));

  auto account = zc::classify_token_failure(
      json(400, R"({"reason":"Invalid account_id","error":"invalid_request"})"));
  EXPECT_TRUE(has(account.error.message, "wrong Account ID")) << account.error.message;

  auto grant = zc::classify_token_failure(
      json(400, R"({"reason":"unsupported grant type","error":"unsupported_grant_type"})"));
  EXPECT_TRUE(has(grant.error.message, "not a Server-to-Server OAuth app"));

  auto other = zc::classify_token_failure(json(403, R"({"reason":"Something new"})"));
  EXPECT_EQ(other.error.status, zc::Status::auth_failed);
  EXPECT_TRUE(has(other.error.message, "\"Something new\"")) << "reason shown verbatim";

  auto down = zc::classify_token_failure(json(503, R"({"reason":"Service Unavailable"})"));
  EXPECT_EQ(down.error.status, zc::Status::remote_error);
  EXPECT_TRUE(down.error.retryable);
  EXPECT_TRUE(has(down.error.message, "Zoom server error"));

  auto page = zc::classify_token_failure(html(200));
  EXPECT_EQ(page.error.status, zc::Status::remote_error);
  EXPECT_TRUE(has(page.error.message, "a proxy or firewall answered instead of Zoom"));
}

// The fields a host offers to fix first are those Zoom's refusal points at;
// none where no field is to blame (a disabled app, Zoom down).
TEST(ZoomError, ARefusalNamesTheFieldsItPointsAt) {
  using Fields = std::vector<std::string>;
  EXPECT_EQ(
      zc::classify_token_failure(
          json(400, R"({"reason":"Invalid client_id or client_secret","error":"invalid_client"})"))
          .refused_fields,
      (Fields{"client_id", "client_secret"}));
  EXPECT_EQ(zc::classify_token_failure(
                json(400, R"({"reason":"Invalid account_id","error":"invalid_request"})"))
                .refused_fields,
            (Fields{"account_id"}));
  EXPECT_EQ(zc::classify_token_failure(json(403, R"({"reason":"Something new"})")).refused_fields,
            (Fields{"account_id", "client_id", "client_secret"}));
  EXPECT_TRUE(
      zc::classify_token_failure(json(400, R"({"reason":"The app has been disabled","code":4717})"))
          .refused_fields.empty());
  EXPECT_TRUE(zc::classify_token_failure(json(503, R"({"reason":"Service Unavailable"})"))
                  .refused_fields.empty());
}

TEST(ZoomError, ApiCases) {
  auto scope = zc::classify_api_failure(
      json(
          400,
          R"({"code":4711,"message":"Invalid access token, does not contain scopes:[user:read:user:admin, user:read:admin]."})"),
      "the Credential Validation URL");
  EXPECT_EQ(scope.error.status, zc::Status::permission_denied);
  EXPECT_EQ(scope.missing_scopes,
            (std::vector<std::string>{"user:read:user:admin", "user:read:admin"}));
  EXPECT_TRUE(has(scope.error.message, "user:read:user:admin, user:read:admin"));
  EXPECT_TRUE(has(scope.error.message, "Scopes page in the Zoom App Marketplace"));
  EXPECT_EQ(scope.error.remote_code, 4711);

  auto old = zc::classify_api_failure(
      json(400, R"({"code":4700,"message":"Invalid access token, does not contain scopes:[x]."})"),
      "it");
  EXPECT_EQ(old.missing_scopes, std::vector<std::string>{"x"});

  auto server = zc::classify_api_failure(json(502, "{}"), "it");
  EXPECT_EQ(server.error.status, zc::Status::remote_error);
  EXPECT_TRUE(server.error.retryable);

  auto waf = zc::classify_api_failure(html(403), "it");
  EXPECT_TRUE(has(waf.error.message, "a proxy or firewall answered instead of Zoom"));

  auto limited = zc::classify_api_failure(json(429, R"({"code":429,"message":"slow down"})"), "it");
  EXPECT_EQ(limited.error.status, zc::Status::rate_limited);

  auto user = zc::classify_api_failure(
      json(404, R"({"code":1001,"message":"User does not exist: x."})"), "it");
  EXPECT_TRUE(has(user.error.message, "User does not exist"));

  EXPECT_TRUE(zc::is_invalid_token_answer(json(401, R"({"code":124})")));
  EXPECT_TRUE(zc::is_invalid_token_answer(json(400, R"({"code":124})")));
  EXPECT_FALSE(zc::is_invalid_token_answer(json(400, R"({"code":4711})")));
  EXPECT_FALSE(zc::is_invalid_token_answer(html(400)));
}

TEST(ZoomError, UnparsableJsonIsNotTrusted) {
  zc::HttpResponse r = json(400, "{\"code\":47");
  EXPECT_FALSE(zc::parse_zoom_error_body(r).is_json);
  const auto failure = zc::classify_api_failure(r, "it");
  EXPECT_EQ(failure.error.remote_code, 0);
  EXPECT_TRUE(has(failure.error.message, "JSON body that does not parse")) << failure.error.message;
  // A page that is not JSON at all is the proxy story.
  r.headers = {{"content-type", "text/html"}};
  r.body = "<html>blocked</html>";
  EXPECT_TRUE(has(zc::classify_api_failure(r, "it").error.message, "instead of Zoom"));
}

}  // namespace
