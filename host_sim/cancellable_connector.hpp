// A connector for one host_sim run that Ctrl-C (SIGINT, SIGTERM) cancels:
// the signals are watched on a thread of their own (SignalWatcher), which
// calls connector.cancel() as normal code. Construct it before the plugin
// starts any thread, so that every later thread inherits the blocked signals.
// A run inside the web server (web_write_job.hpp) watches no signal: its
// Stop calls cancel().
#pragma once

#include <atomic>
#include <mutex>
#include <optional>

#include "credential_service.hpp"
#include "credential_store.hpp"
#include "signal_watcher.hpp"

namespace host_sim {

class CancellableConnector {
 public:
  CancellableConnector();  // Ctrl-C cancels
  struct NoSignals {};
  explicit CancellableConnector(NoSignals) {}  // only cancel() does

  // Creates the connector for a saved credential; the plugin's warnings and
  // errors go to stderr. Throws pp::PluginError.
  pp::Connector& open(const Host& host, const CredentialStore& store,
                      const StoredCredential& credential);

  bool cancelled() const noexcept { return cancelled_.load(); }
  // From any thread: cancels the connector (now, or once opened).
  void cancel();

 private:
  std::atomic<bool> cancelled_{false};
  std::mutex mutex_;
  std::optional<pp::Connector> connector_;
  std::optional<SignalWatcher> watcher_;  // last: it calls into the members above
};

// The exit code (exit_codes.hpp) for a plugin call that failed with `status`.
int exit_code_for_plugin_status(pp_status status);

}  // namespace host_sim
