// What a failed page means for the fetch: walk the partition again (Zoom's
// page token expired), skip the partition (its parent record is gone or
// unlicensed), end the whole fetch (credential, scopes, daily limit, cancel,
// a bad request), or fail only this partition and go on.
#pragma once

#include <string_view>

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

// Why a skipped partition was skipped, in a word the fetch summary carries
// (schemas/zoom.fetch_progress.schema.json), so that a host need not read
// Zoom's codes: its meeting or its user is gone, its user lacks the licence,
// the account lacks a plan or permission it needs, its webinar takes no
// registration, or its data is older than Zoom keeps.
inline constexpr std::string_view k_skip_meeting_gone = "meeting_gone";
inline constexpr std::string_view k_skip_user_gone = "user_gone";
inline constexpr std::string_view k_skip_parent_gone = "parent_gone";
inline constexpr std::string_view k_skip_user_unlicensed = "user_unlicensed";
inline constexpr std::string_view k_skip_not_permitted = "not_permitted";
inline constexpr std::string_view k_skip_no_registration = "no_registration";
inline constexpr std::string_view k_skip_past_retention = "past_retention";
inline constexpr std::string_view k_skip_no_summary = "no_summary";
std::string_view skip_reason(const Error& error, const Partition& partition);

}  // namespace zc::fetch
