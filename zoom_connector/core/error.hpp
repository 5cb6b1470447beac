// Errors as values: every expected failure (a 429, a rejected credential, a
// bad field) travels as zc::Error inside zc::Result, never as an exception.
#pragma once

#include <expected>
#include <string>
#include <utility>

namespace zc {

// Mirrors the PP_STATUS_* codes of plugin_api/pipeline_plugin.h (asserted in abi/).
enum class Status : int {
  ok = 0,
  invalid_argument = 1,
  incompatible = 2,
  not_implemented = 3,
  auth_failed = 4,
  permission_denied = 5,
  network = 6,
  timeout = 7,
  rate_limited = 8,
  remote_error = 9,
  cancelled = 10,
  internal = 11,
};

struct Error {
  Status status = Status::internal;
  std::string message;  // for people; never contains a secret
  int http_status = 0;  // the remote HTTP status behind the error, or 0
  int remote_code = 0;  // Zoom's "code", or 0
  bool retryable = false;

  static Error make(Status status, std::string message) {
    return Error{status, std::move(message), 0, 0, false};
  }
};

template <class T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(Status status, std::string message) {
  return std::unexpected(Error::make(status, std::move(message)));
}

}  // namespace zc
