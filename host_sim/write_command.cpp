#include "write_command.hpp"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cerrno>
#include <chrono>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "cancellable_connector.hpp"
#include "exit_codes.hpp"
#include "json_line.hpp"
#include "prefix_hash.hpp"
#include "record_sink.hpp"
#include "safe_file.hpp"
#include "terminal_text.hpp"
#include "write_checkpoint.hpp"
#include "write_input.hpp"
#include "write_resume_check.hpp"

namespace host_sim {
namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

constexpr std::size_t k_max_line_bytes = 1024 * 1024;
// Below the ABI's PP_WRITE_MAX_BYTES, leaving room for the array's commas.
constexpr std::size_t k_max_batch_bytes = PP_WRITE_MAX_BYTES - 64 * 1024;

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::filesystem::path absolute_path(const std::filesystem::path& path) {
  if (path.empty()) return path;
  std::error_code error;
  auto out = std::filesystem::weakly_canonical(std::filesystem::absolute(path), error);
  return error ? std::filesystem::absolute(path) : out;
}

// One input line of a batch: a record for the plugin, or a result host_sim
// gives itself (the line is not a record).
struct Pending {
  InputLine line;
  std::optional<std::size_t> index;  // into the batch's records
  json::object own_result;           // when !index
};

json::object host_result(std::int64_t line, const char* outcome, const std::string& message) {
  return json::object{
      {"line", line}, {"outcome", outcome}, {"retryable", false}, {"message", message}};
}

// The result line for the results file: the plugin's result, "index"
// replaced by the input's line number.
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

// Records that were not tried and may be sent again: the run stops there.
bool not_tried(const std::string& outcome) {
  return outcome == "not_attempted" || outcome == "rate_limited";
}

class ResultsFile {
 public:
  ResultsFile(std::unique_ptr<RecordSink> sink) : sink_(std::move(sink)) {}
  void write(const json::object& result) {
    std::string line = host_support::printable_json(json::serialize(result));
    line += '\n';
    sink_->write(line);
  }
  std::int64_t sync() { return sink_->sync().value_or(0); }
  RecordSink& sink() { return *sink_; }

 private:
  std::unique_ptr<RecordSink> sink_;
};

// The results file's bytes after `from`: those of a batch in flight when a
// run died (at most one batch's results).
std::string results_after(const std::filesystem::path& results_path, std::int64_t from) {
  const FileDescriptor stored = open_for_reading(results_path, "the results file");
  if (!stored) throw OutputError(results_path.string() + " is missing", 0);
  std::string tail;
  std::vector<char> buffer(64 * 1024);
  for (auto at = static_cast<off_t>(from);;) {
    const ssize_t n = ::pread(stored.get(), buffer.data(), buffer.size(), at);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw OutputError("cannot read " + results_path.string(), errno);
    if (n == 0 || tail.size() > k_max_batch_bytes * 4) return tail;
    tail.append(buffer.data(), static_cast<std::size_t>(n));
    at += n;
  }
}

// A run that died with a batch in flight: the results it stored after the
// checkpoint stand (the results file is cut after the last whole one), and
// the rest of that batch is sent again as the first batch of a resumed
// session, whose creates the plugin looks up by their key before sending.
// Returns the last line of that batch.
std::int64_t settle_in_flight(WriteCheckpoint& checkpoint, const std::filesystem::path& input,
                              const std::filesystem::path& results_path) {
  std::int64_t last_stored = checkpoint.input_lines;
  std::int64_t keep_bytes = checkpoint.results_bytes;
  {
    const std::string tail = results_after(results_path, checkpoint.results_bytes);
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
  WriteInput lines(input, checkpoint.input_offset, checkpoint.input_lines, k_max_line_bytes);
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

// Why a record failed, in a few words, for the summary: Zoom's code, the
// first refused field, or the message.
std::string reason_of(const json::object& result) {
  std::string reason;
  if (const auto* code = result.if_contains("zoom_code"); code != nullptr && code->is_int64()) {
    reason = "code " + std::to_string(code->as_int64()) + ": ";
  }
  const auto* fields = result.if_contains("field_errors");
  if (fields != nullptr && fields->is_array() && !fields->as_array().empty() &&
      fields->as_array().front().is_object()) {
    const auto& first = fields->as_array().front().as_object();
    for (const char* key : {"field", "message"}) {
      if (const auto* v = first.if_contains(key); v != nullptr && v->is_string()) {
        reason += std::string(v->as_string()) + (std::string_view(key) == "field" ? " " : "");
      }
    }
  } else if (const auto* message = result.if_contains("message");
             message != nullptr && message->is_string()) {
    reason += std::string(message->as_string());
  }
  constexpr std::size_t k_max_reason = 120;
  if (reason.size() > k_max_reason) reason = reason.substr(0, k_max_reason) + "...";
  return reason.empty() ? "no reason given" : reason;
}

std::string counts_text(const std::map<std::string, std::int64_t>& counts) {
  std::string out;
  for (const auto& [name, count] : counts) {
    out += (out.empty() ? "" : ", ") + std::to_string(count) + " " + name;
  }
  return out.empty() ? "nothing" : out;
}

int exit_for(const std::map<std::string, std::int64_t>& counts) {
  for (const auto& [name, count] : counts) {
    if (count > 0 && name != "done" && name != "already_done" && name != "would_do") {
      return exit_code::not_all_written;
    }
  }
  return exit_code::ok;
}

}  // namespace

int run_write(const Host& host, const StoredCredential& credential, CredentialStore& store,
              const WriteOptions& options) {
  ::signal(SIGPIPE, SIG_IGN);
  if (!host.plugin.has_write()) {
    std::cerr << "host_sim: " << printable(host.info.display_name)
              << " has no destination direction (its ABI table has no write functions)\n";
    return exit_code::plugin;
  }
  const auto input = absolute_path(options.input);
  const auto results_path = absolute_keeping_name(options.results);
  if (results_path.empty() && !options.dry_run) {
    std::cerr << "host_sim: write needs --results FILE (a dry run may print to stdout): results "
                 "and their checkpoint must be durable\n";
    return exit_code::usage;
  }
  const auto checkpoint_path =
      results_path.empty() ? results_path : checkpoint_path_for(results_path);
  std::optional<WriteCheckpoint> saved;
  try {
    if (!options.dry_run) saved = load_write_checkpoint(checkpoint_path);
  } catch (const std::runtime_error& e) {
    std::cerr << "host_sim: " << printable(e.what()) << "\n";
    return exit_code::bad_input;
  }
  std::map<std::string, std::int64_t> run_counts;
  std::map<std::string, std::int64_t> failed_reasons;  // this run's, for the summary
  std::int64_t recheck_until = 0;  // > 0: the first batch ends at this line, looked up first
  WriteCheckpoint checkpoint;
  checkpoint.operation = options.operation;
  checkpoint.input_path = input.string();
  std::unique_ptr<ResultsFile> results;
  std::cerr << (options.dry_run ? "Dry run of " : "Writing ") << printable(options.operation)
            << " from " << printable(input.string()) << " with \"" << printable(credential.name)
            << "\"\n";
  try {
    if (saved && !options.restart) {
      if (saved->operation != options.operation || saved->input_path != input.string()) {
        std::cerr << "host_sim: " << printable(checkpoint_path.string())
                  << " belongs to a write of " << printable(saved->operation) << " from "
                  << printable(saved->input_path) << "; choose other --results, or --restart\n";
        return exit_code::bad_input;
      }
      if (const auto mismatch = checkpoint_mismatch(*saved, checkpoint_path, results_path, input)) {
        std::cerr << "host_sim: " << printable(*mismatch) << "\n";
        return exit_code::bad_input;
      }
      if (saved->complete) {
        std::cerr << "Already complete (" << counts_text(saved->outcomes)
                  << "); nothing to do. --restart writes every record again: creates would be "
                     "repeated\n";
        return exit_code::ok;
      }
      checkpoint = *saved;
      if (checkpoint.in_flight_end_offset) {
        const std::int64_t first = checkpoint.input_lines;
        recheck_until = settle_in_flight(checkpoint, input, results_path);
        std::cerr << "The last run stopped while lines " << first + 1 << "-" << recheck_until
                  << " were being written: the plugin looks up their creates before sending "
                     "them again\n";
      }
      results = std::make_unique<ResultsFile>(std::make_unique<RecordSink>(
          results_path, Placement::resume, checkpoint.results_bytes, checkpoint.results_file));
      std::cerr << "Resuming after line " << checkpoint.input_lines << " ("
                << counts_text(checkpoint.outcomes) << " so far)\n";
    } else {
      const FileDescriptor existing = options.dry_run || options.restart
                                          ? FileDescriptor()
                                          : open_for_reading(results_path, "the results file");
      if (existing && size_of(existing.get()) > 0) {
        std::cerr << "host_sim: " << printable(results_path.string())
                  << " exists and no checkpoint says how far its write got; choose other "
                     "--results, or --restart to replace it\n";
        return exit_code::bad_input;
      }
      // Dropped before the results are cut, so no checkpoint points past their end.
      if (saved) std::filesystem::remove(checkpoint_path);
      results = std::make_unique<ResultsFile>(
          results_path.empty()
              ? std::make_unique<RecordSink>()
              : std::make_unique<RecordSink>(results_path, Placement::replace, std::nullopt));
      checkpoint.results_file = results->sink().file_id().value_or(FileId{});
      checkpoint.input_hash = PrefixHash().hex();
    }
  } catch (const std::exception& e) {
    std::cerr << "host_sim: " << printable(e.what()) << "\n";
    return exit_code::output;
  }
  std::cerr << (options.dry_run ? "Checkpoints: none (a dry run changes nothing)\n"
                                : "Checkpoints: " + checkpoint_path.string() +
                                      ", saved once the results before it are fsync'ed\n");

  json::object request;
  if (!options.request_json.empty()) {
    boost::system::error_code error;
    auto extra = json::parse(options.request_json, error);
    if (error || !extra.is_object()) {
      std::cerr << "host_sim: --request must be a JSON object\n";
      return exit_code::usage;
    }
    request = std::move(extra.as_object());
  }
  request["operation"] = options.operation;
  request["dry_run"] = options.dry_run;
  if (!checkpoint.plugin_state_json.empty()) {
    request["state"] = json::parse(checkpoint.plugin_state_json);
  }
  if (recheck_until > 0) request["resume"] = true;

  // Blocks SIGINT/SIGTERM before the plugin starts any thread of its own.
  CancellableConnector run;
  const auto started = Clock::now();
  std::string stopped_by;
  try {
    WriteInput lines(input, checkpoint.input_offset, checkpoint.input_lines, k_max_line_bytes);
    pp::Connector& connector = run.open(host, store, credential);
    pp::WriteSession session = connector.write(json::serialize(request));
    std::optional<InputLine> carried;  // a line that did not fit the last batch
    bool input_done = false;
    while (!input_done && stopped_by.empty()) {
      if (run.cancelled()) {
        stopped_by = "cancelled";
        break;
      }
      std::vector<Pending> batch;
      std::string records = "[";
      std::size_t count = 0;
      while (count < static_cast<std::size_t>(options.batch)) {
        std::optional<InputLine> line = carried ? std::move(carried) : lines.next();
        carried.reset();
        if (!line) {
          input_done = true;
          break;
        }
        // The batch that was in flight is sent again alone: the plugin looks
        // up the creates of a resumed session's first batch.
        if (recheck_until > 0 && line->number > recheck_until) {
          carried = std::move(line);
          break;
        }
        Pending pending{std::move(*line), std::nullopt, {}};
        if (pending.line.too_long) {
          pending.own_result = host_result(pending.line.number, "failed",
                                           "the line is longer than 1 MiB: not a record");
        } else {
          boost::system::error_code error;
          const auto record = json::parse(pending.line.text, error);
          if (error || !record.is_object()) {
            pending.own_result = host_result(pending.line.number, "failed",
                                             "the line is not a JSON object: not a record");
          } else if (records.size() + pending.line.text.size() > k_max_batch_bytes && count > 0) {
            carried = std::move(pending.line);
            break;
          } else {
            records += (count ? "," : "") + pending.line.text;
            pending.index = count++;
          }
        }
        batch.push_back(std::move(pending));
      }
      records += "]";
      recheck_until = 0;
      if (batch.empty()) break;
      json::value answer;
      if (count > 0) {
        if (!options.dry_run) {
          WriteCheckpoint intent = checkpoint;
          intent.in_flight_end_offset = batch.back().line.end_offset;
          intent.in_flight_end_line = batch.back().line.number;
          intent.saved_at = unix_now();
          save_write_checkpoint(checkpoint_path, intent);
        }
        std::string answer_text;
        try {
          answer_text = session.push(records);
        } catch (const pp::PluginError&) {
          // Not taken as a whole: nothing of it was written.
          if (!options.dry_run) save_write_checkpoint(checkpoint_path, checkpoint);
          throw;
        }
        // An answer that does not parse leaves the batch in flight: it may
        // have been written, and the next run looks its creates up.
        answer = json::parse(answer_text);
      }
      const json::array empty;
      const json::array& plugin_results = answer.is_object() &&
                                                  answer.as_object().contains("results") &&
                                                  answer.as_object().at("results").is_array()
                                              ? answer.as_object().at("results").as_array()
                                              : empty;
      const InputLine* last_stored = nullptr;
      for (const Pending& pending : batch) {
        json::object result =
            pending.index ? result_line(pending.line.number, *pending.index < plugin_results.size()
                                                                 ? plugin_results[*pending.index]
                                                                 : json::value())
                          : pending.own_result;
        const std::string outcome = outcome_of(result);
        if (not_tried(outcome)) {
          stopped_by = outcome == "rate_limited" ? "Zoom's daily limit" : "cancelled";
          break;
        }
        results->write(result);
        if (outcome == "failed") ++failed_reasons[reason_of(result)];
        ++run_counts[outcome];
        ++checkpoint.outcomes[outcome];
        last_stored = &pending.line;
      }
      const std::int64_t length = results->sync();
      if (last_stored != nullptr) {
        checkpoint.input_offset = last_stored->end_offset;
        checkpoint.input_lines = last_stored->number;
        checkpoint.input_hash = last_stored->hash_after.hex();
      }
      checkpoint.results_bytes = length;
      if (answer.is_object()) {
        if (const auto* state = answer.as_object().if_contains("state");
            state && !state->is_null()) {
          checkpoint.plugin_state_json = json::serialize(*state);
        }
      }
      checkpoint.saved_at = unix_now();
      if (!options.dry_run) save_write_checkpoint(checkpoint_path, checkpoint);
      std::cerr << "write: " << checkpoint.input_lines << " lines, " << counts_text(run_counts)
                << "\n";
    }
    if (input_done && stopped_by.empty() && !options.dry_run) {
      checkpoint.complete = true;
      save_write_checkpoint(checkpoint_path, checkpoint);
    }
  } catch (const OutputError& e) {
    std::cerr << "host_sim: write stopped: " << printable(e.what())
              << "; the checkpoint covers only the results stored before\n";
    return exit_code::output;
  } catch (const pp::PluginError& e) {
    if (e.status() == PP_STATUS_CANCELLED || run.cancelled()) {
      std::cerr << "Cancelled; " << counts_text(run_counts)
                << " in this run; the checkpoint is kept\n";
      return exit_code::cancelled;
    }
    std::cerr << "host_sim: write failed: " << printable(e.what()) << " ("
              << pp::status_name(e.status()) << ")\n";
    return exit_code_for_plugin_status(e.status());
  } catch (const std::runtime_error& e) {
    std::cerr << "host_sim: write stopped: " << printable(e.what()) << "\n";
    return exit_code::output;
  }
  const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.1f", elapsed);
  std::cerr << (options.dry_run ? "Dry run: " : "Written: ") << counts_text(run_counts) << " in "
            << seconds << " s";
  if (!options.dry_run)
    std::cerr << " (over every run: " << counts_text(checkpoint.outcomes) << ")";
  std::cerr << "\n";
  std::vector<std::pair<std::int64_t, std::string>> reasons;
  for (const auto& [reason, count] : failed_reasons) reasons.emplace_back(count, reason);
  std::ranges::sort(reasons, std::greater{});
  constexpr std::size_t k_reasons_shown = 5;
  for (std::size_t i = 0; i < reasons.size() && i < k_reasons_shown; ++i) {
    std::cerr << "  failed: " << reasons[i].first << " x " << printable(reasons[i].second) << "\n";
  }
  if (reasons.size() > k_reasons_shown) {
    std::cerr << "  failed: " << reasons.size() - k_reasons_shown
              << " more reasons; every one is in the results file\n";
  }
  if (!stopped_by.empty()) {
    std::cerr << "Stopped (" << stopped_by << ") after line " << checkpoint.input_lines
              << "; the next run resumes there\n";
    return stopped_by == "cancelled" ? exit_code::cancelled : exit_code::network;
  }
  return exit_for(run_counts);
}

}  // namespace host_sim
