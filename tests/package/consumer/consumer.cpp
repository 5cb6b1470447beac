// Loads every plugin in the installed plugin folder through the installed
// host wrapper and prints each one's info line.
#include <filesystem>
#include <iostream>

#include "pipeline_plugin.hpp"

int main() {
  int loaded = 0;
  for (const auto& entry : std::filesystem::directory_iterator(INSTALLED_PLUGIN_DIR)) {
    if (entry.path().extension() != ".so") continue;
    const pp::Plugin plugin = pp::Plugin::load(entry.path());
    std::cout << entry.path().filename().string() << " abi=" << plugin.abi_version()
              << " info=" << plugin.info_json() << "\n";
    ++loaded;
  }
  if (loaded == 0) {
    std::cerr << "no plugin in " << INSTALLED_PLUGIN_DIR << "\n";
    return 1;
  }
  return 0;
}
