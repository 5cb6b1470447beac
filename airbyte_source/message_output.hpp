// Where the protocol messages go: one JSON document per line on stdout,
// written under one lock (the plugin logs from its own threads), buffered,
// flushed before every state message and at the end. Text from outside
// (plugin log lines, error messages) is made valid UTF-8 and bounded first;
// every line's DEL and C1 controls are escaped last
// (host_support/json_line.hpp).
#pragma once

#include <boost/json/value.hpp>
#include <cstddef>
#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>

namespace airbyte_source {

// Valid UTF-8 (bad bytes become '?'), at most max_bytes (cut on a character
// boundary, marked with "...").
std::string bounded_text(std::string_view text, std::size_t max_bytes = 4000);

class MessageOutput {
 public:
  explicit MessageOutput(std::FILE* out = stdout);
  MessageOutput(const MessageOutput&) = delete;
  MessageOutput& operator=(const MessageOutput&) = delete;
  ~MessageOutput();

  void write(const boost::json::value& message);
  // A line that is already one compact JSON document.
  void write_raw(std::string_view line);
  void flush();

 private:
  std::mutex mutex_;
  std::FILE* out_;
  std::string line_;  // the line being written, under mutex_
};

}  // namespace airbyte_source
