// Fills the ABI's out-parameters (pp_error, pp_string) from C++ values.
#pragma once

#include <string>

#include "core/error.hpp"
#include "core/redactor.hpp"
#include "pipeline_plugin.h"

namespace zc::abi {

// The longest message handed to the host (after redaction).
inline constexpr std::size_t k_max_error_message = 4096;

// Writes `error` into `out` (which may be NULL) and returns its status. The
// message passes through `redactor` (when given) and is then made bounded,
// valid, single-line UTF-8: the ABI promises messages without secrets.
pp_status write_error(pp_error* out, const Error& error,
                      const Redactor* redactor = nullptr) noexcept;

// Convenience for errors raised at the ABI edge itself.
pp_status write_error(pp_error* out, Status status, const char* message) noexcept;

// Moves `text` into `out` as a plugin-owned string with its own release.
pp_status write_string(pp_string* out, std::string text, pp_error* error) noexcept;

}  // namespace zc::abi
