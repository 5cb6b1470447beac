// Which plugin host_sim loads: what its command line and environment say,
// handed to pp::Plugin::find (plugin_api/pipeline_plugin.hpp), which picks
// one file by its name and loads it only from a place no other user can
// change.
#pragma once

#include <filesystem>
#include <string>

#include "pipeline_plugin.hpp"

namespace host_sim {

struct PluginChoice {
  std::filesystem::path path;      // --plugin, when given
  std::filesystem::path folder;    // --plugin-dir, else $HOST_SIM_PLUGIN_DIR
  std::string connector = "zoom";  // --connector: the plugin lib<NAME>_connector.so, whose
                                   // info must name NAME
};

// Where host_sim looks: --plugin; else lib<connector>_connector.so in
// --plugin-dir or $HOST_SIM_PLUGIN_DIR; else, for host_sim in its build
// tree, the built plugin; else, for an installed host_sim, the installed
// plugin folder next to it (<prefix>/bin/host_sim ->
// <prefix>/lib/<arch>/pipeline-plugins).
pp::PluginSearch plugin_search(const PluginChoice& choice);

// Throws pp::PluginError (or std::runtime_error) with a clear message.
pp::Plugin load_plugin(const PluginChoice& choice);

}  // namespace host_sim
