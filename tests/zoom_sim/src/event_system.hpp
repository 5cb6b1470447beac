// Internal: the event side of one simulator: the counters, the bus, its delivery
// channels (WebSocket hub, webhook sender), the activity generator and the
// store of what it adds. Owned by Simulator::Impl; the channels and the
// generator stop before the server and the stores go away.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "event_bus.hpp"
#include "event_payloads.hpp"
#include "impl.hpp"
#include "live_store.hpp"

namespace zoom_sim {

class WsHub;
class WebhookSender;
class Activity;

struct EventSystem {
  explicit EventSystem(Simulator::Impl& impl);
  ~EventSystem();
  void start();  // the webhook challenge, the generator's thread
  void stop();   // idempotent

  // The operator and account of a change made at `when` (the account owner
  // operates every change: a guess).
  payloads::Who who(const std::string& account_id, TimePoint when) const;

  EventCounterSet counters;
  EventBus bus;
  LiveStore live;
  std::unique_ptr<WsHub> hub;              // when Options::events.websocket
  std::unique_ptr<WebhookSender> webhook;  // when Options::events.webhook_url
  std::unique_ptr<Activity> activity;

  std::string default_account;
  std::string operator_email, operator_id;
};

// GET /_sim/events, GET /_sim/truth?stream=S, POST /_sim/webhook/validate,
// POST /_sim/ws/drop, POST /_sim/activity?steps=N|settle=1; nullopt for other paths.
std::optional<HttpResponse> handle_event_control(Simulator::Impl& impl, const HttpRequest& req);

boost::json::object event_counters_json(const EventCounters& c);

// truth(stream): key → the record as the REST API serves it now (internal reads).
std::map<std::string, std::string> compute_truth(Simulator::Impl& impl, const std::string& stream);

}  // namespace zoom_sim
