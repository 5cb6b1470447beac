// A WebVTT file (a cloud recording's TRANSCRIPT) read into its cues: the
// hostile-input part of the recording_transcripts stream. Linear, bounded
// (k_max_cues, k_max_cue_text), never std::regex; a message names the line,
// never the file's text.
//
//   WEBVTT
//
//   1
//   00:00:01.000 --> 00:00:04.500
//   Alice Smith: Hello everyone
//
// A cue's speaker is its voice tag (<v Alice Smith>text</v>) or, as Zoom
// writes it, a "Name: " prefix of its first line (a name of at most
// k_max_speaker bytes, without '<' or ':').
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace zc::fetch {

// A transcript download's largest body: 4 MiB, some 40 hours of speech.
inline constexpr std::size_t k_max_transcript_bytes = 4u << 20;
inline constexpr std::size_t k_max_cues = 200'000;
inline constexpr std::size_t k_max_cue_text = 64 * 1024;
inline constexpr std::size_t k_max_speaker = 128;

struct VttCue {
  std::uint64_t index = 0;  // 0-based, in file order
  std::int64_t start_ms = 0;
  std::int64_t end_ms = 0;
  std::string speaker;  // "" when the cue names none
  std::string text;     // lines joined by '\n', the speaker's tag or prefix removed
};

// The cues of `file`, or why it is not a WebVTT file this reader accepts
// (no WEBVTT header, a bad timing line, an end before its start, text that
// is not UTF-8 or holds a NUL, too many cues, a cue too long).
std::expected<std::vector<VttCue>, std::string> parse_webvtt(std::string_view file);

}  // namespace zc::fetch
