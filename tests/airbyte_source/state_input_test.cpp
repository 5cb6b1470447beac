// What --state may hold: the STATE messages as a read printed them, in every
// form Airbyte or a person passes them; Singer's state value or its whole
// STATE message. LEGACY and other messages are refused, saying what to do.
#include "state_input.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <expected>
#include <string>

namespace {

namespace json = boost::json;
using airbyte_source::StreamBlobs;

// The inner state of one stream, as a read prints it.
std::string stream_state(const std::string& stream, const std::string& cursor) {
  return R"({"type":"STREAM","stream":{"stream_descriptor":{"name":")" + stream +
         R"("},"stream_state":{"cursor":")" + cursor + R"("}},"sourceStats":{"recordCount":3.0}})";
}

// The AirbyteMessage around it: one line of a read's output.
std::string state_message(const std::string& stream, const std::string& cursor) {
  return R"({"type":"STATE","state":)" + stream_state(stream, cursor) + "}";
}

// The blobs a state file's text gives, or its error.
std::expected<StreamBlobs, std::string> airbyte_blobs(const std::string& text) {
  return airbyte_source::airbyte_state_text_blobs(text);
}

std::expected<StreamBlobs, std::string> singer_blobs(const std::string& text) {
  return airbyte_source::singer_state_text_blobs(text);
}

std::string cursor_of(const StreamBlobs& blobs, const std::string& stream) {
  const auto it = blobs.find(stream);
  if (it == blobs.end() || !it->second.contains("cursor")) return "";
  return std::string(it->second.at("cursor").as_string());
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(AirbyteStateInput, TheStateLinesAsAReadPrintedThemAreAState) {
  const auto blobs = airbyte_blobs(state_message("recordings", "2026-06-01") + "\n" +
                                   state_message("users", "2026-06-02") + "\n\n" +
                                   state_message("recordings", "2026-06-03") + "\n");
  ASSERT_TRUE(blobs) << blobs.error();
  EXPECT_EQ(blobs->size(), 2u);
  EXPECT_EQ(cursor_of(*blobs, "recordings"), "2026-06-03");  // the last one counts
  EXPECT_EQ(cursor_of(*blobs, "users"), "2026-06-02");
}

TEST(AirbyteStateInput, AnArrayOfStateMessagesIsAState) {
  const auto blobs = airbyte_blobs("[" + state_message("recordings", "2026-06-01") + "," +
                                   state_message("users", "2026-06-02") + "]");
  ASSERT_TRUE(blobs) << blobs.error();
  EXPECT_EQ(cursor_of(*blobs, "recordings"), "2026-06-01");
  EXPECT_EQ(cursor_of(*blobs, "users"), "2026-06-02");
}

TEST(AirbyteStateInput, InnerStatesAloneOnLinesOrInAnArrayAreAState) {
  for (const std::string& text :
       {stream_state("recordings", "2026-06-01"),
        stream_state("users", "2026-05-01") + "\n" + stream_state("recordings", "2026-06-01"),
        "[" + stream_state("recordings", "2026-06-01") + "]",
        "[" + stream_state("users", "2026-05-01") + "," +
            state_message("recordings", "2026-06-01") + "]"}) {
    const auto blobs = airbyte_blobs(text);
    ASSERT_TRUE(blobs) << text << ": " << blobs.error();
    EXPECT_EQ(cursor_of(*blobs, "recordings"), "2026-06-01") << text;
  }
}

TEST(AirbyteStateInput, NothingIsNoState) {
  for (const char* text : {"", " \n", "[]", "{}", "null"}) {
    const auto blobs = airbyte_blobs(text);
    ASSERT_TRUE(blobs) << text;
    EXPECT_TRUE(blobs->empty()) << text;
  }
}

TEST(AirbyteStateInput, ALegacyStateIsRefusedSayingWhatToDo) {
  for (const char* text : {R"([{"type":"LEGACY","data":{"recordings":{"cursor":"2026-06-01"}}}])",
                           R"({"data":{"recordings":{"cursor":"2026-06-01"}}})",
                           R"({"type":"STATE","state":{"type":"LEGACY","data":{}}})"}) {
    const auto blobs = airbyte_blobs(text);
    ASSERT_FALSE(blobs) << text;
    EXPECT_TRUE(contains(blobs.error(), "LEGACY")) << blobs.error();
    EXPECT_TRUE(contains(blobs.error(), "reset the connection's state")) << blobs.error();
  }
}

TEST(AirbyteStateInput, OtherMessagesAndBrokenLinesAreRefusedByName) {
  const auto record = airbyte_blobs(state_message("users", "2026-06-01") + "\n" +
                                    R"({"type":"RECORD","record":{"stream":"users","data":{}}})");
  ASSERT_FALSE(record);
  EXPECT_TRUE(contains(record.error(), "\"RECORD\" message")) << record.error();
  const auto broken = airbyte_blobs(state_message("users", "2026-06-01") + "\n{\"type\":");
  ASSERT_FALSE(broken);
  EXPECT_TRUE(contains(broken.error(), "line 2 is not valid JSON")) << broken.error();
  const auto no_state = airbyte_blobs(R"({"type":"STATE"})");
  ASSERT_FALSE(no_state);
  EXPECT_TRUE(contains(no_state.error(), "no \"state\" object")) << no_state.error();
}

TEST(AirbyteStateInput, TheNumberOfMessagesIsBounded) {
  std::string text;
  for (std::size_t i = 0; i <= airbyte_source::k_max_state_messages; ++i) text += "{}\n";
  const auto blobs = airbyte_blobs(text);
  ASSERT_FALSE(blobs);
  EXPECT_TRUE(contains(blobs.error(), "more than 100000 messages")) << blobs.error();
}

TEST(AirbyteStateInput, StateBlobsStillPassTheShapeCheck) {
  const auto blobs = airbyte_blobs(state_message("recordings", "2026-02-30"));
  ASSERT_FALSE(blobs);
  EXPECT_TRUE(contains(blobs.error(), "recordings")) << blobs.error();
}

TEST(SingerStateInput, TheValueTheWholeMessageAndStateLinesAreAState) {
  const std::string value = R"({"bookmarks":{"recordings":{"cursor":"2026-06-01"}}})";
  const std::string older = R"({"bookmarks":{"recordings":{"cursor":"2026-05-01"}}})";
  for (const std::string& text : {value, R"({"type":"STATE","value":)" + value + "}",
                                  R"({"type":"STATE","value":)" + older + "}\n" +
                                      R"({"type":"STATE","value":)" + value + "}\n"}) {
    const auto blobs = singer_blobs(text);
    ASSERT_TRUE(blobs) << text << ": " << blobs.error();
    EXPECT_EQ(cursor_of(*blobs, "recordings"), "2026-06-01") << text;
  }
}

TEST(SingerStateInput, OtherMessagesAreRefusedNotIgnored) {
  for (const char* text : {R"({"type":"RECORD","stream":"users","record":{}})",
                           R"({"type":"STATE"})", R"({"type":"STATE","value":[]})",
                           "{\"type\":\"STATE\",\"value\":{}}\n{\"type\":\"SCHEMA\"}"}) {
    EXPECT_FALSE(singer_blobs(text)) << text;
  }
  const auto record = singer_blobs(R"({"type":"RECORD","stream":"users","record":{}})");
  ASSERT_FALSE(record);
  EXPECT_TRUE(contains(record.error(), "pass the last STATE message")) << record.error();
}

}  // namespace
