#include "event_bus.hpp"

namespace zoom_sim {

namespace json = boost::json;
using namespace std::chrono;

void EventBus::publish(std::string_view name, json::object payload, system_clock::time_point when,
                       json::object extra) {
  const auto ms = duration_cast<milliseconds>(when.time_since_epoch()).count();
  json::object o;
  o["event"] = name;
  o["payload"] = std::move(payload);
  o["event_ts"] = ms;
  for (auto& kv : extra) o[kv.key()] = std::move(kv.value());
  auto rec = std::make_shared<EventRecord>();
  rec->name = std::string(name);
  rec->event_ts = ms;
  rec->json = json::serialize(o);

  std::lock_guard lk(mu_);
  rec->seq = ++seq_;
  counters_.add(&EventCounters::published);
  const EventPtr ev = std::move(rec);
  if (recent_kept_ > 0) {
    recent_.push_back(ev);
    while (recent_.size() > recent_kept_) recent_.pop_front();
  }
  for (auto* s : sinks_) s->deliver(ev);
}

void EventBus::add_sink(EventSink* sink) {
  std::lock_guard lk(mu_);
  sinks_.push_back(sink);
}

std::vector<EventRecord> EventBus::recent() const {
  std::lock_guard lk(mu_);
  std::vector<EventRecord> out;
  out.reserve(recent_.size());
  for (const auto& e : recent_) out.push_back(*e);
  return out;
}

}  // namespace zoom_sim
