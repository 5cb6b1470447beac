// One running fetch: worker threads walk partitions page by page, paced by
// the rate limiter, and hand records and checkpoints to the host through a
// bounded queue (the host's fetch_next pulls from it).
//
// Scheduling: parents are listed once per fetch (users feed every per-user
// stream; meetings feed past-meeting participants) and each page of a parent
// creates its children's partitions. Workers always take the deepest ready
// partition first, so the pending work stays about one parent page wide and
// memory does not grow with the account's size.
//
// Consistency: records of a page and the partition's progress are handed
// over under one lock, and a checkpoint is a snapshot taken under the same
// lock, so every checkpoint covers exactly the records before it.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/redactor.hpp"
#include "fetch/fetch_stream.hpp"
#include "core/zoom_api_client.hpp"
#include "fetch/fetch_counters.hpp"
#include "fetch/fetch_request.hpp"
#include "fetch/fetch_state.hpp"
#include "fetch/item_queue.hpp"
#include "fetch/paced_caller.hpp"
#include "fetch/partition.hpp"
#include "core/rate_limiter.hpp"

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
           FetchRequest request, FetchState state, FetchSettings settings);
  ~FetchRun() override;

  Result<FetchItem> next() override;
  Result<std::string> progress_json() const override;

 private:
  struct SkippedPartition {
    std::string stream, id, message;
    int code = 0;
    int http_status = 0;
  };

  void start_top_level_partitions();
  void add_partition(StreamSpec spec, const std::string& what, const std::string& parent_id,
                     std::string target, bool emit, int depth,
                     std::optional<DateRange> window = std::nullopt);
  bool feeds_children(const StreamSpec& spec) const;
  void add_children(const Partition& parent, const boost::json::object& record);
  void worker();
  void walk_one_page(const std::shared_ptr<Partition>& partition);
  void on_page_error(const std::shared_ptr<Partition>& partition, const Error& error);
  void finish_partition(const std::shared_ptr<Partition>& partition);
  void requeue(std::shared_ptr<Partition> partition);
  void fail_fetch(Error error);
  Error for_host(Error error) const;  // redacted, bounded
  void maybe_checkpoint(bool force);  // call with emit_mutex_ held
  void finalize();                    // the last worker out: final checkpoint, then end the queue
  std::string summary_json() const;
  bool stopping() const;

  ZoomApiClient& api_;
  const std::atomic<bool>& connector_cancel_;
  std::shared_ptr<spdlog::logger> log_;
  std::shared_ptr<const Redactor> redactor_;
  FetchRequest request_;
  FetchSettings settings_;
  const std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();

  std::atomic<bool> stop_{false};  // set on close, fatal error or cancel
  RateLimiter limiter_;
  FetchCounters counters_;
  PacedCaller caller_;
  ItemQueue queue_;

  // Scheduling.
  mutable std::mutex work_mutex_;
  std::condition_variable work_ready_;
  std::map<int, std::deque<std::shared_ptr<Partition>>, std::greater<>> ready_;  // deepest first
  std::size_t open_partitions_ = 0;  // queued or being walked
  std::size_t live_workers_ = 0;
  std::set<std::string> known_keys_;  // partitions created in this run
  bool failed_ = false;
  Error failure_;
  std::vector<SkippedPartition> skipped_;
  std::vector<SkippedPartition> failed_partitions_;

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
