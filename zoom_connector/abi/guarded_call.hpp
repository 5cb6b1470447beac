// Every entry point runs its body through guarded_call, so no C++ exception
// ever crosses the C boundary: it becomes PP_STATUS_INTERNAL instead.
#pragma once

#include <exception>
#include <new>
#include <string>
#include <utility>

#include "abi/error_out.hpp"

namespace zc::abi {

// `redactor` (may be NULL) masks secrets in an exception's text too.
template <class Body>
pp_status guarded_call(pp_error* error, const Redactor* redactor, Body&& body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return write_error(error, Status::internal, "out of memory");
  } catch (const std::exception& e) {
    // Exception texts come from our own code and libraries; a library may
    // quote its input, so they are redacted and bounded like any message,
    // and generic-prefixed so a user sees it is a bug.
    try {
      return write_error(error,
                         Error::make(Status::internal, std::string("internal error: ") + e.what()),
                         redactor);
    } catch (...) {
      return write_error(error, Status::internal, "internal error");
    }
  } catch (...) {
    return write_error(error, Status::internal, "internal error (unknown exception)");
  }
}

template <class Body>
pp_status guarded_call(pp_error* error, Body&& body) noexcept {
  return guarded_call(error, nullptr, std::forward<Body>(body));
}

}  // namespace zc::abi
