// What reaches the terminal: controls from outside become visible escapes.
#include "terminal_text.hpp"

#include <gtest/gtest.h>

namespace {

using host_sim::printable;
using host_sim::printable_lines;

TEST(TerminalText, EscapesC0ControlsAndDel) {
  EXPECT_EQ(printable("a\x1b]52;c;SGk=\x07z"), "a\\x1b]52;c;SGk=\\x07z");
  EXPECT_EQ(printable("tab\there\nnext\r\x7f"), "tab\\x09here\\x0anext\\x0d\\x7f");
  EXPECT_EQ(printable(std::string_view("nul\0!", 5)), "nul\\x00!");
}

TEST(TerminalText, EscapesC1ControlsRawAndEncoded) {
  EXPECT_EQ(printable("\x9b"
                      "31m"),
            "\\x9b31m")
      << "a raw C1 byte (8-bit CSI)";
  EXPECT_EQ(printable("\xc2\x9b"
                      "31m"),
            "\\u009b31m")
      << "U+009B in UTF-8";
  EXPECT_EQ(printable("\xc2\x9d"
                      "52;c;x\xc2\x9c"),
            "\\u009d52;c;x\\u009c")
      << "OSC ... ST";
  EXPECT_EQ(printable("\xe2\x82"), "\\xe2\\x82") << "a cut UTF-8 sequence";
}

TEST(TerminalText, KeepsOrdinaryTextAndUtf8) {
  EXPECT_EQ(printable("Zoom (Müller) – 東京 ✓"), "Zoom (Müller) – 東京 ✓");
  EXPECT_EQ(printable("\xc2\xa0nbsp"), "\xc2\xa0nbsp");
}

TEST(TerminalText, LinesKeepNewlinesOnly) {
  EXPECT_EQ(printable_lines("one\ntwo\x1b[2J\n"), "one\ntwo\\x1b[2J\n");
}

}  // namespace
