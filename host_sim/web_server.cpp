#include "web_server.hpp"

#include <iostream>

namespace host_sim {

int run_web_server(const Host&, CredentialStore&, const ServeOptions&) {
  std::cerr << "host_sim: serve is not built yet\n";
  return 3;
}

}  // namespace host_sim
