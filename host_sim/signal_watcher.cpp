#include "signal_watcher.hpp"

#include <pthread.h>

namespace host_sim {
namespace {

sigset_t watched_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGUSR1);  // our own wake-up to stop
  return set;
}

void ignore_quietly(int) {}

}  // namespace

SignalWatcher::SignalWatcher(std::function<void(int)> on_signal)
    : on_signal_(std::move(on_signal)) {
  // An ignored signal is discarded even while blocked, and a shell starts
  // background jobs with SIGINT ignored: install a handler so sigwait sees it.
  struct sigaction quiet {};
  quiet.sa_handler = ignore_quietly;
  sigemptyset(&quiet.sa_mask);
  sigaction(SIGINT, &quiet, &previous_int_);
  sigaction(SIGTERM, &quiet, &previous_term_);
  sigaction(SIGUSR1, &quiet, &previous_usr1_);
  const sigset_t set = watched_signals();
  pthread_sigmask(SIG_BLOCK, &set, &previous_);
  thread_ = std::thread([this] {
    const sigset_t signals = watched_signals();
    for (;;) {
      int received = 0;
      if (sigwait(&signals, &received) != 0) continue;
      if (stopping_.load()) return;
      if (received == SIGUSR1) continue;
      fired_.store(true);
      if (on_signal_) on_signal_(received);
    }
  });
}

SignalWatcher::~SignalWatcher() {
  stopping_.store(true);
  pthread_kill(thread_.native_handle(), SIGUSR1);
  thread_.join();
  pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
  sigaction(SIGINT, &previous_int_, nullptr);
  sigaction(SIGTERM, &previous_term_, nullptr);
  sigaction(SIGUSR1, &previous_usr1_, nullptr);
}

}  // namespace host_sim
