// host_sim: a pipeline host that loads a connector plugin and shows what a
// host does with it: the Authenticate screen (terminal, flags, web), a
// credential store, and a fetch runner. `host_sim --help` lists the commands.
#include <iostream>
#include <string>
#include <vector>

#include "command_line.hpp"
#include "terminal_commands.hpp"
#include "credential_store.hpp"
#include "exit_codes.hpp"
#include "pipeline_plugin.hpp"
#include "process_hardening.hpp"
#include "secret_box.hpp"
#include "terminal_text.hpp"

int main(int argc, char** argv) {
  namespace ec = host_sim::exit_code;
  // Before any secret is read: no core dump, no same-user debugger.
  if (const std::string why = host_sim::make_process_non_dumpable(); !why.empty()) {
    std::cerr << "host_sim: cannot keep secrets out of core dumps: " << why << "\n";
    return ec::internal;
  }
  const auto parsed = host_sim::parse_command_line(std::vector<std::string>(argv + 1, argv + argc),
                                                   std::cout, std::cerr);
  if (!parsed.line) return parsed.exit_code;
  const std::string& command = parsed.line->command;
  try {
    return host_sim::run_command(*parsed.line);
  } catch (const host_sim::UsageError& e) {
    std::cerr << "host_sim: " << host_sim::printable(e.what()) << " (see host_sim " << command
              << " --help)\n";
    return ec::usage;
  } catch (const std::invalid_argument& e) {
    std::cerr << "host_sim: bad value: " << host_sim::printable(e.what()) << "\n";
    return ec::usage;
  } catch (const host_sim::StoreError& e) {
    std::cerr << "host_sim: " << host_sim::printable(e.what()) << "\n";
    return e.kind() == host_sim::StoreError::Kind::not_found   ? ec::not_found
           : e.kind() == host_sim::StoreError::Kind::duplicate ? ec::bad_input
                                                               : ec::store;
  } catch (const host_sim::KeyError& e) {
    std::cerr << "host_sim: " << host_sim::printable(e.what()) << "\n";
    return ec::store;
  } catch (const pp::PluginError& e) {
    std::cerr << "host_sim: " << host_sim::printable(e.what()) << "\n";
    return ec::plugin;
  } catch (const std::exception& e) {
    std::cerr << "host_sim: " << host_sim::printable(e.what()) << "\n";
    return ec::plugin;
  }
}
