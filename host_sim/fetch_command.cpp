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

#include "cancellable_connector.hpp"
#include "exit_codes.hpp"
#include "fetch_checkpoint.hpp"
#include "fetch_summary.hpp"
#include "record_line.hpp"
#include "record_sink.hpp"
#include "safe_file.hpp"
#include "terminal_text.hpp"

namespace host_sim {
namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

std::int64_t number_of(const json::object& object, std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    if (const auto* value = object.if_contains(key)) {
      if (value->is_int64()) return value->as_int64();
      if (value->is_uint64()) return static_cast<std::int64_t>(value->as_uint64());
      if (value->is_double()) return static_cast<std::int64_t>(value->as_double());
    }
  }
  return -1;
}

std::string duration_text(double seconds) {
  if (seconds < 0) return "--:--";
  const auto total = static_cast<long long>(seconds + 0.5);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%lld:%02lld", total / 60, total % 60);
  return buffer;
}

class ProgressView {
 public:
  explicit ProgressView(bool tty) : tty_(tty), start_(Clock::now()), last_(start_) {}

  // Whether a line is due: the plugin's progress is asked for only then (at
  // most 5 times a second), not after every item.
  bool due() const {
    const auto interval = tty_ ? std::chrono::milliseconds(200) : std::chrono::milliseconds(2000);
    return Clock::now() - last_ >= interval;
  }

  void update(std::int64_t records, const std::string& progress_json) {
    const auto now = Clock::now();
    last_ = now;
    boost::system::error_code ec;
    const auto parsed = json::parse(progress_json, ec);
    const json::object progress = !ec && parsed.is_object() ? parsed.as_object() : json::object();
    std::int64_t requests = number_of(progress, {"requests", "http_requests"});
    if (const auto* streams = progress.if_contains("streams");
        requests < 0 && streams != nullptr && streams->is_object()) {
      for (const auto& [name, stream] : streams->as_object()) {
        if (!stream.is_object()) continue;
        const std::int64_t count = number_of(stream.as_object(), {"requests"});
        if (count > 0) requests = std::max<std::int64_t>(requests, 0) + count;
      }
    }
    const std::int64_t total =
        number_of(progress, {"total_records", "estimated_records", "expected_records"});
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const double rate = elapsed > 0 ? static_cast<double>(records) / elapsed : 0;
    const double eta =
        total > records && rate > 0 ? static_cast<double>(total - records) / rate : -1;
    std::ostringstream line;
    if (tty_) {
      constexpr int k_width = 24;
      line << "\r[";
      if (total > 0) {
        const int done =
            static_cast<int>(k_width * std::min<double>(1.0, static_cast<double>(records) /
                                                                 static_cast<double>(total)));
        line << std::string(static_cast<std::size_t>(done), '#')
             << std::string(static_cast<std::size_t>(k_width - done), '.');
      } else {
        const int spot = static_cast<int>(elapsed * 8) % k_width;
        for (int i = 0; i < k_width; ++i) line << (i == spot ? '#' : '.');
      }
      line << "] " << records << (total > 0 ? "/" + std::to_string(total) : std::string())
           << " records";
    } else {
      line << "fetch: " << records << " records";
    }
    if (requests >= 0) line << ", " << requests << " requests";
    char rate_text[32];
    std::snprintf(rate_text, sizeof rate_text, "%.1f", rate);
    line << ", " << rate_text << " rec/s, ETA " << duration_text(eta);
    if (tty_) {
      line << "   ";
      std::cerr << line.str() << std::flush;
      drawn_ = true;
    } else {
      std::cerr << line.str() << "\n";
    }
  }

  // Ends the bar's line before other text is printed.
  void clear_line() {
    if (drawn_) std::cerr << "\n";
    drawn_ = false;
  }

 private:
  bool tty_;
  Clock::time_point start_;
  Clock::time_point last_;
  bool drawn_ = false;
};

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

}  // namespace

int run_fetch(const Host& host, CredentialStore& store, const StoredCredential& credential,
              const FetchOptions& options) {
  // A reader that goes away is a write error to report, not a silent death.
  ::signal(SIGPIPE, SIG_IGN);
  const std::vector<std::string> streams =
      options.streams.empty() ? catalog_stream_names(host.plugin.catalog_json()) : options.streams;
  const std::filesystem::path output = absolute_keeping_name(options.output);
  std::optional<FetchCheckpoint> saved;
  bool saved_unauthentic = false;  // a checkpoint is there, and fails its integrity check
  try {
    if (const auto stored = store.load_state(credential.id)) saved = decode_checkpoint(*stored);
  } catch (const StoreError& e) {
    if (e.kind() != StoreError::Kind::corrupt) throw;
    if (!options.full_refresh) {
      std::cerr << "host_sim: " << printable(e.what()) << "\n";
      return exit_code::bad_input;
    }
    saved_unauthentic = true;
  }
  const bool saved_is_for_output =
      saved && !saved->legacy && !output.empty() && saved->output_path == output.string();
  const CheckpointPolicy policy = checkpoint_policy(options, output_is_regular_file(output));

  std::cerr << "Fetching " << (streams.empty() ? std::string("(no streams)") : "");
  for (std::size_t i = 0; i < streams.size(); ++i)
    std::cerr << (i ? ", " : "") << printable(streams[i]);
  std::cerr << " with \"" << printable(credential.name) << "\"\n";
  std::optional<FetchCheckpoint> resumed;
  if (saved_unauthentic && policy.save) {
    std::cerr << "Full refresh: the saved checkpoint fails its integrity check and is dropped\n";
    store.clear_state(credential.id);
  }
  if (options.full_refresh) {
    if (saved) {
      if (!policy.save && saved_is_for_output) {
        std::cerr << "host_sim: the records of the saved checkpoint are in "
                  << printable(output.string())
                  << "; write this run elsewhere, or drop --full-refresh\n";
        return exit_code::bad_input;
      }
      std::cerr << "Full refresh: the saved checkpoint is "
                << (policy.save ? "dropped" : "ignored (and kept)") << "\n";
      // Dropped before the file is cut, so no checkpoint ever points past its end.
      if (policy.save) store.clear_state(credential.id);
    }
  } else if (saved) {
    resumed = saved;
    std::cerr << "Resuming from the saved checkpoint: "
              << printable(describe_checkpoint(*saved, unix_now())) << "\n";
  }
  std::unique_ptr<RecordSink> sink;
  try {
    if (output.empty()) {
      sink = std::make_unique<RecordSink>();
    } else {
      const bool cut_back = resumed && saved_is_for_output && resumed->output_bytes.has_value();
      const Placement placement = !resumed   ? Placement::replace
                                  : cut_back ? Placement::resume
                                             : Placement::append;
      sink = std::make_unique<RecordSink>(output, placement,
                                          cut_back ? resumed->output_bytes : std::nullopt);
      std::cerr << "Output: " << printable(sink->opened_as()) << "\n";
    }
  } catch (const OutputError& e) {
    std::cerr << "host_sim: " << printable(e.what()) << "\n";
    return exit_code::output;
  }
  std::cerr << printable(policy.line) << "\n";

  json::object request = build_fetch_request(
      streams, resumed ? std::optional(resumed->plugin_state_json) : std::nullopt,
      options.request_json);
  std::map<std::string, std::int64_t> totals;  // over every run since the beginning
  if (resumed) totals = resumed->records;

  // Blocks SIGINT/SIGTERM before the plugin starts any thread of its own.
  CancellableConnector run;
  const auto started = Clock::now();
  std::map<std::string, std::int64_t> counts;
  std::int64_t records = 0;
  std::int64_t checkpoints = 0;
  bool limit_reached = false;
  std::string summary;
  const bool tty = ::isatty(STDERR_FILENO) != 0;
  ProgressView progress(tty);
  // A full refresh that saves checkpoints dropped the stored one above.
  const bool stored_kept = saved && !(options.full_refresh && policy.save);
  const auto nothing_saved = [&] {
    return checkpoints > 0 ? "the last checkpoint is kept for the next run"
           : stored_kept   ? "no new checkpoint was saved: the one saved before is kept"
           : policy.save   ? "no checkpoint was reached yet: the next run starts from the beginning"
                           : "no checkpoint was saved: the next run starts from the beginning";
  };
  RecordLine line;
  try {
    pp::Connector& connector = run.open(host, store, credential);
    auto stream = connector.fetch(json::serialize(request));
    for (;;) {
      if (run.cancelled()) throw pp::PluginError(PP_STATUS_CANCELLED, "cancelled");
      const pp::FetchItem item = stream.next();
      if (item.kind == PP_ITEM_END) break;
      if (item.kind == PP_ITEM_RECORD) {
        line.assign_record(item.stream, item.json);
        sink->write(line.text());
        ++counts[item.stream];
        ++totals[item.stream];
        ++records;
        if (options.limit >= 0 && records >= options.limit) {
          limit_reached = true;
          break;
        }
      } else if (item.kind == PP_ITEM_STATE && policy.save) {
        const std::optional<std::int64_t> length = sink->sync();
        FetchCheckpoint checkpoint;
        checkpoint.plugin_state_json = item.json;
        if (!output.empty() && length) {
          checkpoint.output_path = output.string();
          checkpoint.output_bytes = length;
        }
        checkpoint.records = totals;
        checkpoint.saved_at = unix_now();
        store.save_state(credential.id, encode_checkpoint(checkpoint));
        ++checkpoints;
        if (!tty) std::cerr << "fetch: checkpoint saved after " << records << " records\n";
      } else if (item.kind == PP_ITEM_SUMMARY) {
        summary = item.json;
      }
      if (progress.due()) progress.update(records, stream.progress_json());
      for (int waited = 0; waited < options.pace_ms && !run.cancelled(); waited += 10) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
    }
    sink->sync();
    progress.update(records, stream.progress_json());
    progress.clear_line();
  } catch (const OutputError& e) {
    progress.clear_line();
    std::cerr << "host_sim: fetch stopped after " << records << " records: " << printable(e.what())
              << "; " << nothing_saved() << "\n";
    return exit_code::output;
  } catch (const pp::PluginError& e) {
    progress.clear_line();
    if (e.status() == PP_STATUS_CANCELLED || run.cancelled()) {
      std::cerr << "Cancelled after " << records << " records; " << nothing_saved() << "\n";
      return exit_code::cancelled;
    }
    std::cerr << "host_sim: fetch failed: " << printable(e.what()) << " ("
              << pp::status_name(e.status()) << ")\n";
    return exit_code_for_plugin_status(e.status());
  }
  if (run.cancelled()) {
    std::cerr << "Cancelled; " << nothing_saved() << "\n";
    return exit_code::cancelled;
  }
  if (limit_reached) {
    std::cerr << "Stopped after " << records << " records (--limit); no checkpoint saved\n";
    return exit_code::ok;
  }
  std::cerr << printable_lines(fetch_summary_text(
      counts, summary, std::chrono::duration<double>(Clock::now() - started).count()));
  std::cerr << "Checkpoints saved: " << checkpoints << "\n";
  return exit_code::ok;
}

}  // namespace host_sim
