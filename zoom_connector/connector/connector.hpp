// The connector as the C trampolines see it: one object per credential,
// composing the core (token, HTTP, validation), the fetch engine and the
// write engine.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/host_log.hpp"
#include "fetch/fetch_stream.hpp"
#include "write/write_session.hpp"

namespace zc {

class Redactor;

class Connector {
 public:
  virtual ~Connector() = default;
  virtual Result<void> authenticate() = 0;
  // Checks the credential end to end and returns the verdict JSON (see
  // connector/verdict.hpp for its fields).
  //
  // Status contract: whenever a verdict could be formed, validate returns it
  // as a value, whether the verdict is ok:true or ok:false (wrong secret,
  // missing scope, network down, Zoom 5xx...), so connector_validate answers
  // PP_STATUS_OK and the host reads "ok", "failed_step" and "status" from the
  // verdict. It returns an error only when no verdict exists: bad input
  // (rejected earlier by make_connector), cancellation (Status::cancelled),
  // or an internal failure.
  virtual Result<std::string> validate() = 0;
  // The stream catalog with each stream marked allowed or not for this
  // credential's granted scopes.
  virtual Result<std::string> catalog() = 0;
  virtual Result<std::unique_ptr<FetchStream>> fetch(std::string_view request_json) = 0;
  // The write catalog with each operation marked allowed or not for this
  // credential's granted scopes (destination validation).
  virtual Result<std::string> write_catalog() = 0;
  // Opens a write session (see write::WriteSession::open).
  virtual Result<std::unique_ptr<write::WriteSession>> write(std::string_view request_json) = 0;
  // Safe from any thread, at any time.
  virtual void cancel() noexcept = 0;
  // Masks this connector's secrets in any text that leaves the plugin; it
  // outlives the connector when held (fetch streams keep it).
  virtual std::shared_ptr<const Redactor> message_redactor() const = 0;
};

// Builds a connector from the credential and options JSON (already checked to
// be valid UTF-8 JSON text). No network call.
Result<std::unique_ptr<Connector>> make_connector(std::string_view credential_json,
                                                  std::string_view options_json,
                                                  std::shared_ptr<const HostLog> log);

}  // namespace zc
