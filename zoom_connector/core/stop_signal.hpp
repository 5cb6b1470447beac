// What ends a fetch's waits early: the fetch's own stop flag (close, fatal
// error) or the connector's cancel flag (connector_cancel from any thread).
#pragma once

#include <atomic>

namespace zc::fetch {

struct StopSignal {
  const std::atomic<bool>* fetch_stop = nullptr;
  const std::atomic<bool>* connector_cancel = nullptr;

  bool requested() const noexcept {
    return (fetch_stop != nullptr && fetch_stop->load(std::memory_order_relaxed)) ||
           (connector_cancel != nullptr && connector_cancel->load(std::memory_order_relaxed));
  }
};

}  // namespace zc::fetch
