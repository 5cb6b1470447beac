// Internal: the executable's event options (--websocket, --webhook-url, the
// activity generator, the delivery faults).
#pragma once

#include <functional>
#include <string>

#include "zoom_sim/simulator.hpp"

namespace zoom_sim::cli {

extern const char* const kEventHelp;

// True when `arg` is an event option; `value()` takes its value. Throws
// std::invalid_argument (with a message naming the option) for a bad value.
bool parse_event_option(const std::string& arg, const std::function<std::string()>& value,
                        Options& opt);

}  // namespace zoom_sim::cli
