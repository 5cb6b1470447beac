// Which plugin airbyte_source loads, handed to pp::Plugin::find
// (plugin_api/pipeline_plugin.hpp), the one search host_sim uses too:
// --plugin PATH; else libzoom_connector.so in $AIRBYTE_SOURCE_PLUGIN_DIR;
// else, run from the build tree, the built plugin; else, installed, the
// plugin folder next to this executable (<prefix>/bin ->
// <prefix>/lib/<arch>/pipeline-plugins). Nothing else in a folder is loaded.
#pragma once

#include <filesystem>

#include "pipeline_plugin.hpp"

namespace airbyte_source {

// Throws pp::PluginError or std::runtime_error with a clear message.
pp::Plugin load_plugin(const std::filesystem::path& explicit_path);

}  // namespace airbyte_source
