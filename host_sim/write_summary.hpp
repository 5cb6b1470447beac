// What a write run tells at its end: its outcomes counted, why records
// failed (the most common reasons), and the exit code they make.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <iosfwd>
#include <map>
#include <string>

namespace host_sim {

using OutcomeCounts = std::map<std::string, std::int64_t>;

// "3 done, 1 failed", or "nothing".
std::string counts_text(const OutcomeCounts& counts);

class WriteSummary {
 public:
  // One result stored in the results file.
  void count(const std::string& outcome, const boost::json::object& result);
  const OutcomeCounts& counts() const noexcept { return counts_; }

  // The closing lines: this run's counts (and every run's, `overall`, unless
  // a dry run), then the most common reasons records failed.
  void print(std::ostream& out, bool dry_run, double seconds, const OutcomeCounts& overall) const;

  // ok when every record of this run is done (or would be); else
  // not_all_written.
  int exit_status() const;

 private:
  OutcomeCounts counts_;
  OutcomeCounts failed_reasons_;
};

}  // namespace host_sim
