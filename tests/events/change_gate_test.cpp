// The change gate: duplicates dropped, never an older state of a key after a
// newer one, bounded memory; and a property test over shuffled, duplicated
// deliveries with and without keys being forgotten.
#include "events/change_gate.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>

namespace zc::events {
namespace {

ChangeItem change(const std::string& key, std::int64_t change_ts, std::uint64_t digest,
                  std::int64_t event_ts = -1, ChangeOp op = ChangeOp::upsert) {
  ChangeItem item;
  item.stream = "users";
  item.op = op;
  item.key = key;
  item.change_ts = change_ts;
  item.event_ts = event_ts < 0 ? change_ts : event_ts;
  item.digest = digest;
  return item;
}

TEST(ChangeGate, PassDuplicateStale) {
  ChangeGate gate;
  EXPECT_EQ(gate.admit(change("u1", 100, 1)), Admission::pass);
  EXPECT_EQ(gate.admit(change("u1", 100, 1)), Admission::duplicate);
  EXPECT_EQ(gate.admit(change("u1", 90, 2)), Admission::stale);
  EXPECT_EQ(gate.admit(change("u1", 200, 3)), Admission::pass);
  EXPECT_EQ(gate.admit(change("u1", 100, 1)), Admission::stale);  // an old duplicate
  // The same time, another change: both are states of that moment.
  EXPECT_EQ(gate.admit(change("u1", 200, 4)), Admission::pass);
  EXPECT_EQ(gate.admit(change("u1", 200, 3)), Admission::duplicate);
  // Keys and streams are separate.
  EXPECT_EQ(gate.admit(change("u2", 50, 5)), Admission::pass);
  auto other = change("u1", 50, 6);
  other.stream = "groups";
  EXPECT_EQ(gate.admit(other), Admission::pass);
  EXPECT_EQ(gate.tracked_keys(), 3u);
}

TEST(ChangeGate, ObjectTimeFirstThenEventTime) {
  ChangeGate gate;
  // Delivered late but the newer change by the object's time: it wins.
  EXPECT_EQ(gate.admit(change("u1", 500, 1, 900)), Admission::pass);
  EXPECT_EQ(gate.admit(change("u1", 400, 2, 1000)), Admission::stale);
  EXPECT_EQ(gate.admit(change("u1", 500, 3, 950)), Admission::pass);  // same moment, later event
  EXPECT_EQ(gate.admit(change("u1", 500, 4, 920)), Admission::stale);
}

TEST(ChangeGate, ADeleteIsNotUndoneByAnOlderUpsert) {
  ChangeGate gate;
  EXPECT_EQ(gate.admit(change("m1", 300, 1, -1, ChangeOp::remove)), Admission::pass);
  EXPECT_EQ(gate.admit(change("m1", 200, 2)), Admission::stale);
  EXPECT_EQ(gate.admit(change("m1", 400, 3)), Admission::pass);  // created again later
}

TEST(ChangeGate, ItemsNamedOnlyByLookupAreTrackedApart) {
  ChangeGate gate;
  ChangeItem by_id = change("", 100, 1);
  by_id.key.reset();
  by_id.lookup = "85746065432";
  EXPECT_EQ(gate.admit(by_id), Admission::pass);
  EXPECT_EQ(gate.admit(by_id), Admission::duplicate);
  EXPECT_EQ(gate.admit(change("85746065432", 50, 2)), Admission::pass);  // a uuid key of that text
}

TEST(ChangeGate, ForgottenKeysAreReadNotTrusted) {
  ChangeGate gate(2);
  EXPECT_EQ(gate.admit(change("a", 100, 1)), Admission::pass);
  EXPECT_EQ(gate.admit(change("b", 300, 2)), Admission::pass);
  EXPECT_EQ(gate.admit(change("c", 200, 3)), Admission::pass);  // "a" (oldest) forgotten
  EXPECT_EQ(gate.tracked_keys(), 2u);
  EXPECT_EQ(gate.floor().change_ts, 100);
  // "a" at 100 again could be a duplicate, or older than what was forgotten: read it.
  EXPECT_EQ(gate.admit(change("a", 100, 1)), Admission::reread);  // "c" forgotten to make room
  EXPECT_EQ(gate.floor().change_ts, 200);
  // What the read returned is newer than anything up to the floor: an older
  // state of "a" delivered after it does not pass.
  EXPECT_EQ(gate.admit(change("a", 60, 9)), Admission::stale);
  EXPECT_EQ(gate.admit(change("a", 200, 9)), Admission::stale);
  // A key never seen, below the floor: the gate cannot tell, so read it.
  EXPECT_EQ(gate.admit(change("d", 50, 4)), Admission::reread);
  // Above the floor nothing forgotten can be newer.
  EXPECT_EQ(gate.admit(change("e", 1000, 5)), Admission::pass);
  EXPECT_LE(gate.tracked_keys(), 2u);
}

TEST(ChangeGate, AReadSettlesEverythingBeforeIt) {
  ChangeGate gate;
  EXPECT_EQ(gate.admit(change("m1", 100, 1)), Admission::pass);
  gate.note_read(change("m1", 100, 1), 500);  // the partial upsert's object, read at 500
  // A delete from before the read arrives late: the read saw what came after it.
  EXPECT_EQ(gate.admit(change("m1", 300, 2, -1, ChangeOp::remove)), Admission::stale);
  EXPECT_EQ(gate.admit(change("m1", 500, 3)), Admission::stale);
  EXPECT_EQ(gate.admit(change("m1", 501, 4, -1, ChangeOp::remove)), Admission::pass);
  gate.note_read(change("m1", 0, 5), 400);  // an older read changes nothing
  EXPECT_EQ(gate.admit(change("m1", 502, 6)), Admission::pass);
  // A key read before any event of it.
  gate.note_read(change("m2", 0, 7), 200);
  EXPECT_EQ(gate.admit(change("m2", 150, 8)), Admission::stale);
}

TEST(ChangeGate, MemoryStaysWithinTheDocumentedBound) {
  const std::size_t max_keys = 1000;
  ChangeGate gate(max_keys);
  const std::string long_key(256, 'k');
  for (int i = 0; i < 5000; ++i)
    gate.admit(change(long_key + std::to_string(i), i, static_cast<std::uint64_t>(i)));
  EXPECT_EQ(gate.tracked_keys(), max_keys);
  const std::size_t per_key_bound = ChangeGate::entry_overhead_bytes() + 2 * (5 + 1 + 256 + 4);
  EXPECT_LE(gate.approx_bytes(), max_keys * per_key_bound);
  EXPECT_GT(gate.approx_bytes(), max_keys * 2 * 256);  // the accounting counts the keys
  // The documented default: at most ~55 MB with 300-byte keys.
  EXPECT_LE(ChangeGate::kDefaultMaxKeys * (ChangeGate::entry_overhead_bytes() + 2 * 300),
            55u * 1000 * 1000);
}

// Each key goes through versions 1..n (one digest each), all of which have
// happened before the first delivery; every delivery may be repeated, and all
// are shuffled. Whatever the order and whatever the gate forgets, (1) no
// state of a key passes unless it is newer than every state of that key that
// passed or that a read covered, (2) no delivery passes twice, (3) every key
// ends at its newest state: its newest version passes, or the key is read
// (reread), which in this model returns the newest state since every change
// happened before. A caller that reports its reads (note_read) covers
// everything with them; one that does not covers up to the floor.
void check_shuffled(std::uint64_t seed, std::size_t max_keys, bool note_reads) {
  std::mt19937_64 rng(seed);
  const int keys = 60, versions = 8;
  struct Delivery {
    int key, version;
  };
  std::vector<Delivery> deliveries;
  for (int k = 0; k < keys; ++k)
    for (int v = 1; v <= versions; ++v) {
      deliveries.push_back({k, v});
      if (rng() % 3 == 0) deliveries.push_back({k, v});   // duplicated
      if (rng() % 10 == 0) deliveries.push_back({k, v});  // and again
    }
  std::shuffle(deliveries.begin(), deliveries.end(), rng);

  ChangeGate gate(max_keys);
  const std::int64_t read_time = 10 * versions + 100;  // after every change
  std::map<int, std::int64_t> covered;                 // per key: newest time passed or read
  std::set<std::pair<int, int>> passed;
  std::map<int, bool> settled;
  for (const auto& d : deliveries) {
    const auto digest = static_cast<std::uint64_t>(d.key * 1000 + d.version);
    // Keys' times interleave: version v of key k happens at 10*v + k%7.
    const auto ts = std::int64_t(10 * d.version + d.key % 7);
    const auto item = change("user-" + std::to_string(d.key), ts, digest);
    const auto verdict = gate.admit(item);
    if (verdict == Admission::pass) {
      ASSERT_TRUE(passed.insert({d.key, d.version}).second) << "passed twice, seed " << seed;
      ASSERT_GT(ts, covered[d.key]) << "not newer than what went out, seed " << seed;
      covered[d.key] = ts;
      if (d.version == versions) settled[d.key] = true;
    }
    if (verdict == Admission::reread) {
      if (note_reads) gate.note_read(item, read_time);
      covered[d.key] = note_reads ? read_time : std::max(ts, gate.floor().change_ts);
      settled[d.key] = true;
    }
  }
  for (int k = 0; k < keys; ++k)
    EXPECT_TRUE(settled[k]) << "key " << k << " left stale, seed " << seed << " max " << max_keys;
  EXPECT_LE(gate.tracked_keys(), max_keys);
}

TEST(ChangeGate, ShuffledAndDuplicatedDeliveriesProperty) {
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    for (bool note_reads : {true, false}) {
      check_shuffled(seed, 1000, note_reads);  // nothing forgotten
      check_shuffled(seed, 25, note_reads);    // keys forgotten all the time
      check_shuffled(seed, 1, note_reads);
    }
  }
}

}  // namespace
}  // namespace zc::events
