// An incoming Airbyte or Singer state is hostile: only blobs of the shape
// this source writes get through to the read; everything else is a clear
// protocol error naming the stream and what is wrong.
#include "state_shape.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>

#include "state_input.hpp"

namespace {

namespace json = boost::json;
using airbyte_source::airbyte_state_blobs;
using airbyte_source::singer_state_blobs;

// An Airbyte state of one STREAM message for `stream` carrying `blob`.
json::value airbyte_state(const std::string& stream, const std::string& blob) {
  return json::parse(R"([{"type":"STREAM","stream":{"stream_descriptor":{"name":")" + stream +
                     R"("},"stream_state":)" + blob + "}}]");
}

// The error both protocols give for this blob, which must be the same.
std::string refusal(const std::string& stream, const std::string& blob) {
  const auto airbyte = airbyte_state_blobs(airbyte_state(stream, blob));
  const auto singer =
      singer_state_blobs(json::parse(R"({"bookmarks":{")" + stream + R"(":)" + blob + "}}"));
  EXPECT_EQ(airbyte.has_value(), singer.has_value()) << blob;
  if (airbyte || singer) return "";
  EXPECT_EQ(airbyte.error(), singer.error());
  return airbyte.error();
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(AirbyteStateShape, WhatThisSourceWritesGetsThrough) {
  EXPECT_EQ(refusal("recordings", R"({"cursor":"2026-06-01"})"), "");
  EXPECT_EQ(refusal("meetings", R"({"cursor":null,"checkpoint":{"version":1,"credential":"c0ffee",
    "partitions":{"meetings|user=u2":{"emitted":30,"page_token":"m2"}},
    "frontier":{"plan":"0123456789abcdef","open":{"meetings":["u2","u3"]}},"moment":"r1:7"}})"),
            "");
  EXPECT_EQ(refusal("users", R"({"checkpoint":{"opaque":"a newer plugin's shape"}})"), "");
  EXPECT_EQ(refusal("users", "{}"), "");
}

TEST(AirbyteStateShape, ACursorMustBeARealDateOf1970OrLater) {
  for (const char* cursor :
       {"0001-01-01", "2026-13-01", "2026-02-30", "1969-12-31", "2026-1-01", "tomorrow"}) {
    const std::string why = refusal("recordings", R"({"cursor":")" + std::string(cursor) + "\"}");
    EXPECT_TRUE(contains(why, "stream \"recordings\": its \"cursor\" is not a date"))
        << cursor << ": " << why;
  }
  EXPECT_NE(refusal("recordings", R"({"cursor":20260101})"), "");
}

TEST(AirbyteStateShape, AStreamsCheckpointCarriesOnlyItsOwnPartitions) {
  const std::string why = refusal("users", R"({"checkpoint":{"version":1,"credential":"c",
    "partitions":{"meetings|user=u1":{"done":true,"emitted":0}}}})");
  EXPECT_TRUE(contains(why, "stream \"users\": its checkpoint holds a partition of another stream"))
      << why;
  EXPECT_NE(refusal("users", R"({"checkpoint":{"version":1,"credential":"c",
    "partitions":{"users|all":7}}})"),
            "");
  EXPECT_NE(refusal("users", R"({"checkpoint":{"version":1,"partitions":{}}})"), "")
      << "no credential";
}

TEST(AirbyteStateShape, AFrontierHoldsOnlyThisStreamsParentIdsOfBoundedSize) {
  const auto with_frontier = [](const std::string& frontier) {
    return R"({"checkpoint":{"version":1,"credential":"c","partitions":{},"frontier":)" + frontier +
           "}}";
  };
  EXPECT_TRUE(contains(refusal("meetings", with_frontier(R"({"plan":"p","open":{"users":["x"]}})")),
                       "another stream's partitions"));
  EXPECT_TRUE(
      contains(refusal("meetings", with_frontier(R"({"plan":"p","open":{"meetings":[7]}})")),
               "not text of 1 to 256 bytes"));
  EXPECT_NE(refusal("meetings", with_frontier(R"({"plan":"p","open":{"meetings":[""]}})")), "");
  EXPECT_NE(refusal("meetings", with_frontier(R"({"plan":"p","open":{"meetings":[")" +
                                              std::string(300, 'u') + R"("]}})")),
            "");
  EXPECT_NE(refusal("meetings", with_frontier(R"({"open":{}})")), "") << "no plan";
  json::array many;
  for (int i = 0; i < 50001; ++i) many.emplace_back("u" + std::to_string(i));
  EXPECT_TRUE(contains(refusal("meetings", with_frontier(R"({"plan":"p","open":{"meetings":)" +
                                                         json::serialize(many) + "}}")),
                       "at most 50000 ids"));
}

TEST(AirbyteStateShape, UnknownMembersAndOversizedNamesAreRefusedWithoutEchoingThem) {
  const std::string why = refusal("users", R"({"cursor":"2026-01-01","page":"x"})");
  EXPECT_TRUE(contains(why, "it has a member \"page\" this source never writes")) << why;
  EXPECT_TRUE(contains(refusal("users", R"({"checkpoint":{"version":1,"credential":"c",
    "partitions":{},"extra":1}})"),
                       "\"extra\" this source never writes"));
  const std::string long_name(500, 'n');
  const std::string named = refusal(long_name, "{}");
  EXPECT_TRUE(contains(named, "longer than 100 bytes")) << named;
  EXPECT_FALSE(contains(named, long_name)) << "the name is not echoed";
}

}  // namespace
