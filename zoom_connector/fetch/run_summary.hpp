// The summary a fetch hands over after its last record (and as progress
// while it runs): per-stream counters, requests per rate category, the
// skipped and failed partitions, and the run's status.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "fetch/fetch_counters.hpp"
#include "fetch/fetch_request.hpp"

namespace zc::fetch {

// A partition that was skipped or failed; its message is already for the host.
struct PartitionProblem {
  std::string stream;
  std::string id;  // the parent id (skipped) or the partition's key (failed)
  std::string message;
  int code = 0;
  int http_status = 0;
  std::string reason;  // skipped: why, in a word (page_error_policy's skip_reason)
};

// What the run knows besides its counters, taken under its locks.
struct RunFacts {
  bool running = false;  // workers are still walking
  bool failed = false;   // the whole fetch ended with an error
  std::string error;     // its message, when failed
  std::vector<PartitionProblem> skipped;
  std::vector<PartitionProblem> failed_partitions;
  double elapsed_s = 0;
  std::optional<boost::json::object> pruning;  // what active-host pruning did, when it could apply
};

std::string run_summary_json(const FetchCounters& counters, const FetchRequest& request,
                             const RunFacts& facts);

}  // namespace zc::fetch
