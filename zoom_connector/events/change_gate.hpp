// Exactly one current state per key: the gate every change item passes before
// it goes out. Zoom delivers an event more than once and out of order; the
// gate drops a delivery it has seen and any state of a key older than one
// already let through.
//
// A key's version is (change_ts, event_ts): the object's own time
// (payload.time_stamp) when the event carries one, else the event's time, then
// the event's time to break ties. Per key the gate keeps the newest version
// let through and the digests (change_parser.hpp) of the deliveries at that
// version, so an item is
//   pass       newer than the key's version, or equal and not seen
//   duplicate  equal version, a digest already let through
//   stale      older than the key's version
//   reread     the key is not tracked and its version is not newer than
//              `floor()`: the key may have been forgotten with a newer state,
//              so the caller reads the object from the API instead of
//              trusting the event (never an older state, at the cost of a
//              read), then tells the gate when it read (note_read)
// Items without a key (only a lookup id) are tracked under "#" + lookup: a
// namespace of their own, ordered among themselves; they are partial, so
// what goes out is the object as the API serves it when it is read.
//
// Memory is bounded: at most `max_keys` keys are tracked; past that the key
// with the oldest version is forgotten and `floor()` rises to its version.
// Each tracked key costs its text (stream + key, at most ~300 bytes with the
// parser's limits) plus a fixed overhead (entry_overhead_bytes(): two tree
// nodes, two versions and up to kDigestsPerKey digests), so the gate holds at
// most max_keys * (entry_overhead_bytes() + 2 * key text) bytes: with the
// default 65,536 keys and typical keys (~40 bytes) about 20 MB, with
// 300-byte keys at most about 55 MB. Not thread-safe: one listen session's
// thread owns it.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "events/change_parser.hpp"

namespace zc::events {

enum class Admission { pass, duplicate, stale, reread };

struct ChangeVersion {
  std::int64_t change_ts = 0;
  std::int64_t event_ts = 0;
  auto operator<=>(const ChangeVersion&) const = default;
};

class ChangeGate {
 public:
  static constexpr std::size_t kDefaultMaxKeys = 65536;
  static constexpr std::size_t kDigestsPerKey = 4;

  explicit ChangeGate(std::size_t max_keys = kDefaultMaxKeys);

  Admission admit(const ChangeItem& item);

  // The caller read `item`'s object from the API at `read_ms` (a reread, or a
  // partial upsert's read): that state holds every change up to then, so no
  // state of the key from before `read_ms` passes afterwards. Without this a
  // reread only raises the key to the floor.
  void note_read(const ChangeItem& item, std::int64_t read_ms);

  std::size_t tracked_keys() const { return keys_.size(); }
  ChangeVersion floor() const { return floor_; }
  // The bytes the tracked keys take, by the accounting above.
  std::size_t approx_bytes() const;
  static constexpr std::size_t entry_overhead_bytes();

 private:
  struct Entry {
    ChangeVersion version;
    std::vector<std::uint64_t> digests;  // at `version`, at most kDigestsPerKey
    bool read = false;                   // `version` is the floor of a reread: nothing at it passes
  };
  static std::string id_of(const ChangeItem& item);
  void make_room();
  void insert(const std::string& id, ChangeVersion version, std::uint64_t digest, bool read);
  void forget_oldest();

  std::size_t max_keys_;
  ChangeVersion floor_{INT64_MIN, INT64_MIN};
  std::map<std::string, Entry, std::less<>> keys_;
  std::set<std::pair<ChangeVersion, std::string>> by_version_;  // eviction order
  std::size_t key_bytes_ = 0;
};

constexpr std::size_t ChangeGate::entry_overhead_bytes() {
  // A map node and a set node (about 4 pointers of tree links each), the
  // entry, a second version in the index, the digests' storage.
  return 2 * (4 * sizeof(void*) + sizeof(std::string)) + sizeof(Entry) + sizeof(ChangeVersion) +
         kDigestsPerKey * sizeof(std::uint64_t);
}

}  // namespace zc::events
