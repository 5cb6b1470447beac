// Text from outside (credential names, plugin schemas, Zoom messages) made
// safe to print to a terminal: C0 controls, DEL and C1 controls (raw bytes
// 0x80-0x9f that are not UTF-8, or U+0080-U+009F) become visible escapes
// such as \x1b or \u009b, so no escape sequence (OSC 52 clipboard writes,
// cursor moves, title changes) reaches the terminal. Valid UTF-8 text is
// kept as it is.
#pragma once

#include <string>
#include <string_view>

namespace host_sim {

// One line: every control, also newline and tab, is escaped.
std::string printable(std::string_view text);
// A block of lines: as printable(), but newlines are kept.
std::string printable_lines(std::string_view text);

}  // namespace host_sim
