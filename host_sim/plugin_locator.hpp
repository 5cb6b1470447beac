// Finds a connector plugin: an explicit path, or the first plugin in a folder
// whose info names the wanted connector.
#pragma once

#include <filesystem>
#include <string>

#include "pipeline_plugin.hpp"

namespace host_sim {

struct PluginChoice {
  std::filesystem::path path;       // --plugin, when given
  std::filesystem::path folder;     // --plugin-dir, or the built-in default
  std::string connector = "zoom";   // --connector: the "name" in the plugin's info
};

// The folder searched when none is given: $HOST_SIM_PLUGIN_DIR; else, for an
// installed host_sim, the installed plugin folder next to it
// (<prefix>/bin/host_sim -> <prefix>/lib/<arch>/pipeline-plugins); else the
// build tree's connector folder.
std::filesystem::path default_plugin_folder();

// Throws pp::PluginError (or std::runtime_error) with a clear message.
pp::Plugin load_plugin(const PluginChoice& choice);

}  // namespace host_sim
