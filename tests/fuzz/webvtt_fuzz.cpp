// webvtt: a transcript file from a download (recording_transcripts). Whatever
// the bytes: cues in order, numbered from 0, each ending no earlier than it
// starts, valid UTF-8 text within the bounds; an input that fails says why
// without quoting it; a file written from the cues reads back to the same
// number of cues with the same times.
#include <string>

#include "fetch/webvtt.hpp"
#include "fuzz_support.hpp"

namespace {

std::string stamp(std::int64_t ms) {
  char out[40];
  std::snprintf(out, sizeof out, "%02lld:%02lld:%02lld.%03lld",
                static_cast<long long>(ms / 3600000), static_cast<long long>(ms / 60000 % 60),
                static_cast<long long>(ms / 1000 % 60), static_cast<long long>(ms % 1000));
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view file = fuzz::as_text(data, size);
  const auto cues = zc::fetch::parse_webvtt(file);
  if (!cues) {
    FUZZ_CHECK(!cues.error().empty() && cues.error().size() < 200);
    FUZZ_CHECK(fuzz::valid_utf8(cues.error()));
    return 0;
  }
  FUZZ_CHECK(cues->size() <= zc::fetch::k_max_cues);
  std::string again = "WEBVTT\n";
  for (std::size_t i = 0; i < cues->size(); ++i) {
    const zc::fetch::VttCue& cue = (*cues)[i];
    FUZZ_CHECK(cue.index == i);
    FUZZ_CHECK(cue.start_ms >= 0 && cue.end_ms >= cue.start_ms);
    FUZZ_CHECK(cue.text.size() <= zc::fetch::k_max_cue_text);
    FUZZ_CHECK(cue.speaker.size() <= zc::fetch::k_max_speaker + 64);
    FUZZ_CHECK(fuzz::valid_utf8(cue.text) && fuzz::valid_utf8(cue.speaker));
    FUZZ_CHECK(cue.speaker.find('\n') == std::string::npos);
    again += "\n" + stamp(cue.start_ms) + " --> " + stamp(cue.end_ms) + "\n";
    again += cue.speaker.empty() ? "" : "<v " + cue.speaker + ">";
    again += cue.text + "\n";
  }
  const auto reread = zc::fetch::parse_webvtt(again);
  FUZZ_CHECK(reread && reread->size() == cues->size());
  for (std::size_t i = 0; i < cues->size(); ++i) {
    FUZZ_CHECK((*reread)[i].start_ms == (*cues)[i].start_ms);
    FUZZ_CHECK((*reread)[i].end_ms == (*cues)[i].end_ms);
  }
  return 0;
}
