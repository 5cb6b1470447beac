#include "webhook_post.hpp"

#include <openssl/ssl.h>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>

namespace zoom_sim {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

std::optional<WebhookTarget> parse_webhook_url(const std::string& url) {
  const auto r = boost::urls::parse_uri(url);
  if (!r) return std::nullopt;
  const auto& u = *r;
  WebhookTarget t;
  if (u.scheme() == "https")
    t.tls = true;
  else if (u.scheme() != "http")
    return std::nullopt;
  t.host = std::string(u.host_address());
  if (t.host.empty() || u.has_userinfo()) return std::nullopt;
  t.port = u.has_port() ? std::string(u.port()) : (t.tls ? "443" : "80");
  t.target = std::string(u.encoded_path());
  if (t.target.empty()) t.target = "/";
  if (u.has_query()) t.target += "?" + std::string(u.encoded_query());
  return t;
}

namespace {

constexpr std::size_t kMaxAnswer = 64 * 1024;

// Stream is beast::tcp_stream or beast::ssl_stream<beast::tcp_stream>.
template <class Stream>
class PostOp : public std::enable_shared_from_this<PostOp<Stream>> {
 public:
  template <class... Args>
  PostOp(net::io_context& ioc, WebhookTarget t, std::function<void(PostResult)> done,
         Args&&... stream_args)
      : resolver_(ioc),
        stream_(std::forward<Args>(stream_args)...),
        target_(std::move(t)),
        done_(std::move(done)) {}

  void start(std::vector<std::pair<std::string, std::string>> headers,
             std::shared_ptr<const std::string> body, std::chrono::milliseconds deadline) {
    req_.method(http::verb::post);
    req_.target(target_.target);
    req_.version(11);
    req_.set(http::field::host, target_.host);
    req_.set(http::field::connection, "close");
    for (auto& [k, v] : headers) req_.set(k, v);
    req_.body() = *body;
    req_.prepare_payload();
    lowest().expires_after(deadline);  // one deadline for connect, send and answer
    resolver_.async_resolve(
        target_.host, target_.port,
        [self = this->shared_from_this()](beast::error_code ec, tcp::resolver::results_type r) {
          if (ec) return self->fail("resolve: " + ec.message());
          self->lowest().async_connect(r, [self](beast::error_code cec, const tcp::endpoint&) {
            if (cec) return self->fail("connect: " + cec.message());
            self->handshake();
          });
        });
  }

 private:
  beast::tcp_stream& lowest() { return beast::get_lowest_layer(stream_); }

  void handshake() {
    if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
      send();
    } else {
      if (!SSL_set_tlsext_host_name(stream_.native_handle(), target_.host.c_str()))
        return fail("tls: SNI");
      stream_.set_verify_mode(ssl::verify_peer);
      stream_.set_verify_callback(ssl::host_name_verification(target_.host));
      stream_.async_handshake(ssl::stream_base::client,
                              [self = this->shared_from_this()](beast::error_code ec) {
                                if (ec) return self->fail("tls: " + ec.message());
                                self->send();
                              });
    }
  }

  void send() {
    http::async_write(
        stream_, req_, [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
          if (ec) return self->fail("send: " + ec.message());
          self->parser_.body_limit(kMaxAnswer);
          self->parser_.header_limit(16 * 1024);
          http::async_read(self->stream_, self->buffer_, self->parser_,
                           [self](beast::error_code rec, std::size_t) {
                             if (rec) return self->fail("answer: " + rec.message());
                             PostResult r;
                             r.status = static_cast<int>(self->parser_.get().result_int());
                             r.body = std::move(self->parser_.get().body());
                             self->finish(std::move(r));
                           });
        });
  }

  void fail(std::string what) {
    PostResult r;
    r.error = std::move(what);
    finish(std::move(r));
  }

  void finish(PostResult r) {
    beast::error_code ignore;
    lowest().socket().shutdown(tcp::socket::shutdown_both, ignore);
    lowest().socket().close(ignore);
    if (auto d = std::exchange(done_, nullptr)) d(std::move(r));
  }

  tcp::resolver resolver_;
  Stream stream_;
  WebhookTarget target_;
  std::function<void(PostResult)> done_;
  http::request<http::string_body> req_;
  http::response_parser<http::string_body> parser_;
  beast::flat_buffer buffer_;
};

}  // namespace

void async_post(net::io_context& ioc, ssl::context* tls, const WebhookTarget& target,
                std::vector<std::pair<std::string, std::string>> headers,
                std::shared_ptr<const std::string> body, std::chrono::milliseconds deadline,
                std::function<void(PostResult)> done) {
  if (target.tls) {
    using Op = PostOp<beast::ssl_stream<beast::tcp_stream>>;
    std::make_shared<Op>(ioc, target, std::move(done), ioc.get_executor(), *tls)
        ->start(std::move(headers), std::move(body), deadline);
  } else {
    using Op = PostOp<beast::tcp_stream>;
    std::make_shared<Op>(ioc, target, std::move(done), ioc.get_executor())
        ->start(std::move(headers), std::move(body), deadline);
  }
}

}  // namespace zoom_sim
