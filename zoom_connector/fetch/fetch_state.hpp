// The checkpoint a fetch emits and takes back to resume.
//
//   {"version": 1, "credential": "<fingerprint of account and client id>",
//    "partitions": {"meetings|user=abc": {"done": true, "emitted": 3},
//                   "users|status=active": {"emitted": 600, "last_id": "x", "page_token": "t"}},
//    "cursors": {"report_users": "2026-11-29"},
//    "frontier": {"plan": "...", "open": {"past_meeting_participants": ["<uuid>"]}}}
//
// A partition is one paginated walk (one user's meetings, one date window of
// a report). "emitted" counts the records of a partition already handed to
// the host, so a resumed or restarted walk skips exactly those: nothing lost,
// nothing twice. Zoom keeps list order stable between walks; "last_id" lets
// the walk notice when it did not. A partition walked only to feed child
// streams is marked "listed_only" (it handed over no records).
//
// "frontier" (fetch/frontier.hpp) lists the children found and not finished:
// with it, a resume goes on from each parent's page token; a state without
// one (older, or from a run that could not know them all) walks the finished
// parents again to find them.
//
// When a fetch completes, the partitions are no longer needed: the final
// state keeps only "cursors", the last day each date-windowed stream was
// fetched up to. The next fetch of that stream without explicit dates starts
// there (that day is read again: Zoom may have added to it since, and the
// primary key identifies a record seen twice).
#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "fetch/frontier.hpp"

namespace zc::fetch {

struct PartitionProgress {
  bool done = false;
  std::uint64_t emitted = 0;
  std::string last_id;
  std::string page_token;
  bool listed_only = false;  // walked only for its children
};

class FetchState {
 public:
  explicit FetchState(std::string credential_fingerprint)
      : credential_(std::move(credential_fingerprint)) {}

  // Checks a state blob from the host: shape, version, and that it belongs
  // to this credential. Every problem is an INVALID_ARGUMENT naming it.
  static Result<FetchState> load(const boost::json::object& blob,
                                 std::string credential_fingerprint);

  std::optional<PartitionProgress> find(const std::string& key) const;
  bool done(const std::string& key) const;
  // A done partition leaves the frontier.
  void set(const std::string& key, PartitionProgress progress);

  // Called once, before the fetch starts, with this request's plan. True when
  // the state's frontier belongs to it: then take_frontier() is what to queue
  // and finished parents need no new walk. Otherwise the frontier is dropped
  // and, unless the state is empty, checkpoints carry none.
  bool adopt_plan(std::string plan);
  bool resumes_from_frontier() const { return resume_from_frontier_; }
  const std::optional<LoadedFrontier>& loaded_frontier() const { return loaded_; }
  std::vector<FrontierEntry> take_frontier();
  // A child partition was queued.
  void open_child(const std::string& key, const StreamDef& stream, const std::string& parent_id) {
    frontier_.open(key, stream, parent_id);
  }

  std::optional<std::chrono::sys_days> cursor(const std::string& stream) const;
  void set_cursor(const std::string& stream, std::chrono::sys_days day);
  // A completed fetch: forget partitions, keep cursors.
  void clear_partitions() {
    partitions_.clear();
    frontier_.clear();
  }

  std::string to_json() const;
  std::size_t size() const { return partitions_.size(); }

 private:
  std::string credential_;
  std::map<std::string, PartitionProgress> partitions_;
  std::map<std::string, std::chrono::sys_days> cursors_;
  std::optional<LoadedFrontier> loaded_;
  std::string plan_;               // "" until adopt_plan: no frontier written
  bool frontier_complete_ = true;  // every open child of this run is in frontier_
  bool resume_from_frontier_ = false;
  Frontier frontier_;
};

// Identifies a credential without revealing anything secret (the client
// secret is not part of it).
std::string credential_fingerprint(std::string_view account_id, std::string_view client_id);

}  // namespace zc::fetch
