// The host's log callback, as the connector sees it.
#pragma once

#include <string_view>

namespace zc {

enum class LogLevel : int { trace = 0, debug = 1, info = 2, warn = 3, error = 4 };

// Forwards one already-redacted message to the host. Implementations must be
// callable from any thread.
class HostLog {
 public:
  virtual ~HostLog() = default;
  virtual void write(LogLevel level, std::string_view message) const noexcept = 0;
};

}  // namespace zc
