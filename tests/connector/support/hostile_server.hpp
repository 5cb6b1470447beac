// A loopback server that plays a hostile Zoom: each request is answered by
// a test's function (status, content type, body), so a test can send error
// bodies of any size or content. One request per connection.
#pragma once

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <functional>
#include <string>
#include <thread>

namespace zc_test {

struct CannedAnswer {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
};

class HostileServer {
 public:
  using Handler = std::function<CannedAnswer(const std::string& method, const std::string& target)>;

  explicit HostileServer(Handler handler) : handler_(std::move(handler)) {
    namespace asio = boost::asio;
    acceptor_.open(asio::ip::tcp::v4());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind({asio::ip::make_address("127.0.0.1"), 0});
    acceptor_.listen();
    port_ = acceptor_.local_endpoint().port();
    thread_ = std::thread([this] { run(); });
  }

  ~HostileServer() {
    stop_ = true;
    boost::system::error_code ec;
    boost::asio::ip::tcp::socket poke(io_);
    poke.connect({boost::asio::ip::make_address("127.0.0.1"), port_}, ec);
    thread_.join();
  }

  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int requests() const { return requests_.load(); }

 private:
  void run() {
    namespace beast = boost::beast;
    namespace http = beast::http;
    while (!stop_) {
      boost::system::error_code ec;
      boost::asio::ip::tcp::socket socket(io_);
      acceptor_.accept(socket, ec);
      if (ec || stop_) break;
      beast::flat_buffer buffer;
      http::request<http::string_body> request;
      http::read(socket, buffer, request, ec);
      if (ec) continue;
      ++requests_;
      CannedAnswer answer =
          handler_(std::string(request.method_string()), std::string(request.target()));
      http::response<http::string_body> response(static_cast<http::status>(answer.status),
                                                 request.version());
      response.set(http::field::content_type, answer.content_type);
      response.body() = std::move(answer.body);
      response.prepare_payload();
      response.keep_alive(false);
      http::write(socket, response, ec);
      socket.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
    }
  }

  Handler handler_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_{io_};
  unsigned short port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> requests_{0};
  std::thread thread_;
};

}  // namespace zc_test
