// Remote text the plugin repeats (Zoom's "message", a header, a curl error)
// made safe to show: valid UTF-8, one line, and short.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace zc {

// How much of one remote text a message repeats.
inline constexpr std::size_t k_remote_text_max = 300;
// Appended when a text was cut.
inline constexpr std::string_view k_cut_marker = "\u2026[cut]";

// At most `max_bytes` bytes of `text` (plus k_cut_marker when cut). Invalid
// UTF-8 becomes U+FFFD; control characters (C0, DEL, C1) and the bidi
// controls become a space. The cut falls on a character boundary, and never
// inside a run of token characters, so no part of a long token or secret is
// kept. Reads only as much of `text` as it needs: linear in the output.
std::string bounded_text(std::string_view text, std::size_t max_bytes = k_remote_text_max);

// bounded_text in double quotes: a name from outside, as a message names it.
std::string quoted_text(std::string_view text, std::size_t max_bytes = 64);

// True for the characters credentials are made of (ASCII letters, digits
// and "-._~+/=%").
bool is_token_char(char c);

}  // namespace zc
