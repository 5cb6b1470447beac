// Internal: the WebSocket subscription endpoint, GET /ws?subscriptionId=ID&access_token=T
// on the simulator's own port (ws://, or wss:// in TLS mode), as Zoom serves
// wss://ws.zoom.us/ws. One connection per subscription (a newer one closes the
// older), {"module":"heartbeat"} answered, silent connections closed, events sent
// as {"module":"message","content":"<event JSON>"}; events published while a
// subscription has no open connection are lost, as on Zoom.
#pragma once

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "event_bus.hpp"
#include "impl.hpp"
#include "util.hpp"

namespace zoom_sim {

// A live connection, as the hub sees it (implemented per stream type in the .cpp).
class WsConnection {
 public:
  virtual ~WsConnection() = default;
  virtual bool open() const = 0;
  // Queues a message (from any thread). hold: sent after the next message, or
  // after EventFaults::reorder_hold.
  virtual void send(std::shared_ptr<const std::string> text, bool hold) = 0;
  virtual void replaced() = 0;  // a newer connection took the subscription: close
  virtual void drop() = 0;      // a fault: TCP close without a close frame
};

class WsHub final : public EventSink {
 public:
  WsHub(const EventOptions& opt, EventCounterSet& counters);
  void deliver(const EventPtr& event) override;
  void set_faults(const EventFaults& faults);
  EventFaults faults() const;
  void drop_all();

  // Sessions register when the upgrade succeeded and leave when they close.
  void attach(const std::string& subscription, const std::shared_ptr<WsConnection>& c);
  void detach(const std::string& subscription, const WsConnection* c);
  bool known(std::string_view subscription) const;
  const EventOptions& options() const { return opt_; }
  EventCounterSet& counters() { return counters_; }

 private:
  const EventOptions& opt_;
  EventCounterSet& counters_;
  mutable std::mutex mu_;
  EventFaults faults_;
  util::Rng rng_;
  std::map<std::string, std::weak_ptr<WsConnection>> live_;
};

// GET /ws: nullopt when the upgrade may proceed (subscription set), else the
// refusal to send: 426 without an upgrade, 401/124 for a bad or expired token,
// 404 for an unknown subscription id.
std::optional<HttpResponse> ws_refusal(Simulator::Impl& impl, const HttpRequest& req,
                                       bool is_upgrade, std::string& subscription);

// Takes over an accepted HTTP connection whose request was a valid upgrade.
void start_ws_session(boost::beast::tcp_stream&& stream,
                      boost::beast::http::request<boost::beast::http::string_body>&& req,
                      WsHub& hub, std::string subscription);
void start_ws_session(boost::beast::ssl_stream<boost::beast::tcp_stream>&& stream,
                      boost::beast::http::request<boost::beast::http::string_body>&& req,
                      WsHub& hub, std::string subscription);

}  // namespace zoom_sim
