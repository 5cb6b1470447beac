// What a failed page means for the fetch: walk the partition again (Zoom's
// page token expired), skip the partition (its parent record is gone or
// unlicensed), end the whole fetch (credential, scopes, daily limit, cancel,
// a bad request), or fail only this partition and go on.
#pragma once

#include "core/error.hpp"
#include "fetch/partition.hpp"

namespace zc::fetch {

enum class PageErrorAction { restart_walk, skip_partition, fail_fetch, fail_partition };

// A partition restarts at most this often after expired page tokens.
inline constexpr int k_max_restarts = 3;

PageErrorAction page_error_action(const Error& error, const Partition& partition);

}  // namespace zc::fetch
