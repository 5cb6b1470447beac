// The two primitives of Zoom's webhook checks, on libsodium: hex HMAC-SHA256
// and a comparison whose time depends only on the lengths compared.
#pragma once

#include <string>
#include <string_view>

namespace zc::events {

// Lower-case hex of HMAC-SHA256 keyed with `key` over `message` (any length of
// either); "" only if libsodium cannot start.
std::string hmac_sha256_hex(std::string_view key, std::string_view message);

// True when `a` and `b` hold the same bytes. The time taken depends on their
// lengths only, never on where they differ (sodium_memcmp).
bool equal_in_constant_time(std::string_view a, std::string_view b);

}  // namespace zc::events
