#include "cancellable_connector.hpp"

#include <boost/json/serialize.hpp>
#include <iostream>

#include "exit_codes.hpp"
#include "terminal_text.hpp"

namespace host_sim {

CancellableConnector::CancellableConnector() {
  watcher_.emplace([this](int) { cancel(); });
}

void CancellableConnector::cancel() {
  cancelled_.store(true);
  const std::lock_guard lock(mutex_);
  if (connector_) connector_->cancel();
}

pp::Connector& CancellableConnector::open(const Host& host, const CredentialStore& store,
                                          const StoredCredential& credential) {
  auto created = host.plugin.create(boost::json::serialize(store.credential_json(credential.id)),
                                    host.options_json, [](pp_log_level level, const char* message) {
                                      if (level >= PP_LOG_WARN) {
                                        std::cerr << "plugin: " << printable(message) << "\n";
                                      }
                                    });
  const std::lock_guard lock(mutex_);
  connector_.emplace(std::move(created));
  if (cancelled_.load()) connector_->cancel();  // Stop came while it was being made
  return *connector_;
}

int exit_code_for_plugin_status(pp_status status) {
  switch (status) {
    case PP_STATUS_AUTH_FAILED:
      return exit_code::rejected;
    case PP_STATUS_PERMISSION_DENIED:
      return exit_code::validation_failed;
    case PP_STATUS_NETWORK:
    case PP_STATUS_TIMEOUT:
    case PP_STATUS_RATE_LIMITED:
    case PP_STATUS_REMOTE_ERROR:
      return exit_code::network;
    case PP_STATUS_INVALID_ARGUMENT:
      return exit_code::bad_input;
    case PP_STATUS_CANCELLED:
      return exit_code::cancelled;
    default:
      return exit_code::plugin;
  }
}

}  // namespace host_sim
