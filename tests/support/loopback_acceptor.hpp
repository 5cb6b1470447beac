// The accept-thread plumbing the small loopback test servers share: listen on
// 127.0.0.1 at a free port, and wake a blocking accept so its thread can see
// that it should stop.
#pragma once

#include <boost/asio/ip/tcp.hpp>

namespace zc_test {

// Opens, binds and listens on 127.0.0.1:0; returns the port chosen.
inline unsigned short listen_on_loopback(boost::asio::ip::tcp::acceptor& acceptor) {
  using tcp = boost::asio::ip::tcp;
  acceptor.open(tcp::v4());
  acceptor.set_option(boost::asio::socket_base::reuse_address(true));
  acceptor.bind({boost::asio::ip::make_address("127.0.0.1"), 0});
  acceptor.listen();
  return acceptor.local_endpoint().port();
}

// Wakes a thread blocked in accept() on `port` with a connection of our own.
inline void wake_accept(boost::asio::io_context& io, unsigned short port) {
  boost::system::error_code ignored;
  boost::asio::ip::tcp::socket poke(io);
  poke.connect({boost::asio::ip::make_address("127.0.0.1"), port}, ignored);
}

}  // namespace zc_test
