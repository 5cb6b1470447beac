#include "core/secret_wipe.hpp"

#include <string.h>  // explicit_bzero (glibc)

namespace zc {

void wipe(std::string& text) noexcept {
  // Writing through data() is defined only up to size(): grow to the
  // capacity first (no reallocation), then zero it all.
  text.resize(text.capacity());
  explicit_bzero(text.data(), text.size());
  text.clear();
}

}  // namespace zc
