#include "plugin_finder.hpp"

#include <boost/json/parse.hpp>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace airbyte_source {

std::filesystem::path default_plugin_folder() {
  if (const char* folder = std::getenv("AIRBYTE_SOURCE_PLUGIN_DIR"); folder != nullptr && *folder) {
    return folder;
  }
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto installed = self.parent_path() / AIRBYTE_SOURCE_INSTALLED_PLUGIN_DIR_FROM_BINDIR;
    if (std::filesystem::is_directory(installed, ec)) return installed.lexically_normal();
  }
  return AIRBYTE_SOURCE_BUILT_PLUGIN_DIR;
}

pp::Plugin load_plugin(const std::filesystem::path& explicit_path) {
  if (!explicit_path.empty()) return pp::Plugin::load(explicit_path);
  const auto folder = default_plugin_folder();
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
    if (entry.path().extension() != ".so") continue;
    try {
      pp::Plugin plugin = pp::Plugin::load(entry.path());
      const auto info = boost::json::parse(plugin.info_json());
      if (info.is_object() && info.as_object().contains("name") &&
          info.as_object().at("name") == "zoom") {
        return plugin;
      }
    } catch (const std::exception&) {
      // Not a plugin, or not ours: look further.
    }
  }
  throw std::runtime_error("no Zoom plugin found in " + folder.string() +
                           (ec ? " (" + ec.message() + ")" : "") +
                           "; set AIRBYTE_SOURCE_PLUGIN_DIR or pass --plugin PATH");
}

}  // namespace airbyte_source
