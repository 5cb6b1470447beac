#include "web_write_job.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include "cancellable_connector.hpp"
#include "exit_codes.hpp"
#include "fetch_summary.hpp"
#include "safe_file.hpp"
#include "terminal_text.hpp"
#include "web_fetch_job.hpp"
#include "write_checkpoint.hpp"
#include "write_command.hpp"
#include "write_results.hpp"

namespace host_sim {
namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

constexpr std::size_t k_text_bytes = 600;
constexpr std::size_t k_log_lines = 40;

// Makes `folder` (0700) when absent; refuses one that is a symbolic link,
// not a folder, not ours, or that others may change.
void private_folder(const std::filesystem::path& folder) {
  if (::mkdir(folder.c_str(), 0700) != 0 && errno != EEXIST) {
    throw OutputError("cannot make the folder " + folder.string() + ": " + std::strerror(errno),
                      errno);
  }
  struct stat st {};
  if (::lstat(folder.c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != ::geteuid() ||
      (st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
    throw OutputError(folder.string() +
                          " must be a folder of yours that others cannot change (not a "
                          "symbolic link): remove it and write again",
                      EPERM);
  }
}

std::filesystem::path input_of(const std::filesystem::path& folder, bool dry_run) {
  return folder / (dry_run ? "dry-run-input.jsonl" : "input.jsonl");
}
std::filesystem::path results_of(const std::filesystem::path& folder, bool dry_run) {
  return folder / (dry_run ? "dry-run-results.jsonl" : "results.jsonl");
}

std::string text_of(const json::object& object, const char* key, std::size_t limit) {
  const auto* value = object.if_contains(key);
  if (value == nullptr || value->is_null()) return {};
  return page_text(value->is_string() ? std::string(value->as_string()) : json::serialize(*value),
                   limit);
}

// A result line as a row of the page's table, every text bounded.
json::object row_of(const json::object& result) {
  json::object row{{"line", result.contains("line") ? result.at("line") : json::value(nullptr)},
                   {"outcome", text_of(result, "outcome", 40)},
                   {"id", text_of(result, "id", 200)},
                   {"message", text_of(result, "message", k_text_bytes)},
                   {"check", text_of(result, "check", k_text_bytes)}};
  json::array errors;
  if (const auto* list = result.if_contains("field_errors"); list && list->is_array()) {
    for (const auto& item : list->as_array()) {
      if (!item.is_object() || errors.size() >= 20) continue;
      errors.push_back(json::object{{"field", text_of(item.as_object(), "field", 100)},
                                    {"message", text_of(item.as_object(), "message", 300)}});
    }
  }
  row["field_errors"] = std::move(errors);
  if (const auto* call = result.if_contains("call"); call && call->is_object()) {
    row["call"] = json::object{{"method", text_of(call->as_object(), "method", 10)},
                               {"path", text_of(call->as_object(), "path", 300)},
                               {"body", text_of(call->as_object(), "body", 2000)}};
  }
  return row;
}

}  // namespace

std::optional<WebWriteRequest> parse_web_write_request(const json::object& body,
                                                       const std::vector<std::string>& operations,
                                                       std::string& refused,
                                                       json::array& line_errors) {
  WebWriteRequest wanted;
  const auto* operation = body.if_contains("operation");
  if (operation == nullptr || !operation->is_string() ||
      std::ranges::find(operations, std::string_view(operation->as_string())) == operations.end()) {
    refused = "choose one of the write operations";
    return std::nullopt;
  }
  wanted.operation = std::string(operation->as_string());
  for (const auto& [key, flag] :
       {std::pair{"dry_run", &wanted.dry_run}, std::pair{"start_over", &wanted.start_over}}) {
    if (const auto* value = body.if_contains(key); value != nullptr && !value->is_null()) {
      if (!value->is_bool()) {
        refused = std::string("\"") + key + "\" is true or false";
        return std::nullopt;
      }
      *flag = value->as_bool();
    }
  }
  const auto* lines = body.if_contains("lines");
  if (lines == nullptr || !lines->is_string()) {
    refused = "paste or upload JSON Lines: one record a line";
    return std::nullopt;
  }
  const std::string_view text = lines->as_string();
  if (text.size() > WebWriteJob::k_max_input_bytes) {
    refused = "the records are larger than " +
              std::to_string(WebWriteJob::k_max_input_bytes / (1024 * 1024)) +
              " MiB: write them with the command line";
    return std::nullopt;
  }
  // Numbered as host_sim write numbers its input's lines (blank ones count).
  std::int64_t number = 0;
  std::size_t records = 0, start = 0;
  while (start < text.size()) {
    const auto end = std::min(text.find('\n', start), text.size());
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    if (++records > WebWriteJob::k_max_lines) {
      refused = "more than " + std::to_string(WebWriteJob::k_max_lines) +
                " records: write them with the command line";
      return std::nullopt;
    }
    const char* problem = not_a_record(line, line.size() > k_max_write_line_bytes);
    if (problem != nullptr && line_errors.size() < WebWriteJob::k_max_line_errors) {
      line_errors.push_back(json::object{{"line", number}, {"reason", problem}});
    }
  }
  if (!line_errors.empty()) {
    refused = "some lines are not records: fix them and try again";
    return std::nullopt;
  }
  if (records == 0) {
    refused = "paste or upload JSON Lines: one record a line";
    return std::nullopt;
  }
  wanted.records = static_cast<std::int64_t>(records);
  wanted.lines = std::string(text);
  if (!wanted.lines.ends_with('\n')) wanted.lines += '\n';
  return wanted;
}

std::filesystem::path WebWriteJob::folder_for(const CredentialStore& store,
                                              std::int64_t credential) {
  const auto base = std::filesystem::absolute(store.path()).parent_path() / "web-writes";
  private_folder(base);
  const auto folder = base / ("credential-" + std::to_string(credential));
  private_folder(folder);
  return folder;
}

std::optional<std::string> WebWriteJob::blocked_by_stopped_write(const CredentialStore& store,
                                                                 std::int64_t credential,
                                                                 const WebWriteRequest& request) {
  if (request.dry_run || request.start_over) return std::nullopt;
  const auto folder = folder_for(store, credential);
  const auto saved = load_write_checkpoint(checkpoint_path_for(results_of(folder, false)));
  if (!saved || saved->complete) return std::nullopt;
  const auto input = read_own_file(input_of(folder, false), "the write's input", k_max_input_bytes);
  if (saved->operation == request.operation && input == request.lines) return std::nullopt;
  return "The last write from this page (" + page_text(saved->operation, 100) +
         ") stopped after line " + std::to_string(saved->input_lines) +
         ": write the same lines again to go on from there, or start over (records it may "
         "have written would be written again)";
}

struct WebWriteJob::State {
  const Host& host;
  CredentialStore& store;
  std::int64_t credential;
  WebWriteRequest request;
  WriteOptions options;
  std::int64_t total = 0;  // records in the input
  Clock::time_point started = Clock::now();
  CancellableConnector connector{CancellableConnector::NoSignals{}};

  mutable std::mutex mutex;  // guards everything below
  std::string status = "running";
  std::string message;
  std::vector<std::string> closing;  // the run's lines for people
  std::map<std::string, std::int64_t> counts;
  std::int64_t stored = 0;
  json::array rows;
  std::optional<Clock::time_point> finished;
  std::thread thread;

  State(const Host& h, CredentialStore& s, std::int64_t id, WebWriteRequest r)
      : host(h), store(s), credential(id), request(std::move(r)) {
    const auto folder = folder_for(store, credential);
    options.operation = request.operation;
    options.dry_run = request.dry_run;
    options.input = input_of(folder, request.dry_run);
    options.results = results_of(folder, request.dry_run);
    const auto old = read_own_file(options.input, "the write's input", k_max_input_bytes);
    if (old != request.lines) replace_file(options.input, request.lines, "the write's input");
    // The same lines as a write that stopped: WriteRun resumes it (a batch in
    // flight is looked up before it is sent again). A finished write of the
    // same lines is not repeated. Anything else starts over.
    const auto saved = request.dry_run
                           ? std::nullopt
                           : load_write_checkpoint(checkpoint_path_for(options.results));
    options.restart = !saved || saved->operation != request.operation || old != request.lines;
    total = request.records;
  }

  void take_result(const json::object& result) {
    const std::lock_guard lock(mutex);
    ++stored;
    ++counts[outcome_of(result)];
    if (rows.size() < k_rows) rows.push_back(row_of(result));
  }

  void run() {
    std::ostringstream log;
    int code = exit_code::internal;
    std::string failure;
    try {
      const auto row = store.get(credential);
      if (!row) throw std::runtime_error("the credential was deleted");
      WriteObserver observer{&log, [this](const json::object& r) { take_result(r); }};
      WriteRun write(host, *row, store, options, std::move(observer));
      code = write.run(connector);
    } catch (const std::exception& e) {
      failure = e.what();
    }
    std::vector<std::string> lines;
    std::istringstream text(log.str());
    for (std::string line; std::getline(text, line) && lines.size() < k_log_lines;) {
      if (!line.empty() && !line.starts_with("write: ")) lines.push_back(page_text(line, 300));
    }
    const std::lock_guard lock(mutex);
    closing = std::move(lines);
    finished = Clock::now();
    if (code == exit_code::ok || code == exit_code::not_all_written) {
      status = "done";
    } else if (code == exit_code::cancelled || connector.cancelled()) {
      status = "stopped";
      message = "Stopped after " + std::to_string(stored) + " of " + std::to_string(total) +
                " records; write the same lines again to go on";
    } else {
      status = "failed";
      message =
          page_text(failure.empty() && !closing.empty() ? closing.back() : failure, k_text_bytes);
    }
  }

  json::object snapshot() const {
    const std::lock_guard lock(mutex);
    const double elapsed =
        std::chrono::duration<double>(finished.value_or(Clock::now()) - started).count();
    json::object outcome_counts;
    for (const auto& [word, n] : counts) outcome_counts[page_text(word, 40)] = n;
    json::array lines;
    for (const auto& line : closing) lines.emplace_back(line);
    return {{"status", status},
            {"message", message},
            {"operation", request.operation},
            {"dry_run", request.dry_run},
            {"records", total},
            {"stored", stored},
            {"counts", std::move(outcome_counts)},
            {"rows", rows},
            {"rows_shown", k_rows},
            {"closing", std::move(lines)},
            {"elapsed", elapsed_text(elapsed)}};
  }
};

WebWriteJob::WebWriteJob(const Host& host, CredentialStore& store, std::int64_t credential,
                         WebWriteRequest request)
    : state_(std::make_unique<State>(host, store, credential, std::move(request))) {
  state_->thread = std::thread([state = state_.get()] { state->run(); });
}

WebWriteJob::~WebWriteJob() {
  stop();
  if (state_->thread.joinable()) state_->thread.join();
}

void WebWriteJob::stop() { state_->connector.cancel(); }

bool WebWriteJob::running() const {
  const std::lock_guard lock(state_->mutex);
  return state_->status == "running";
}

std::filesystem::path WebWriteJob::results_path() const { return state_->options.results; }

json::object WebWriteJob::snapshot() const { return state_->snapshot(); }

}  // namespace host_sim
