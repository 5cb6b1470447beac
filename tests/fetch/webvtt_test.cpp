// The WebVTT reader of recording_transcripts: Zoom's cue shape, voice tags,
// and the malformed files that must fail (never a silent partial read).
#include "fetch/webvtt.hpp"

#include <gtest/gtest.h>

namespace {

using zc::fetch::parse_webvtt;

TEST(WebVtt, ReadsZoomsCuesWithSpeakerPrefixes) {
  const auto cues = parse_webvtt(
      "WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.500\nAlice Smith: Hello everyone\n\n"
      "2\n00:00:05.250 --> 00:00:07.000\nBob: Two\nlines\n");
  ASSERT_TRUE(cues) << cues.error();
  ASSERT_EQ(cues->size(), 2u);
  EXPECT_EQ((*cues)[0].index, 0u);
  EXPECT_EQ((*cues)[0].start_ms, 1000);
  EXPECT_EQ((*cues)[0].end_ms, 4500);
  EXPECT_EQ((*cues)[0].speaker, "Alice Smith");
  EXPECT_EQ((*cues)[0].text, "Hello everyone");
  EXPECT_EQ((*cues)[1].index, 1u);
  EXPECT_EQ((*cues)[1].start_ms, 5250);
  EXPECT_EQ((*cues)[1].speaker, "Bob");
  EXPECT_EQ((*cues)[1].text, "Two\nlines");
}

TEST(WebVtt, ReadsVoiceTagsCrlfBomHoursAndSkipsNotes) {
  const auto cues = parse_webvtt(
      "\xEF\xBB\xBFWEBVTT - a title\r\nKind: captions\r\n\r\nNOTE a comment\r\nmore\r\n\r\n"
      "101:02:03.004 --> 101:02:04.000 align:start\r\n<v.loud Carol Ann>Hi there</v>\r\n\r\n"
      "00:10.000 --> 00:11.000\rno speaker: at all? no: it has one\r\r"
      "00:12.000 --> 00:12.000\nhttp://example.com: a link\n");
  ASSERT_TRUE(cues) << cues.error();
  ASSERT_EQ(cues->size(), 3u);
  EXPECT_EQ((*cues)[0].start_ms, ((101 * 60 + 2) * 60 + 3) * 1000LL + 4);
  EXPECT_EQ((*cues)[0].speaker, "Carol Ann");
  EXPECT_EQ((*cues)[0].text, "Hi there");
  EXPECT_EQ((*cues)[1].start_ms, 10000);
  EXPECT_EQ((*cues)[1].speaker, "no speaker");
  EXPECT_EQ((*cues)[2].speaker, "") << "a name may not hold ':'";
  EXPECT_EQ((*cues)[2].text, "http://example.com: a link");
}

// Found by the fuzz target: a tag taken out must not leave an empty line
// (which would end the cue in a file), and a tag that names no one is text.
TEST(WebVtt, ATagTakenOutLeavesNoEmptyLine) {
  const auto cues = parse_webvtt(
      "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Bob>\nHello\n</v>\nagain\n\n"
      "00:03.000 --> 00:04.000\n<v.loud>nobody\n");
  ASSERT_TRUE(cues) << cues.error();
  ASSERT_EQ(cues->size(), 2u);
  EXPECT_EQ((*cues)[0].speaker, "Bob");
  EXPECT_EQ((*cues)[0].text, "Hello\nagain");
  EXPECT_EQ((*cues)[1].speaker, "");
  EXPECT_EQ((*cues)[1].text, "<v.loud>nobody");
}

TEST(WebVtt, AnEmptyTranscriptHasNoCues) {
  const auto cues = parse_webvtt("WEBVTT\n");
  ASSERT_TRUE(cues) << cues.error();
  EXPECT_TRUE(cues->empty());
}

TEST(WebVtt, MalformedFilesFailNamingTheLineNeverTheText) {
  struct Case {
    const char* file;
    const char* says;
  };
  const Case cases[] = {
      {"", "no WEBVTT header"},
      {"<html>secret-looking text</html>", "no WEBVTT header"},
      {"WEBVTTX\n", "no WEBVTT header"},
      {"WEBVTT\n\n1\nno timing here\nsecret-looking text\n", "line 4"},
      {"WEBVTT\n\n00:00:01.000 -> 00:00:02.000\nx\n", "timing"},
      {"WEBVTT\n\n00:00:01.00 --> 00:00:02.000\nx\n", "timing"},
      {"WEBVTT\n\n00:61.000 --> 01:02.000\nx\n", "timing"},
      {"WEBVTT\n\n00:00:01.000 --> 00:00:02.000x\nx\n", "timing"},
      {"WEBVTT\n\n00:00:05.000 --> 00:00:02.000\nx\n", "ends before it starts"},
      {"WEBVTT\n\n00:01.000 --> 00:02.000\n\xC3(\n", "not UTF-8"},
      {"WEBVTT\n\n00:01.000 --> 00:02.000\n\xED\xA0\x80\n", "not UTF-8"},
  };
  for (const Case& c : cases) {
    const auto cues = parse_webvtt(c.file);
    ASSERT_FALSE(cues) << c.file;
    EXPECT_NE(cues.error().find(c.says), std::string::npos) << c.file << ": " << cues.error();
    EXPECT_EQ(cues.error().find("secret-looking"), std::string::npos) << cues.error();
  }
  const std::string with_nul("WEBVTT\n\n00:01.000 --> 00:02.000\na\0b\n", 36);
  EXPECT_FALSE(parse_webvtt(with_nul));
}

TEST(WebVtt, BoundsCueLengthAndCount) {
  std::string file = "WEBVTT\n\n00:01.000 --> 00:02.000\n";
  file += std::string(zc::fetch::k_max_cue_text, 'a');
  const auto too_long = parse_webvtt(file);
  ASSERT_FALSE(too_long);
  EXPECT_NE(too_long.error().find("longer than"), std::string::npos);

  std::string many = "WEBVTT\n";
  for (std::size_t i = 0; i <= zc::fetch::k_max_cues; ++i) many += "\n00:01.000 --> 00:02.000\nx\n";
  const auto too_many = parse_webvtt(many);
  ASSERT_FALSE(too_many);
  EXPECT_NE(too_many.error().find("cues"), std::string::npos);
}

}  // namespace
