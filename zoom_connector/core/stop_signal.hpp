// What ends a fetch's or a write's waits early: the work's own stop flag
// (close, fatal error) or the connector's cancel flag (connector_cancel from
// any thread).
#pragma once

#include <atomic>

namespace zc {

struct StopSignal {
  const std::atomic<bool>* work_stop = nullptr;
  const std::atomic<bool>* connector_cancel = nullptr;

  bool requested() const noexcept {
    return (work_stop != nullptr && work_stop->load(std::memory_order_relaxed)) ||
           (connector_cancel != nullptr && connector_cancel->load(std::memory_order_relaxed));
  }
};

}  // namespace zc
