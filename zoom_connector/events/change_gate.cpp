#include "events/change_gate.hpp"

#include <algorithm>

namespace zc::events {

ChangeGate::ChangeGate(std::size_t max_keys) : max_keys_(std::max<std::size_t>(max_keys, 1)) {}

std::string ChangeGate::id_of(const ChangeItem& item) {
  return item.stream + '\n' + (item.key ? *item.key : "#" + item.lookup.value_or(""));
}

Admission ChangeGate::admit(const ChangeItem& item) {
  const std::string id = id_of(item);
  const ChangeVersion version{item.change_ts, item.event_ts};
  const auto it = keys_.find(id);
  if (it == keys_.end()) {
    // Only this key's own forgotten states matter, all at or below the floor
    // as it is now (what make_room forgets next is other keys).
    const bool forgotten_could_be_newer = version <= floor_;
    make_room();
    // When a forgotten state of this key may be newer, the caller reads the
    // object now: newer than anything up to the floor, so the key goes on from
    // the floor and no state at or below it passes later.
    insert(id, forgotten_could_be_newer ? floor_ : version, item.digest, forgotten_could_be_newer);
    return forgotten_could_be_newer ? Admission::reread : Admission::pass;
  }
  Entry& entry = it->second;
  if (version < entry.version) return Admission::stale;
  if (version == entry.version) {
    if (entry.read) return Admission::stale;  // the read returned this moment's state or newer
    if (std::find(entry.digests.begin(), entry.digests.end(), item.digest) != entry.digests.end())
      return Admission::duplicate;
    if (entry.digests.size() == kDigestsPerKey) entry.digests.erase(entry.digests.begin());
    entry.digests.push_back(item.digest);
    return Admission::pass;
  }
  by_version_.erase({entry.version, id});
  by_version_.insert({version, id});
  entry.version = version;
  entry.read = false;
  entry.digests.assign(1, item.digest);
  return Admission::pass;
}

void ChangeGate::note_read(const ChangeItem& item, std::int64_t read_ms) {
  const std::string id = id_of(item);
  const ChangeVersion version{read_ms, read_ms};
  auto it = keys_.find(id);
  if (it == keys_.end()) {
    make_room();
    insert(id, std::max(version, floor_), item.digest, true);
    return;
  }
  if (version <= it->second.version) return;
  by_version_.erase({it->second.version, id});
  by_version_.insert({version, id});
  it->second.version = version;
  it->second.read = true;
  it->second.digests.clear();
}

void ChangeGate::make_room() {
  while (keys_.size() >= max_keys_) forget_oldest();
}

void ChangeGate::insert(const std::string& id, ChangeVersion version, std::uint64_t digest,
                        bool read) {
  keys_.emplace(id, Entry{version, {digest}, read});
  by_version_.insert({version, id});
  key_bytes_ += id.size();
}

void ChangeGate::forget_oldest() {
  const auto oldest = by_version_.begin();
  floor_ = std::max(floor_, oldest->first);
  key_bytes_ -= oldest->second.size();
  keys_.erase(oldest->second);
  by_version_.erase(oldest);
}

std::size_t ChangeGate::approx_bytes() const {
  // Each key's text is held twice: by the map and by the eviction index.
  return keys_.size() * entry_overhead_bytes() + 2 * key_bytes_;
}

}  // namespace zc::events
