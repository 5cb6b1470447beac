// Adapts the host's pp_host_services log callback to zc::HostLog.
#pragma once

#include <memory>

#include "core/host_log.hpp"
#include "pipeline_plugin.h"

namespace zc::abi {

// Copies what it needs from `services` (borrowed for the create call only),
// reading only the fields its struct_size covers. NULL means "no logging".
std::shared_ptr<const HostLog> make_host_log(const pp_host_services* services);

}  // namespace zc::abi
