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
  if (::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) {
    return std::string("prctl(PR_SET_DUMPABLE, 0): ") + std::strerror(errno);
  }
  return {};
}

}  // namespace host_sim
