// The media streams of issue 23 against the simulator: phone recordings,
// meeting summaries (a 12702 skipped and counted) and, below the cloud
// recordings, their transcripts.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "fetch/webvtt.hpp"
#include "fetch_support.hpp"
#include "test_server.hpp"
#include "zoom_sim/media.hpp"

namespace {

using fetch_test::expect_no_duplicates;
using fetch_test::run_fetch;

std::chrono::sys_days today() {
  return std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
}

std::set<std::string> ids_of(const std::vector<std::string>& rows, const char* key) {
  std::set<std::string> out;
  for (const auto& row : rows) out.insert(std::string(boost::json::parse(row).at(key).as_string()));
  return out;
}

std::string request_from(std::chrono::sys_days from, const std::string& streams) {
  return R"({"plan":"business","rate_share":1,"page_size":5,"streams":[)" + streams +
         R"(],"from":")" + zc::format_date(from) + R"("})";
}

// The TRANSCRIPT file ids of the recordings held in [from, today].
std::vector<std::string> transcript_files(const zoom_sim::Dataset& ds, std::chrono::sys_days from) {
  std::vector<std::string> out;
  for (const auto& m : ds.meetings) {
    if (!m.has_recording || std::chrono::floor<std::chrono::days>(m.start_time) < from) continue;
    const auto recording = boost::json::parse(m.json_recording);  // outlives the loop
    for (const auto& file : recording.at("recording_files").as_array()) {
      if (file.at("file_type") == "TRANSCRIPT") out.emplace_back(file.at("id").as_string());
    }
  }
  return out;
}

using SimMediaFetch = fetch_test::SimAccountTest;

TEST_F(SimMediaFetch, PhoneRecordingsCoverTheRangeInMonthWindows) {
  const auto from = today() - std::chrono::days{75};
  const auto out = run_fetch(connector(), R"({"plan":"business","rate_share":1,)"
                                          R"("streams":["phone_recordings"],"from":")" +
                                              zc::format_date(from) + R"(","page_size":4})");
  ASSERT_FALSE(out.error) << out.error->message;
  expect_no_duplicates(out);
  // The windows split the range at month ends: the union is the whole range.
  const auto expected = ids_of(zoom_sim::phone_recording_rows(ds(), {from, today()}), "id");
  ASSERT_GT(expected.size(), 8u) << "more than two pages of four";
  EXPECT_EQ(out.id_set("phone_recordings"), expected);
  EXPECT_GE(out.summary_stream_count("phone_recordings", "pages"), 3u);
  EXPECT_EQ(sim_.stats().per_status.count(400), 0u) << "no window was refused";
}

TEST_F(SimMediaFetch, MeetingSummariesSkipAndCountMeetingsWithoutOne) {
  const auto from = today() - std::chrono::days{150};
  sim_.reset_stats();
  const auto out = run_fetch(connector(), request_from(from, R"("meeting_summaries")"));
  std::set<std::string> expected, missing;
  bool awkward_uuid = false;  // one that must be encoded twice in the path
  for (const auto& row : zoom_sim::meeting_summary_rows(ds(), {from, today()})) {
    const std::string uuid(boost::json::parse(row).at("meeting_uuid").as_string());
    const zoom_sim::Meeting* meeting = ds().find_meeting_by_uuid(uuid);
    ASSERT_NE(meeting, nullptr);
    (zoom_sim::summary_missing(ds(), *meeting) ? missing : expected).insert(uuid);
    awkward_uuid |= uuid.starts_with('/') || uuid.find("//") != std::string::npos;
  }
  ASSERT_FALSE(missing.empty());
  ASSERT_TRUE(awkward_uuid) << "the data holds a UUID the path must encode twice";
  ASSERT_FALSE(out.error) << out.error->message;
  expect_no_duplicates(out);
  EXPECT_EQ(out.id_set("meeting_summaries"), expected);
  EXPECT_EQ(out.count("meeting_summary_list"), 0u) << "listed only to feed its child";
  EXPECT_EQ(out.summary_stream_count("meeting_summaries", "partitions_skipped"), missing.size());
  const auto& skipped = out.summary->at("skipped_partitions").as_array();
  ASSERT_EQ(skipped.size(), missing.size());
  for (const auto& entry : skipped) {
    EXPECT_EQ(entry.at("code"), 12702);
    EXPECT_EQ(entry.at("reason"), "no_summary");
    EXPECT_TRUE(missing.contains(std::string(entry.at("id").as_string())));
  }
  const auto stats = sim_.stats();
  EXPECT_EQ(stats.per_status.count(400), 0u) << "no window was refused";
  EXPECT_EQ(stats.per_endpoint.at("GET /v2/meetings/{meetingId}/meeting_summary"),
            expected.size() + missing.size())
      << "one call per listed meeting, none for a 3001 of a once-encoded UUID";
}

TEST_F(SimMediaFetch, TranscriptsBecomeOneRecordPerCue) {
  const auto from = today() - std::chrono::days{50};
  const auto out = run_fetch(connector(), request_from(from, R"("recording_transcripts")"));
  ASSERT_FALSE(out.error) << out.error->message;
  expect_no_duplicates(out);
  std::set<std::string> expected;
  for (const auto& file : transcript_files(ds(), from)) {
    for (int cue = 0; cue < ds().sizes.transcript_cues; ++cue)
      expected.insert(file + "#" + std::to_string(cue));
  }
  ASSERT_GT(expected.size(), 0u);
  EXPECT_EQ(out.id_set("recording_transcripts"), expected);
}

// The recordings' own download URLs carry the simulator's token-like
// access_token, as Zoom's do; no record hands one over.
TEST_F(SimMediaFetch, RecordingsHandOverNoDownloadToken) {
  const auto from = today() - std::chrono::days{50};
  auto stream = connector().fetch(request_from(from, R"("recordings","recording_transcripts")"),
                                  fetch_test::fast_settings());
  ASSERT_TRUE(stream) << stream.error().message;
  std::size_t recordings = 0;
  std::size_t urls = 0;
  while (true) {
    auto item = (*stream)->next();
    ASSERT_TRUE(item) << item.error().message;
    if (item->kind == zc::FetchItem::Kind::end) break;
    if (item->kind != zc::FetchItem::Kind::record) continue;
    const std::string line(item->json);
    if (item->stream == "recordings") ++recordings;
    EXPECT_EQ(line.find(zoom_sim::k_download_token_marker), std::string::npos) << line;
    for (std::size_t at = line.find("access_token="); at != std::string::npos;
         at = line.find("access_token=", at + 1)) {
      ++urls;
      EXPECT_EQ(line.compare(at, 21, "access_token=REDACTED"), 0) << line;
    }
  }
  EXPECT_GT(recordings, 0u);
  EXPECT_GT(urls, 0u) << "the URLs are kept, only their token goes";
}

// A download that redirects to another host goes there without the token.
TEST(SimTranscriptRedirect, FollowsWithoutTheTokenAndNamesTheRecordingNotItsUrl) {
  zc_test::TestServer elsewhere;  // another loopback host:port; it answers JSON
  auto options = fetch_test::small_account();
  options.download_redirect = elsewhere.base_url();
  zoom_sim::Simulator sim(options);
  auto built = zc_test::build(zc_test::sim_credential(sim), zc_test::sim_options(sim));
  const auto out = run_fetch(*built.connector, request_from(today() - std::chrono::days{50},
                                                            R"("recording_transcripts")"));
  EXPECT_GT(elsewhere.requests(), 0) << "the redirect was followed";
  EXPECT_EQ(elsewhere.requests_with_authorization(), 0) << "never with the bearer token";
  ASSERT_TRUE(out.error) << "the other host's JSON is no WebVTT: the partitions fail";
  EXPECT_NE(out.error->message.find("recording file "), std::string::npos) << out.error->message;
  EXPECT_NE(out.error->message.find("is not WebVTT"), std::string::npos) << out.error->message;
  const std::string summary = boost::json::serialize(*out.summary);
  for (const std::string& text : {out.error->message, summary}) {
    EXPECT_EQ(text.find(zoom_sim::k_download_token_marker), std::string::npos) << text;
    EXPECT_EQ(text.find("/rec/download"), std::string::npos) << "no URL: " << text;
  }
}

TEST_F(SimMediaFetch, AMalformedTranscriptFailsItsPartitionByTheFilesId) {
  zoom_sim::FaultRule rule;
  rule.kind = zoom_sim::FaultKind::html_200;
  rule.path_prefix = "/rec/download/";
  rule.probability = 1.0;
  sim_.set_faults(zoom_sim::FaultPlan{1, {rule}});
  const auto from = today() - std::chrono::days{50};
  const auto out = run_fetch(connector(), request_from(from, R"("recording_transcripts")"));
  ASSERT_TRUE(out.error);
  const auto files = transcript_files(ds(), from);
  const auto& failed = out.summary->at("failed_partitions").as_array();
  ASSERT_EQ(failed.size(), std::set<std::string>(files.begin(), files.end()).size());
  const std::string first(failed[0].at("message").as_string());
  EXPECT_NE(first.find("is not WebVTT: line 1: no WEBVTT header"), std::string::npos) << first;
  EXPECT_EQ(first.find(zoom_sim::k_download_token_marker), std::string::npos) << first;
  EXPECT_EQ(out.count("recording_transcripts"), 0u) << "no partial transcript";
}

TEST(SimTranscriptBound, ATranscriptOverFourMebibytesIsRefused) {
  auto options = fetch_test::small_account();
  options.sizes.users = 2;
  options.sizes.hosting_percent = 100;
  options.sizes.transcript_cues = 70'000;  // about 5 MB of WebVTT
  zoom_sim::Simulator sim(options);
  auto built = zc_test::build(zc_test::sim_credential(sim), zc_test::sim_options(sim));
  const auto from = today() - std::chrono::days{170};
  const auto files = transcript_files(sim.dataset(), from);
  ASSERT_FALSE(files.empty());
  const std::string vtt = zoom_sim::transcript_vtt(sim.dataset().seed, files[0], 70'000);
  ASSERT_GT(vtt.size(), zc::fetch::k_max_transcript_bytes);
  const auto out =
      fetch_test::run_fetch(*built.connector, request_from(from, R"("recording_transcripts")"));
  ASSERT_TRUE(out.error);
  EXPECT_NE(out.error->message.find("could not be downloaded"), std::string::npos)
      << out.error->message;
  EXPECT_EQ(out.count("recording_transcripts"), 0u);
}

}  // namespace
