#include "fetch/work_scheduler.hpp"

namespace zc::fetch {

void WorkScheduler::add(Partition partition) {
  std::lock_guard lock(mutex_);
  if (!known_keys_.insert(partition.key).second) return;  // already walked or queued
  const int depth = partition.depth;
  ++open_;
  ready_[depth].push_back(std::make_shared<Partition>(std::move(partition)));
  ready_cv_.notify_one();
}

void WorkScheduler::requeue(std::shared_ptr<Partition> partition) {
  std::lock_guard lock(mutex_);
  const int depth = partition->depth;
  ready_[depth].push_front(std::move(partition));  // keep walking what is begun
  ready_cv_.notify_one();
}

void WorkScheduler::finished() {
  {
    std::lock_guard lock(mutex_);
    --open_;
  }
  ready_cv_.notify_all();
}

std::shared_ptr<Partition> WorkScheduler::take() {
  std::unique_lock lock(mutex_);
  ready_cv_.wait(lock, [&] {
    if (stopping() || open_ == 0) return true;
    for (const auto& [depth, list] : ready_) {
      if (!list.empty()) return true;
    }
    return false;
  });
  if (stopping() || open_ == 0) return nullptr;
  for (auto& [depth, list] : ready_) {
    if (!list.empty()) {
      auto partition = std::move(list.front());
      list.pop_front();
      return partition;
    }
  }
  return nullptr;
}

void WorkScheduler::set_workers(std::size_t count) {
  std::lock_guard lock(mutex_);
  live_workers_ = count;
}

bool WorkScheduler::worker_left() {
  bool last = false;
  {
    std::lock_guard lock(mutex_);
    last = --live_workers_ == 0;
  }
  ready_cv_.notify_all();
  return last;
}

bool WorkScheduler::workers_running() const {
  std::lock_guard lock(mutex_);
  return live_workers_ > 0;
}

std::size_t WorkScheduler::open_partitions() const {
  std::lock_guard lock(mutex_);
  return open_;
}

void WorkScheduler::wake_all() {
  // Taking the lock orders the stop before a waiter's next check of it.
  { std::lock_guard lock(mutex_); }
  ready_cv_.notify_all();
}

}  // namespace zc::fetch
