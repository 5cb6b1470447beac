// A webhook endpoint for the simulator's tests: an HTTP server on 127.0.0.1
// that records every POST (headers, raw body) and answers as told: the
// url_validation challenge right (HMAC computed with libsodium, independently of
// the simulator's OpenSSL) or wrong, and events with a chosen status.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace zoom_sim::testing {

struct ReceivedPost {
  std::string timestamp;     // x-zm-request-timestamp
  std::string signature;     // x-zm-signature
  std::string content_type;  // Content-Type
  std::string user_agent;
  std::string body;  // raw
  std::chrono::steady_clock::time_point at;
};

// hex(HMAC-SHA256(key, message)) with libsodium.
std::string sodium_hmac_hex(const std::string& key, const std::string& message);

class WebhookReceiver {
 public:
  explicit WebhookReceiver(std::string secret);
  ~WebhookReceiver();
  WebhookReceiver(const WebhookReceiver&) = delete;
  WebhookReceiver& operator=(const WebhookReceiver&) = delete;

  std::string url() const;  // http://127.0.0.1:PORT/zoom/events
  // Status for the n-th event POST (1-based, validation excluded); default 200.
  void answer_events_with(std::function<int(std::size_t n)> status);
  void answer_challenge_wrongly(bool wrong);
  std::vector<ReceivedPost> posts() const;   // every POST, challenge included
  std::vector<ReceivedPost> events() const;  // the event POSTs only
  // Waits until `n` event POSTs arrived; false after `timeout`.
  bool wait_events(std::size_t n, std::chrono::milliseconds timeout) const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace zoom_sim::testing
