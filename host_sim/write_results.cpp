#include "write_results.hpp"

#include <unistd.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cerrno>
#include <vector>

#include "json_line.hpp"
#include "safe_file.hpp"
#include "write_input.hpp"

namespace host_sim {
namespace {

namespace json = boost::json;

// The results file's bytes after `from`: those of a batch in flight when a
// run died (at most one batch's results).
std::string results_after(const std::filesystem::path& results_path, std::int64_t from,
                          std::size_t max_bytes) {
  const FileDescriptor stored = open_for_reading(results_path, "the results file");
  if (!stored) throw OutputError(results_path.string() + " is missing", 0);
  std::string tail;
  std::vector<char> buffer(64 * 1024);
  for (auto at = static_cast<off_t>(from);;) {
    const ssize_t n = ::pread(stored.get(), buffer.data(), buffer.size(), at);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw OutputError("cannot read " + results_path.string(), errno);
    if (n == 0 || tail.size() > max_bytes) return tail;
    tail.append(buffer.data(), static_cast<std::size_t>(n));
    at += n;
  }
}

}  // namespace

const char* not_a_record(std::string_view line, bool too_long) {
  if (too_long) return "the line is longer than 1 MiB: not a record";
  boost::system::error_code error;
  const auto record = json::parse(line, error);
  return error || !record.is_object() ? "the line is not a JSON object: not a record" : nullptr;
}

json::object host_result(std::int64_t line, const char* outcome, const std::string& message) {
  return json::object{
      {"line", line}, {"outcome", outcome}, {"retryable", false}, {"message", message}};
}

json::object result_line(std::int64_t line, const json::value& plugin_result) {
  json::object out{{"line", line}};
  if (plugin_result.is_object()) {
    for (const auto& [key, value] : plugin_result.as_object()) {
      if (key != "index" && key != "line") out[key] = value;
    }
  } else {
    out["outcome"] = "unknown";
    out["message"] = "the plugin gave no result for this record";
  }
  return out;
}

std::string outcome_of(const json::object& result) {
  const auto* outcome = result.if_contains("outcome");
  return outcome != nullptr && outcome->is_string() ? std::string(outcome->as_string()) : "unknown";
}

bool not_tried(const std::string& outcome) {
  return outcome == "not_attempted" || outcome == "rate_limited";
}

bool resent_on_retry(const std::string& outcome) {
  return not_tried(outcome) || outcome == "failed" || outcome == "host_daily_limit";
}

void ResultsFile::write(const json::object& result) {
  std::string line = host_support::printable_json(json::serialize(result));
  line += '\n';
  sink_->write(line);
}

std::int64_t settle_in_flight(WriteCheckpoint& checkpoint, const std::filesystem::path& input,
                              const std::filesystem::path& results_path, std::size_t batch_bytes) {
  std::int64_t last_stored = checkpoint.input_lines;
  std::int64_t keep_bytes = checkpoint.results_bytes;
  {
    const std::string tail = results_after(results_path, checkpoint.results_bytes, batch_bytes);
    std::int64_t at = checkpoint.results_bytes;
    for (std::size_t start = 0; start < tail.size();) {
      const std::size_t end = tail.find('\n', start);
      if (end == std::string::npos) break;  // no newline: a line cut by the crash
      const std::string_view text(tail.data() + start, end - start);
      start = end + 1;
      boost::system::error_code error;
      const auto parsed = json::parse(text, error);
      const auto* line =
          !error && parsed.is_object() ? parsed.as_object().if_contains("line") : nullptr;
      if (line == nullptr || !line->is_int64() || line->as_int64() <= last_stored ||
          line->as_int64() > checkpoint.in_flight_end_line) {
        break;
      }
      last_stored = line->as_int64();
      at += static_cast<std::int64_t>(text.size()) + 1;
      keep_bytes = at;
      ++checkpoint.outcomes[outcome_of(parsed.as_object())];
    }
  }
  // Where the input stands after the last stored result.
  WriteInput lines(input, checkpoint.input_offset, checkpoint.input_lines, k_max_write_line_bytes);
  while (checkpoint.input_lines < last_stored) {
    const auto line = lines.next();
    if (!line || line->number > last_stored) break;
    checkpoint.input_offset = line->end_offset;
    checkpoint.input_lines = line->number;
    checkpoint.input_hash = line->hash_after.hex();
  }
  checkpoint.results_bytes = keep_bytes;
  const std::int64_t recheck_until = checkpoint.in_flight_end_line;
  checkpoint.in_flight_end_offset.reset();
  checkpoint.in_flight_end_line = 0;
  return recheck_until;
}

}  // namespace host_sim
