#include "plugin_finder.hpp"

#include <boost/json/parse.hpp>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace airbyte_source {

pp::Plugin load_plugin(const std::filesystem::path& explicit_path) {
  pp::PluginSearch search;
  search.file = explicit_path;
  if (const char* folder = std::getenv("AIRBYTE_SOURCE_PLUGIN_DIR");
      folder != nullptr && *folder != '\0') {
    search.folder = folder;
  }
  search.file_name = pp::Plugin::file_name_for("zoom");
  search.installed_folder = AIRBYTE_SOURCE_INSTALLED_PLUGIN_DIR_FROM_BINDIR;
  search.build_folder = AIRBYTE_SOURCE_BUILT_PLUGIN_DIR;
  search.build_host_folder = AIRBYTE_SOURCE_BUILD_HOST_DIR;
  search.hint = "; set AIRBYTE_SOURCE_PLUGIN_DIR or pass --plugin PATH";
  pp::Plugin plugin = pp::Plugin::find(search);
  if (!explicit_path.empty()) return plugin;  // the user named the file itself
  boost::system::error_code ec;
  const auto info = boost::json::parse(plugin.info_json(), ec);
  const auto* name = !ec && info.is_object() ? info.as_object().if_contains("name") : nullptr;
  if (name == nullptr || !name->is_string() || name->as_string() != "zoom") {
    throw std::runtime_error(search.file_name + " is not the Zoom plugin: its info names another");
  }
  return plugin;
}

}  // namespace airbyte_source
