// The verdict's JSON: its fields, and the message redacted.
#include "connector/verdict.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "core/redactor.hpp"
#include "pipeline_plugin.hpp"

namespace {

// One spelling of each status (issue 22, point 4): the plugin's verdict says
// what the host wrapper says, for every code, and both are the verdict
// schema's words, in the codes' order.
TEST(Verdict, StatusWordsAreTheWrappersAndTheSchemas) {
  std::ifstream file(ZC_VERDICT_SCHEMA_PATH);
  ASSERT_TRUE(file);
  std::stringstream text;
  text << file.rdbuf();
  const auto schema = boost::json::parse(text.str()).as_object();
  const auto& words = schema.at("properties").at("status").at("enum").as_array();
  ASSERT_EQ(words.size(), static_cast<std::size_t>(PP_STATUS_INTERNAL + 1));
  zc::Redactor r;
  for (pp_status s = PP_STATUS_OK; s <= PP_STATUS_INTERNAL; ++s) {
    zc::Verdict v;
    v.ok = s == PP_STATUS_OK;
    v.status = static_cast<zc::Status>(s);
    const auto o = boost::json::parse(zc::verdict_to_json(v, r)).as_object();
    EXPECT_EQ(o.at("status").as_string(), pp::status_word(s)) << s;
    EXPECT_EQ(words.at(static_cast<std::size_t>(s)).as_string(), pp::status_word(s)) << s;
    std::string name(pp::status_word(s));
    for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_EQ(pp::status_name(s), name);
    EXPECT_EQ(pp::status_of_word(pp::status_word(s)), s);
  }
  EXPECT_FALSE(pp::status_of_word("AUTH_FAILED"));
  EXPECT_FALSE(pp::status_of_word(""));
  EXPECT_EQ(pp::status_word(PP_STATUS_INTERNAL + 1), "internal");
  EXPECT_STREQ(pp::status_name(PP_STATUS_INTERNAL + 1), "UNKNOWN");
  EXPECT_STREQ(pp::status_name(-1), "UNKNOWN");
}

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
