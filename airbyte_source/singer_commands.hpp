// The Singer tap protocol: --discover prints the catalog; otherwise a sync of
// the streams the catalog selects: SCHEMA, then RECORDs, and STATE messages
// ({"bookmarks": {"<stream>": <the same per-stream blob as Airbyte's>}}).
// Messages go to stdout, logs to stderr.
#pragma once

#include <filesystem>
#include <optional>

namespace airbyte_source {

struct SingerArgs {
  std::filesystem::path plugin;
  std::filesystem::path config;
  bool discover = false;
  std::optional<std::filesystem::path> catalog;  // --catalog or --properties
  std::optional<std::filesystem::path> state;
};

int singer_run(const SingerArgs& args);

}  // namespace airbyte_source
