// Internal: the webhook sender. Validates the endpoint with Zoom's
// endpoint.url_validation challenge first (and every 72 h, scaled), then POSTs
// each event signed with the secret token: x-zm-request-timestamp (Unix seconds,
// real time) and x-zm-signature v0=hex(HMAC-SHA256(secret, "v0:{ts}:{body}")).
// A delivery not answered 200/204 within 3 s is retried after 5, 20 and 60
// minutes (divided by the time scale), then dropped. Runs on its own thread.
#pragma once

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "event_bus.hpp"
#include "util.hpp"
#include "webhook_post.hpp"

namespace zoom_sim {

// hex(HMAC-SHA256(key, message)), lowercase.
std::string hmac_sha256_hex(std::string_view key, std::string_view message);

class WebhookSender final : public EventSink {
 public:
  // Throws std::invalid_argument for a URL that is not http(s) or an empty secret.
  WebhookSender(const EventOptions& opt, EventCounterSet& counters);
  ~WebhookSender() override;
  void stop();  // idempotent

  void deliver(const EventPtr& event) override;
  void set_faults(const EventFaults& faults);
  // Sends the challenge now and waits for the answer (never call it from the
  // sender's own thread). True when it was answered right.
  bool validate_now();
  bool validated() const { return validated_.load(); }

 private:
  struct Delivery {
    EventPtr event;
    int attempts = 0;
  };
  using DeliveryPtr = std::shared_ptr<Delivery>;

  void on_event(const EventPtr& event, bool duplicate, bool hold);
  void start_delivery(DeliveryPtr d);
  void attempt(DeliveryPtr d);
  void retry_later(DeliveryPtr d);
  void pump();
  void validate(std::function<void(bool)> done);
  void schedule_revalidation();
  std::vector<std::pair<std::string, std::string>> signed_headers(const std::string& body);
  std::chrono::steady_clock::duration scaled(std::chrono::minutes m) const;

  const EventOptions& opt_;
  EventCounterSet& counters_;
  WebhookTarget target_;
  std::optional<boost::asio::ssl::context> tls_;  // outlives the connections in ioc_
  boost::asio::io_context ioc_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::thread thread_;
  std::mutex stop_mu_;
  bool stopped_ = false;

  std::mutex faults_mu_;  // faults_ and the delivery RNG (deliver() runs on other threads)
  EventFaults faults_;
  util::Rng decide_rng_;

  std::atomic<bool> validated_{false};
  // Only on the sender's thread:
  util::Rng attempt_rng_;
  util::Rng token_rng_;
  std::chrono::steady_clock::time_point last_validation_{};
  bool validating_ = false;
  std::size_t in_flight_ = 0;
  std::size_t alive_ = 0;  // deliveries queued, in flight or waiting for a retry
  std::deque<DeliveryPtr> ready_;
  DeliveryPtr held_;
  std::shared_ptr<boost::asio::steady_timer> hold_timer_;
  std::shared_ptr<boost::asio::steady_timer> revalidate_timer_;
};

}  // namespace zoom_sim
