#include "abi/error_out.hpp"

#include <new>
#include <utility>

#include "core/bounded_text.hpp"

namespace zc::abi {
namespace {

void release_error(pp_error* self) noexcept {
  if (self == nullptr) return;
  delete static_cast<std::string*>(self->private_data);
  self->private_data = nullptr;
  self->message = nullptr;
  self->release = nullptr;
}

void release_string(pp_string* self) noexcept {
  if (self == nullptr) return;
  delete static_cast<std::string*>(self->private_data);
  self->private_data = nullptr;
  self->data = nullptr;
  self->size = 0;
  self->release = nullptr;
}

// Used when even the message cannot be allocated.
constexpr const char* k_out_of_memory = "out of memory while reporting an error";

}  // namespace

pp_status write_error(pp_error* out, const Error& error, const Redactor* redactor) noexcept {
  const auto status = static_cast<pp_status>(error.status);
  if (out == nullptr) return status;
  if (out->release != nullptr) out->release(out);  // never leak a reused struct
  out->status = status;
  out->http_status = error.http_status;
  out->remote_code = error.remote_code;
  out->retryable = error.retryable ? 1 : 0;
  auto* owned = new (std::nothrow) std::string();
  if (owned != nullptr) {
    try {
      *owned = bounded_text(redactor != nullptr ? redactor->redact(error.message) : error.message,
                            k_max_error_message);
    } catch (...) {
      owned->clear();
    }
  }
  out->message = owned != nullptr ? owned->c_str() : k_out_of_memory;
  out->private_data = owned;
  out->release = owned != nullptr ? &release_error : nullptr;
  return status;
}

pp_status write_error(pp_error* out, Status status, const char* message) noexcept {
  try {
    return write_error(out, Error::make(status, message));
  } catch (...) {
    return static_cast<pp_status>(status);
  }
}

pp_status write_string(pp_string* out, std::string text, pp_error* error) noexcept {
  if (out == nullptr) return write_error(error, Status::invalid_argument, "output string is NULL");
  auto* owned = new (std::nothrow) std::string(std::move(text));
  if (owned == nullptr) return write_error(error, Status::internal, "out of memory");
  out->data = owned->c_str();
  out->size = owned->size();
  out->private_data = owned;
  out->release = &release_string;
  return PP_STATUS_OK;
}

}  // namespace zc::abi
