// host_sim holds decrypted client secrets and access tokens in memory, so it
// keeps them out of core dumps and away from same-user debuggers:
// PR_SET_DUMPABLE 0 (no core file, no ptrace attach, /proc/PID/mem closed)
// and RLIMIT_CORE 0. A host does this itself at start; a plugin never
// changes its host's process settings.
#pragma once

#include <string>

namespace host_sim {

// Empty on success, else why not (the caller decides whether to go on).
std::string make_process_non_dumpable();

}  // namespace host_sim
