#include "ws_endpoint.hpp"

#include <algorithm>
#include <boost/asio.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <deque>

#include "event_system.hpp"

namespace zoom_sim {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace json = boost::json;
using namespace std::chrono;

namespace {

// Zoom's answer to a heartbeat is not documented; clients in the wild read a
// "success" field from it (docs/zoom_sim.md).
const std::string kHeartbeatReply = R"({"module":"heartbeat","success":true})";

bool is_heartbeat(const std::string& text) {
  boost::system::error_code ec;
  const auto v = json::parse(text, ec);
  if (ec || !v.is_object()) return false;
  const auto* m = v.as_object().if_contains("module");
  return m && m->is_string() && m->as_string() == "heartbeat";
}

steady_clock::duration scaled(seconds d, double scale) {
  const double s = static_cast<double>(d.count()) / std::max(scale, 1e-9);
  return std::max<steady_clock::duration>(
      milliseconds(1), duration_cast<steady_clock::duration>(duration<double>(s)));
}

struct Outgoing {
  std::shared_ptr<const std::string> text;
  bool event = true;  // false: a heartbeat reply
};

template <class Stream>
class WsSession final : public WsConnection,
                        public std::enable_shared_from_this<WsSession<Stream>> {
 public:
  WsSession(Stream&& s, WsHub& hub, std::string sub)
      : ws_(std::move(s)),
        hub_(hub),
        sub_(std::move(sub)),
        heartbeat_(ws_.get_executor()),
        drop_timer_(ws_.get_executor()),
        hold_timer_(ws_.get_executor()) {}

  void run(http::request<http::string_body>&& req) {
    req_ = std::move(req);
    beast::get_lowest_layer(ws_).expires_never();
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& res) { res.set(http::field::server, "zoom_sim"); }));
    ws_.read_message_max(64 * 1024);
    // Subscribed from the upgrade on: an event published while the handshake's
    // answer is on its way is queued, not lost.
    open_ = true;
    hub_.attach(sub_, this->shared_from_this());
    ws_.async_accept(req_, [self = this->shared_from_this()](beast::error_code ec) {
      if (ec) return self->finish();
      self->on_open();
    });
  }

  bool open() const override { return open_.load(); }

  void send(std::shared_ptr<const std::string> text, bool hold) override {
    net::post(ws_.get_executor(), [self = this->shared_from_this(), t = std::move(text), hold] {
      self->enqueue(Outgoing{t, true}, hold);
    });
  }
  void replaced() override {
    net::post(ws_.get_executor(), [self = this->shared_from_this()] {
      if (!self->open_.exchange(false)) return;
      self->hub_.counters().add(&EventCounters::ws_replaced);
      self->request_close({websocket::close_code::normal, "replaced by a newer connection"});
    });
  }
  void drop() override {
    net::post(ws_.get_executor(), [self = this->shared_from_this()] { self->drop_now(); });
  }

 private:
  EventCounterSet& counters() { return hub_.counters(); }

  void on_open() {
    accepted_ = true;
    counters().add(&EventCounters::ws_connections);
    if (close_requested_) return do_close();
    arm_heartbeat();
    const auto& o = hub_.options();
    const auto every = hub_.faults().ws_drop_every;
    if (every.count() > 0) {
      drop_timer_.expires_after(scaled(every, o.time_scale));
      drop_timer_.async_wait([self = this->shared_from_this()](beast::error_code ec) {
        if (!ec) self->drop_now();
      });
    }
    if (!queue_.empty()) write_next();
    read();
  }

  void arm_heartbeat() {
    const auto& o = hub_.options();
    heartbeat_.expires_after(scaled(o.heartbeat_timeout, o.time_scale));
    heartbeat_.async_wait([self = this->shared_from_this()](beast::error_code ec) {
      if (ec || !self->open_.exchange(false)) return;
      self->counters().add(&EventCounters::ws_heartbeat_timeouts);
      self->request_close({websocket::close_code::policy_error, "no heartbeat"});
    });
  }

  void read() {
    ws_.async_read(rbuf_, [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
      self->on_read(ec);
    });
  }

  void on_read(beast::error_code ec) {
    if (ec) return finish();
    const std::string text = beast::buffers_to_string(rbuf_.data());
    rbuf_.consume(rbuf_.size());
    if (open_ && is_heartbeat(text)) {
      counters().add(&EventCounters::ws_heartbeats);
      arm_heartbeat();
      static const auto reply = std::make_shared<const std::string>(kHeartbeatReply);
      enqueue(Outgoing{reply, false}, false);
    }
    read();
  }

  void enqueue(Outgoing out, bool hold) {
    if (!open_) {
      if (out.event) counters().add(&EventCounters::ws_lost_while_closed);
      return;
    }
    if (queue_.size() >= hub_.options().max_queued_events) {
      counters().add(&EventCounters::ws_queue_overflow);
      return;
    }
    if (hold) {
      if (held_.text) push(std::exchange(held_, {}));
      held_ = std::move(out);
      hold_timer_.expires_after(hub_.faults().reorder_hold);
      hold_timer_.async_wait([self = this->shared_from_this()](beast::error_code ec) {
        if (!ec && self->held_.text && self->open_) self->push(std::exchange(self->held_, {}));
      });
      return;
    }
    const bool event = out.event;
    push(std::move(out));
    if (event && held_.text) {
      hold_timer_.cancel();
      push(std::exchange(held_, {}));
    }
  }

  void push(Outgoing out) {
    queue_.push_back(std::move(out));
    if (accepted_ && !writing_ && !close_requested_) write_next();
  }

  void write_next() {
    writing_ = true;
    ws_.text(true);
    ws_.async_write(net::buffer(*queue_.front().text),
                    [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                      self->on_write(ec);
                    });
  }

  void on_write(beast::error_code ec) {
    writing_ = false;
    if (ec || queue_.empty()) return;  // the read side sees the broken connection
    if (queue_.front().event) counters().add(&EventCounters::ws_delivered);
    queue_.pop_front();
    if (close_requested_) return do_close();
    if (!queue_.empty()) write_next();
  }

  void request_close(websocket::close_reason reason) {
    if (close_requested_) return;
    close_requested_ = true;
    close_reason_ = std::move(reason);
    if (accepted_ && !writing_) do_close();
  }

  void do_close() {
    ws_.async_close(close_reason_, [self = this->shared_from_this()](beast::error_code ec) {
      if (ec) self->close_socket();
    });
  }

  void drop_now() {
    if (!open_.exchange(false)) return;
    counters().add(&EventCounters::ws_dropped);
    close_socket();
  }

  void close_socket() {
    beast::error_code ignore;
    auto& sock = beast::get_lowest_layer(ws_).socket();
    sock.shutdown(net::ip::tcp::socket::shutdown_both, ignore);
    sock.close(ignore);
  }

  void finish() {
    open_ = false;
    heartbeat_.cancel();
    drop_timer_.cancel();
    hold_timer_.cancel();
    hub_.detach(sub_, this);
    std::uint64_t lost = held_.text ? 1 : 0;
    held_ = {};
    // What is still queued is lost (the message being written may still arrive).
    while (queue_.size() > (writing_ ? 1u : 0u)) {
      lost += queue_.back().event ? 1 : 0;
      queue_.pop_back();
    }
    if (lost) counters().add(&EventCounters::ws_lost_while_closed, lost);
  }

  websocket::stream<Stream> ws_;
  WsHub& hub_;
  std::string sub_;
  http::request<http::string_body> req_;
  net::steady_timer heartbeat_, drop_timer_, hold_timer_;
  beast::flat_buffer rbuf_;
  std::deque<Outgoing> queue_;
  Outgoing held_;
  std::atomic<bool> open_{false};
  bool accepted_ = false;  // the handshake completed
  bool writing_ = false;
  bool close_requested_ = false;
  websocket::close_reason close_reason_;
};

}  // namespace

// ---------------------------------------------------------------- hub
WsHub::WsHub(const EventOptions& opt, EventCounterSet& counters)
    : opt_(opt), counters_(counters), faults_(opt.faults), rng_(opt.faults.seed ^ 0x5753ULL) {}

void WsHub::set_faults(const EventFaults& f) {
  std::lock_guard lk(mu_);
  faults_ = f;
  rng_ = util::Rng(f.seed ^ 0x5753ULL);
}

EventFaults WsHub::faults() const {
  std::lock_guard lk(mu_);
  return faults_;
}

bool WsHub::known(std::string_view subscription) const {
  return std::find(opt_.subscription_ids.begin(), opt_.subscription_ids.end(), subscription) !=
         opt_.subscription_ids.end();
}

void WsHub::attach(const std::string& subscription, const std::shared_ptr<WsConnection>& c) {
  std::shared_ptr<WsConnection> old;
  {
    std::lock_guard lk(mu_);
    old = live_[subscription].lock();
    live_[subscription] = c;
  }
  if (old && old != c) old->replaced();
}

void WsHub::detach(const std::string& subscription, const WsConnection* c) {
  std::lock_guard lk(mu_);
  const auto it = live_.find(subscription);
  if (it != live_.end() && it->second.lock().get() == c) live_.erase(it);
}

void WsHub::drop_all() {
  std::vector<std::shared_ptr<WsConnection>> all;
  {
    std::lock_guard lk(mu_);
    for (auto& [k, w] : live_)
      if (auto c = w.lock()) all.push_back(std::move(c));
  }
  for (auto& c : all) c->drop();
}

void WsHub::deliver(const EventPtr& event) {
  const auto text = std::make_shared<const std::string>(R"({"module":"message","content":)" +
                                                        json_str(event->json) + "}");
  std::lock_guard lk(mu_);
  for (const auto& sub : opt_.subscription_ids) {
    const auto it = live_.find(sub);
    auto c = it == live_.end() ? nullptr : it->second.lock();
    if (!c || !c->open()) {
      counters_.add(&EventCounters::ws_lost_while_closed);
      continue;
    }
    if (faults_.ws_drop_probability > 0 && rng_.unit() < faults_.ws_drop_probability) {
      c->drop();
      counters_.add(&EventCounters::ws_lost_while_closed);
      continue;
    }
    const bool dup =
        faults_.duplicate_probability > 0 && rng_.unit() < faults_.duplicate_probability;
    const bool hold = faults_.reorder_probability > 0 && rng_.unit() < faults_.reorder_probability;
    if (hold) counters_.add(&EventCounters::reordered);
    c->send(text, hold);
    if (dup) {
      counters_.add(&EventCounters::duplicated);
      c->send(text, false);
    }
  }
}

// ---------------------------------------------------------------- upgrade
std::optional<HttpResponse> ws_refusal(Simulator::Impl& impl, const HttpRequest& req,
                                       bool is_upgrade, std::string& subscription) {
  auto& hub = *impl.events->hub;
  auto refuse = [&](HttpResponse r) {
    hub.counters().add(&EventCounters::ws_refused);
    return r;
  };
  if (req.method != "GET" || !is_upgrade)
    return refuse(api_error(426, 426, "A WebSocket upgrade is required."));
  const auto params = util::parse_query(req.query);
  const std::string* token = params ? util::find_param(*params, "access_token") : nullptr;
  const std::string* sub = params ? util::find_param(*params, "subscriptionId") : nullptr;
  HttpRequest as_bearer;
  as_bearer.authorization = "Bearer " + (token ? *token : std::string());
  const auto now_tp = [&] {
    std::lock_guard lk(impl.mu);
    return impl.now();
  }();
  auto caller = impl.authenticate(as_bearer, now_tp);
  if (auto* e = std::get_if<HttpResponse>(&caller)) return refuse(std::move(*e));
  if (!sub || !hub.known(*sub))
    return refuse(api_error(404, 404, "The event subscription does not exist."));
  subscription = *sub;
  return std::nullopt;
}

void start_ws_session(beast::tcp_stream&& stream, http::request<http::string_body>&& req,
                      WsHub& hub, std::string subscription) {
  std::make_shared<WsSession<beast::tcp_stream>>(std::move(stream), hub, std::move(subscription))
      ->run(std::move(req));
}

void start_ws_session(beast::ssl_stream<beast::tcp_stream>&& stream,
                      http::request<http::string_body>&& req, WsHub& hub,
                      std::string subscription) {
  std::make_shared<WsSession<beast::ssl_stream<beast::tcp_stream>>>(std::move(stream), hub,
                                                                    std::move(subscription))
      ->run(std::move(req));
}

}  // namespace zoom_sim
