// Ids that would become dot segments are refused where a path is made, and
// the one request check refuses any path libcurl or a server would read
// differently from the path that was made.
#include "core/path_segment.hpp"

#include <gtest/gtest.h>

namespace {

using zc::check_sent_path;
using zc::path_id_problem;

TEST(PathSegment, EmptyAndDotIdsAreRefused) {
  for (const char* bad : {"", ".", "..", "../x", "x/..", "a/./b", "..\\x", "/..", "x/../"}) {
    const auto problem = path_id_problem(bad);
    ASSERT_TRUE(problem.has_value()) << '"' << bad << '"';
    EXPECT_EQ(problem->find("x/"), std::string::npos) << "never quotes the id: " << *problem;
  }
  EXPECT_NE(path_id_problem("")->find("empty"), std::string::npos);
  EXPECT_NE(path_id_problem("..")->find("\"..\""), std::string::npos);
}

TEST(PathSegment, OrdinaryIdsAreKept) {
  for (const char* good : {"u1", "a.b@example.com", "...", ".x", "x.", "me", "/abc==", "ab//c==",
                           "abc+d==", "KdPDmb8tT9atoqGcjmWgFQ==", "%2e%2e", "a..b"}) {
    EXPECT_FALSE(path_id_problem(good).has_value()) << '"' << good << '"';
  }
}

TEST(PathSegment, TheSentPathMustBeThePathMade) {
  const std::string base = "https://api.zoom.us";
  for (const char* good :
       {"/v2/users/u1/meetings", "/v2/users/a.b%40example.com",
        "/v2/past_meetings/%252Fabc%253D%253D/participants", "/", "/v2/groups/g1/members/..."}) {
    EXPECT_TRUE(check_sent_path(base + good + "?page_size=300", good)) << good;
  }
  for (const char* bad :
       {"/v2/groups/g1/members/..", "/v2/users/./meetings", "/v2/users/..", "/v2/users//meetings",
        "/v2/users/", "/v2/users/%2e%2E", "/v2/users/%2E/meetings", "/v2/users/..%2Fx",
        "/v2/users/x%2F..", "/v2/users/%5C..", "/v2/.."}) {
    const auto refused = check_sent_path(base + bad, bad);
    ASSERT_FALSE(refused) << bad;
    EXPECT_EQ(refused.error().find("/v2"), std::string::npos) << "never quotes the path";
  }
  // A path that is not the one made, or none at all.
  EXPECT_FALSE(check_sent_path(base + "/v2/users/u2", "/v2/users/u1"));
  EXPECT_FALSE(check_sent_path(base + "/v2/users", "v2/users"));
  EXPECT_FALSE(check_sent_path("not a url", "/v2/users"));
}

}  // namespace
