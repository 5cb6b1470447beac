// A write run's results file: one result a line (JSON Lines, in input
// order), the plugin's results keyed by input line, the results host_sim
// gives lines that are not records, and what a run that died with a batch
// in flight left in the file.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "record_sink.hpp"
#include "write_checkpoint.hpp"

namespace host_sim {

// The longest input line taken as a record.
inline constexpr std::size_t k_max_write_line_bytes = 1024 * 1024;

// Why an input line is not a record (longer than k_max_write_line_bytes, or
// not a JSON object), or nullptr when it may be one; the reason never
// repeats the line, which may hold a secret.
const char* not_a_record(std::string_view line, bool too_long);

// host_sim's own result for a line that is not a record.
boost::json::object host_result(std::int64_t line, const char* outcome, const std::string& message);

// The result line for the results file: the plugin's result, "index"
// replaced by the input's line number.
boost::json::object result_line(std::int64_t line, const boost::json::value& plugin_result);

std::string outcome_of(const boost::json::object& result);

// Records that were not tried and may be sent again: the run stops there.
bool not_tried(const std::string& outcome);

// The outcomes `write --retry-failed` sends again: records never sent
// (not_attempted, rate_limited) or refused (failed, host_daily_limit).
// Never unknown, done or already_done: those may have happened.
inline constexpr const char* k_resent_outcomes =
    "failed, rate_limited, not_attempted or host_daily_limit";
bool resent_on_retry(const std::string& outcome);

class ResultsFile {
 public:
  explicit ResultsFile(std::unique_ptr<RecordSink> sink) : sink_(std::move(sink)) {}
  void write(const boost::json::object& result);
  std::int64_t sync() { return sink_->sync().value_or(0); }
  RecordSink& sink() { return *sink_; }

 private:
  std::unique_ptr<RecordSink> sink_;
};

// A run that died with a batch in flight: the results it stored after the
// checkpoint stand (the results file is cut after the last whole one), and
// the rest of that batch is sent again as the first batch of a resumed
// session, whose creates the plugin looks up by their key before sending.
// Moves `checkpoint` past the stored results; returns the last line of that
// batch. `batch_bytes`: the most a batch's results can take, times a margin.
std::int64_t settle_in_flight(WriteCheckpoint& checkpoint, const std::filesystem::path& input,
                              const std::filesystem::path& results_path, std::size_t batch_bytes);

}  // namespace host_sim
