// One line of `host_sim fetch`'s output, {"stream":...,"record":...}, put
// together by concatenation: the plugin hands each record as one JSON object
// (the ABI's promise), so host_sim does not parse it and write it again. It
// checks what one JSON line needs: the text of an object with no control
// byte (no line break) in it. DEL and C1 controls in its strings are
// escaped (host_support/json_line.hpp).
#pragma once

#include <string>
#include <string_view>

namespace host_sim {

class RecordLine {
 public:
  // Throws std::runtime_error when `record` cannot be one line's object.
  void assign_record(std::string_view stream, std::string_view record);
  // The line, ending in "\n"; valid until the next assign_record.
  std::string_view text() const { return line_; }

 private:
  std::string stream_;  // the stream the prefix was made for
  std::string prefix_;  // {"stream":"users","record":
  std::string line_;
};

}  // namespace host_sim
