// bounded_text: whatever the bytes, at most max bytes (plus the cut marker),
// valid UTF-8 on one line, and no part of a long token run kept.
#include <algorithm>

#include "core/bounded_text.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // The first byte picks the bound: small ones reach the cut on short inputs.
  const std::size_t max = data[0] % 2 == 0 ? zc::k_remote_text_max : data[0] / 2;
  const std::string_view text = fuzz::as_text(data + 1, size - 1);
  const std::string out = zc::bounded_text(text, max);
  const bool cut = out.ends_with(zc::k_cut_marker);
  const std::size_t body = cut ? out.size() - zc::k_cut_marker.size() : out.size();
  FUZZ_CHECK(body <= max);
  FUZZ_CHECK(fuzz::clean_line(out));
  if (max == zc::k_remote_text_max) FUZZ_CHECK(out.size() <= 300 + zc::k_cut_marker.size());
  // Short clean text passes unchanged.
  if (text.size() <= max && fuzz::clean_line(text) && text.find("\u2026[cut]") == text.npos &&
      std::none_of(text.begin(), text.end(), [](char c) { return c & 0x80; })) {
    FUZZ_CHECK(out == text);
  }
  return 0;
}
