// airbyte_source: the Zoom plugin as an Airbyte source (spec, check,
// discover, read) and, when run as tap-zoom or with --singer, as a Singer tap.
#include <sys/prctl.h>
#include <sys/resource.h>

#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "airbyte_commands.hpp"
#include "singer_commands.hpp"

namespace {

constexpr int k_usage_error = 2;

void usage(std::ostream& out) {
  out << R"(usage: airbyte_source <command> [options]       (Airbyte source protocol)
       tap-zoom --config FILE [--discover | --catalog FILE] [--state FILE]   (Singer tap)
       airbyte_source --singer ...                    (the same as tap-zoom)

Airbyte commands (one AirbyteMessage per line on stdout):
  spec                                       the config's JSON Schema
  check    --config FILE                     one CONNECTION_STATUS
  discover --config FILE                     the catalog of the streams the token may read
  read     --config FILE --catalog FILE [--state FILE]

  --plugin PATH    the Zoom plugin to load (default: $AIRBYTE_SOURCE_PLUGIN_DIR, else the
                   installed plugin folder next to this program, else the build tree)
)";
}

// The config holds a client secret: no core dumps, no ptrace by the same user.
void harden_process() {
  ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
  const rlimit none{0, 0};
  ::setrlimit(RLIMIT_CORE, &none);
}

struct Flags {
  std::vector<std::string_view> positional;
  std::filesystem::path plugin, config, catalog;
  std::optional<std::filesystem::path> state;
  bool discover = false;
  bool singer = false;
  std::string error;
};

Flags parse_flags(int argc, char** argv) {
  Flags flags;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const auto value = [&]() -> std::filesystem::path {
      if (i + 1 >= argc) {
        flags.error = std::string(arg) + " needs a value";
        return {};
      }
      return argv[++i];
    };
    if (arg == "--plugin")
      flags.plugin = value();
    else if (arg == "--config")
      flags.config = value();
    else if (arg == "--catalog" || arg == "--properties")
      flags.catalog = value();
    else if (arg == "--state")
      flags.state = value();
    else if (arg == "--discover")
      flags.discover = true;
    else if (arg == "--singer")
      flags.singer = true;
    else if (arg.starts_with("--"))
      flags.error = "unknown option " + std::string(arg);
    else
      flags.positional.push_back(arg);
    if (!flags.error.empty()) break;
  }
  return flags;
}

int usage_error(const std::string& message) {
  std::cerr << "airbyte_source: " << message << "\n";
  usage(std::cerr);
  return k_usage_error;
}

}  // namespace

int main(int argc, char** argv) {
  harden_process();
  if (argc >= 2 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0)) {
    usage(std::cout);
    return 0;
  }
  Flags flags = parse_flags(argc, argv);
  if (!flags.error.empty()) return usage_error(flags.error);
  const bool singer = flags.singer || std::filesystem::path(argv[0]).filename() == "tap-zoom";
  if (singer) {
    if (flags.config.empty()) return usage_error("a Singer tap needs --config FILE");
    if (!flags.positional.empty()) return usage_error("a Singer tap takes no command");
    return airbyte_source::singer_run(airbyte_source::SingerArgs{
        flags.plugin, flags.config, flags.discover,
        flags.catalog.empty() ? std::nullopt : std::optional(flags.catalog), flags.state});
  }
  if (flags.positional.size() != 1) return usage_error("give one command");
  const std::string_view command = flags.positional.front();
  const airbyte_source::AirbyteArgs args{flags.plugin, flags.config, flags.catalog, flags.state};
  if (command == "spec") return airbyte_source::airbyte_spec(args);
  if (command != "check" && command != "discover" && command != "read") {
    return usage_error("unknown command " + std::string(command));
  }
  if (flags.config.empty()) return usage_error(std::string(command) + " needs --config FILE");
  if (command == "check") return airbyte_source::airbyte_check(args);
  if (command == "discover") return airbyte_source::airbyte_discover(args);
  if (flags.catalog.empty()) return usage_error("read needs --catalog FILE");
  return airbyte_source::airbyte_read(args);
}
