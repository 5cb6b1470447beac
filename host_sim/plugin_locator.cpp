#include "plugin_locator.hpp"

#include <boost/json/parse.hpp>
#include <cstdlib>
#include <stdexcept>

namespace host_sim {

std::filesystem::path default_plugin_folder() {
  if (const char* folder = std::getenv("HOST_SIM_PLUGIN_DIR"); folder != nullptr && *folder) {
    return folder;
  }
#ifdef HOST_SIM_INSTALLED_PLUGIN_DIR_FROM_BINDIR
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto installed = self.parent_path() / HOST_SIM_INSTALLED_PLUGIN_DIR_FROM_BINDIR;
    if (std::filesystem::is_directory(installed, ec)) return installed.lexically_normal();
  }
#endif
  return HOST_SIM_BUILT_PLUGIN_DIR;
}

pp::Plugin load_plugin(const PluginChoice& choice) {
  if (!choice.path.empty()) return pp::Plugin::load(choice.path);
  const auto folder = choice.folder.empty() ? default_plugin_folder() : choice.folder;
  std::error_code ec;
  std::string tried;
  for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
    if (entry.path().extension() != ".so") continue;
    try {
      pp::Plugin plugin = pp::Plugin::load(entry.path());
      const auto info = boost::json::parse(plugin.info_json());
      if (info.is_object() && info.as_object().contains("name") &&
          info.as_object().at("name") == choice.connector.c_str()) {
        return plugin;
      }
      tried += " " + entry.path().filename().string();
    } catch (const std::exception&) {
      tried += " " + entry.path().filename().string() + "(not a plugin)";
    }
  }
  if (ec) {
    throw std::runtime_error("cannot read plugin folder " + folder.string() + ": " + ec.message());
  }
  throw std::runtime_error("no plugin for connector \"" + choice.connector + "\" in " +
                           folder.string() + (tried.empty() ? " (no .so files)" : "; tried:" + tried));
}

}  // namespace host_sim
