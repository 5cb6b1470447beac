// What a fetch hands back: a pull stream of items (records, checkpoints, the
// summary). The engine implements it; the ABI layer serves it to the host.
#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"

namespace zc {

// One item pulled from a fetch; pointers stay valid until the next pull.
struct FetchItem {
  enum class Kind { end = 0, record = 1, state = 2, summary = 3 };
  Kind kind = Kind::end;
  std::string_view stream;  // for records
  std::string_view json;    // NUL-terminated in the owning buffer
};

class FetchStream {
 public:
  virtual ~FetchStream() = default;
  virtual Result<FetchItem> next() = 0;
  virtual Result<std::string> progress_json() const = 0;
};

}  // namespace zc
