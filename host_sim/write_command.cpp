#include "write_command.hpp"

#include <signal.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <iostream>

#include "cancellable_connector.hpp"
#include "exit_codes.hpp"
#include "prefix_hash.hpp"
#include "record_sink.hpp"
#include "safe_file.hpp"
#include "terminal_text.hpp"
#include "write_resume_check.hpp"

namespace host_sim {
namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

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

}  // namespace

WriteRun::WriteRun(const Host& host, const StoredCredential& credential, CredentialStore& store,
                   const WriteOptions& options, WriteObserver observer)
    : host_(host),
      credential_(credential),
      store_(store),
      options_(options),
      observer_(std::move(observer)),
      log_(*observer_.log),
      input_(absolute_path(options.input)),
      results_path_(absolute_keeping_name(options.results)),
      checkpoint_path_(results_path_.empty() ? results_path_ : checkpoint_path_for(results_path_)) {
  checkpoint_.operation = options.operation;
  checkpoint_.input_path = input_.string();
}

WriteRun::~WriteRun() = default;

int WriteRun::run() {
  // Blocks SIGINT/SIGTERM before the plugin starts any thread of its own.
  CancellableConnector connector;
  return run(connector);
}

int WriteRun::run(CancellableConnector& run) {
  ::signal(SIGPIPE, SIG_IGN);
  if (const auto ended = check_arguments()) return *ended;
  if (const auto ended = open_results()) return *ended;
  if (retry_) log_ << printable(retry_plan_text(*retry_)) << "\n";
  log_ << (options_.dry_run ? "Checkpoints: none (a dry run changes nothing)\n"
                            : "Checkpoints: " + checkpoint_path_.string() +
                                  ", saved once the results before it are fsync'ed\n");
  if (const auto ended = build_request()) return *ended;
  const auto started = Clock::now();
  if (const auto ended = write_batches(run)) return *ended;
  return finish(std::chrono::duration<double>(Clock::now() - started).count());
}

std::optional<int> WriteRun::check_arguments() {
  if (!host_.plugin.has_write()) {
    log_ << "host_sim: " << printable(host_.info.display_name)
         << " has no destination direction (its ABI table has no write functions)\n";
    return exit_code::plugin;
  }
  try {
    // Before any results file is made: a missing input leaves nothing behind.
    WriteInput probe(input_, 0, 0, k_max_write_line_bytes);
  } catch (const std::runtime_error& e) {
    log_ << "host_sim: --input: " << printable(e.what()) << "\n";
    return exit_code::bad_input;
  }
  if (results_path_.empty() && !options_.dry_run) {
    log_ << "host_sim: write needs --results FILE (a dry run may print to stdout): results "
            "and their checkpoint must be durable\n";
    return exit_code::usage;
  }
  return options_.retry_failed.empty() ? std::nullopt : select_retry();
}

std::optional<int> WriteRun::select_retry() {
  const std::filesystem::path previous = absolute_keeping_name(options_.retry_failed);
  std::error_code error;
  if (results_path_.empty() || previous == results_path_ ||
      std::filesystem::equivalent(previous, results_path_, error)) {
    log_ << "host_sim: --retry-failed " << printable(previous.string())
         << " needs other --results NEW_RESULTS: the results file it retries is kept as "
            "it is\n";
    return exit_code::usage;
  }
  try {
    retry_ = select_retry_lines(previous, options_.operation);
  } catch (const std::runtime_error& e) {
    log_ << "host_sim: --retry-failed: " << printable(e.what()) << "\n";
    return exit_code::bad_input;
  }
  if (retry_->lines.empty()) {
    log_ << "Nothing to retry: none of the " << retry_->results << " results in "
         << printable(previous.string()) << " is " << k_resent_outcomes << "\n";
    return exit_code::ok;
  }
  return std::nullopt;
}

std::optional<int> WriteRun::open_results() {
  std::optional<WriteCheckpoint> saved;
  try {
    if (!options_.dry_run) saved = load_write_checkpoint(checkpoint_path_);
  } catch (const std::runtime_error& e) {
    log_ << "host_sim: " << printable(e.what()) << "\n";
    return exit_code::bad_input;
  }
  log_ << (options_.dry_run ? "Dry run of " : "Writing ") << printable(options_.operation)
       << " from " << printable(input_.string()) << " with \"" << printable(credential_.name)
       << "\"\n";
  try {
    return saved && !options_.restart ? resume(*saved) : start_afresh(saved.has_value());
  } catch (const std::exception& e) {
    log_ << "host_sim: " << printable(e.what()) << "\n";
    return exit_code::output;
  }
}

std::optional<int> WriteRun::resume(const WriteCheckpoint& saved) {
  if (saved.operation != options_.operation || saved.input_path != input_.string()) {
    log_ << "host_sim: " << printable(checkpoint_path_.string()) << " belongs to a write of "
         << printable(saved.operation) << " from " << printable(saved.input_path)
         << "; choose other --results, or --restart\n";
    return exit_code::bad_input;
  }
  if (const auto differs = retry_mismatch(saved, retry_ ? &*retry_ : nullptr, checkpoint_path_)) {
    log_ << "host_sim: " << printable(*differs) << "\n";
    return exit_code::bad_input;
  }
  if (const auto mismatch = checkpoint_mismatch(saved, checkpoint_path_, results_path_, input_)) {
    log_ << "host_sim: " << printable(*mismatch) << "\n";
    // An input fixed after a complete write: what the user likely wants.
    if (const std::string hint = saved.complete ? retry_hint(results_path_, saved.outcomes) : "";
        !hint.empty()) {
      log_ << printable(hint) << "\n";
    }
    return exit_code::bad_input;
  }
  if (saved.complete) {
    log_ << "Already complete (" << counts_text(saved.outcomes)
         << "); nothing to do. --restart writes every record again: creates would be "
            "repeated\n";
    if (const std::string hint = retry_hint(results_path_, saved.outcomes); !hint.empty()) {
      log_ << printable(hint) << "\n";
    }
    return exit_code::ok;
  }
  checkpoint_ = saved;
  if (checkpoint_.in_flight_end_offset) {
    const std::int64_t first = checkpoint_.input_lines;
    recheck_until_ = settle_in_flight(checkpoint_, input_, results_path_, k_max_batch_bytes * 4);
    log_ << "The last run stopped while lines " << first + 1 << "-" << recheck_until_
         << " were being written: the plugin looks up their creates before sending "
            "them again\n";
  }
  results_ = std::make_unique<ResultsFile>(std::make_unique<RecordSink>(
      results_path_, Placement::resume, checkpoint_.results_bytes, checkpoint_.results_file));
  log_ << "Resuming after line " << checkpoint_.input_lines << " ("
       << counts_text(checkpoint_.outcomes) << " so far)\n";
  return std::nullopt;
}

std::optional<int> WriteRun::start_afresh(bool had_checkpoint) {
  const FileDescriptor existing = options_.dry_run || options_.restart
                                      ? FileDescriptor()
                                      : open_for_reading(results_path_, "the results file");
  if (existing && size_of(existing.get()) > 0) {
    log_ << "host_sim: " << printable(results_path_.string())
         << " exists and no checkpoint says how far its write got; choose other "
            "--results, or --restart to replace it\n";
    return exit_code::bad_input;
  }
  // Dropped before the results are cut, so no checkpoint points past their end.
  if (had_checkpoint) std::filesystem::remove(checkpoint_path_);
  results_ = std::make_unique<ResultsFile>(
      results_path_.empty()
          ? std::make_unique<RecordSink>()
          : std::make_unique<RecordSink>(results_path_, Placement::replace, std::nullopt));
  checkpoint_.results_file = results_->sink().file_id().value_or(FileId{});
  checkpoint_.input_hash = PrefixHash().hex();
  if (retry_) bind_retry(checkpoint_, *retry_);
  return std::nullopt;
}

std::optional<int> WriteRun::build_request() {
  if (!options_.request_json.empty()) {
    boost::system::error_code error;
    auto extra = json::parse(options_.request_json, error);
    if (error || !extra.is_object()) {
      log_ << "host_sim: --request must be a JSON object\n";
      return exit_code::usage;
    }
    request_ = std::move(extra.as_object());
  }
  request_["operation"] = options_.operation;
  request_["dry_run"] = options_.dry_run;
  if (!checkpoint_.plugin_state_json.empty()) {
    request_["state"] = json::parse(checkpoint_.plugin_state_json);
  }
  if (recheck_until_ > 0) request_["resume"] = true;
  return std::nullopt;
}

std::optional<int> WriteRun::write_batches(CancellableConnector& run) {
  try {
    WriteInput lines(input_, checkpoint_.input_offset, checkpoint_.input_lines,
                     k_max_write_line_bytes);
    pp::Connector& connector = run.open(host_, store_, credential_);
    pp::WriteSession session = connector.write(json::serialize(request_));
    while (!input_done_ && stopped_by_.empty()) {
      if (run.cancelled()) {
        stopped_by_ = "cancelled";
        break;
      }
      const Batch batch = next_batch(lines);
      recheck_until_ = 0;
      // Empty with a line carried: the batch in flight was settled already
      // (all its results stored); the rest follows in the next batch.
      if (batch.lines.empty() && carried_) continue;
      if (batch.lines.empty()) break;
      store_results(batch, batch.count > 0 ? push(session, batch) : json::value());
    }
    if (input_done_ && stopped_by_.empty() && !options_.dry_run) {
      checkpoint_.complete = true;
      save_write_checkpoint(checkpoint_path_, checkpoint_);
    }
  } catch (const OutputError& e) {
    log_ << "host_sim: write stopped: " << printable(e.what())
         << "; the checkpoint covers only the results stored before\n";
    return exit_code::output;
  } catch (const pp::PluginError& e) {
    if (e.status() == PP_STATUS_CANCELLED || run.cancelled()) {
      log_ << "Cancelled; " << counts_text(summary_.counts())
           << " in this run; the checkpoint is kept\n";
      return exit_code::cancelled;
    }
    log_ << "host_sim: write failed: " << printable(e.what()) << " (" << pp::status_name(e.status())
         << ")\n";
    return exit_code_for_plugin_status(e.status());
  } catch (const std::runtime_error& e) {
    log_ << "host_sim: write stopped: " << printable(e.what()) << "\n";
    return exit_code::output;
  }
  return std::nullopt;
}

WriteRun::Batch WriteRun::next_batch(WriteInput& lines) {
  Batch batch;
  while (batch.count < static_cast<std::size_t>(options_.batch)) {
    std::optional<InputLine> line = carried_ ? std::move(carried_) : lines.next();
    carried_.reset();
    if (!line) {
      input_done_ = true;
      break;
    }
    if (retry_ && !retry_->lines.contains(line->number)) continue;  // not sent again
    // The batch that was in flight is sent again alone: the plugin looks
    // up the creates of a resumed session's first batch.
    if (recheck_until_ > 0 && line->number > recheck_until_) {
      carried_ = std::move(line);
      break;
    }
    Pending pending{std::move(*line), std::nullopt, {}};
    if (const char* problem = not_a_record(pending.line.text, pending.line.too_long)) {
      pending.own_result = host_result(pending.line.number, "failed", problem);
    } else if (batch.records.size() + pending.line.text.size() > k_max_batch_bytes &&
               batch.count > 0) {
      carried_ = std::move(pending.line);
      break;
    } else {
      batch.records += (batch.count ? "," : "") + pending.line.text;
      pending.index = batch.count++;
    }
    batch.lines.push_back(std::move(pending));
  }
  batch.records += "]";
  return batch;
}

// Marks the batch in flight, hands it to the plugin, and returns its answer.
json::value WriteRun::push(pp::WriteSession& session, const Batch& batch) {
  if (!options_.dry_run) {
    WriteCheckpoint intent = checkpoint_;
    intent.in_flight_end_offset = batch.lines.back().line.end_offset;
    intent.in_flight_end_line = batch.lines.back().line.number;
    intent.saved_at = unix_now();
    save_write_checkpoint(checkpoint_path_, intent);
  }
  std::string answer_text;
  try {
    answer_text = session.push(batch.records);
  } catch (const pp::PluginError&) {
    // Not taken as a whole: nothing of it was written.
    if (!options_.dry_run) save_write_checkpoint(checkpoint_path_, checkpoint_);
    throw;
  }
  // An answer that does not parse leaves the batch in flight: it may
  // have been written, and the next run looks its creates up.
  return json::parse(answer_text);
}

// Stores the batch's results, fsyncs them, then saves the checkpoint that
// covers them.
void WriteRun::store_results(const Batch& batch, const json::value& answer) {
  const json::array empty;
  const json::object* answer_object = answer.if_object();
  const json::value* listed = answer_object ? answer_object->if_contains("results") : nullptr;
  const json::array& plugin_results = listed && listed->is_array() ? listed->as_array() : empty;
  const InputLine* last_stored = nullptr;
  std::vector<json::object> stored;
  for (const Pending& pending : batch.lines) {
    json::object result =
        pending.index ? result_line(pending.line.number, *pending.index < plugin_results.size()
                                                             ? plugin_results[*pending.index]
                                                             : json::value())
                      : pending.own_result;
    const std::string outcome = outcome_of(result);
    if (not_tried(outcome)) {
      stopped_by_ = outcome == "rate_limited" ? "Zoom's daily limit" : "cancelled";
      break;
    }
    results_->write(result);
    summary_.count(outcome, result);
    ++checkpoint_.outcomes[outcome];
    last_stored = &pending.line;
    if (observer_.on_result) stored.push_back(std::move(result));
  }
  const std::int64_t length = results_->sync();
  for (const auto& result : stored) observer_.on_result(result);
  if (last_stored != nullptr) {
    checkpoint_.input_offset = last_stored->end_offset;
    checkpoint_.input_lines = last_stored->number;
    checkpoint_.input_hash = last_stored->hash_after.hex();
  }
  checkpoint_.results_bytes = length;
  if (answer_object != nullptr) {
    if (const auto* state = answer_object->if_contains("state"); state && !state->is_null()) {
      checkpoint_.plugin_state_json = json::serialize(*state);
    }
  }
  checkpoint_.saved_at = unix_now();
  if (!options_.dry_run) save_write_checkpoint(checkpoint_path_, checkpoint_);
  log_ << "write: " << checkpoint_.input_lines << " lines, " << counts_text(summary_.counts())
       << "\n";
}

int WriteRun::finish(double seconds) {
  summary_.print(log_, options_.dry_run, seconds, checkpoint_.outcomes);
  if (!stopped_by_.empty()) {
    log_ << "Stopped (" << stopped_by_ << ") after line " << checkpoint_.input_lines
         << "; the next run resumes there\n";
    return stopped_by_ == "cancelled" ? exit_code::cancelled : exit_code::network;
  }
  return summary_.exit_status();
}

}  // namespace host_sim
