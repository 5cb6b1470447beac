// Parses JSON text that came across the ABI. Boost.JSON rejects invalid
// UTF-8, so one parse checks both. Messages never quote the input: it may
// hold a secret.
#pragma once

#include <boost/json/object.hpp>
#include <string_view>

#include "core/error.hpp"

namespace zc {

// `what` names the input in the message ("credential JSON").
Result<boost::json::object> parse_json_object(std::string_view text, std::string_view what);

}  // namespace zc
