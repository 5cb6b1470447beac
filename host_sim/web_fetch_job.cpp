#include "web_fetch_job.hpp"

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "catalog_view.hpp"
#include "credential_options.hpp"
#include "fetch_checkpoint.hpp"
#include "fetch_plan.hpp"
#include "fetch_summary.hpp"
#include "terminal_text.hpp"

namespace host_sim {
namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

constexpr std::size_t k_message_bytes = 600;
constexpr std::size_t k_summary_lines = 120;
constexpr std::size_t k_summary_line_bytes = 300;
constexpr auto k_progress_interval = std::chrono::milliseconds(200);
// The plugin's per-stream progress numbers the page shows.
constexpr const char* k_counters[] = {"pages",     "requests",        "retries",
                                      "throttled", "partitions_done", "partitions_skipped"};

std::int64_t number(const json::object& object, const char* key) {
  const auto* value = object.if_contains(key);
  if (value == nullptr) return 0;
  if (value->is_int64()) return value->as_int64();
  if (value->is_uint64()) return static_cast<std::int64_t>(value->as_uint64());
  if (value->is_double()) return static_cast<std::int64_t>(value->as_double());
  return 0;
}

std::string cell_text(const json::value& value) {
  if (value.is_null()) return {};
  if (value.is_string()) return page_text(value.as_string(), WebFetchJob::k_cell_bytes);
  // Serialising a huge nested value only to cut it is wasteful but bounded by
  // the plugin's record size; cut right after.
  return page_text(json::serialize(value), WebFetchJob::k_cell_bytes);
}

// Months touched by [from, to] (yyyy-mm-dd each): the windows a windowed
// stream is split into. Nullopt when a date is missing or malformed.
std::optional<std::int64_t> month_count(const std::string& from, const std::string& to) {
  const auto month_index = [](const std::string& day) -> std::optional<std::int64_t> {
    if (day.size() != 10 || day[4] != '-' || day[7] != '-') return std::nullopt;
    for (const std::size_t i : {0, 1, 2, 3, 5, 6}) {
      if (day[i] < '0' || day[i] > '9') return std::nullopt;
    }
    const std::int64_t year = std::stoll(day.substr(0, 4));
    const std::int64_t month = std::stoll(day.substr(5, 2));
    return year * 12 + month - 1;
  };
  const auto a = month_index(from);
  const auto b = month_index(to);
  if (!a || !b || *b < *a) return std::nullopt;
  return *b - *a + 1;
}

struct StreamView {
  std::int64_t records = 0;  // records this host received
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
  json::object counters;  // the plugin's numbers for this stream
};

}  // namespace

std::string page_text(std::string_view text, std::size_t limit) {
  std::string out = printable(text.substr(0, limit + 4));
  if (out.size() <= limit && text.size() <= limit) return out;
  std::size_t cut = std::min(limit, out.size());
  while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xc0) == 0x80) --cut;
  out.resize(cut);
  return out + "...";
}

std::optional<WebFetchRequest> parse_web_fetch_request(const json::object& body,
                                                       const std::vector<std::string>& known,
                                                       std::string& refused) {
  WebFetchRequest wanted;
  const auto* streams = body.if_contains("streams");
  if (streams == nullptr || !streams->is_array() || streams->as_array().empty()) {
    refused = "choose at least one stream";
    return std::nullopt;
  }
  for (const auto& name : streams->as_array()) {
    if (!name.is_string() ||
        std::ranges::find(known, std::string_view(name.as_string())) == known.end()) {
      refused = "not a stream of this connector: " +
                page_text(name.is_string() ? std::string_view(name.as_string())
                                           : std::string_view("(not a name)"),
                          100);
      return std::nullopt;
    }
    const std::string text(name.as_string());
    if (std::ranges::find(wanted.streams, text) == wanted.streams.end()) {
      wanted.streams.push_back(text);
    }
  }
  for (const char* key : {"from", "to"}) {
    const auto* value = body.if_contains(key);
    if (value == nullptr || value->is_null() ||
        (value->is_string() && value->as_string().empty())) {
      continue;
    }
    // The shape only: the plugin checks the calendar and names the problem.
    const bool date = value->is_string() && value->as_string().size() == 10 &&
                      std::ranges::all_of(value->as_string(), [](char c) {
                        return (c >= '0' && c <= '9') || c == '-';
                      });
    if (!date) {
      refused = std::string("\"") + key + "\" must be a date, yyyy-mm-dd";
      return std::nullopt;
    }
    (std::string_view(key) == "from" ? wanted.from : wanted.to) = std::string(value->as_string());
  }
  if (const auto* mode = body.if_contains("mode"); mode != nullptr) {
    if (!mode->is_string() ||
        (mode->as_string() != "resume" && mode->as_string() != "full_refresh")) {
      refused = "\"mode\" is \"resume\" or \"full_refresh\"";
      return std::nullopt;
    }
    wanted.resume = mode->as_string() == "resume";
  }
  return wanted;
}

struct WebFetchJob::State {
  const Host& host;
  CredentialStore& store;
  std::int64_t credential_id;
  WebFetchRequest request;
  std::map<std::string, CatalogStream> shape;
  Clock::time_point started = Clock::now();

  mutable std::mutex mutex;        // guards everything below
  std::string status = "running";  // running, done, failed, stopped
  std::string message;
  std::string resumed_from;  // the saved checkpoint this run starts from, in words
  std::map<std::string, StreamView> streams;
  std::vector<std::string> summary;
  std::int64_t checkpoints_seen = 0;
  std::optional<Clock::time_point> finished;
  std::optional<pp::Connector> connector;
  bool stop_requested = false;

  std::thread thread;

  State(const Host& h, CredentialStore& s, std::int64_t id, WebFetchRequest r)
      : host(h),
        store(s),
        credential_id(id),
        request(std::move(r)),
        shape(catalog_by_name(h.plugin.catalog_json())) {
    for (const auto& name : request.streams) streams[name];
  }

  void take_progress(const std::string& progress_json) {
    boost::system::error_code ec;
    const auto parsed = json::parse(progress_json, ec);
    if (ec || !parsed.is_object()) return;
    const auto* list = parsed.as_object().if_contains("streams");
    if (list == nullptr || !list->is_object()) return;
    const std::lock_guard lock(mutex);
    for (const auto& [name, value] : list->as_object()) {
      const auto it = streams.find(std::string(name));
      if (it == streams.end() || !value.is_object()) continue;  // only requested streams
      json::object counters;
      for (const char* key : k_counters) {
        counters[key] = number(value.as_object(), key);
      }
      it->second.counters = std::move(counters);
    }
  }

  void take_record(const std::string& stream, const std::string& record_json) {
    const std::lock_guard lock(mutex);
    const auto it = streams.find(stream);
    if (it == streams.end()) return;
    StreamView& view = it->second;
    ++view.records;
    if (view.rows.size() >= k_preview_rows) return;
    boost::system::error_code ec;
    const auto record = json::parse(record_json, ec);
    if (ec) return;
    if (!record.is_object()) {
      if (view.columns.empty()) view.columns.emplace_back("value");
      view.rows.push_back({cell_text(record)});
      return;
    }
    for (const auto& [key, value] : record.as_object()) {
      if (view.columns.size() >= k_preview_columns) break;
      const std::string column = page_text(key, 60);
      if (std::ranges::find(view.columns, column) == view.columns.end()) {
        view.columns.push_back(column);
      }
    }
    std::vector<std::string> row(view.columns.size());
    for (const auto& [key, value] : record.as_object()) {
      const auto column = std::ranges::find(view.columns, page_text(key, 60));
      if (column != view.columns.end()) {
        row[static_cast<std::size_t>(column - view.columns.begin())] = cell_text(value);
      }
    }
    view.rows.push_back(std::move(row));
  }

  void finish(std::string final_status, std::string final_message) {
    const std::lock_guard lock(mutex);
    status = std::move(final_status);
    message = page_text(final_message, k_message_bytes);
    finished = Clock::now();
    connector.reset();
  }

  void run() {
    std::string summary_json;
    try {
      std::optional<std::string> state;
      if (request.resume) {
        // The newest of the credential's checkpoints (one per output).
        if (const auto saved = store.states(credential_id); !saved.empty()) {
          const FetchCheckpoint checkpoint = decode_checkpoint(saved.front().text);
          state = checkpoint.plugin_state_json;
          const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
          const std::lock_guard lock(mutex);
          resumed_from = page_text(describe_checkpoint(checkpoint, now), k_message_bytes);
        }
      }
      json::object fetch_request = build_fetch_request(request.streams, state, "");
      if (!request.from.empty()) fetch_request["from"] = request.from;
      if (!request.to.empty()) fetch_request["to"] = request.to;
      {
        auto created = host.plugin.create(json::serialize(store.credential_json(credential_id)),
                                          options_for(host, store, credential_id));
        const std::lock_guard lock(mutex);
        if (stop_requested) {
          status = "stopped";
          message = "Stopped before the fetch started";
          finished = Clock::now();
          return;
        }
        connector.emplace(std::move(created));
      }
      auto stream = connector->fetch(json::serialize(fetch_request));
      auto last_progress = Clock::now() - k_progress_interval;
      for (;;) {
        const pp::FetchItem item = stream.next();
        if (item.kind == PP_ITEM_END) break;
        if (item.kind == PP_ITEM_RECORD) {
          take_record(item.stream, item.json);
        } else if (item.kind == PP_ITEM_STATE) {
          const std::lock_guard lock(mutex);
          ++checkpoints_seen;
        } else if (item.kind == PP_ITEM_SUMMARY) {
          summary_json = item.json;
        }
        // Progress may only be read between pulls (one thread per stream):
        // after each item, at most every interval, and after every
        // non-record item (a stream's end often comes just before one).
        if (item.kind != PP_ITEM_RECORD || Clock::now() - last_progress >= k_progress_interval) {
          take_progress(stream.progress_json());
          last_progress = Clock::now();
        }
      }
      take_progress(summary_json.empty() ? stream.progress_json() : summary_json);
      bool stopped = false;
      {
        const std::lock_guard lock(mutex);
        stopped = stop_requested;
      }
      // A plugin may end a cancelled fetch with END rather than an error.
      if (stopped) throw pp::PluginError(PP_STATUS_CANCELLED, "cancelled");
    } catch (const pp::PluginError& e) {
      bool stopped = false;
      std::int64_t received = 0;
      {
        const std::lock_guard lock(mutex);
        stopped = stop_requested || e.status() == PP_STATUS_CANCELLED;
        for (const auto& [name, view] : streams) received += view.records;
      }
      if (stopped) {
        finish("stopped", "Stopped after " + std::to_string(received) + " records");
      } else {
        finish("failed", std::string(e.what()) + " (" + pp::status_name(e.status()) + ")");
      }
      return;
    } catch (const std::exception& e) {
      finish("failed", e.what());
      return;
    }
    std::map<std::string, std::int64_t> counts;
    {
      const std::lock_guard lock(mutex);
      for (const auto& [name, view] : streams) counts[name] = view.records;
    }
    const std::string text = fetch_summary_text(
        counts, summary_json, std::chrono::duration<double>(Clock::now() - started).count());
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size() && lines.size() < k_summary_lines) {
      const auto end = text.find('\n', start);
      const std::string_view line = std::string_view(text).substr(
          start, end == std::string::npos ? std::string::npos : end - start);
      if (!line.empty()) lines.push_back(page_text(line, k_summary_line_bytes));
      if (end == std::string::npos) break;
      start = end + 1;
    }
    {
      const std::lock_guard lock(mutex);
      summary = std::move(lines);
    }
    finish("done", "");
  }

  // Expected partitions of a child stream: one per record of its parent
  // (per month for a dated child) received so far, so an estimate that grows
  // while the parent is still listed. Unknown for a top-level stream: the
  // plugin may walk it in several partitions (users per status, months).
  std::optional<std::int64_t> expected_partitions(const std::string& name) const {
    const auto it = shape.find(name);
    if (it == shape.end() || it->second.parent.empty()) return std::nullopt;
    std::optional<std::int64_t> months = 1;
    if (it->second.windowed) months = month_count(request.from, request.to);
    const auto parent = streams.find(it->second.parent);
    if (!months || parent == streams.end() || parent->second.records == 0) return std::nullopt;
    return parent->second.records * *months;
  }

  json::object snapshot() const {
    const std::lock_guard lock(mutex);
    const auto now = finished.value_or(Clock::now());
    const double elapsed = std::chrono::duration<double>(now - started).count();
    json::array progress;
    json::array preview;
    for (const auto& name : request.streams) {
      const StreamView& view = streams.at(name);
      json::object row;
      for (const char* key : k_counters) row[key] = number(view.counters, key);
      row["name"] = name;
      row["records"] = view.records;
      const auto expected = expected_partitions(name);
      const std::int64_t done = number(view.counters, "partitions_done");
      row["partitions_expected"] = expected ? json::value(*expected) : json::value(nullptr);
      if (const auto it = shape.find(name); it != shape.end() && !it->second.parent.empty())
        row["parent"] = it->second.parent;  // the page says "60 of 160 meetings read"
      std::string eta;
      if (status == "done") {
        eta = "done";
      } else if (status != "running") {
        eta = "-";
      } else if (expected && done > 0 && done < *expected) {
        const double seconds =
            elapsed * static_cast<double>(*expected - done) / static_cast<double>(done);
        row["eta_s"] = seconds;
        eta = "about " + elapsed_text(seconds);
      } else {
        eta = "not knowable yet";
      }
      row["eta"] = eta;
      progress.emplace_back(std::move(row));

      json::array columns;
      for (const auto& column : view.columns) columns.emplace_back(column);
      json::array rows;
      for (const auto& cells : view.rows) {
        json::array r;
        for (const auto& cell : cells) r.emplace_back(cell);
        rows.emplace_back(std::move(r));
      }
      preview.emplace_back(json::object{{"stream", name},
                                        {"records", view.records},
                                        {"columns", std::move(columns)},
                                        {"rows", std::move(rows)}});
    }
    json::array summary_lines;
    for (const auto& line : summary) summary_lines.emplace_back(line);
    return {
        {"status", status},
        {"message", message},
        {"elapsed_s", elapsed},
        {"elapsed", elapsed_text(elapsed)},
        {"mode", request.resume ? "resume" : "full_refresh"},
        {"resumed_from", resumed_from.empty() ? json::value(nullptr) : json::value(resumed_from)},
        {"from", request.from},
        {"to", request.to},
        {"streams", std::move(progress)},
        {"preview", std::move(preview)},
        {"preview_rows", k_preview_rows},
        {"summary", std::move(summary_lines)},
        {"checkpoints_seen", checkpoints_seen},
        {"checkpoint_note",
         "Nothing saved: this fetch keeps the first " + std::to_string(k_preview_rows) +
             " records of each stream in memory only, so it saves no checkpoint and leaves "
             "the saved one as it was"}};
  }
};

WebFetchJob::WebFetchJob(const Host& host, CredentialStore& store, std::int64_t credential_id,
                         WebFetchRequest request)
    : state_(std::make_unique<State>(host, store, credential_id, std::move(request))) {
  state_->thread = std::thread([state = state_.get()] { state->run(); });
}

WebFetchJob::~WebFetchJob() {
  stop();
  if (state_->thread.joinable()) state_->thread.join();
}

void WebFetchJob::stop() {
  const std::lock_guard lock(state_->mutex);
  state_->stop_requested = true;
  if (state_->connector) state_->connector->cancel();
}

bool WebFetchJob::running() const {
  const std::lock_guard lock(state_->mutex);
  return state_->status == "running";
}

json::object WebFetchJob::snapshot() const { return state_->snapshot(); }

}  // namespace host_sim
