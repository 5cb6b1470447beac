// Finds the Zoom plugin the way host_sim does: --plugin PATH; else the first
// plugin named "zoom" in $AIRBYTE_SOURCE_PLUGIN_DIR, else in the installed
// plugin folder next to this executable (<prefix>/bin ->
// <prefix>/lib/<arch>/pipeline-plugins), else in the build tree.
#pragma once

#include <filesystem>

#include "pipeline_plugin.hpp"

namespace airbyte_source {

std::filesystem::path default_plugin_folder();

// Throws pp::PluginError or std::runtime_error with a clear message.
pp::Plugin load_plugin(const std::filesystem::path& explicit_path);

}  // namespace airbyte_source
