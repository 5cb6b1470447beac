#include "test_server.hpp"

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <thread>
#include <vector>

#include "loopback_acceptor.hpp"

namespace zc_test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct TestServer::State {
  explicit State(Mode m) : mode(m) {}

  void run() {
    std::vector<tcp::socket> held;  // silent mode keeps them open
    while (!stop) {
      boost::system::error_code ec;
      tcp::socket socket(io);
      acceptor.accept(socket, ec);
      if (ec || stop) break;
      ++connections;
      if (mode == Mode::silent) {
        held.push_back(std::move(socket));
        continue;
      }
      beast::flat_buffer buffer;
      http::request<http::string_body> request;
      http::read(socket, buffer, request, ec);
      if (ec) continue;
      ++requests;
      if (request.find(http::field::authorization) != request.end()) ++with_auth;
      http::response<http::string_body> response(http::status::ok, request.version());
      response.set(http::field::content_type, "application/json");
      response.body() = R"({"id":"other-host","email":"other@example.com"})";
      response.prepare_payload();
      response.keep_alive(false);
      http::write(socket, response, ec);
      socket.shutdown(tcp::socket::shutdown_both, ec);
    }
  }

  Mode mode;
  asio::io_context io;
  tcp::acceptor acceptor{io};
  unsigned short port = 0;
  std::atomic<bool> stop{false};
  std::atomic<int> connections{0};
  std::atomic<int> requests{0};
  std::atomic<int> with_auth{0};
  std::thread thread;
};

TestServer::TestServer(Mode mode) : s_(std::make_unique<State>(mode)) {
  s_->port = listen_on_loopback(s_->acceptor);
  s_->thread = std::thread([state = s_.get()] { state->run(); });
}

TestServer::~TestServer() {
  s_->stop = true;
  wake_accept(s_->io, s_->port);
  s_->thread.join();
}

unsigned short TestServer::port() const { return s_->port; }
int TestServer::connections() const { return s_->connections.load(); }
int TestServer::requests() const { return s_->requests.load(); }
int TestServer::requests_with_authorization() const { return s_->with_auth.load(); }

unsigned short closed_loopback_port() {
  asio::io_context io;
  tcp::acceptor a(io);
  a.open(tcp::v4());
  a.bind({asio::ip::make_address("127.0.0.1"), 0});
  const unsigned short port = a.local_endpoint().port();
  a.close();
  return port;
}

}  // namespace zc_test
