// Which parents can have records in a date window, from Zoom's active-hosts
// report (GET /report/users?type=active&from&to). A user who hosted no
// meeting in a window has no cloud recordings and no meetings report there,
// so for the streams the stream table marks (active_hosts_report) a fetch
// with active_hosts_only walks only the hosts the report names: one report
// page per 300 hosts instead of one walk per user. Scheduled meetings and
// webinars are not marked: a user who hosted nothing may have upcoming ones.
//
// The report of a window is read once, by the first worker whose parent
// page needs it; the others wait for it. Whenever the report cannot answer
// (too old for it, an error, an odd answer) or would cost more calls than it
// saves, that window's parents are all walked: pruning may cost calls, never
// records. Pruned partitions are simply never planned, so the state and a
// resume are those of a fetch of the same records.
#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/error.hpp"
#include "core/rate_category.hpp"
#include "core/stream_table.hpp"
#include "fetch/fetch_counters.hpp"
#include "fetch/fetch_request.hpp"
#include "fetch/partition.hpp"

namespace zc::fetch {

class ActiveHosts {
 public:
  // One paced page of the report; its error message already fit for the host.
  using GetPage = std::function<Result<boost::json::object>(
      const std::string& target, RateCategory category, StreamCounters& counters)>;

  // `walked`: the streams the fetch walks (PartitionPlanner::walked_streams).
  // `request` must outlive this.
  ActiveHosts(const FetchRequest& request, const std::vector<std::string_view>& walked,
              std::chrono::sys_days today);

  // A walked stream may be pruned (the summary then says what pruning did).
  bool relevant() const { return !windows_.empty(); }

  // Each page of a parent of a prunable stream: its total_records says how
  // many parents there are, which the cost rule needs.
  void note_parent_page(const Partition& parent, std::uint64_t total_records,
                        std::size_t records_on_page);

  // False only when `child` belongs to a prunable stream and the report for
  // its window (read through `get_page` on first need) does not name its
  // parent. May block while the report is read.
  bool keep(const Partition& child, const GetPage& get_page);

  // The summary's "pruning" entry (zoom.fetch_progress.schema.json).
  boost::json::object summary() const;

 private:
  struct Window {
    const StreamDef* report = nullptr;
    std::string from, to;
    std::vector<std::string_view> streams;  // the prunable streams walked in it
    enum class Step : std::uint8_t { unread, reading, decided } step = Step::unread;
    bool pruned = false;
    std::string reason;  // why not pruned
    std::unordered_set<std::string> hosts;
    std::uint64_t parents_skipped = 0;
  };
  struct Decision {
    bool pruned = false;
    std::string reason;
    std::unordered_set<std::string> hosts;
  };

  // `parents`: how many parents there are; `all_known` when every listing
  // of them has said so (else `parents` is a lower bound).
  Decision read_report(const Window& window, std::uint64_t parents, bool all_known,
                       const GetPage& get_page);

  const FetchRequest& request_;
  std::string off_;  // why pruning is off for the whole fetch, or ""
  std::vector<std::string_view> streams_;
  StreamCounters report_counters_;  // the report's own requests, apart from report_users

  mutable std::mutex mutex_;
  std::condition_variable read_done_;
  std::map<std::string, Window> windows_;               // "<report>|<from>|<to>"
  std::map<std::string, std::uint64_t> parent_totals_;  // parent partition key -> total_records
  std::map<std::string_view, std::size_t> parent_listings_;  // parent stream -> its partitions
  std::map<std::string_view, std::uint64_t> skipped_by_stream_;
};

}  // namespace zc::fetch
