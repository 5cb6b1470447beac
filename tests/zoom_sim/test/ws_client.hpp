// A raw WebSocket client for the simulator's tests (Boost.Beast, loopback):
// one io thread reads continuously into a queue; sends are queued on it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace zoom_sim::testing {

class WsClient {
 public:
  // Connects to 127.0.0.1:port and asks to upgrade `target` ("/ws?subscriptionId=...").
  WsClient(unsigned short port, const std::string& target);
  ~WsClient();
  WsClient(const WsClient&) = delete;
  WsClient& operator=(const WsClient&) = delete;

  bool accepted() const { return accepted_; }
  int refused_status() const { return refused_status_; }  // the HTTP status of a refusal
  const std::string& error() const { return error_; }

  void send(const std::string& text);
  // The next text message, or nullopt after `timeout` or once the connection ended.
  std::optional<std::string> next(std::chrono::milliseconds timeout);
  // Waits until the connection ends; true when it did within `timeout`.
  bool wait_closed(std::chrono::milliseconds timeout);
  bool closed() const;
  // How it ended: "closed by peer" with the close code, or the transport error.
  std::string end_reason() const;
  int close_code() const;
  void close();  // a normal close from our side

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
  bool accepted_ = false;
  int refused_status_ = 0;
  std::string error_;
};

}  // namespace zoom_sim::testing
