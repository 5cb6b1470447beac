#include "web_transport.hpp"

#include <sys/socket.h>
#include <sys/time.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

namespace host_sim::web {

namespace http = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

struct WebTransport::Impl {
  ServeOptions options;
  Handler handler;
  net::io_context io;
  tcp::acceptor acceptor{io};
  std::atomic<bool> stopping{false};
  std::mutex mutex;
  std::condition_variable idle;
  std::condition_variable stopped;

  // Open connections by socket handle. `receiving` until the whole request
  // is read: only those are cut at the deadline or evicted for newcomers.
  struct Connection {
    std::string peer;
    Clock::time_point started;
    bool receiving = true;
    bool evicted = false;
  };
  std::map<int, Connection> connections;
  int evicted_count = 0;

  Impl(ServeOptions o, Handler h) : options(std::move(o)), handler(std::move(h)) {}

  void serve_connection(tcp::socket& socket) {
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(options.request_deadline);
    timeval timeout{static_cast<time_t>(std::max<std::int64_t>(1, seconds.count() + 1)), 0};
    ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    // The header first: the records of a write may take more than other bodies.
    RequestReader reader(std::max(options.body_limit, options.records_body_limit));
    auto& parser = reader.parser;
    boost::system::error_code ec;
    std::size_t body_limit = options.body_limit;
    http::read_header(socket, reader.buffer, parser, ec);
    if (!ec) {
      if (carries_write_records(parser.get())) body_limit = options.records_body_limit;
      if (const auto length = parser.content_length(); length && *length > body_limit) {
        ec = http::error::body_limit;
      } else {
        parser.body_limit(body_limit);
        if (!parser.is_done()) http::read(socket, reader.buffer, parser, ec);
      }
    }
    {
      const std::lock_guard lock(mutex);
      connections[socket.native_handle()].receiving = false;
    }
    Response response;
    if (ec) {
      const auto refusal = read_refusal(ec, body_limit);
      if (!refusal) return;
      response = error_response(refusal->status, refusal->message);
    } else {
      response = handler(parser.get());
      if (parser.get().method() == http::verb::head) response.body().clear();
    }
    response.keep_alive(false);
    response.prepare_payload();
    http::write(socket, response, ec);
    socket.shutdown(tcp::socket::shutdown_send, ec);
  }

  // Cuts the oldest connection still sending its request (of `peer`, or of
  // anyone when `peer` is empty). False when there is none to cut.
  bool evict_oldest_receiving(const std::string& peer) {
    auto oldest = connections.end();
    for (auto it = connections.begin(); it != connections.end(); ++it) {
      const Connection& c = it->second;
      if (!c.receiving || c.evicted || (!peer.empty() && c.peer != peer)) continue;
      if (oldest == connections.end() || c.started < oldest->second.started) oldest = it;
    }
    if (oldest == connections.end()) return false;
    ::shutdown(oldest->first, SHUT_RDWR);
    oldest->second.evicted = true;
    ++evicted_count;
    return true;
  }

  // Whether a new connection from `peer` gets a slot. A peer at its limit,
  // or a full server, makes room by cutting the oldest unfinished request:
  // a slow client cannot hold slots against one that sends its request.
  bool admit(const std::string& peer) {
    const int live = static_cast<int>(connections.size()) - evicted_count;
    const auto from_peer = std::ranges::count_if(connections, [&](const auto& item) {
      return item.second.peer == peer && !item.second.evicted;
    });
    if (static_cast<int>(connections.size()) >= 2 * options.max_connections) return false;
    if (from_peer >= options.max_connections_per_peer) return evict_oldest_receiving(peer);
    if (live >= options.max_connections) return evict_oldest_receiving({});
    return true;
  }

  // Cuts requests that are not complete by the deadline, however slowly
  // their bytes keep coming.
  void enforce_deadlines() {
    std::unique_lock lock(mutex);
    while (!stopping.load()) {
      stopped.wait_for(lock, std::chrono::milliseconds(100));
      const auto now = Clock::now();
      for (auto& [handle, c] : connections) {
        if (c.receiving && !c.evicted && now - c.started > options.request_deadline) {
          ::shutdown(handle, SHUT_RDWR);
          c.evicted = true;
          ++evicted_count;
        }
      }
    }
  }

  // Serves one admitted connection on its own thread; forgets it when done.
  void serve_detached(tcp::socket socket) {
    auto owned_socket = std::make_unique<tcp::socket>(std::move(socket));
    std::thread([this, s = std::move(owned_socket)]() mutable {
      const int handle = s->native_handle();
      try {
        serve_connection(*s);
      } catch (...) {
      }
      const std::lock_guard done(mutex);
      if (const auto it = connections.find(handle); it != connections.end()) {
        if (it->second.evicted) --evicted_count;
        connections.erase(it);
      }
      s.reset();  // closes the socket (under the lock: the handle is not reused meanwhile)
      idle.notify_all();
    }).detach();
  }

  void run() {
    std::thread deadlines([this] { enforce_deadlines(); });
    while (!stopping.load()) {
      tcp::socket socket(io);
      boost::system::error_code ec;
      acceptor.accept(socket, ec);
      if (stopping.load()) break;
      if (ec) continue;
      const auto remote = socket.remote_endpoint(ec);
      if (ec) continue;
      const std::string peer = remote.address().to_string();
      std::unique_lock lock(mutex);
      if (!admit(peer)) {
        socket.close(ec);
        continue;
      }
      connections[socket.native_handle()] = Connection{peer, Clock::now()};
      lock.unlock();
      serve_detached(std::move(socket));
    }
    {
      const std::lock_guard lock(mutex);
      stopped.notify_all();
    }
    deadlines.join();
    std::unique_lock lock(mutex);
    idle.wait(lock, [this] { return connections.empty(); });
  }

  void stop() {
    stopping.store(true);
    ::shutdown(acceptor.native_handle(), SHUT_RDWR);
    const std::lock_guard lock(mutex);
    for (const auto& item : connections) ::shutdown(item.first, SHUT_RDWR);
    stopped.notify_all();
  }
};

WebTransport::WebTransport(const net::ip::address& address, const ServeOptions& options,
                           Handler handler)
    : impl_(std::make_unique<Impl>(options, std::move(handler))) {
  const tcp::endpoint endpoint(address, options.port);
  impl_->acceptor.open(endpoint.protocol());
  impl_->acceptor.set_option(net::socket_base::reuse_address(true));
  boost::system::error_code ec;
  impl_->acceptor.bind(endpoint, ec);
  if (ec) {
    throw std::runtime_error("cannot listen on " + options.bind + ":" +
                             std::to_string(options.port) + ": " + ec.message());
  }
  impl_->acceptor.listen();
}

WebTransport::~WebTransport() { stop(); }

unsigned short WebTransport::port() const { return impl_->acceptor.local_endpoint().port(); }

void WebTransport::run() { impl_->run(); }

void WebTransport::stop() { impl_->stop(); }

}  // namespace host_sim::web
