// Hands partitions to the fetch's workers. The deepest ready partition goes
// first (children before more parents), so the pending work stays about one
// parent page wide and memory does not grow with the account's size; a
// partition that has more pages goes back to the front of its depth.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "fetch/partition.hpp"
#include "core/stop_signal.hpp"

namespace zc::fetch {

class WorkScheduler {
 public:
  explicit WorkScheduler(StopSignal stop) : stop_(stop) {}

  // Queues a new partition, unless one with its key was queued in this run.
  void add(Partition partition);
  // Puts a partition that has more pages back in front of its depth.
  void requeue(std::shared_ptr<Partition> partition);
  // A partition ended (done, skipped or failed): it is no longer open.
  void finished();

  // Blocks until a partition is ready; nullptr when the fetch stops or no
  // partition is open any more.
  std::shared_ptr<Partition> take();

  void set_workers(std::size_t count);
  // A worker leaves; true for the last one.
  bool worker_left();
  bool workers_running() const;
  std::size_t open_partitions() const;

  // Wakes every waiting worker (after a stop).
  void wake_all();

 private:
  bool stopping() const { return stop_.requested(); }

  StopSignal stop_;
  mutable std::mutex mutex_;
  std::condition_variable ready_cv_;
  std::map<int, std::deque<std::shared_ptr<Partition>>, std::greater<>> ready_;  // deepest first
  std::size_t open_ = 0;  // queued or being walked
  std::size_t live_workers_ = 0;
  std::set<std::string> known_keys_;  // partitions created in this run
};

}  // namespace zc::fetch
