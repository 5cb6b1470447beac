// Which Zoom events change which stream, read from the catalog
// (schemas/catalog.json: each stream's "events" list), never written in code:
//   {"name": "meeting.updated", "op": "upsert", "key": "object.uuid",
//    "lookup": "object.id", "parent": "object.uuid", "each": "object.call_logs",
//    "partial": true}
// Paths are dotted field names under the event's "payload". "key" leads to
// the stream's primary key (its last name is the key's field); "lookup"
// (optional, partial upserts only) to the id the object's single GET takes
// when the event does not carry the key (meeting.updated names the meeting by
// id, not uuid); "parent" (optional) to the parent record's key
// (a participant's meeting); "each" (optional) to an array whose elements
// are each one change, "key" then being relative to the element (the call
// logs of phone.*_call_history_completed). "partial": the payload does not
// hold the record as the stream serves it, so it is read from the API.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace zc::events {

enum class ChangeOp { upsert, remove };

std::string_view change_op_word(ChangeOp op);  // "upsert" | "delete"

using FieldPath = std::vector<std::string>;  // "object.uuid" -> {"object", "uuid"}

struct EventRule {
  std::string event;   // Zoom's event name
  std::string stream;  // the catalog's stream
  ChangeOp op = ChangeOp::upsert;
  FieldPath key;
  FieldPath lookup;  // empty: none
  FieldPath parent;  // empty: none
  FieldPath each;    // empty: the payload is one change
  bool partial = true;
};

class EventCatalog {
 public:
  // The rules for one event name, in catalog order; empty for an event no
  // stream listens to.
  const std::vector<EventRule>& rules_for(std::string_view event) const;
  std::vector<std::string> event_names() const;
  std::vector<std::string> streams() const;  // the streams with events

  void add(EventRule rule);

 private:
  std::map<std::string, std::vector<EventRule>, std::less<>> by_event_;
};

// Every stream's "events" of a catalog document (the embedded one, or a test's),
// checked: known fields only, a known op, paths of [a-z_] names, the key's last
// name the stream's one primary key field, no event listed twice for a stream.
Result<EventCatalog> read_event_catalog(std::string_view catalog_json);

// The rules of the plugin's own catalog (core's embedded catalog document),
// read once; a catalog that does not pass the checks fails the unit tests.
const EventCatalog& embedded_event_catalog();

}  // namespace zc::events
