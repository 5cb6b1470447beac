// Progress counters a host can show, per stream and per rate category.
// Atomic: workers bump them while the host reads them.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "core/rate_limiter.hpp"

namespace zc::fetch {

struct StreamCounters {
  std::atomic<std::uint64_t> records{0};
  std::atomic<std::uint64_t> pages{0};
  std::atomic<std::uint64_t> requests{0};
  std::atomic<std::uint64_t> retries{0};
  std::atomic<std::uint64_t> throttled{0};  // 429s received
  std::atomic<std::uint64_t> partitions_done{0};
  std::atomic<std::uint64_t> partitions_skipped{0};
  // Child walks not made: the parent's record shows they cannot have records.
  std::atomic<std::uint64_t> partitions_pruned{0};
};

struct FetchCounters {
  // One entry per stream the fetch walks (requested, or a parent of one),
  // created before the workers start, so the map itself never changes later.
  std::map<std::string, std::unique_ptr<StreamCounters>> streams;
  std::array<std::atomic<std::uint64_t>, k_rate_category_count> requests_by_category{};
  std::atomic<std::uint64_t> token_refreshes{0};

  StreamCounters& stream(const std::string& name) { return *streams.at(name); }
};

}  // namespace zc::fetch
