// host_sim: a pipeline host that loads a connector plugin and shows what a
// host does with it. Commands grow with the product; see usage().
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "credential_form.hpp"
#include "plugin_locator.hpp"

namespace {

constexpr int k_exit_ok = 0;
constexpr int k_exit_usage = 2;
constexpr int k_exit_plugin = 3;

void usage(std::ostream& out) {
  out << "usage: host_sim <command> [options]\n"
         "\n"
         "commands:\n"
         "  info    show the plugin's name, version, ABI version, directions,\n"
         "          stream catalog and its \"Add New Credential\" form\n"
         "  form    show only the credential form, rendered from the plugin's schema\n"
         "\n"
         "options:\n"
         "  --plugin PATH      load this plugin file\n"
         "  --plugin-dir DIR   search this folder for plugins (default: $HOST_SIM_PLUGIN_DIR,\n"
         "                     else the build tree's zoom_connector folder)\n"
         "  --connector NAME   which connector to pick from the folder (default: zoom)\n"
         "  -h, --help         this text\n";
}

void print_info(const pp::Plugin& plugin) {
  const auto info = boost::json::parse(plugin.info_json()).as_object();
  const auto text = [&](const char* key) { return std::string_view(info.at(key).as_string()); };
  std::cout << "Connector:   " << text("display_name") << " (" << text("name") << ")\n"
            << "Version:     " << text("version") << "\n"
            << "ABI version: " << plugin.abi_version() << " (table " << plugin.table_size()
            << " bytes)\n"
            << "Directions: ";
  for (const auto& direction : info.at("directions").as_array()) {
    std::cout << " " << std::string_view(direction.as_string());
  }
  const auto catalog = boost::json::parse(plugin.catalog_json()).as_object();
  const auto& streams = catalog.at("streams").as_array();
  std::cout << "\nStreams:     " << streams.size() << "\n";
  for (const auto& stream : streams) {
    std::cout << "  - " << std::string_view(stream.as_object().at("name").as_string()) << "\n";
  }
  std::cout << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string_view> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "-h" || args[0] == "--help") {
    usage(args.empty() ? std::cerr : std::cout);
    return args.empty() ? k_exit_usage : k_exit_ok;
  }
  const std::string_view command = args[0];
  host_sim::PluginChoice choice;
  for (std::size_t i = 1; i < args.size(); ++i) {
    const bool has_value = i + 1 < args.size();
    if (args[i] == "--plugin" && has_value) {
      choice.path = args[++i];
    } else if (args[i] == "--plugin-dir" && has_value) {
      choice.folder = args[++i];
    } else if (args[i] == "--connector" && has_value) {
      choice.connector = args[++i];
    } else if (args[i] == "-h" || args[i] == "--help") {
      usage(std::cout);
      return k_exit_ok;
    } else {
      std::cerr << "host_sim: unknown or incomplete option '" << args[i] << "'\n\n";
      usage(std::cerr);
      return k_exit_usage;
    }
  }
  if (command != "info" && command != "form") {
    std::cerr << "host_sim: unknown command '" << command << "'\n\n";
    usage(std::cerr);
    return k_exit_usage;
  }
  try {
    const pp::Plugin plugin = host_sim::load_plugin(choice);
    if (command == "info") print_info(plugin);
    const auto form = host_sim::parse_credential_form(plugin.credential_schema_json());
    std::cout << host_sim::render_form_text(form);
    return k_exit_ok;
  } catch (const std::exception& e) {
    std::cerr << "host_sim: " << e.what() << "\n";
    return k_exit_plugin;
  }
}
