#include "hostile_server.hpp"

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <thread>

#include "loopback_acceptor.hpp"

namespace zc_test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct HostileServer::State {
  explicit State(Handler h) : handler(std::move(h)) {}

  void run() {
    while (!stop) {
      boost::system::error_code ec;
      tcp::socket socket(io);
      acceptor.accept(socket, ec);
      if (ec || stop) break;
      beast::flat_buffer buffer;
      http::request<http::string_body> request;
      http::read(socket, buffer, request, ec);
      if (ec) continue;
      ++requests;
      CannedAnswer answer =
          handler(std::string(request.method_string()), std::string(request.target()));
      http::response<http::string_body> response(static_cast<http::status>(answer.status),
                                                 request.version());
      response.set(http::field::content_type, answer.content_type);
      response.body() = std::move(answer.body);
      response.prepare_payload();
      response.keep_alive(false);
      http::write(socket, response, ec);
      socket.shutdown(tcp::socket::shutdown_both, ec);
    }
  }

  Handler handler;
  asio::io_context io;
  tcp::acceptor acceptor{io};
  unsigned short port = 0;
  std::atomic<bool> stop{false};
  std::atomic<int> requests{0};
  std::thread thread;
};

HostileServer::HostileServer(Handler handler) : s_(std::make_unique<State>(std::move(handler))) {
  s_->port = listen_on_loopback(s_->acceptor);
  s_->thread = std::thread([state = s_.get()] { state->run(); });
}

HostileServer::~HostileServer() {
  s_->stop = true;
  wake_accept(s_->io, s_->port);
  s_->thread.join();
}

std::string HostileServer::base_url() const {
  return "http://127.0.0.1:" + std::to_string(s_->port);
}
int HostileServer::requests() const { return s_->requests.load(); }

}  // namespace zc_test
