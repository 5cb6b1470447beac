#include "webhook_receiver.hpp"

#include <sodium.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace zoom_sim::testing {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
using tcp = net::ip::tcp;

std::string sodium_hmac_hex(const std::string& key, const std::string& message) {
  if (sodium_init() < 0) return {};
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(message.data()),
                                message.size());
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_final(&st, mac);
  char hex[crypto_auth_hmacsha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return hex;
}

struct WebhookReceiver::Impl {
  std::string secret;
  net::io_context ioc;
  tcp::acceptor acceptor{ioc};
  std::thread thread;
  mutable std::mutex mu;
  mutable std::condition_variable cv;
  std::vector<ReceivedPost> posts;
  std::size_t event_posts = 0;
  std::function<int(std::size_t)> status = [](std::size_t) { return 200; };
  bool wrong_challenge = false;

  void accept() {
    acceptor.async_accept([this](beast::error_code ec, tcp::socket s) {
      if (ec) return;
      serve(std::make_shared<beast::tcp_stream>(std::move(s)));
      accept();
    });
  }

  void serve(std::shared_ptr<beast::tcp_stream> stream) {
    auto buf = std::make_shared<beast::flat_buffer>();
    auto req = std::make_shared<http::request<http::string_body>>();
    stream->expires_after(std::chrono::seconds(10));
    http::async_read(
        *stream, *buf, *req, [this, stream, buf, req](beast::error_code ec, std::size_t) {
          if (ec) return;
          ReceivedPost p{std::string((*req)["x-zm-request-timestamp"]),
                         std::string((*req)["x-zm-signature"]),
                         std::string((*req)[http::field::content_type]),
                         std::string((*req)[http::field::user_agent]),
                         req->body(),
                         std::chrono::steady_clock::now()};
          auto res = std::make_shared<http::response<http::string_body>>(http::status::ok, 11);
          res->keep_alive(false);
          boost::system::error_code jec;
          const auto v = json::parse(p.body, jec);
          const auto* o = jec ? nullptr : v.if_object();
          const bool challenge =
              o && o->if_contains("event") && o->at("event") == "endpoint.url_validation";
          {
            std::lock_guard lk(mu);
            if (challenge) {
              const std::string plain(o->at("payload").at("plainToken").as_string());
              res->set(http::field::content_type, "application/json");
              res->body() = json::serialize(
                  json::object{{"plainToken", plain},
                               {"encryptedToken",
                                sodium_hmac_hex(wrong_challenge ? secret + "x" : secret, plain)}});
            } else {
              res->result(static_cast<unsigned>(status(++event_posts)));
            }
            posts.push_back(std::move(p));
          }
          cv.notify_all();
          res->prepare_payload();
          http::async_write(*stream, *res, [stream, res](beast::error_code, std::size_t) {
            beast::error_code ignore;
            stream->socket().shutdown(tcp::socket::shutdown_both, ignore);
          });
        });
  }
};

WebhookReceiver::WebhookReceiver(std::string secret) : impl_(std::make_unique<Impl>()) {
  impl_->secret = std::move(secret);
  const tcp::endpoint ep(net::ip::make_address("127.0.0.1"), 0);
  impl_->acceptor.open(ep.protocol());
  impl_->acceptor.bind(ep);
  impl_->acceptor.listen();
  impl_->accept();
  impl_->thread = std::thread([this] { impl_->ioc.run(); });
}

WebhookReceiver::~WebhookReceiver() {
  impl_->ioc.stop();
  impl_->thread.join();
}

std::string WebhookReceiver::url() const {
  return "http://127.0.0.1:" + std::to_string(impl_->acceptor.local_endpoint().port()) +
         "/zoom/events";
}

void WebhookReceiver::answer_events_with(std::function<int(std::size_t)> status) {
  std::lock_guard lk(impl_->mu);
  impl_->status = std::move(status);
}

void WebhookReceiver::answer_challenge_wrongly(bool wrong) {
  std::lock_guard lk(impl_->mu);
  impl_->wrong_challenge = wrong;
}

std::vector<ReceivedPost> WebhookReceiver::posts() const {
  std::lock_guard lk(impl_->mu);
  return impl_->posts;
}

std::vector<ReceivedPost> WebhookReceiver::events() const {
  std::lock_guard lk(impl_->mu);
  std::vector<ReceivedPost> out;
  for (const auto& p : impl_->posts)
    if (p.body.find("\"endpoint.url_validation\"") == std::string::npos) out.push_back(p);
  return out;
}

bool WebhookReceiver::wait_events(std::size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock lk(impl_->mu);
  return impl_->cv.wait_for(lk, timeout, [&] { return impl_->event_posts >= n; });
}

}  // namespace zoom_sim::testing
