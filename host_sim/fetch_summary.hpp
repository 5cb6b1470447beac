// The end-of-fetch summary for people: records per stream with the
// connector's pages, retries and 429s, skipped partitions grouped by reason
// with counts, failed partitions, and the elapsed time ("25.1 s").
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace host_sim {

// counts: records this run per stream; summary_json: the plugin's
// PP_ITEM_SUMMARY (may be empty or anything).
std::string fetch_summary_text(const std::map<std::string, std::int64_t>& counts,
                               const std::string& summary_json, double seconds);

// "25.1 s", "4 min 12 s", "1 h 3 min".
std::string elapsed_text(double seconds);

}  // namespace host_sim
