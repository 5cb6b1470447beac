// "Did you mean" hints: the nearest known name within a typo's reach.
#include "core/nearest_name.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string>

namespace {

constexpr std::array<std::string_view, 4> k_names{"users", "groups", "meetings",
                                                  "past_meeting_participants"};

TEST(NearestName, ATypoFindsItsName) {
  EXPECT_EQ(zc::nearest_name("usres", k_names), "users");  // two letters swapped
  EXPECT_EQ(zc::nearest_name("grops", k_names), "groups");
  EXPECT_EQ(zc::nearest_name("meeting", k_names), "meetings");
  EXPECT_EQ(zc::nearest_name("Users", k_names), "users");
  EXPECT_EQ(zc::nearest_name("past_meeting_participant", k_names), "past_meeting_participants");
}

TEST(NearestName, NothingIsSuggestedForWhatIsNoTypo) {
  EXPECT_EQ(zc::nearest_name("webinars", k_names), "");
  EXPECT_EQ(zc::nearest_name("", k_names), "");
  EXPECT_EQ(zc::nearest_name(std::string(100, 'u'), k_names), "");
  EXPECT_EQ(zc::nearest_name("users", {}), "");
}

}  // namespace
