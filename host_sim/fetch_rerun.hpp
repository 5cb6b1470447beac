// A fetch run again after a complete fetch to the same output, with the
// semantics pipeline users know: a full-refresh stream's records are
// replaced (its old lines are dropped from the output before the fetch
// writes them again), an incremental stream (dated, or the child of a
// dated stream) goes on from its cursor and its records are appended. A
// record already in the file is not written a second time. One line says
// which stream is which.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "safe_file.hpp"

namespace host_sim {

struct RerunPlan {
  std::set<std::string> replaced;  // this run's full-refresh streams
  std::set<std::string> appended;  // this run's incremental streams and their children
  // "Rerun after a complete fetch: users, groups replaced; meetings from
  // 2026-12-01 appended." Names as the catalog has them (print through
  // printable()).
  std::string line;
};

// From the plugin's catalog ("incremental", "parent" of each stream), this
// run's streams and the complete fetch's plugin state (its "cursors", read
// only to say from which day). `rewritable`: the output is a file host_sim
// can rewrite; otherwise the replaced streams are sent again in full.
RerunPlan plan_rerun(const std::string& catalog_json, const std::vector<std::string>& streams,
                     const std::string& plugin_state_json, bool rewritable);

// What the output holds after rewrite_for_rerun.
struct RerunOutput {
  std::int64_t bytes = 0;
  FileId file;
  std::int64_t dropped = 0;                    // lines of the replaced streams
  std::unordered_set<std::string> kept_lines;  // line_digest of the appended streams' lines
};

// Replaces `path` with its first `keep_bytes` bytes (what the complete
// fetch's checkpoint covers) less the lines of plan.replaced: written to a
// temporary file in the same folder (O_EXCL), fsync'ed and renamed over it
// (safe_file.hpp). The file must be `expected` when that is known, and
// hold at least `keep_bytes`. Throws OutputError.
RerunOutput rewrite_for_rerun(const std::filesystem::path& path, std::int64_t keep_bytes,
                              std::optional<FileId> expected, const RerunPlan& plan);

// A 128-bit digest of one output line, to know a record already written.
std::string line_digest(std::string_view line);

}  // namespace host_sim
