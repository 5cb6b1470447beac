// The known name closest to a mistyped one, for "did you mean" hints.
#pragma once

#include <span>
#include <string_view>

namespace zc {

// The name in `names` fewest single-character edits (insert, delete,
// replace, swap of neighbours) away from `typed`, compared without case;
// "" when even the nearest is too far to be a typo (more than a third of its
// length, at least 2). `typed` longer than 64 bytes matches nothing.
std::string_view nearest_name(std::string_view typed, std::span<const std::string_view> names);

}  // namespace zc
