#include "fetch_command.hpp"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <boost/json.hpp>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>
#include <unordered_set>

#include "cancellable_connector.hpp"
#include "exit_codes.hpp"
#include "fetch_checkpoint.hpp"
#include "fetch_progress_view.hpp"
#include "fetch_rerun.hpp"
#include "fetch_summary.hpp"
#include "record_line.hpp"
#include "record_sink.hpp"
#include "safe_file.hpp"
#include "terminal_text.hpp"

namespace host_sim {
namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// stdout, or a --output path that is (or will be created as) a regular file.
bool output_is_regular_file(const std::filesystem::path& output) {
  struct stat info {};
  if (output.empty()) return ::fstat(STDOUT_FILENO, &info) == 0 && S_ISREG(info.st_mode);
  if (::lstat(output.c_str(), &info) != 0) return errno == ENOENT;
  return S_ISREG(info.st_mode);
}

// Whether this run may save checkpoints, and the one line that says so.
struct CheckpointPolicy {
  bool save = false;
  std::string line;
};

CheckpointPolicy checkpoint_policy(const FetchOptions& options, bool regular_file) {
  if (options.limit >= 0) {
    return {false, "Checkpoints: none (a preview of " + std::to_string(options.limit) +
                       " records; the saved checkpoint is left as it was)"};
  }
  const std::string where = options.output.empty() ? "stdout" : options.output.string();
  if (regular_file) {
    return {true,
            "Checkpoints: saved once the records before each are flushed and fsync'ed to " + where};
  }
  if (options.checkpoint_on_pipe) {
    return {true, "Checkpoints: saved once records are handed to " + where +
                      " (--checkpoint-on-pipe): records its reader does not take are not "
                      "fetched again"};
  }
  return {false, "Checkpoints: none: " + where +
                     " is a pipe or terminal and host_sim cannot know what its reader took "
                     "(--checkpoint-on-pipe saves them anyway; --output FILE resumes safely)"};
}

// One fetch run: what it resumes from, where its records go, what it
// saves, and what it says at its end.
class FetchRun {
 public:
  FetchRun(const Host& host, CredentialStore& store, const StoredCredential& credential,
           const FetchOptions& options)
      : host_(host),
        store_(store),
        credential_(credential),
        options_(options),
        defaults_(options.streams.empty()
                      ? default_streams(host.plugin.catalog_json(), credential.last_verdict_json)
                      : DefaultStreams{}),
        streams_(options.streams.empty() ? defaults_.streams : options.streams),
        output_(absolute_keeping_name(options.output)),
        output_key_(output_.string()) {}

  int run() {
    if (const auto ended = load_saved()) return *ended;
    saved_is_for_output_ = saved_ && !saved_->legacy && !output_.empty();
    policy_ = checkpoint_policy(options_, output_is_regular_file(output_));
    std::cerr << "Fetching " << (streams_.empty() ? std::string("(no streams)") : "");
    for (std::size_t i = 0; i < streams_.size(); ++i)
      std::cerr << (i ? ", " : "") << printable(streams_[i]);
    std::cerr << " with \"" << printable(credential_.name) << "\"\n";
    if (options_.streams.empty()) {
      std::cerr << (defaults_.by_verdict
                        ? "  (no --streams: every stream its last validation allows"
                        : "  (no --streams: every stream; validate the credential to fetch only "
                          "those its scopes allow")
                << (defaults_.skipped.empty() ? ")\n" : "; skipped: ");
      for (std::size_t i = 0; i < defaults_.skipped.size(); ++i)
        std::cerr << (i ? ", " : "") << printable(defaults_.skipped[i]);
      if (!defaults_.skipped.empty()) std::cerr << ")\n";
    }
    if (streams_.empty()) {
      std::cerr << "host_sim: no stream to fetch: the credential's last validation allows none; "
                   "grant the scopes the streams need (host_sim validate names them)\n";
      return exit_code::validation_failed;
    }
    if (const auto ended = choose_start()) return *ended;
    if (const auto ended = open_output()) return *ended;
    std::cerr << printable(policy_.line) << "\n";

    json::object request = build_fetch_request(
        streams_, resumed_ ? std::optional(resumed_->plugin_state_json) : std::nullopt,
        options_.request_json);
    // Blocks SIGINT/SIGTERM before the plugin starts any thread of its own.
    CancellableConnector run;
    const auto started = Clock::now();
    if (const auto ended = fetch_items(run, request)) return *ended;
    return finish(run, std::chrono::duration<double>(Clock::now() - started).count());
  }

 private:
  std::optional<int> load_saved() {
    try {
      if (const auto stored = store_.load_state(credential_.id, output_key_)) {
        saved_ = decode_checkpoint(*stored);
        // Stored state is outside input: it must name the output it is kept under.
        if (!saved_->legacy && saved_->output_path != output_key_) {
          std::cerr << "host_sim: the fetch checkpoint saved for "
                    << printable(output_.empty() ? std::string("stdout") : output_key_)
                    << " names another output; it is not used: a fetch with --full-refresh "
                       "starts over and replaces it\n";
          if (!options_.full_refresh) return exit_code::bad_input;
          saved_.reset();
          saved_unauthentic_ = true;
        }
      }
    } catch (const StoreError& e) {
      if (e.kind() != StoreError::Kind::corrupt) throw;
      if (!options_.full_refresh) {
        std::cerr << "host_sim: " << printable(e.what()) << "\n";
        return exit_code::bad_input;
      }
      saved_unauthentic_ = true;
    }
    return std::nullopt;
  }

  // Resume from the saved checkpoint, or drop (or ignore) it.
  std::optional<int> choose_start() {
    if (saved_unauthentic_ && policy_.save) {
      std::cerr << "Full refresh: the saved checkpoint fails its integrity check and is dropped\n";
      store_.clear_state(credential_.id, output_key_);
    }
    if (options_.full_refresh) {
      if (saved_) {
        if (!policy_.save && saved_is_for_output_) {
          std::cerr << "host_sim: the records of the saved checkpoint are in "
                    << printable(output_.string())
                    << "; write this run elsewhere, or drop --full-refresh\n";
          return exit_code::bad_input;
        }
        std::cerr << "Full refresh: the saved checkpoint is "
                  << (policy_.save ? "dropped" : "ignored (and kept)") << "\n";
        // Dropped before the file is cut, so no checkpoint ever points past its end.
        if (policy_.save) store_.clear_state(credential_.id, output_key_);
      }
    } else if (saved_ && saved_->complete) {
      if (!policy_.save && saved_is_for_output_) {
        std::cerr << "host_sim: " << printable(output_.string())
                  << " holds a complete fetch, and this run saves no checkpoint: write it "
                     "elsewhere, or drop --limit\n";
        return exit_code::bad_input;
      }
      resumed_ = saved_;
      const bool rewritable = saved_is_for_output_ && saved_->output_bytes.has_value();
      rerun_ =
          plan_rerun(host_.plugin.catalog_json(), streams_, saved_->plugin_state_json, rewritable);
      std::cerr << printable(rerun_->line) << "\n";
    } else if (saved_) {
      resumed_ = saved_;
      std::cerr << "Resuming from the saved checkpoint: "
                << printable(describe_checkpoint(*saved_, unix_now())) << "\n";
    }
    if (resumed_) totals_ = resumed_->records;
    if (rerun_) {
      for (const auto& stream : rerun_->replaced) totals_.erase(stream);
    }
    return std::nullopt;
  }

  // A rerun after a complete fetch: the replaced streams' lines leave the
  // file first, and the checkpoint then names the file as it is now (still
  // complete: a run stopped before its first checkpoint reruns the same way).
  void drop_replaced_lines() {
    RerunOutput rewritten =
        rewrite_for_rerun(output_, *resumed_->output_bytes, resumed_->output_file, *rerun_);
    kept_lines_ = std::move(rewritten.kept_lines);
    resumed_->output_bytes = rewritten.bytes;
    resumed_->output_file = rewritten.file;
    resumed_->records = totals_;
    resumed_->saved_at = unix_now();
    store_.save_state(credential_.id, output_key_, encode_checkpoint(*resumed_));
  }

  std::optional<int> open_output() {
    try {
      if (output_.empty()) {
        sink_ = std::make_unique<RecordSink>();
        return std::nullopt;
      }
      const bool cut_back = resumed_ && saved_is_for_output_ && resumed_->output_bytes.has_value();
      if (rerun_ && cut_back) drop_replaced_lines();
      const Placement placement = !resumed_  ? Placement::replace
                                  : cut_back ? Placement::resume
                                             : Placement::append;
      sink_ = std::make_unique<RecordSink>(output_, placement,
                                           cut_back ? resumed_->output_bytes : std::nullopt,
                                           cut_back ? resumed_->output_file : std::nullopt);
      std::cerr << "Output: " << printable(sink_->opened_as()) << "\n";
    } catch (const OutputError& e) {
      std::cerr << "host_sim: " << printable(e.what()) << "\n";
      return exit_code::output;
    }
    return std::nullopt;
  }

  std::optional<int> fetch_items(CancellableConnector& run, const json::object& request) {
    ProgressView progress(tty_);
    try {
      pp::Connector& connector = run.open(host_, store_, credential_);
      auto stream = connector.fetch(json::serialize(request));
      for (;;) {
        if (run.cancelled()) throw pp::PluginError(PP_STATUS_CANCELLED, "cancelled");
        const pp::FetchItem item = stream.next();
        if (item.kind == PP_ITEM_END) {
          save_held(true);  // the stream ended without an error: the fetch is complete
          break;
        }
        if (!take(item)) break;
        if (progress.due()) progress.update(records_, stream.progress_json());
        for (int waited = 0; waited < options_.pace_ms && !run.cancelled(); waited += 10) {
          std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
      }
      sink_->sync();
      progress.update(records_, stream.progress_json());
      progress.clear_line();
    } catch (const OutputError& e) {
      progress.clear_line();
      save_held(false);
      std::cerr << "host_sim: fetch stopped after " << records_
                << " records: " << printable(e.what()) << "; " << nothing_saved() << "\n";
      return exit_code::output;
    } catch (const pp::PluginError& e) {
      progress.clear_line();
      save_held(false);
      if (e.status() == PP_STATUS_CANCELLED || run.cancelled()) {
        std::cerr << "Cancelled after " << records_ << " records; " << nothing_saved() << "\n";
        return exit_code::cancelled;
      }
      std::cerr << "host_sim: fetch failed: " << printable(e.what()) << " ("
                << pp::status_name(e.status()) << ")\n";
      return exit_code_for_plugin_status(e.status());
    }
    return std::nullopt;
  }

  // One item of the stream; false once --limit is reached.
  bool take(const pp::FetchItem& item) {
    if (item.kind == PP_ITEM_RECORD) {
      save_held(false);
      line_.assign_record(item.stream, item.json);
      if (!kept_lines_.empty() && kept_lines_.contains(line_digest(line_.text()))) {
        ++already_in_file_;  // a rerun's incremental stream met a record it has
        return true;
      }
      sink_->write(line_.text());
      ++counts_[item.stream];
      ++totals_[item.stream];
      ++records_;
      limit_reached_ = options_.limit >= 0 && records_ >= options_.limit;
      return !limit_reached_;
    }
    if (item.kind == PP_ITEM_STATE && policy_.save) {
      save_held(false);
      hold_checkpoint(item.json);
    } else if (item.kind == PP_ITEM_SUMMARY) {
      summary_ = item.json;
      save_held(summary_ok(item.json));
    }
    return true;
  }

  // A summary whose "status" is not "ok" ends a fetch that is not complete.
  static bool summary_ok(const std::string& summary_json) {
    boost::system::error_code ec;
    const auto summary = json::parse(summary_json, ec);
    const auto* status =
        !ec && summary.is_object() ? summary.as_object().if_contains("status") : nullptr;
    return status == nullptr || (status->is_string() && status->as_string() == "ok");
  }

  // A checkpoint is made once the records before it have reached the output,
  // and saved when the next item comes: after a record or a checkpoint it is
  // not the last one; after the summary or the end of the stream it is the
  // complete fetch's, saved once as such (no moment when the store holds a
  // complete fetch's state as an unfinished one, which would be resumed).
  // A run that stops saves it as it is.
  void hold_checkpoint(const std::string& plugin_state_json) {
    const std::optional<std::int64_t> length = sink_->sync();
    FetchCheckpoint checkpoint;
    checkpoint.plugin_state_json = plugin_state_json;
    checkpoint.output_path = output_key_;  // the output it is kept under
    if (!output_.empty() && length) {
      checkpoint.output_bytes = length;
      checkpoint.output_file = sink_->file_id();
    }
    checkpoint.records = totals_;
    held_ = std::move(checkpoint);
    held_records_ = records_;
  }

  void save_held(bool complete) {
    if (!held_) return;
    held_->complete = complete;
    held_->saved_at = unix_now();
    store_.save_state(credential_.id, output_key_, encode_checkpoint(*held_));
    held_.reset();
    ++checkpoints_;
    if (!tty_) std::cerr << "fetch: checkpoint saved after " << held_records_ << " records\n";
  }

  const char* nothing_saved() const {
    // A full refresh that saves checkpoints dropped the stored one.
    const bool stored_kept = saved_ && !(options_.full_refresh && policy_.save);
    return checkpoints_ > 0 ? "the last checkpoint is kept for the next run"
           : stored_kept    ? "no new checkpoint was saved: the one saved before is kept"
           : policy_.save ? "no checkpoint was reached yet: the next run starts from the beginning"
                          : "no checkpoint was saved: the next run starts from the beginning";
  }

  int finish(const CancellableConnector& run, double seconds) {
    if (run.cancelled()) {
      std::cerr << "Cancelled; " << nothing_saved() << "\n";
      return exit_code::cancelled;
    }
    if (limit_reached_) {
      std::cerr << "Stopped after " << records_ << " records (--limit); no checkpoint saved\n";
      return exit_code::ok;
    }
    std::cerr << printable_lines(fetch_summary_text(counts_, summary_, seconds));
    if (already_in_file_ > 0) {
      std::cerr << already_in_file_ << " record" << (already_in_file_ == 1 ? " was" : "s were")
                << " already in the file and not written again\n";
    }
    std::cerr << "Checkpoints saved: " << checkpoints_ << "\n";
    return exit_code::ok;
  }

  const Host& host_;
  CredentialStore& store_;
  const StoredCredential& credential_;
  const FetchOptions& options_;
  const DefaultStreams defaults_;  // no --streams: what the last verdict allows
  const std::vector<std::string> streams_;
  const std::filesystem::path output_;
  const std::string output_key_;  // the checkpoint's key beside the credential; "" for stdout
  std::optional<FetchCheckpoint> saved_;
  bool saved_unauthentic_ = false;  // a checkpoint is there, and fails its integrity check
  bool saved_is_for_output_ = false;
  CheckpointPolicy policy_;
  std::optional<FetchCheckpoint> resumed_;
  std::optional<RerunPlan> rerun_;              // a rerun after a complete fetch
  std::unordered_set<std::string> kept_lines_;  // its appended streams' lines already in the file
  std::int64_t already_in_file_ = 0;
  std::optional<FetchCheckpoint> held_;  // made, saved when the next item comes
  std::int64_t held_records_ = 0;
  std::unique_ptr<RecordSink> sink_;
  std::map<std::string, std::int64_t> totals_;  // over every run since the beginning
  std::map<std::string, std::int64_t> counts_;  // this run's
  std::int64_t records_ = 0;
  std::int64_t checkpoints_ = 0;
  bool limit_reached_ = false;
  std::string summary_;
  const bool tty_ = ::isatty(STDERR_FILENO) != 0;
  RecordLine line_;
};

}  // namespace

int run_fetch(const Host& host, CredentialStore& store, const StoredCredential& credential,
              const FetchOptions& options) {
  // A reader that goes away is a write error to report, not a silent death.
  ::signal(SIGPIPE, SIG_IGN);
  return FetchRun(host, store, credential, options).run();
}

}  // namespace host_sim
