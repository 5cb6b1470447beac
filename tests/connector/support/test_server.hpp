// A plain HTTP server on 127.0.0.1 for tests that need "another host": it
// counts requests and remembers whether they carried an Authorization
// header. Mode silent accepts connections and never answers (timeouts).
#pragma once

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace zc_test {

class TestServer {
 public:
  enum class Mode { answer_json, silent };

  explicit TestServer(Mode mode = Mode::answer_json) : mode_(mode) {
    namespace asio = boost::asio;
    acceptor_.open(asio::ip::tcp::v4());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind({asio::ip::make_address("127.0.0.1"), 0});
    acceptor_.listen();
    port_ = acceptor_.local_endpoint().port();
    thread_ = std::thread([this] { run(); });
  }

  ~TestServer() {
    stop_ = true;
    boost::system::error_code ec;
    // Wake the blocking accept with a connection of our own.
    boost::asio::ip::tcp::socket poke(io_);
    poke.connect({boost::asio::ip::make_address("127.0.0.1"), port_}, ec);
    thread_.join();
  }

  unsigned short port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int connections() const { return connections_.load(); }
  int requests() const { return requests_.load(); }
  int requests_with_authorization() const { return with_auth_.load(); }

 private:
  void run() {
    namespace beast = boost::beast;
    namespace http = beast::http;
    std::vector<boost::asio::ip::tcp::socket> held;  // silent mode keeps them open
    while (!stop_) {
      boost::system::error_code ec;
      boost::asio::ip::tcp::socket socket(io_);
      acceptor_.accept(socket, ec);
      if (ec || stop_) break;
      ++connections_;
      if (mode_ == Mode::silent) {
        held.push_back(std::move(socket));
        continue;
      }
      beast::flat_buffer buffer;
      http::request<http::string_body> request;
      http::read(socket, buffer, request, ec);
      if (ec) continue;
      ++requests_;
      if (request.find(http::field::authorization) != request.end()) ++with_auth_;
      http::response<http::string_body> response(http::status::ok, request.version());
      response.set(http::field::content_type, "application/json");
      response.body() = R"({"id":"other-host","email":"other@example.com"})";
      response.prepare_payload();
      response.keep_alive(false);
      http::write(socket, response, ec);
      socket.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
    }
  }

  Mode mode_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_{io_};
  unsigned short port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  std::atomic<int> requests_{0};
  std::atomic<int> with_auth_{0};
  std::thread thread_;
};

// A loopback port with nothing listening on it (bound, then closed).
inline unsigned short closed_loopback_port() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor a(io);
  a.open(boost::asio::ip::tcp::v4());
  a.bind({boost::asio::ip::make_address("127.0.0.1"), 0});
  const unsigned short port = a.local_endpoint().port();
  a.close();
  return port;
}

}  // namespace zc_test
