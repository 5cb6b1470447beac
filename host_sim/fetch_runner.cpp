#include "fetch_runner.hpp"

#include <unistd.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <sstream>
#include <thread>

#include "exit_codes.hpp"
#include "signal_watcher.hpp"
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

// Where records go: a file (appended to when resuming) or stdout.
class RecordSink {
 public:
  RecordSink(const std::filesystem::path& path, bool append) {
    if (path.empty()) {
      file_ = stdout;
      return;
    }
    file_ = std::fopen(path.c_str(), append ? "a" : "w");
    if (file_ == nullptr) throw std::runtime_error("cannot open " + path.string() + " for records");
    owned_ = true;
  }
  ~RecordSink() {
    if (owned_) std::fclose(file_);
  }
  RecordSink(const RecordSink&) = delete;
  RecordSink& operator=(const RecordSink&) = delete;

  void write(const std::string& line) {
    if (std::fwrite(line.data(), 1, line.size(), file_) != line.size()) {
      throw std::runtime_error("cannot write a record");
    }
  }
  // Makes every record so far durable before a checkpoint is saved.
  void sync() {
    if (std::fflush(file_) != 0) throw std::runtime_error("cannot flush the records");
    if (owned_) ::fsync(::fileno(file_));
  }

 private:
  std::FILE* file_ = nullptr;
  bool owned_ = false;
};

class ProgressView {
 public:
  explicit ProgressView(bool tty) : tty_(tty), start_(Clock::now()), last_(start_) {}

  void update(std::int64_t records, const std::string& progress_json, bool force = false) {
    const auto now = Clock::now();
    const auto interval = tty_ ? std::chrono::milliseconds(200) : std::chrono::milliseconds(2000);
    if (!force && now - last_ < interval) return;
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
    const double eta = total > records && rate > 0 ? static_cast<double>(total - records) / rate : -1;
    std::ostringstream line;
    if (tty_) {
      constexpr int k_width = 24;
      line << "\r[";
      if (total > 0) {
        const int done = static_cast<int>(k_width * std::min<double>(1.0, static_cast<double>(records) / static_cast<double>(total)));
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

void print_summary(const std::map<std::string, std::int64_t>& counts, const std::string& summary_json,
                   double seconds) {
  std::int64_t total = 0;
  for (const auto& [stream, count] : counts) total += count;
  std::cerr << "Summary: " << total << " records in " << duration_text(seconds) << "\n";
  for (const auto& [stream, count] : counts) std::cerr << "  " << printable(stream) << ": " << count << "\n";
  boost::system::error_code ec;
  const auto parsed = json::parse(summary_json, ec);
  if (summary_json.empty() || ec || !parsed.is_object()) return;
  std::cerr << "  from the connector:\n";
  for (const auto& [key, value] : parsed.as_object()) {
    std::cerr << "    " << printable(key) << ": "
              << printable(value.is_string() ? std::string(value.as_string()) : json::serialize(value)) << "\n";
  }
}

}  // namespace

json::object build_fetch_request(const std::vector<std::string>& streams,
                                 const std::optional<std::string>& state_json,
                                 const std::string& extra_json) {
  json::object request;
  if (!extra_json.empty()) {
    boost::system::error_code ec;
    auto extra = json::parse(extra_json, ec);
    if (ec || !extra.is_object()) throw std::invalid_argument("--request must be a JSON object");
    request = std::move(extra.as_object());
  }
  json::array names;
  for (const auto& stream : streams) names.emplace_back(stream);
  request["streams"] = std::move(names);
  if (state_json) {
    boost::system::error_code ec;
    auto state = json::parse(*state_json, ec);
    if (!ec) request["state"] = std::move(state);
  }
  return request;
}

std::vector<std::string> catalog_stream_names(const std::string& catalog_json) {
  std::vector<std::string> names;
  boost::system::error_code ec;
  const auto catalog = json::parse(catalog_json, ec);
  if (ec || !catalog.is_object()) return names;
  if (const auto* streams = catalog.as_object().if_contains("streams");
      streams != nullptr && streams->is_array()) {
    for (const auto& stream : streams->as_array()) {
      if (!stream.is_object()) continue;
      if (const auto* name = stream.as_object().if_contains("name"); name && name->is_string()) {
        names.emplace_back(name->as_string());
      }
    }
  }
  return names;
}

int run_fetch(const Host& host, CredentialStore& store, const StoredCredential& credential,
              const FetchOptions& options) {
  const std::vector<std::string> streams =
      options.streams.empty() ? catalog_stream_names(host.plugin.catalog_json()) : options.streams;
  const std::optional<std::string> saved =
      options.full_refresh ? std::nullopt : store.load_state(credential.id);
  const json::object request = build_fetch_request(streams, saved, options.request_json);
  std::cerr << "Fetching " << (streams.empty() ? std::string("(no streams)") : "") ;
  for (std::size_t i = 0; i < streams.size(); ++i) std::cerr << (i ? ", " : "") << printable(streams[i]);
  std::cerr << " with \"" << printable(credential.name) << "\"\n";
  if (saved) {
    std::cerr << "Resuming from the saved checkpoint " << printable(*saved) << "\n";
  } else if (options.full_refresh) {
    std::cerr << "Full refresh: the saved checkpoint is ignored\n";
  }

  std::atomic<bool> cancelled{false};
  // Blocks SIGINT/SIGTERM before the plugin starts any thread of its own.
  std::optional<pp::Connector> connector;
  std::mutex connector_mutex;
  SignalWatcher watcher([&](int) {
    cancelled.store(true);
    const std::lock_guard lock(connector_mutex);
    if (connector) connector->cancel();
  });
  const auto started = Clock::now();
  std::map<std::string, std::int64_t> counts;
  std::int64_t records = 0;
  std::int64_t checkpoints = 0;
  std::string summary;
  const bool tty = ::isatty(STDERR_FILENO) != 0;
  ProgressView progress(tty);
  try {
    {
      auto created = host.plugin.create(json::serialize(store.credential_json(credential.id)),
                                        host.options_json, [](pp_log_level level, const char* message) {
                                          if (level >= PP_LOG_WARN) std::cerr << "plugin: " << printable(message) << "\n";
                                        });
      const std::lock_guard lock(connector_mutex);
      connector.emplace(std::move(created));
    }
    RecordSink sink(options.output, saved.has_value());
    auto stream = connector->fetch(json::serialize(request));
    for (;;) {
      if (cancelled.load()) throw pp::PluginError(PP_STATUS_CANCELLED, "cancelled");
      const pp::FetchItem item = stream.next();
      if (item.kind == PP_ITEM_END) break;
      if (item.kind == PP_ITEM_RECORD) {
        boost::system::error_code ec;
        const auto record = json::parse(item.json, ec);
        if (ec) throw std::runtime_error("the plugin sent a record that is not JSON");
        sink.write(json::serialize(json::object{{"stream", item.stream}, {"record", record}}) + "\n");
        ++counts[item.stream];
        ++records;
      } else if (item.kind == PP_ITEM_STATE) {
        sink.sync();
        store.save_state(credential.id, item.json);
        ++checkpoints;
        if (!tty) std::cerr << "fetch: checkpoint saved after " << records << " records\n";
      } else if (item.kind == PP_ITEM_SUMMARY) {
        summary = item.json;
      }
      progress.update(records, stream.progress_json());
      for (int waited = 0; waited < options.pace_ms && !cancelled.load(); waited += 10) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
    }
    sink.sync();
    progress.update(records, stream.progress_json(), true);
    progress.clear_line();
  } catch (const pp::PluginError& e) {
    progress.clear_line();
    if (e.status() == PP_STATUS_CANCELLED || cancelled.load()) {
      std::cerr << "Cancelled after " << records << " records; "
                << (checkpoints > 0 || saved ? "the last checkpoint is kept for the next run"
                                             : "no checkpoint was reached yet")
                << "\n";
      return exit_code::cancelled;
    }
    std::cerr << "host_sim: fetch failed: " << printable(e.what()) << " (" << pp::status_name(e.status())
              << ")\n";
    switch (e.status()) {
      case PP_STATUS_AUTH_FAILED: return exit_code::rejected;
      case PP_STATUS_PERMISSION_DENIED: return exit_code::validation_failed;
      case PP_STATUS_NETWORK:
      case PP_STATUS_TIMEOUT:
      case PP_STATUS_RATE_LIMITED:
      case PP_STATUS_REMOTE_ERROR: return exit_code::network;
      case PP_STATUS_INVALID_ARGUMENT: return exit_code::bad_input;
      default: return exit_code::plugin;
    }
  }
  if (cancelled.load()) {
    std::cerr << "Cancelled; the last checkpoint is kept for the next run\n";
    return exit_code::cancelled;
  }
  print_summary(counts, summary, std::chrono::duration<double>(Clock::now() - started).count());
  std::cerr << "Checkpoints saved: " << checkpoints << "\n";
  return exit_code::ok;
}

}  // namespace host_sim
