// Every entry point runs its body through guarded_call, so no C++ exception
// ever crosses the C boundary: it becomes PP_STATUS_INTERNAL instead.
#pragma once

#include <exception>
#include <new>
#include <string>

#include "abi/error_out.hpp"

namespace zc::abi {

template <class Body>
pp_status guarded_call(pp_error* error, Body&& body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return write_error(error, Status::internal, "out of memory");
  } catch (const std::exception& e) {
    // Exception texts come from our own code and libraries, not from input
    // secrets; still, keep them generic-prefixed so a user sees it is a bug.
    try {
      return write_error(error,
                         Error::make(Status::internal, std::string("internal error: ") + e.what()));
    } catch (...) {
      return write_error(error, Status::internal, "internal error");
    }
  } catch (...) {
    return write_error(error, Status::internal, "internal error (unknown exception)");
  }
}

}  // namespace zc::abi
