// The plugin's checkpoint split per stream and merged back, with its frontier
// kept only when every stream's state is of one checkpoint.
#include "stream_state.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace {

namespace json = boost::json;
using airbyte_source::merge_checkpoints;
using airbyte_source::split_checkpoint;
using airbyte_source::StreamBlobs;

const std::vector<std::string> k_streams{"users", "meetings", "past_meeting_participants"};

// A fetch of users -> meetings -> participants, stopped midway: one users page
// walked, two users' meetings open, one meeting's participants open.
json::value checkpoint_with_frontier() {
  return json::parse(R"({"version":1,"credential":"c0ffee",
    "partitions":{"users|all":{"done":false,"emitted":300,"page_token":"t1"},
                  "meetings|user=u1":{"done":true,"emitted":4},
                  "meetings|user=u2":{"done":false,"emitted":30,"page_token":"m2"},
                  "past_meeting_participants|meeting=m9":{"done":false,"emitted":10}},
    "cursors":{},
    "frontier":{"plan":"0123456789abcdef",
                "open":{"meetings":["u2","u3"],"past_meeting_participants":["m9"]}}})");
}

StreamBlobs split_at(const json::value& checkpoint, const std::string& moment) {
  return split_checkpoint(checkpoint, k_streams, {{"users", std::nullopt}}, moment);
}

TEST(AirbyteStreamState, EachStreamCarriesItsOwnOpenParentsAndTheMoment) {
  const StreamBlobs blobs = split_at(checkpoint_with_frontier(), "r1:7");
  const json::object& meetings = blobs.at("meetings").at("checkpoint").as_object();
  EXPECT_EQ(meetings.at("moment"), "r1:7");
  EXPECT_EQ(meetings.at("frontier").at("plan"), "0123456789abcdef");
  EXPECT_EQ(meetings.at("frontier").at("open"), json::parse(R"({"meetings":["u2","u3"]})"));
  EXPECT_EQ(meetings.at("partitions").as_object().size(), 2u);
  const json::object& users = blobs.at("users").at("checkpoint").as_object();
  EXPECT_TRUE(users.at("frontier").at("open").as_object().empty()) << "users is no child";
  EXPECT_EQ(users.at("moment"), "r1:7");
}

TEST(AirbyteStreamState, OneMomentMergesBackTheWholeFrontier) {
  const auto merged = merge_checkpoints(split_at(checkpoint_with_frontier(), "r1:7"));
  ASSERT_TRUE(merged);
  EXPECT_TRUE(merged->frontier);
  const json::value original = checkpoint_with_frontier();
  EXPECT_EQ(merged->state.at("partitions"), original.at("partitions"));
  EXPECT_EQ(merged->state.at("frontier"), original.at("frontier"));
}

TEST(AirbyteStreamState, StatesOfTwoCheckpointsResumeWithoutAFrontier) {
  // The destination committed meetings' state of checkpoint 8 but users' and
  // participants' only of checkpoint 7: a child finished in between is in
  // neither frontier, so the merge must not claim one.
  StreamBlobs blobs = split_at(checkpoint_with_frontier(), "r1:7");
  blobs["meetings"] = split_at(checkpoint_with_frontier(), "r1:8").at("meetings");
  const auto merged = merge_checkpoints(blobs);
  ASSERT_TRUE(merged);
  EXPECT_FALSE(merged->frontier);
  EXPECT_FALSE(merged->state.contains("frontier"));
  EXPECT_EQ(merged->state.at("partitions").as_object().size(), 4u) << "progress is kept";
}

TEST(AirbyteStreamState, AnotherReadsCheckpointOfTheSameNumberDoesNotMatch) {
  StreamBlobs blobs = split_at(checkpoint_with_frontier(), "r1:7");
  blobs["users"] = split_at(checkpoint_with_frontier(), "r2:7").at("users");
  EXPECT_FALSE(merge_checkpoints(blobs)->frontier);
}

TEST(AirbyteStreamState, ABlobWithoutFrontierOrWithAnotherPlanDropsIt) {
  StreamBlobs blobs = split_at(checkpoint_with_frontier(), "r1:7");
  blobs["users"]["checkpoint"].as_object().erase("frontier");
  EXPECT_FALSE(merge_checkpoints(blobs)->frontier) << "an older host's blob";

  blobs = split_at(checkpoint_with_frontier(), "r1:7");
  blobs["users"]["checkpoint"].as_object()["frontier"].as_object()["plan"] = "fedcba9876543210";
  EXPECT_FALSE(merge_checkpoints(blobs)->frontier);

  blobs = split_at(checkpoint_with_frontier(), "r1:7");
  blobs["users"]["checkpoint"].as_object()["moment"] = 7;
  EXPECT_FALSE(merge_checkpoints(blobs)->frontier) << "a moment that is not text";
}

TEST(AirbyteStreamState, AStreamsOpenParentsAreTakenOnlyFromItsOwnBlob) {
  // A tampered users blob naming meetings' parents cannot add or double them.
  StreamBlobs blobs = split_at(checkpoint_with_frontier(), "r1:7");
  blobs["users"]["checkpoint"].as_object()["frontier"].as_object()["open"] =
      json::parse(R"({"meetings":["evil"]})");
  const auto merged = merge_checkpoints(blobs);
  ASSERT_TRUE(merged->frontier);
  EXPECT_EQ(merged->state.at("frontier").at("open").at("meetings"), json::parse(R"(["u2","u3"])"));
}

TEST(AirbyteStreamState, ACheckpointWithoutFrontierSplitsAsBefore) {
  json::value checkpoint = checkpoint_with_frontier();
  checkpoint.as_object().erase("frontier");
  const StreamBlobs blobs = split_at(checkpoint, "r1:7");
  EXPECT_FALSE(blobs.at("meetings").at("checkpoint").as_object().contains("moment"))
      << "no moment: an unchanged stream is not stated again";
  const auto merged = merge_checkpoints(blobs);
  ASSERT_TRUE(merged);
  EXPECT_FALSE(merged->frontier);
}

TEST(AirbyteStreamState, AChildWithOpenParentsButNoProgressStillGetsACheckpoint) {
  json::value checkpoint = checkpoint_with_frontier();
  checkpoint.as_object()["partitions"].as_object().erase("past_meeting_participants|meeting=m9");
  const StreamBlobs blobs = split_at(checkpoint, "r1:7");
  ASSERT_TRUE(blobs.at("past_meeting_participants").contains("checkpoint"));
  const auto merged = merge_checkpoints(blobs);
  EXPECT_EQ(merged->state.at("frontier").at("open").at("past_meeting_participants"),
            json::parse(R"(["m9"])"));
}

}  // namespace
