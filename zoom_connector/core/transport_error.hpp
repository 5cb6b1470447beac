// What a failed transfer means, in words a user can act on: a timeout, a
// proxy, TLS, DNS, a refused connection (naming the target as host:port and
// the proxy without its password, never a path or query).
#pragma once

#include <curl/curl.h>

#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/http_client.hpp"

namespace zc {

// "host:port" of a URL for messages; never the path or query.
std::string target_of(std::string_view url);

// The error for a transfer of `request` that ended with `code`; `detail_buffer`
// is curl's CURLOPT_ERRORBUFFER (may be empty).
Error transport_error(CURLcode code, CURL* easy, const char* detail_buffer,
                      const HttpClientOptions& options, const HttpRequest& request);

}  // namespace zc
