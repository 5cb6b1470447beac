// The progress line of `host_sim fetch` on stderr: a bar redrawn in place
// on a terminal (at most 5 times a second), a plain line every 2 s
// otherwise, with records, requests, rate and ETA from the plugin's
// progress document.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace host_sim {

class ProgressView {
 public:
  explicit ProgressView(bool tty);

  // Whether a line is due: the plugin's progress is asked for only then (at
  // most 5 times a second), not after every item.
  bool due() const;
  void update(std::int64_t records, const std::string& progress_json);
  // Ends the bar's line before other text is printed.
  void clear_line();

 private:
  using Clock = std::chrono::steady_clock;
  bool tty_;
  Clock::time_point start_;
  Clock::time_point last_;
  bool drawn_ = false;
};

}  // namespace host_sim
