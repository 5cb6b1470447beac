// Zeroes the bytes of a secret before its memory is reused or freed, so the
// plugin's copies of a client secret or token do not linger (a host's core
// dump, a later allocation). The compiler may not drop these writes.
#pragma once

#include <string>

namespace zc {

// Zeroes every byte `text` owns (its whole capacity) and leaves it empty.
void wipe(std::string& text) noexcept;

// Wipes a string when the scope ends, whichever way it ends.
class WipeOnExit {
 public:
  explicit WipeOnExit(std::string& text) noexcept : text_(text) {}
  WipeOnExit(const WipeOnExit&) = delete;
  WipeOnExit& operator=(const WipeOnExit&) = delete;
  ~WipeOnExit() { wipe(text_); }

 private:
  std::string& text_;
};

}  // namespace zc
