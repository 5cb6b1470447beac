// The simulator's event side (issue 24): Zoom's events for every applied change,
// served over a WebSocket subscription (/ws) and posted to a webhook URL, an
// activity generator that changes the account on its own, delivery faults, and
// the truth a listening client must end up with. docs/zoom_sim.md ("Events")
// describes the wire details and every guess.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace zoom_sim {

// Faults of event delivery. Every decision comes from a RNG seeded with `seed`
// (one stream per channel), so a run is repeatable.
struct EventFaults {
  std::uint64_t seed = 7;
  // Each WebSocket connection is dropped (TCP closed without a close frame) this
  // long after it opened, in simulated time (divided by EventOptions::time_scale);
  // 0 = never.
  std::chrono::seconds ws_drop_every{0};
  double ws_drop_probability = 0;          // per event about to be sent: drop instead
  double webhook_failure_probability = 0;  // per attempt: not sent, counted failed, retried
  double duplicate_probability = 0;        // per delivery: sent twice
  double reorder_probability = 0;          // per delivery: held back behind the next event
  // A held-back event goes out after the next one, or after this long (real time).
  std::chrono::milliseconds reorder_hold{500};
};

// The activity generator: meetings starting and ending, participants joining
// and leaving, recordings completing and being deleted, phone calls, and a share
// of creates/updates/deletes of users, meetings, webinars and groups. Every
// change is applied to the live state first (the REST API serves it), then its
// event is published. Deterministic from (seed, step number) and the state.
struct ActivityOptions {
  double per_minute = 0;      // steps per simulated minute; 0 = none (activity_step() still works)
  double crud_share = 0.3;    // share of steps that create/update/delete records
  int max_live_meetings = 8;  // meetings in progress at once
  double recording_share = 0.5;  // share of ended meetings whose cloud recording completes
  bool phone_calls = true;       // completed calls (phone.*_call_history_completed)
  // Ended meetings, their participants, recordings and calls kept at most; the
  // generator stops adding those when full (it never forgets what the API served).
  std::size_t max_records = 200000;
};

struct EventOptions {
  bool websocket = false;  // serve GET /ws?subscriptionId=ID&access_token=TOKEN
  std::vector<std::string> subscription_ids{"sim-subscription-id"};
  // A connection that sent no {"module":"heartbeat"} for this long (simulated
  // time, divided by time_scale) is closed.
  std::chrono::seconds heartbeat_timeout{90};
  // Webhooks: POSTed here, signed with the secret token; http:// or https:// (then
  // the certificate is checked against webhook_ca_file, or the system's CAs).
  std::string webhook_url;
  std::string webhook_secret;
  std::string webhook_ca_file;
  // Divides Zoom's schedules: webhook retries (5, 20, 60 min), the activity
  // interval, heartbeat timeouts and drop intervals. Record times stay on the
  // simulator's clock.
  double time_scale = 1.0;
  std::size_t max_queued_events = 10000;  // per WebSocket connection, and for webhooks
  std::size_t recent_events = 1000;       // kept for GET /_sim/events and recent_events()
  EventFaults faults;
};

struct EventCounters {
  std::uint64_t published = 0;
  std::uint64_t ws_connections = 0;         // upgrades accepted
  std::uint64_t ws_refused = 0;             // upgrades refused (token, subscription id)
  std::uint64_t ws_replaced = 0;            // closed because a newer one opened
  std::uint64_t ws_delivered = 0;           // messages written (duplicates included)
  std::uint64_t ws_lost_while_closed = 0;   // events with no open connection (per subscription)
  std::uint64_t ws_dropped = 0;             // connections dropped by a fault
  std::uint64_t ws_heartbeats = 0;          // heartbeats answered
  std::uint64_t ws_heartbeat_timeouts = 0;  // connections closed for silence
  std::uint64_t ws_queue_overflow = 0;      // events not queued: a connection's queue was full
  std::uint64_t webhook_validations = 0;    // url_validation challenges sent
  std::uint64_t webhook_validation_failures = 0;
  std::uint64_t webhook_not_validated = 0;      // events not sent: the endpoint is not validated
  std::uint64_t webhook_attempts = 0;           // POSTs tried (injected failures included)
  std::uint64_t webhook_failures = 0;           // attempts without a 200/204 within 3 s
  std::uint64_t webhook_injected_failures = 0;  // of which the fault decided
  std::uint64_t webhook_delivered = 0;          // deliveries answered 200/204
  std::uint64_t webhook_dropped = 0;            // deliveries given up after the last retry
  std::uint64_t webhook_queue_overflow = 0;     // deliveries not queued: the queue was full
  std::uint64_t duplicated = 0;                 // deliveries sent twice (both channels)
  std::uint64_t reordered = 0;                  // deliveries held back (both channels)
  std::uint64_t activity_steps = 0;
};

// One published event, as sent: `json` is the exact text of the webhook body and
// of the WebSocket message's "content".
struct EventRecord {
  std::uint64_t seq = 0;
  std::string name;
  std::int64_t event_ts = 0;  // milliseconds
  std::string json;
};

// The streams truth() knows, with their key field (schemas/catalog.json).
std::vector<std::string> truth_streams();

}  // namespace zoom_sim
