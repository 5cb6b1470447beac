// A zc::HostLog that keeps every line, for tests that read the log.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "core/host_log.hpp"

namespace zc_test {

class CaptureLog final : public zc::HostLog {
 public:
  void write(zc::LogLevel level, std::string_view message) const noexcept override {
    std::lock_guard lock(mutex_);
    lines_.emplace_back(std::to_string(static_cast<int>(level)) + " " + std::string(message));
  }
  std::vector<std::string> lines() const {
    std::lock_guard lock(mutex_);
    return lines_;
  }
  std::string all() const {
    std::string out;
    for (const auto& l : lines()) out += l + "\n";
    return out;
  }

 private:
  mutable std::mutex mutex_;
  mutable std::vector<std::string> lines_;
};

}  // namespace zc_test
