// The options of `host_sim serve` (the web Authenticate screen), apart from
// the server so the command line can hold them without including it.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace host_sim {

struct ServeOptions {
  std::string bind = "127.0.0.1";
  unsigned short port = 8787;        // 0: any free port
  bool allow_remote = false;         // allow a non-loopback bind address
  std::vector<std::string> prefill;  // KEY=VALUE shown in the empty form (not secrets)
  std::size_t body_limit = 64 * 1024;
  // POST /api/credentials/{id}/write: JSON Lines (web_write_job.hpp's
  // 2 MiB), quoted once more as a JSON string.
  std::size_t records_body_limit = 5 * 1024 * 1024;
  std::chrono::milliseconds request_deadline{10000};  // to receive one whole request
  int max_connections = 32;
  int max_connections_per_peer = 16;
};

}  // namespace host_sim
