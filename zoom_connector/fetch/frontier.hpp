// The frontier of a fetch: the child partitions it found (a user's meetings,
// a meeting's participants) and has not finished. A checkpoint carries it, so
// a resume queues them and lets every parent go on from its page token
// instead of listing its finished pages again to find them: the requests
// before the first new record stay constant however far the fetch got.
//
//   "frontier": {"plan": "<fingerprint of the request's partition plan>",
//                "open": {"meetings": ["<user id>", ...],
//                         "past_meeting_participants": ["<meeting uuid>", ...]}}
//
// It stays small: workers take the deepest ready partition first, so the
// open children are about one parent page wide. A checkpoint leaves it out
// when it would pass k_max_entries (that resume walks finished parents again).
// A run that resumed without a usable frontier cannot know every open child,
// so its checkpoints carry none.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstddef>
#include <expected>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/stream_table.hpp"
#include "fetch/fetch_request.hpp"

namespace zc::fetch {

class PartitionPlanner;

struct FrontierEntry {
  const StreamDef* stream = nullptr;  // a child stream
  std::string parent_id;              // the parent record's id (user id, meeting UUID)
};

// What a state's "frontier" said.
struct LoadedFrontier {
  std::string plan;
  std::vector<FrontierEntry> entries;  // each (stream, parent) once
};

class Frontier {
 public:
  static constexpr std::size_t k_max_entries = 50000;
  static constexpr std::size_t k_max_id_bytes = 256;

  // Checks a state's "frontier": its shape, known child streams, bounded
  // ids, no entry twice, at most k_max_entries. The error says what is wrong.
  static std::expected<LoadedFrontier, std::string> load(const boost::json::value& blob);

  // A child partition was queued / ended (done or skipped).
  void open(const std::string& key, const StreamDef& stream, const std::string& parent_id);
  void close(const std::string& key) { open_.erase(key); }
  void clear() { open_.clear(); }
  std::size_t size() const { return open_.size(); }

  // nullopt when too large for a state (see above).
  std::optional<boost::json::object> to_json(const std::string& plan) const;

 private:
  std::map<std::string, FrontierEntry> open_;  // by partition key (windows share an entry)
};

// Identifies what decides a fetch's partitions: the streams and their date
// ranges as planned, and every field of the request `raw` but its state and
// pacing (max_concurrency, plan, rate_share), so an option that changes which
// children a parent has changes the plan too. A frontier is used only by a
// request with the same plan.
std::string plan_fingerprint(const FetchRequest& request, const boost::json::object& raw);

// A frontier whose plan matches must name only child streams this request
// walks; anything else is a state that was tampered with.
Result<void> check_frontier_covered(const LoadedFrontier& frontier,
                                    const PartitionPlanner& planner);

}  // namespace zc::fetch
