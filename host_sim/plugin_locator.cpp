#include "plugin_locator.hpp"

#include <boost/json/parse.hpp>
#include <cstdlib>
#include <stdexcept>

namespace host_sim {

pp::PluginSearch plugin_search(const PluginChoice& choice) {
  pp::PluginSearch search;
  search.file = choice.path;
  search.folder = choice.folder;
  if (const char* folder = std::getenv("HOST_SIM_PLUGIN_DIR");
      search.folder.empty() && folder != nullptr && *folder != '\0') {
    search.folder = folder;
  }
  search.file_name = pp::Plugin::file_name_for(choice.connector);
#ifdef HOST_SIM_INSTALLED_PLUGIN_DIR_FROM_BINDIR
  search.installed_folder = HOST_SIM_INSTALLED_PLUGIN_DIR_FROM_BINDIR;
#endif
  search.build_folder = HOST_SIM_BUILT_PLUGIN_DIR;
  search.build_host_folder = HOST_SIM_BUILD_HOST_DIR;
  search.hint = "; pass --plugin PATH or --plugin-dir DIR (or set HOST_SIM_PLUGIN_DIR)";
  return search;
}

pp::Plugin load_plugin(const PluginChoice& choice) {
  pp::Plugin plugin = pp::Plugin::find(plugin_search(choice));
  if (!choice.path.empty()) return plugin;  // the user named the file itself
  boost::system::error_code ec;
  const auto info = boost::json::parse(plugin.info_json(), ec);
  const auto* name = !ec && info.is_object() ? info.as_object().if_contains("name") : nullptr;
  if (name == nullptr || !name->is_string() || name->as_string() != choice.connector) {
    throw std::runtime_error(pp::Plugin::file_name_for(choice.connector) +
                             " is not the plugin of connector \"" + choice.connector +
                             "\": its info names another");
  }
  return plugin;
}

}  // namespace host_sim
