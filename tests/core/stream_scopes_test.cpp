#include "core/stream_scopes.hpp"

#include <gtest/gtest.h>

namespace {

TEST(StreamScopes, TableHasTheTwelveStreamsAndNoCycles) {
  const auto table = zc::stream_scope_table();
  ASSERT_EQ(table.size(), 12u);
  for (const auto& row : table) {
    EXPECT_FALSE(row.classic_scope.empty());
    EXPECT_FALSE(row.granular_scope.empty());
    int depth = 0;
    for (auto r = zc::find_stream_scopes(row.stream); r && !r->parent.empty();
         r = zc::find_stream_scopes(r->parent)) {
      ASSERT_TRUE(zc::find_stream_scopes(r->parent)) << r->parent;
      ASSERT_LT(++depth, 5) << row.stream;
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
            (V{"users", "meetings", "past_meeting_participants"}));
  EXPECT_EQ(zc::allowed_streams({"phone:read:admin"}), (V{"phone_users", "phone_call_history"}));
  EXPECT_EQ(zc::allowed_streams({"dashboard:read:list_meetings:admin"}), V{"metrics_meetings"});
  EXPECT_EQ(zc::missing_scopes_for_stream("meetings", {}),
            (V{"meeting:read:admin or meeting:read:list_meetings:admin",
               "user:read:admin or user:read:list_users:admin"}));
  std::set<std::string> everything;
  for (const auto& row : zc::stream_scope_table()) everything.emplace(row.granular_scope);
  EXPECT_EQ(zc::allowed_streams(everything).size(), 12u);
}

}  // namespace
