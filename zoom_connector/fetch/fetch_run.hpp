// One running fetch: worker threads walk partitions page by page, paced by
// the rate limiter, and hand records and checkpoints to the host through a
// bounded queue (the host's fetch_next pulls from it).
//
// Parents are listed once per fetch and each page of a parent creates its
// children's partitions (PartitionPlanner); workers take the deepest ready
// partition first (WorkScheduler); a failed page is retried, skipped or ends
// the fetch (page_error_action); the last item is the summary (run_summary).
//
// Consistency: records of a page and the partition's progress are handed
// over under one lock, and a checkpoint is a snapshot taken under the same
// lock, so every checkpoint covers exactly the records before it.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/rate_limiter.hpp"
#include "core/redactor.hpp"
#include "core/retrying_caller.hpp"
#include "core/zoom_api_client.hpp"
#include "fetch/active_hosts.hpp"
#include "fetch/fetch_counters.hpp"
#include "fetch/fetch_request.hpp"
#include "fetch/fetch_state.hpp"
#include "fetch/fetch_stream.hpp"
#include "fetch/item_queue.hpp"
#include "fetch/page_caller.hpp"
#include "fetch/page_reader.hpp"
#include "fetch/partition.hpp"
#include "fetch/partition_planner.hpp"
#include "fetch/run_summary.hpp"
#include "fetch/work_scheduler.hpp"

namespace spdlog {
class logger;
}

namespace zc::fetch {

struct FetchSettings {
  RetryPolicy retry;
  std::size_t queue_capacity = 2048;                    // items between workers and host
  std::chrono::milliseconds checkpoint_interval{1000};  // at most one state per interval
  std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
  std::chrono::sys_days today() const { return std::chrono::floor<std::chrono::days>(now); }
};

class FetchRun final : public FetchStream {
 public:
  // `api` and `connector_cancel` belong to the connector, which outlives
  // every fetch stream (the ABI requires streams to be closed first). Every
  // message the run hands out (errors, the summary) passes `redactor`.
  FetchRun(ZoomApiClient& api, const std::atomic<bool>& connector_cancel,
           std::shared_ptr<spdlog::logger> log, std::shared_ptr<const Redactor> redactor,
           FetchRequest request, FetchState state, FetchSettings settings,
           std::shared_ptr<RateLimiter> limiter);
  ~FetchRun() override;

  Result<FetchItem> next() override;
  Result<std::string> progress_json() const override;

 private:
  // Queues a planned partition unless an earlier run finished it; resumes it
  // where that run stopped.
  void add_partition(Partition partition);
  void worker();
  void walk_one_page(const std::shared_ptr<Partition>& partition, PageReader& reader);
  // The page's list checked, and its next_page_token (empty: the last page).
  Result<std::string> read_page(Partition& partition, PageReader& reader) const;
  // The child partitions the page's records name, queued.
  Result<void> plan_children(const Partition& partition, const PageReader& reader);
  // The page's records, progress and maybe a checkpoint, under one lock;
  // false when the host closed the fetch.
  bool hand_over(Partition& partition, const PageReader& reader, StreamCounters& counters,
                 const std::string& next_token);
  void on_page_error(const std::shared_ptr<Partition>& partition, const Error& error);
  // A download child's page (download_walk.cpp): its files fetched and read,
  // their records handed over, the partition finished.
  void walk_downloads(const std::shared_ptr<Partition>& partition, const PageReader& reader,
                      StreamCounters& counters);
  Result<std::vector<std::string>> download_records(const Partition& partition,
                                                    const PageReader& reader,
                                                    StreamCounters& counters);
  void finish_partition(const std::shared_ptr<Partition>& partition);
  void fail_fetch(Error error);
  Error for_host(Error error) const;  // redacted, bounded
  void maybe_checkpoint(bool force);  // call with emit_mutex_ held
  void finalize();                    // the last worker out: final checkpoint, then end the queue
  std::string summary_json() const;

  ZoomApiClient& api_;
  const std::atomic<bool>& connector_cancel_;
  std::shared_ptr<spdlog::logger> log_;
  std::shared_ptr<const Redactor> redactor_;
  FetchRequest request_;
  FetchSettings settings_;
  const std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();

  std::atomic<bool> stop_{false};         // set on close, fatal error or cancel
  std::shared_ptr<RateLimiter> limiter_;  // the account's, shared with other work
  FetchCounters counters_;
  PageCaller caller_;
  ItemQueue queue_;
  PartitionPlanner planner_;
  ActiveHosts active_hosts_;  // which parents the pruned streams walk
  WorkScheduler scheduler_;

  // What went wrong, for the outcome and the summary.
  mutable std::mutex problems_mutex_;
  bool failed_ = false;
  Error failure_;
  std::vector<PartitionProblem> skipped_;
  std::vector<PartitionProblem> failed_partitions_;

  // Handing over: records, progress and checkpoints under one lock.
  std::mutex emit_mutex_;
  FetchState state_;
  std::chrono::steady_clock::time_point last_checkpoint_{};
  bool dirty_ = false;

  // What the host pulls.
  std::string current_stream_;
  std::string current_json_;
  bool summary_sent_ = false;
  bool ended_ = false;

  std::vector<std::thread> workers_;
};

}  // namespace zc::fetch
