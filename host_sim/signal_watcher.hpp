// Watches SIGINT/SIGTERM on a thread of its own (sigwait), so the reaction
// (e.g. connector.cancel(), stopping a server) runs as normal code, not in a
// signal handler. Construct it before starting any other thread: it blocks
// the signals in the calling thread, and threads started later inherit that.
#pragma once

#include <signal.h>

#include <atomic>
#include <functional>
#include <thread>

namespace host_sim {

class SignalWatcher {
 public:
  explicit SignalWatcher(std::function<void(int signal)> on_signal);
  ~SignalWatcher();
  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;

  bool fired() const noexcept { return fired_.load(); }

 private:
  std::function<void(int)> on_signal_;
  sigset_t previous_{};
  struct sigaction previous_int_ {};
  struct sigaction previous_term_ {};
  struct sigaction previous_usr1_ {};
  std::atomic<bool> fired_{false};
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace host_sim
