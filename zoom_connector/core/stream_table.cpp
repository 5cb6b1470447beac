#include "core/stream_table.hpp"

namespace zc {

const StreamDef* find_stream(std::string_view name) {
  for (const StreamDef& row : stream_table()) {
    if (row.name == name) return &row;
  }
  return nullptr;
}

}  // namespace zc
