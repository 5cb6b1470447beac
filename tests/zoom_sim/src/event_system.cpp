#include "event_system.hpp"

#include "activity.hpp"
#include "webhook_sender.hpp"
#include "ws_endpoint.hpp"

namespace zoom_sim {

namespace json = boost::json;
using namespace std::chrono;

EventSystem::EventSystem(Simulator::Impl& impl)
    : bus(impl.opt.events.recent_events, counters), live(impl.opt.activity.max_records) {
  default_account = impl.opt.apps.empty() ? kDefaultAccountId : impl.opt.apps.front().account_id;
  if (impl.ds.user_count() > 0) {
    const User* owner = impl.ds.user_ptr(impl.ds.owner_index);
    operator_email = owner->email;
    operator_id = owner->id;
  }
  if (impl.opt.events.websocket) {
    hub = std::make_unique<WsHub>(impl.opt.events, counters);
    bus.add_sink(hub.get());
  }
  if (!impl.opt.events.webhook_url.empty()) {
    webhook = std::make_unique<WebhookSender>(impl.opt.events, counters);
    bus.add_sink(webhook.get());
  }
  activity = std::make_unique<Activity>(impl, *this);
}

EventSystem::~EventSystem() { stop(); }

void EventSystem::start() { activity->start(); }

void EventSystem::stop() {
  if (activity) activity->stop();
  if (webhook) webhook->stop();
}

payloads::Who EventSystem::who(const std::string& account_id, TimePoint when) const {
  return payloads::Who{account_id, operator_email, operator_id,
                       duration_cast<milliseconds>(when.time_since_epoch()).count()};
}

namespace {

json::object counters_json(const EventCounters& c) {
  return json::object{{"published", c.published},
                      {"ws_connections", c.ws_connections},
                      {"ws_refused", c.ws_refused},
                      {"ws_replaced", c.ws_replaced},
                      {"ws_delivered", c.ws_delivered},
                      {"ws_lost_while_closed", c.ws_lost_while_closed},
                      {"ws_dropped", c.ws_dropped},
                      {"ws_heartbeats", c.ws_heartbeats},
                      {"ws_heartbeat_timeouts", c.ws_heartbeat_timeouts},
                      {"ws_queue_overflow", c.ws_queue_overflow},
                      {"webhook_validations", c.webhook_validations},
                      {"webhook_validation_failures", c.webhook_validation_failures},
                      {"webhook_not_validated", c.webhook_not_validated},
                      {"webhook_attempts", c.webhook_attempts},
                      {"webhook_failures", c.webhook_failures},
                      {"webhook_injected_failures", c.webhook_injected_failures},
                      {"webhook_delivered", c.webhook_delivered},
                      {"webhook_dropped", c.webhook_dropped},
                      {"webhook_queue_overflow", c.webhook_queue_overflow},
                      {"duplicated", c.duplicated},
                      {"reordered", c.reordered},
                      {"activity_steps", c.activity_steps}};
}

std::optional<std::size_t> count_param(const util::Params& p, std::string_view key) {
  const auto* v = util::find_param(p, key);
  if (!v || v->empty() || v->size() > 6) return std::nullopt;
  for (char ch : *v)
    if (ch < '0' || ch > '9') return std::nullopt;
  return static_cast<std::size_t>(std::stoul(*v));
}

}  // namespace

json::object event_counters_json(const EventCounters& c) { return counters_json(c); }

std::optional<HttpResponse> handle_event_control(Simulator::Impl& impl, const HttpRequest& req) {
  auto& ev = *impl.events;
  const auto params = util::parse_query(req.query);
  if (!params) return validation_error("query", "Malformed query string.");
  if (req.method == "GET" && req.path == "/_sim/events") {
    json::array recent;
    for (const auto& e : ev.bus.recent())
      recent.push_back(json::object{
          {"seq", e.seq}, {"event", e.name}, {"event_ts", e.event_ts}, {"json", e.json}});
    return json_response(
        200, json::serialize(json::object{{"counters", counters_json(ev.counters.get())},
                                          {"recent", std::move(recent)}}));
  }
  if (req.method == "GET" && req.path == "/_sim/truth") {
    const auto* stream = util::find_param(*params, "stream");
    const auto streams = truth_streams();
    if (!stream || std::find(streams.begin(), streams.end(), *stream) == streams.end())
      return validation_error("stream", "Unknown stream.");
    json::object records;
    for (auto& [k, v] : compute_truth(impl, *stream)) records[k] = json::parse(v);
    return json_response(
        200, json::serialize(json::object{{"stream", *stream}, {"records", std::move(records)}}));
  }
  if (req.method == "POST" && req.path == "/_sim/webhook/validate") {
    if (!ev.webhook) return api_error(404, 404, "No webhook URL is configured.");
    return json_response(200,
                         json::serialize(json::object{{"validated", ev.webhook->validate_now()}}));
  }
  if (req.method == "POST" && req.path == "/_sim/ws/drop") {
    if (ev.hub) ev.hub->drop_all();
    return json_response(200, "{}");
  }
  if (req.method == "POST" && req.path == "/_sim/activity") {
    const auto steps = count_param(*params, "steps");
    if (steps) ev.activity->step(*steps);
    if (util::find_param(*params, "settle")) ev.activity->settle();
    if (!steps && !util::find_param(*params, "settle"))
      return validation_error("steps", "steps=N (at most 999999) or settle=1.");
    return json_response(
        200, json::serialize(json::object{{"activity_steps", ev.counters.get().activity_steps}}));
  }
  return std::nullopt;
}

// ------------------------------------------------------------ Simulator's event calls
EventCounters Simulator::event_counters() const { return impl_->events->counters.get(); }
std::vector<EventRecord> Simulator::recent_events() const { return impl_->events->bus.recent(); }
void Simulator::set_event_faults(const EventFaults& faults) {
  if (impl_->events->hub) impl_->events->hub->set_faults(faults);
  if (impl_->events->webhook) impl_->events->webhook->set_faults(faults);
}
void Simulator::activity_step(std::size_t n) { impl_->events->activity->step(n); }
void Simulator::activity_settle() { impl_->events->activity->settle(); }
void Simulator::set_activity_rate(double per_minute) {
  impl_->events->activity->set_rate(per_minute);
}
bool Simulator::validate_webhook() {
  return impl_->events->webhook && impl_->events->webhook->validate_now();
}
void Simulator::drop_websockets() {
  if (impl_->events->hub) impl_->events->hub->drop_all();
}
std::map<std::string, std::string> Simulator::truth(const std::string& stream) const {
  return compute_truth(*impl_, stream);
}

}  // namespace zoom_sim
