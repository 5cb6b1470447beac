// The queue between workers and host: bounded, ordered, closable.
#include "fetch/item_queue.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace {

using zc::fetch::ItemQueue;
using zc::fetch::QueuedItem;

QueuedItem record(int n) { return QueuedItem{QueuedItem::Kind::record, "s", std::to_string(n)}; }

TEST(ItemQueue, DeliversInOrderThenTheOutcome) {
  ItemQueue queue(4);
  ASSERT_TRUE(queue.push(record(1)));
  ASSERT_TRUE(queue.push(record(2)));
  queue.finish(zc::fail(zc::Status::remote_error, "boom"));
  EXPECT_EQ(queue.pop()->json, "1");
  EXPECT_EQ(queue.pop()->json, "2") << "items before the end are still delivered";
  EXPECT_FALSE(queue.pop().has_value());
  EXPECT_EQ(queue.outcome().error().message, "boom");
}

TEST(ItemQueue, ProducerWaitsWhenFull) {
  ItemQueue queue(2);
  ASSERT_TRUE(queue.push(record(1)));
  ASSERT_TRUE(queue.push(record(2)));
  std::atomic<bool> pushed{false};
  std::thread producer([&] {
    queue.push(record(3));
    pushed = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(pushed.load()) << "a full queue holds the producer back";
  EXPECT_EQ(queue.size(), 2u);
  queue.pop();
  producer.join();
  EXPECT_TRUE(pushed.load());
}

TEST(ItemQueue, CloseWakesABlockedProducer) {
  ItemQueue queue(1);
  ASSERT_TRUE(queue.push(record(1)));
  bool result = true;
  std::thread producer([&] { result = queue.push(record(2)); });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  queue.close(zc::Error::make(zc::Status::cancelled, "closed"));
  producer.join();
  EXPECT_FALSE(result);
  EXPECT_FALSE(queue.pop().has_value());
  EXPECT_EQ(queue.outcome().error().status, zc::Status::cancelled);
}

}  // namespace
