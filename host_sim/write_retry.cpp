#include "write_retry.hpp"

#include <unistd.h>

#include <boost/json/parse.hpp>
#include <cerrno>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "write_results.hpp"
#include "write_resume_check.hpp"

namespace host_sim {
namespace {

namespace json = boost::json;

constexpr std::string_view k_retried_from =
    "--retry-failed takes the results file of a complete write";

// Adds one result line of PREVIOUS (line `number` of that file) to `out`.
void select(std::string_view text, std::int64_t number, RetrySelection& out) {
  const std::string where = out.previous.string() + " line " + std::to_string(number);
  boost::system::error_code error;
  const json::value parsed = json::parse(text, error);
  const json::object* result = !error ? parsed.if_object() : nullptr;
  if (result == nullptr) throw std::runtime_error(where + " is not a JSON object");
  const json::value* line = result->if_contains("line");
  if (line == nullptr || !line->is_int64() || line->as_int64() < 1) {
    throw std::runtime_error(where + " has no input line number (\"line\")");
  }
  ++out.results;
  const std::string outcome = outcome_of(*result);
  if (resent_on_retry(outcome) && out.lines.insert(line->as_int64()).second) ++out.counts[outcome];
}

// Reads PREVIOUS's first `out.bytes` bytes from `fd`, one bounded line at a time.
void read_results(int fd, RetrySelection& out) {
  std::vector<char> buffer(64 * 1024);
  std::string line;
  std::int64_t number = 0;
  for (std::int64_t at = 0; at < out.bytes;) {
    const auto want = static_cast<std::size_t>(
        std::min<std::int64_t>(out.bytes - at, static_cast<std::int64_t>(buffer.size())));
    const ssize_t n = ::pread(fd, buffer.data(), want, at);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw OutputError("cannot read " + out.previous.string(), errno);
    if (n == 0) break;
    at += n;
    for (std::string_view chunk(buffer.data(), static_cast<std::size_t>(n)); !chunk.empty();) {
      const std::size_t end = chunk.find('\n');
      line.append(chunk.substr(0, end));
      if (line.size() > k_max_write_line_bytes) {
        throw std::runtime_error(out.previous.string() + " line " + std::to_string(number + 1) +
                                 " is longer than 1 MiB: not a result");
      }
      if (end == std::string_view::npos) break;
      chunk.remove_prefix(end + 1);
      select(line, ++number, out);
      line.clear();
    }
  }
  if (!line.empty()) select(line, ++number, out);
}

}  // namespace

RetrySelection select_retry_lines(const std::filesystem::path& previous,
                                  const std::string& operation) {
  RetrySelection out;
  out.previous = previous;
  const std::string name = previous.string();
  const FileDescriptor stored = open_for_reading(previous, "the results file to retry");
  if (!stored) throw std::runtime_error(name + " is missing");
  const std::filesystem::path checkpoint_path = checkpoint_path_for(previous);
  const std::optional<WriteCheckpoint> checkpoint = load_write_checkpoint(checkpoint_path);
  if (!checkpoint) {
    throw std::runtime_error(name + " has no checkpoint (" + checkpoint_path.string() +
                             "), so nothing shows which write it holds or that it is complete: " +
                             std::string(k_retried_from));
  }
  if (checkpoint->operation != operation) {
    throw std::runtime_error(name + " holds the results of " + checkpoint->operation + ", not of " +
                             operation);
  }
  if (!checkpoint->complete) {
    throw std::runtime_error(name +
                             " is the results file of a write that is not complete: run "
                             "that write again to finish it (it resumes), then retry "
                             "the lines that failed");
  }
  if (const auto differs = results_file_mismatch(*checkpoint, stored.get(), previous, true)) {
    throw std::runtime_error(checkpoint_path.string() + " does not belong to it: " + *differs +
                             "; " + std::string(k_retried_from) + ", as it left it");
  }
  out.file = checkpoint->results_file;
  out.bytes = checkpoint->results_bytes;
  read_results(stored.get(), out);
  return out;
}

std::string retry_plan_text(const RetrySelection& selection) {
  return "Retrying " + std::to_string(selection.lines.size()) + " of " +
         std::to_string(selection.results) + " lines (" + counts_text(selection.counts) +
         ") from " + selection.previous.string() + "; the other lines are not sent again";
}

void bind_retry(WriteCheckpoint& checkpoint, const RetrySelection& selection) {
  checkpoint.retry_of_path = selection.previous.string();
  checkpoint.retry_of_file = selection.file;
  checkpoint.retry_of_bytes = selection.bytes;
}

std::optional<std::string> retry_mismatch(const WriteCheckpoint& saved,
                                          const RetrySelection* selection,
                                          const std::filesystem::path& checkpoint_path) {
  const std::string about = checkpoint_path.string();
  if (selection == nullptr) {
    if (saved.retry_of_path.empty()) return std::nullopt;
    return about + " belongs to a retry of the lines that failed in " + saved.retry_of_path +
           ": run it with --retry-failed " + saved.retry_of_path + ", or choose other --results";
  }
  if (saved.retry_of_path.empty()) {
    return about + " belongs to a write of every line, not a retry of " +
           selection->previous.string() + ": choose other --results";
  }
  const std::string differs =
      saved.retry_of_path != selection->previous.string()
          ? "it retries " + saved.retry_of_path + ", not " + selection->previous.string()
      : saved.retry_of_file != selection->file
          ? selection->previous.string() +
                " is another file than the one it retries (its device and inode differ)"
      : saved.retry_of_bytes != selection->bytes
          ? selection->previous.string() + " has " + std::to_string(selection->bytes) +
                " bytes of results, not the " + std::to_string(saved.retry_of_bytes) + " it retries"
          : std::string();
  if (differs.empty()) return std::nullopt;
  return about + " does not belong to this retry: " + differs +
         " (the lines it sends could differ): restore that file, or choose other --results";
}

std::string retry_hint(const std::filesystem::path& results, const OutcomeCounts& outcomes) {
  for (const auto& [outcome, count] : outcomes) {
    if (count > 0 && resent_on_retry(outcome)) {
      return "To resend the lines that failed (" + std::string(k_resent_outcomes) +
             "), after fixing them: host_sim write ... --retry-failed " + results.string() +
             " --results NEW_RESULTS";
    }
  }
  return {};
}

}  // namespace host_sim
