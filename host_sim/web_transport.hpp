// The web screen's connections: accepts on one address, reads each request
// on its own thread with the header and body limits, answers it with the
// handler and closes. Slow clients: a request must arrive whole within
// request_deadline, however slowly its bytes trickle; a peer holding
// max_connections_per_peer, or a full server, makes room for a newcomer by
// cutting its oldest unfinished request, so slow connections cannot lock
// the page.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <functional>
#include <memory>

#include "web_options.hpp"
#include "web_request.hpp"
#include "web_response.hpp"

namespace host_sim::web {

class WebTransport {
 public:
  using Handler = std::function<Response(const Request&)>;

  // Listens at once on `address`:options.port; throws std::runtime_error
  // when it cannot.
  WebTransport(const boost::asio::ip::address& address, const ServeOptions& options,
               Handler handler);
  ~WebTransport();
  WebTransport(const WebTransport&) = delete;
  WebTransport& operator=(const WebTransport&) = delete;

  unsigned short port() const;

  // Serves until stop() (from any thread), then waits for open connections.
  void run();
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace host_sim::web
