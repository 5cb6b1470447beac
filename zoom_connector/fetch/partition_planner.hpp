// Which partitions a fetch walks, from the stream table and the request: the
// top-level ones it starts with, and the children each parent record adds
// (users feed the per-user streams, meetings their participants). It builds
// every partition's state key and target URL; it does no I/O and holds no
// state, so FetchRun decides what of it is already done.
#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "core/stream_table.hpp"
#include "fetch/fetch_request.hpp"
#include "fetch/partition.hpp"

namespace zc::fetch {

class PartitionPlanner {
 public:
  // `request` must outlive the planner. `now` decides which meetings are past.
  PartitionPlanner(const FetchRequest& request, std::chrono::system_clock::time_point now);

  bool wanted(const StreamDef& stream) const { return wanted_[index(stream)]; }
  // True when a stream this fetch wants hangs off `stream`, directly or lower.
  bool feeds_children(const StreamDef& stream) const { return feeds_[index(stream)]; }
  // The streams this fetch walks: the wanted ones and the parents they need.
  std::vector<std::string_view> walked_streams() const;

  std::vector<Partition> top_level() const;
  // Appends to `out` the partitions that `record`, from a page of `parent`,
  // adds, and to `pruned` (when given) each child stream the record cannot
  // have records of (can_have_records), whose call is left out.
  void add_children(const Partition& parent, const boost::json::object& record,
                    std::vector<Partition>& out,
                    std::vector<const StreamDef*>* pruned = nullptr) const;
  // False when the parent record's own fields show it has no records of
  // `child`: not yet held (parent_filter), or of a kind the child never has
  // (parent_match: a meeting type without registration).
  bool can_have_records(const StreamDef& child, const boost::json::object& parent_record) const;
  // Appends the partitions of child stream `child` under the parent record
  // `parent_id`, as add_children makes them (a resume rebuilds its frontier).
  // An id that cannot fill the child's path (path_id_problem: empty, "." or
  // "..") gives partitions with no target and `refused` saying why.
  void add_child(const StreamDef& child, const std::string& parent_id,
                 std::vector<Partition>& out) const;

 private:
  static std::size_t index(const StreamDef& stream);
  // One partition, or one per month window for a windowed stream. `what`
  // names it in the state key ("user=<id>"; "" for a top-level walk), and
  // `query` is its own query parameters ("status=active"; "").
  void add(const StreamDef& stream, const std::string& what, const std::string& parent_id,
           std::string_view path, std::string_view query, int depth,
           std::vector<Partition>& out) const;

  const FetchRequest& request_;
  std::chrono::system_clock::time_point now_;
  std::vector<bool> wanted_;
  std::vector<bool> feeds_;
  std::vector<std::vector<const StreamDef*>> children_;  // the walked children of each stream
};

}  // namespace zc::fetch
