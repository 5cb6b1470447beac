// The Airbyte source protocol (v0.3): spec, check, discover, read. Each
// writes AirbyteMessages, one per line, to stdout and returns the exit code.
#pragma once

#include <filesystem>
#include <optional>

namespace airbyte_source {

struct AirbyteArgs {
  std::filesystem::path plugin;  // --plugin, or found
  std::filesystem::path config;
  std::filesystem::path catalog;
  std::optional<std::filesystem::path> state;
};

int airbyte_spec(const AirbyteArgs& args);
int airbyte_check(const AirbyteArgs& args);
int airbyte_discover(const AirbyteArgs& args);
int airbyte_read(const AirbyteArgs& args);

}  // namespace airbyte_source
