// The state Airbyte or Meltano hands back is hostile input: anyone who can
// edit it chooses what the next read asks Zoom for. Before a read uses it,
// every stream's blob must have the shape this source writes
// (stream_state.hpp), or the read stops with a protocol error naming the
// stream and what is wrong (never echoing a long value):
// - at most 1,000 streams, each name at most 100 bytes;
// - only "cursor" and "checkpoint" in a blob;
// - a cursor is a real calendar date (yyyy-mm-dd, 1970 or later);
// - a checkpoint of the plugin's shape carries only this stream's
//   partitions (keys "<stream>|..."), objects each, a frontier of this
//   stream's own open parent ids (at most 50,000 strings of at most 256
//   bytes) and a short moment; version, credential and plan are short.
// The plugin still checks what it is given (cursor windows, ids in paths).
#pragma once

#include <expected>
#include <string>

#include "stream_state.hpp"

namespace airbyte_source {

std::expected<void, std::string> check_state_shape(const StreamBlobs& blobs);

}  // namespace airbyte_source
