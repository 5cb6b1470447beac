// The verdict's JSON: its fields, and the message redacted.
#include "connector/verdict.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/redactor.hpp"

namespace {

TEST(Verdict, JsonShapeAndRedaction) {
  zc::Redactor r;
  r.add_secret("VerySecret");
  zc::Verdict v;
  zc::ZoomFailure f;
  f.error = zc::Error{zc::Status::permission_denied, "missing scopes VerySecret", 400, 4711, false};
  f.zoom_message = "does not contain scopes:[a]";
  f.missing_scopes = {"a"};
  v.set_failure(zc::VerdictStep::validation_call, f);
  v.granted_scopes = {"user:read:admin"};
  v.allowed_streams = {"users"};
  v.validation_url = "https://api.zoom.us/v2/users/me";
  const auto o = boost::json::parse(zc::verdict_to_json(v, r)).as_object();
  EXPECT_EQ(o.at("ok"), false);
  EXPECT_EQ(o.at("failed_step"), "validation_call");
  EXPECT_EQ(o.at("status"), "permission_denied");
  EXPECT_EQ(o.at("message"), "missing scopes ***");
  EXPECT_EQ(o.at("http_status"), 400);
  EXPECT_EQ(o.at("zoom_code"), 4711);
  EXPECT_EQ(o.at("missing_scopes").as_array().size(), 1u);
  EXPECT_TRUE(o.at("identity").is_null());
  EXPECT_TRUE(o.at("zoom_error").is_null());
  EXPECT_EQ(o.at("allowed_streams").as_array().at(0), "users");

  zc::Verdict good;
  good.ok = true;
  good.identity = zc::Identity{"acc", "uid", "a@b.c"};
  const auto g = boost::json::parse(zc::verdict_to_json(good, r)).as_object();
  EXPECT_EQ(g.at("ok"), true);
  EXPECT_TRUE(g.at("failed_step").is_null());
  EXPECT_EQ(g.at("status"), "ok");
  EXPECT_EQ(g.at("identity").at("email"), "a@b.c");
}

}  // namespace
