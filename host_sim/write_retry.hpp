// `host_sim write --retry-failed PREVIOUS --results NEW`: a write that sends
// again only the input lines whose result in PREVIOUS was not sent or
// refused (resent_on_retry, write_results.hpp), after the user fixed them;
// the other lines are passed over (no call, no result line), so nothing that
// may have happened is repeated. PREVIOUS must be the results file of a
// complete write of the same operation: its checkpoint says so and is bound
// to it (write_resume_check.hpp). The retry's own checkpoint binds PREVIOUS
// (its path, identity and length), so a resumed retry sends the same lines.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <string>

#include "safe_file.hpp"
#include "write_checkpoint.hpp"
#include "write_summary.hpp"

namespace host_sim {

struct RetrySelection {
  std::filesystem::path previous;  // absolute
  FileId file;                     // PREVIOUS's identity and length when read
  std::int64_t bytes = 0;
  std::int64_t results = 0;      // result lines in PREVIOUS
  std::set<std::int64_t> lines;  // the input lines to send again
  OutcomeCounts counts;          // their outcomes in PREVIOUS
};

// Reads PREVIOUS (safe_file.hpp rules; every line bounded). Throws
// std::runtime_error saying why it cannot be retried from.
RetrySelection select_retry_lines(const std::filesystem::path& previous,
                                  const std::string& operation);

// "Retrying 3 of 40 lines (2 failed, 1 not_attempted) from PREVIOUS; ..."
std::string retry_plan_text(const RetrySelection& selection);

// Binds a retry's checkpoint to the results file it retries.
void bind_retry(WriteCheckpoint& checkpoint, const RetrySelection& selection);

// Whether a saved checkpoint is one of this retry (`selection`), or of a
// write of every line when `selection` is null. What differs, for people,
// or nothing.
std::optional<std::string> retry_mismatch(const WriteCheckpoint& saved,
                                          const RetrySelection* selection,
                                          const std::filesystem::path& checkpoint_path);

// How to resend the lines of a complete write's `results` that failed, for
// people; empty when none did.
std::string retry_hint(const std::filesystem::path& results, const OutcomeCounts& outcomes);

}  // namespace host_sim
