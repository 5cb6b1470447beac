#include "fetch/item_queue.hpp"

namespace zc::fetch {

bool ItemQueue::push(QueuedItem item) {
  std::unique_lock lock(mutex_);
  not_full_.wait(lock, [&] { return closed_ || items_.size() < capacity_; });
  if (closed_) return false;
  items_.push_back(std::move(item));
  not_empty_.notify_one();
  return true;
}

bool ItemQueue::push_all(std::vector<QueuedItem>& items) {
  std::size_t next = 0;
  while (next < items.size()) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return closed_ || items_.size() < capacity_; });
    if (closed_) {
      items.clear();
      return false;
    }
    while (next < items.size() && items_.size() < capacity_) {
      items_.push_back(std::move(items[next++]));
    }
    not_empty_.notify_one();
  }
  items.clear();
  return true;
}

std::optional<QueuedItem> ItemQueue::pop() {
  std::unique_lock lock(mutex_);
  not_empty_.wait(lock, [&] { return closed_ || finished_ || !items_.empty(); });
  if (closed_ || items_.empty()) return std::nullopt;  // closed drops the rest
  QueuedItem item = std::move(items_.front());
  items_.pop_front();
  not_full_.notify_one();
  return item;
}

void ItemQueue::finish(Result<void> outcome) {
  std::lock_guard lock(mutex_);
  if (finished_ || closed_) return;
  finished_ = true;
  outcome_ = std::move(outcome);
  not_empty_.notify_all();
}

void ItemQueue::close(Error reason) {
  std::lock_guard lock(mutex_);
  if (closed_) return;
  closed_ = true;
  if (outcome_) outcome_ = std::unexpected(std::move(reason));
  items_.clear();
  not_full_.notify_all();
  not_empty_.notify_all();
}

Result<void> ItemQueue::outcome() const {
  std::lock_guard lock(mutex_);
  return outcome_;
}

std::size_t ItemQueue::size() const {
  std::lock_guard lock(mutex_);
  return items_.size();
}

}  // namespace zc::fetch
