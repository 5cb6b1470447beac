#include "core/stream_scopes.hpp"

#include <gtest/gtest.h>

namespace {

TEST(StreamScopes, EveryStreamNeedsAScopeAndParentsEndAtTheTop) {
  const auto table = zc::stream_table();
  ASSERT_FALSE(table.empty());
  for (const auto& row : table) {
    EXPECT_FALSE(row.classic_scope.empty());
    EXPECT_FALSE(row.granular_scope.empty());
    int depth = 0;
    for (auto r = zc::find_stream(row.name); r != nullptr && !r->parent.empty();
         r = zc::find_stream(r->parent)) {
      ASSERT_NE(zc::find_stream(r->parent), nullptr) << r->parent;
      ASSERT_LT(++depth, 5) << row.name;
    }
  }
}

TEST(StreamScopes, ScopeStringIsSpaceSeparated) {
  const auto s = zc::parse_scope_string("  user:read:admin  meeting:read:admin ");
  EXPECT_EQ(s, (std::set<std::string>{"meeting:read:admin", "user:read:admin"}));
  EXPECT_TRUE(zc::parse_scope_string("").empty());
}

TEST(StreamScopes, ClassicOrGranularGrantsAndParentsCount) {
  using V = std::vector<std::string>;
  EXPECT_EQ(zc::allowed_streams({"user:read:admin"}), V{"users"});
  EXPECT_EQ(zc::allowed_streams({"user:read:list_users:admin"}), V{"users"});
  // meetings need the users walk as well.
  EXPECT_EQ(zc::allowed_streams({"meeting:read:list_meetings:admin"}), V{});
  EXPECT_EQ(zc::allowed_streams({"user:read:admin", "meeting:read:admin"}),
            (V{"users", "meetings", "past_meeting_participants", "meeting_registrants",
               "meeting_polls", "meeting_poll_results", "meeting_registration_questions"}));
  // A webinar child needs its granular scope, the webinars' and the users'.
  EXPECT_EQ(zc::allowed_streams({"user:read:admin", "webinar:read:list_webinars:admin",
                                 "webinar:read:list_absentees:admin"}),
            (V{"users", "webinars", "webinar_absentees"}));
  EXPECT_EQ(zc::allowed_streams({"phone:read:admin"}),
            (V{"phone_users", "phone_call_history", "phone_recordings"}));
  EXPECT_EQ(zc::allowed_streams({"dashboard:read:list_meetings:admin"}), V{"metrics_meetings"});
  EXPECT_EQ(zc::missing_scopes_for_stream("meetings", {}),
            (V{"meeting:read:admin or meeting:read:list_meetings:admin",
               "user:read:admin or user:read:list_users:admin"}));
  std::set<std::string> everything;
  for (const auto& row : zc::stream_table()) everything.emplace(row.granular_scope);
  EXPECT_EQ(zc::allowed_streams(everything).size(), zc::stream_table().size());
}

}  // namespace
