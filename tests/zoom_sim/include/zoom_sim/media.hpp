// The simulator's media records (phone recordings, meeting summaries), made
// from (seed, index) when served: tests read their expected records here.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "zoom_sim/dataset.hpp"

namespace zoom_sim {

struct MediaWindow {
  std::chrono::sys_days from, to;
};

// GET /phone/recordings: one row (JSON) per call log with a recording (two
// of three, by a SplitMix of (seed, call log index)) whose start is in `win`.
std::vector<std::string> phone_recording_rows(const Dataset& ds, const MediaWindow& win);

// GET /meetings/meeting_summaries: the past meetings of `win` with an AI
// Companion summary (three of four, by (seed, meeting id)).
std::vector<std::string> meeting_summary_rows(const Dataset& ds, const MediaWindow& win);
bool has_summary(const Dataset& ds, const Meeting& m);
// Whether a listed meeting's summary answers 404/12702 (one in five of those
// listed: deleted since the listing; a guess, see docs/zoom_sim.md).
bool summary_missing(const Dataset& ds, const Meeting& m);

// Cloud recordings' TRANSCRIPT files (WebVTT): two of three recordings have
// one (by a SplitMix of (seed, the recording's id)). Its download_url starts
// k_transcript_url_prefix in the dataset; the server serves it as its own
// base URL + "/rec/download/<file id>", with a token-like access_token query
// (k_download_token_marker...) as Zoom's signed URLs carry.
inline constexpr std::string_view k_transcript_url_prefix =
    "https://sim-download.zoom.example/rec/download/";
inline constexpr std::string_view k_download_token_marker = "SIMDOWNLOADTOKEN";
bool has_transcript(std::uint64_t seed, std::int64_t meeting_id);
// The transcript file's id: the recording's MP4 file id with "-vtt" appended.
std::string transcript_file_id(std::string_view mp4_file_id);
// The WebVTT text of transcript `file_id` with `cues` cues, from (seed, id).
std::string transcript_vtt(std::uint64_t seed, std::string_view file_id, int cues);

}  // namespace zoom_sim
