// Starts a fetch for a Zoom connector: checks the request and the state,
// checks the token's scopes cover the requested streams, then runs.
#pragma once

#include <memory>
#include <string_view>

#include "core/connector.hpp"
#include "fetch/fetch_run.hpp"

namespace zc {
class ZoomConnector;
}

namespace zc::fetch {

Result<std::unique_ptr<FetchStream>> start_fetch(ZoomConnector& connector,
                                                 std::string_view request_json,
                                                 FetchSettings settings = {});

}  // namespace zc::fetch
