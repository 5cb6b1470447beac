// What a failed page means for the fetch: walk the partition again (Zoom's
// page token expired), skip the partition (its parent record is gone or
// unlicensed), end the whole fetch (credential, scopes, daily limit, cancel,
// a bad request), or fail only this partition and go on.
#pragma once

#include "core/error.hpp"
#include "fetch/partition.hpp"

namespace zc::fetch {

enum class PageErrorAction { restart_walk, skip_partition, fail_fetch, fail_partition };

// A partition restarts at most this often in a row after expired page
// tokens without any walk getting further than the one before.
inline constexpr int k_max_restarts = 3;

// Call with every failed page before page_error_action: a walk whose token
// expired after it got further than every earlier walk of the partition is
// not stuck, so its restarts count from zero again. (Bounded: the furthest
// page only grows, and a walk has finitely many pages.)
void note_walk_progress(const Error& error, Partition& partition);

PageErrorAction page_error_action(const Error& error, const Partition& partition);

}  // namespace zc::fetch
