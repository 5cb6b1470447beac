// A bounded queue between the fetch workers (producers) and the host's pull
// (the one consumer). Bounded, so memory does not grow with the number of
// records: a slow host makes the workers wait (backpressure).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace zc::fetch {

struct QueuedItem {
  enum class Kind { record, state };
  Kind kind = Kind::record;
  std::string stream;
  std::string json;
};

class ItemQueue {
 public:
  explicit ItemQueue(std::size_t capacity) : capacity_(capacity) {}

  // Blocks while the queue is full. Returns false when the queue was closed
  // (the consumer went away or the fetch was cancelled): stop producing.
  bool push(QueuedItem item);
  // The same for a page's items, in order, waking the consumer once per
  // batch rather than once per item. Empties `items`.
  bool push_all(std::vector<QueuedItem>& items);

  // Blocks until an item is ready or the producers finished. nullopt means
  // finished: then outcome() says how.
  std::optional<QueuedItem> pop();

  // Producers are done; `outcome` is the fetch's result (an error ends it).
  void finish(Result<void> outcome);
  // Stop everything now (cancel, consumer gone): wakes all waiters.
  void close(Error reason);

  Result<void> outcome() const;
  std::size_t size() const;

 private:
  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::condition_variable not_full_;
  std::condition_variable not_empty_;
  std::deque<QueuedItem> items_;
  bool finished_ = false;
  bool closed_ = false;
  Result<void> outcome_{};
};

}  // namespace zc::fetch
