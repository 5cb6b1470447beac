// One Zoom event (a webhook body, or a WebSocket message's "content") turned
// into its change items by the catalog's rules (event_catalog.hpp):
//   {"event": "meeting.deleted", "event_ts": 1700000000000,
//    "payload": {"account_id": ..., "object": {"uuid": ..., "id": ...}}}
//   -> {"stream": "meetings", "op": "delete", "key": "<uuid>", "partial": false,
//       "event": {"name": "meeting.deleted", "ts": 1700000000000}}
// The text is outside input: bounded in size, depth and items, every value
// used checked; an event no stream listens to gives no items; messages never
// quote the input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "events/event_catalog.hpp"

namespace zc::events {

// The largest event Zoom's deliveries are taken at (a webhook body, a
// WebSocket message's content): recording events with many files are the largest.
inline constexpr std::size_t kMaxEventBytes = 2 * 1024 * 1024;

struct ChangeLimits {
  std::size_t max_bytes = kMaxEventBytes;
  int max_depth = 64;
  std::size_t max_items = 1000;     // changes out of one event ("each" arrays)
  std::size_t max_key_bytes = 256;  // a key, lookup or parent value
};

struct ChangeItem {
  std::string stream;
  ChangeOp op = ChangeOp::upsert;
  std::optional<std::string> key;     // absent only when `lookup` names the object
  std::optional<std::string> lookup;  // the id the object's single GET takes
  std::optional<std::string> parent;  // the parent record's key
  bool partial = true;                // the record must be read from the API
  std::string record;                 // the payload's object (JSON), when not partial
  std::string event;                  // Zoom's event name
  std::int64_t event_ts = 0;          // ms, the event's event_ts
  std::int64_t change_ts = 0;         // ms: payload.time_stamp when given, else event_ts
  std::uint64_t digest = 0;           // the same for every delivery of the same event
};

Result<std::vector<ChangeItem>> parse_event(std::string_view text, const EventCatalog& catalog,
                                            const ChangeLimits& limits = {});

// The item as one JSON line (no newline): stream, op, key, lookup, parent,
// partial, record (when present), event {name, ts}.
std::string change_item_json(const ChangeItem& item);

}  // namespace zc::events
