#include "process_hardening.hpp"

#include <sys/prctl.h>
#include <sys/resource.h>

#include <cerrno>
#include <cstring>

namespace host_sim {

std::string make_process_non_dumpable() {
  const rlimit no_core{0, 0};
  if (::setrlimit(RLIMIT_CORE, &no_core) != 0) {
    return std::string("setrlimit(RLIMIT_CORE, 0): ") + std::strerror(errno);
  }
#if !defined(__SANITIZE_ADDRESS__)
  // Not in sanitizer builds (tests only): LeakSanitizer's exit-time check
  // runs a tracer that must ptrace this process and crashes on a
  // non-dumpable one. The core limit above still holds there.
  if (::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) {
    return std::string("prctl(PR_SET_DUMPABLE, 0): ") + std::strerror(errno);
  }
#endif
  return {};
}

}  // namespace host_sim
