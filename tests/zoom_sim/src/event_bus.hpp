// Internal: the one event bus. Every applied change (a REST write, an activity
// step) publishes Zoom's event for it here, in the order the changes applied;
// the bus numbers it, keeps the last few for /_sim/events, and hands it to the
// delivery channels (the WebSocket hub, the webhook sender).
#pragma once

#include <boost/json.hpp>
#include <chrono>
#include <deque>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

#include "zoom_sim/events.hpp"

namespace zoom_sim {

// Thread-safe counters of the event side (EventCounters, one mutex).
class EventCounterSet {
 public:
  void add(std::uint64_t EventCounters::*field, std::uint64_t n = 1) {
    std::lock_guard lk(mu_);
    c_.*field += n;
  }
  EventCounters get() const {
    std::lock_guard lk(mu_);
    return c_;
  }

 private:
  mutable std::mutex mu_;
  EventCounters c_;
};

using EventPtr = std::shared_ptr<const EventRecord>;

// A delivery channel. deliver() is called with the bus's lock held, in publish
// order: it must only queue (never block, never call back into the bus or the stores).
class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual void deliver(const EventPtr& event) = 0;
};

class EventBus {
 public:
  EventBus(std::size_t recent_kept, EventCounterSet& counters)
      : recent_kept_(recent_kept), counters_(counters) {}

  // Publishes {"event":name,"payload":payload,"event_ts":ms} plus `extra`
  // top-level fields (recording.completed's download_token).
  void publish(std::string_view name, boost::json::object payload,
               std::chrono::system_clock::time_point when, boost::json::object extra = {});
  void add_sink(EventSink* sink);  // before the server starts
  std::vector<EventRecord> recent() const;

 private:
  mutable std::mutex mu_;
  std::uint64_t seq_ = 0;
  std::size_t recent_kept_;
  std::deque<EventPtr> recent_;
  std::vector<EventSink*> sinks_;
  EventCounterSet& counters_;
};

}  // namespace zoom_sim
