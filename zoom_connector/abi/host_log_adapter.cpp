#include "abi/host_log_adapter.hpp"

#include <cstddef>
#include <string>

namespace zc::abi {
namespace {

class CallbackLog final : public HostLog {
 public:
  CallbackLog(void* context, void (*log)(void*, pp_log_level, const char*))
      : context_(context), log_(log) {}

  void write(LogLevel level, std::string_view message) const noexcept override {
    try {
      const std::string text(message);  // the callback wants NUL-terminated text
      log_(context_, static_cast<pp_log_level>(level), text.c_str());
    } catch (...) {
      // Logging must never fail an operation.
    }
  }

 private:
  void* context_;
  void (*log_)(void*, pp_log_level, const char*);
};

class SilentLog final : public HostLog {
 public:
  void write(LogLevel, std::string_view) const noexcept override {}
};

}  // namespace

std::shared_ptr<const HostLog> make_host_log(const pp_host_services* services) {
  constexpr std::size_t log_end = offsetof(pp_host_services, log) + sizeof(services->log);
  if (services == nullptr || services->struct_size < log_end || services->log == nullptr) {
    return std::make_shared<SilentLog>();
  }
  return std::make_shared<CallbackLog>(services->context, services->log);
}

}  // namespace zc::abi
