// ASCII text helpers for protocol text (header names, hosts, Zoom messages):
// locale-independent on purpose.
#pragma once

#include <string>
#include <string_view>

namespace zc {

std::string ascii_lower(std::string_view text);
std::string_view trim_space(std::string_view text);
bool iequals_ascii(std::string_view a, std::string_view b);

}  // namespace zc
