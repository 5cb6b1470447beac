#include "server.hpp"

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <optional>
#include <sstream>
#include <thread>

#include "event_system.hpp"
#include "ws_endpoint.hpp"

namespace zoom_sim {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
namespace ssl = net::ssl;

struct Server::State {
  Simulator::Impl& impl;
  std::optional<ssl::context> tls;  // set: every connection is https; outlives the sessions
  net::io_context ioc;
  tcp::acceptor acceptor;
  std::vector<std::thread> threads;
  std::uint16_t port = 0;
  std::mutex stop_mu;
  bool stopped = false;

  State(Simulator::Impl& i, int nthreads) : impl(i), ioc(std::max(1, nthreads)), acceptor(ioc) {}
};

namespace {

// Stream is beast::tcp_stream (http) or ssl_stream<tcp_stream> (https).
template <class Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
 public:
  Session(tcp::socket socket,
          Simulator::Impl& impl) requires std::is_same_v<Stream, beast::tcp_stream>
      : stream_(std::move(socket)), impl_(impl), timer_(stream_.get_executor()) {}
  Session(tcp::socket socket, ssl::context& tls,
          Simulator::Impl& impl) requires(!std::is_same_v<Stream, beast::tcp_stream>)
      : stream_(std::move(socket), tls), impl_(impl), timer_(stream_.get_executor()) {}

  void start() {
    net::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
      if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
        self->read();
      } else {
        self->lowest().expires_after(std::chrono::seconds(10));
        self->stream_.async_handshake(ssl::stream_base::server, [self](beast::error_code ec) {
          if (ec) return self->close();  // e.g. the client refused our certificate
          self->read();
        });
      }
    });
  }

 private:
  beast::tcp_stream& lowest() { return beast::get_lowest_layer(stream_); }

  void read() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(impl_.opt.max_header_bytes));
    parser_->body_limit(impl_.opt.max_body_bytes);
    lowest().expires_after(std::chrono::seconds(60));
    http::async_read(stream_, buffer_, *parser_,
                     [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                       self->on_read(ec);
                     });
  }

  void on_read(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
        ec == net::error::operation_aborted || ec == net::error::connection_reset ||
        ec == net::error::eof) {
      return close();
    }
    if (ec == http::error::header_limit) return refuse(431, "Request Header Fields Too Large");
    if (ec == http::error::body_limit) return refuse(413, "Payload Too Large");
    if (ec) {
      if (ec.category() == http::make_error_code(http::error::bad_target).category())
        return refuse(400, "Bad Request");
      return close();
    }
    auto& msg = parser_->get();
    HttpRequest req;
    req.method = std::string(msg.method_string());
    const std::string_view target = msg.target();
    const auto q = target.find('?');
    req.path = std::string(target.substr(0, q));
    if (q != std::string_view::npos) req.query = std::string(target.substr(q + 1));
    req.authorization = std::string(msg[http::field::authorization]);
    req.content_type = std::string(msg[http::field::content_type]);
    req.user_agent = std::string(msg[http::field::user_agent]);
    req.body = std::move(msg.body());
    keep_alive_ = msg.keep_alive();

    // The WebSocket subscription endpoint: refused like an API call, or handed over.
    if (impl_.events->hub && req.path == "/ws") {
      std::string subscription;
      if (auto refused = ws_refusal(impl_, req, beast::websocket::is_upgrade(msg), subscription)) {
        keep_alive_ = false;
        return deliver(Outcome{std::move(*refused)});
      }
      return start_ws_session(std::move(stream_), parser_->release(), *impl_.events->hub,
                              std::move(subscription));
    }

    Outcome out = impl_.process(req);
    if (out.delivery == Delivery::delayed) {
      auto pending = std::make_shared<Outcome>(std::move(out));
      lowest().expires_never();
      timer_.expires_after(pending->delay);
      timer_.async_wait([self = this->shared_from_this(), pending](beast::error_code tec) {
        if (tec) return self->close();
        self->deliver(std::move(*pending));
      });
      return;
    }
    deliver(std::move(out));
  }

  void deliver(Outcome out) {
    auto res = std::make_shared<http::response<http::string_body>>();
    res->version(11);
    res->result(static_cast<unsigned>(out.response.status));
    res->set(http::field::server, "zoom_sim");
    if (!out.response.content_type.empty())
      res->set(http::field::content_type, out.response.content_type);
    for (auto& [k, v] : out.response.headers) res->set(k, v);
    res->body() = std::move(out.response.body);
    res->keep_alive(keep_alive_);
    res->prepare_payload();

    if (out.delivery == Delivery::reset) {
      // Headers promising the full body, half of it, then a TCP RST.
      std::ostringstream head;
      head << res->base();
      const auto& b = res->body();
      raw_ = head.str() + b.substr(0, b.size() / 2);
      lowest().expires_after(std::chrono::seconds(30));
      net::async_write(stream_, net::buffer(raw_),
                       [self = this->shared_from_this()](beast::error_code, std::size_t) {
                         beast::error_code ignore;
                         self->lowest().socket().set_option(net::socket_base::linger(true, 0),
                                                            ignore);
                         self->lowest().socket().close(ignore);
                       });
      return;
    }
    res_ = res;
    lowest().expires_after(std::chrono::seconds(60));
    http::async_write(stream_, *res,
                      [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                        self->res_.reset();
                        if (ec || !self->keep_alive_) return self->close();
                        self->read();
                      });
  }

  void refuse(int status, const char* reason) {
    auto res = std::make_shared<http::response<http::string_body>>();
    res->version(11);
    res->result(static_cast<unsigned>(status));
    res->set(http::field::content_type, "application/json;charset=UTF-8");
    res->body() = "{\"code\":" + std::to_string(status) + ",\"message\":\"" + reason + ".\"}";
    res->keep_alive(false);
    res->prepare_payload();
    res_ = res;
    lowest().expires_after(std::chrono::seconds(10));
    http::async_write(stream_, *res,
                      [self = this->shared_from_this()](beast::error_code, std::size_t) {
                        self->res_.reset();
                        self->close();
                      });
  }

  void close() {
    beast::error_code ignore;
    lowest().socket().shutdown(tcp::socket::shutdown_send, ignore);
    lowest().socket().close(ignore);
  }

  Stream stream_;
  Simulator::Impl& impl_;
  net::steady_timer timer_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<void> res_;
  std::string raw_;
  bool keep_alive_ = true;
};

void do_accept(Server::State& s) {
  s.acceptor.async_accept(net::make_strand(s.ioc), [&s](beast::error_code ec, tcp::socket sock) {
    if (ec == net::error::operation_aborted || !s.acceptor.is_open()) return;
    if (!ec) {
      beast::error_code ignore;
      sock.set_option(tcp::no_delay(true), ignore);
      if (s.tls) {
        using TlsSession = Session<beast::ssl_stream<beast::tcp_stream>>;
        std::make_shared<TlsSession>(std::move(sock), *s.tls, s.impl)->start();
      } else {
        std::make_shared<Session<beast::tcp_stream>>(std::move(sock), s.impl)->start();
      }
    }
    do_accept(s);
  });
}

}  // namespace

Server::Server(Simulator::Impl& impl, std::uint16_t port, int threads)
    : s_(std::make_unique<State>(impl, threads)) {
  if (impl.opt.tls) {
    s_->tls.emplace(ssl::context::tls_server);
    s_->tls->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                         ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                         ssl::context::no_tlsv1_1);
    s_->tls->use_certificate_chain_file(impl.opt.tls->certificate_chain_file);
    s_->tls->use_private_key_file(impl.opt.tls->private_key_file, ssl::context::pem);
  }
  const tcp::endpoint ep(net::ip::make_address("127.0.0.1"), port);
  s_->acceptor.open(ep.protocol());
  s_->acceptor.set_option(net::socket_base::reuse_address(true));
  s_->acceptor.bind(ep);
  s_->acceptor.listen(net::socket_base::max_listen_connections);
  s_->port = s_->acceptor.local_endpoint().port();
  do_accept(*s_);
  for (int i = 0; i < std::max(1, threads); ++i)
    s_->threads.emplace_back([this] { s_->ioc.run(); });
}

Server::~Server() { stop(); }

std::uint16_t Server::port() const { return s_->port; }

void Server::stop() {
  std::lock_guard lk(s_->stop_mu);
  if (s_->stopped) return;
  s_->stopped = true;
  net::post(s_->acceptor.get_executor(), [this] {
    beast::error_code ignore;
    s_->acceptor.close(ignore);
  });
  s_->ioc.stop();
  for (auto& t : s_->threads)
    if (t.joinable()) t.join();
}

}  // namespace zoom_sim
