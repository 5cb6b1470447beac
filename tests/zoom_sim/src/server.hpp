// Internal: the multithreaded Boost.Beast HTTP/1.1 server on 127.0.0.1.
#pragma once

#include <cstdint>
#include <memory>

#include "impl.hpp"

namespace zoom_sim {

class Server {
 public:
  // Binds 127.0.0.1:port (0 = ephemeral) and starts `threads` io threads.
  Server(Simulator::Impl& impl, std::uint16_t port, int threads);
  ~Server();
  std::uint16_t port() const;
  void stop();  // idempotent: closes the acceptor, stops the io_context, joins

  struct State;

 private:
  std::unique_ptr<State> s_;
};

}  // namespace zoom_sim
