#include "ws_client.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <thread>

namespace zoom_sim::testing {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;

struct WsClient::Impl {
  net::io_context ioc;
  websocket::stream<beast::tcp_stream> ws{ioc};
  beast::flat_buffer buf;
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work;
  std::thread thread;

  mutable std::mutex mu;
  std::condition_variable cv;
  std::deque<std::string> inbox;
  bool ended = false;
  std::string reason;
  int code = 0;

  // io thread only
  std::deque<std::string> outbox;
  bool writing = false;

  void read() {
    ws.async_read(buf, [this](beast::error_code ec, std::size_t) {
      std::lock_guard lk(mu);
      if (ec) {
        ended = true;
        code = ws.reason().code;
        reason = ec == websocket::error::closed ? "closed by peer" : ec.message();
        cv.notify_all();
        return;
      }
      inbox.push_back(beast::buffers_to_string(buf.data()));
      buf.consume(buf.size());
      cv.notify_all();
      net::post(ioc, [this] { read(); });
    });
  }
  void write_next() {
    writing = true;
    ws.text(true);
    ws.async_write(net::buffer(outbox.front()), [this](beast::error_code ec, std::size_t) {
      writing = false;
      outbox.pop_front();
      if (!ec && !outbox.empty()) write_next();
    });
  }
};

WsClient::WsClient(unsigned short port, const std::string& target)
    : impl_(std::make_unique<Impl>()) {
  beast::error_code ec;
  beast::get_lowest_layer(impl_->ws).expires_after(std::chrono::seconds(10));
  beast::get_lowest_layer(impl_->ws).connect(
      tcp::endpoint(net::ip::make_address("127.0.0.1"), port), ec);
  if (ec) {
    error_ = "connect: " + ec.message();
    return;
  }
  websocket::response_type res;
  impl_->ws.handshake(res, "127.0.0.1:" + std::to_string(port), target, ec);
  if (ec) {
    error_ = ec.message();
    refused_status_ = static_cast<int>(res.result_int());
    return;
  }
  beast::get_lowest_layer(impl_->ws).expires_never();
  accepted_ = true;
  impl_->work.emplace(impl_->ioc.get_executor());
  impl_->read();
  impl_->thread = std::thread([this] { impl_->ioc.run(); });
}

WsClient::~WsClient() {
  if (!impl_->thread.joinable()) return;
  net::post(impl_->ioc, [this] {
    beast::error_code ignore;
    beast::get_lowest_layer(impl_->ws).socket().close(ignore);
  });
  impl_->work.reset();
  impl_->thread.join();
}

void WsClient::send(const std::string& text) {
  net::post(impl_->ioc, [this, text] {
    impl_->outbox.push_back(text);
    if (!impl_->writing) impl_->write_next();
  });
}

std::optional<std::string> WsClient::next(std::chrono::milliseconds timeout) {
  std::unique_lock lk(impl_->mu);
  impl_->cv.wait_for(lk, timeout, [&] { return !impl_->inbox.empty() || impl_->ended; });
  if (impl_->inbox.empty()) return std::nullopt;
  auto s = std::move(impl_->inbox.front());
  impl_->inbox.pop_front();
  return s;
}

bool WsClient::wait_closed(std::chrono::milliseconds timeout) {
  std::unique_lock lk(impl_->mu);
  return impl_->cv.wait_for(lk, timeout, [&] { return impl_->ended; });
}

bool WsClient::closed() const {
  std::lock_guard lk(impl_->mu);
  return impl_->ended;
}

std::string WsClient::end_reason() const {
  std::lock_guard lk(impl_->mu);
  return impl_->reason;
}

int WsClient::close_code() const {
  std::lock_guard lk(impl_->mu);
  return impl_->code;
}

void WsClient::close() {
  net::post(impl_->ioc, [this] {
    impl_->ws.async_close(websocket::close_code::normal, [](beast::error_code) {});
  });
}

}  // namespace zoom_sim::testing
