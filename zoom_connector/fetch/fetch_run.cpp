#include "fetch/fetch_run.hpp"

#include <spdlog/logger.h>

#include <array>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "core/bounded_text.hpp"
#include "core/zoom_error.hpp"
#include "fetch/iso_time.hpp"

namespace zc::fetch {
namespace {

namespace json = boost::json;

constexpr int k_max_restarts = 3;  // per partition, after expired page tokens
// A message in the summary or the fetch's error: our words plus bounded
// remote text, so this only guards against a slip.
constexpr std::size_t k_max_message = 2048;
// Zoom user statuses; each is listed on its own (GET /users?status=...).
constexpr std::array<std::string_view, 3> k_user_statuses{"active", "inactive", "pending"};

// The record's id as text (Zoom ids are strings, meeting ids are numbers).
std::string record_id(const json::object& record, std::string_view key) {
  const json::value* id = record.if_contains(key);
  if (id == nullptr) return {};
  if (id->is_string()) return std::string(id->as_string());
  if (id->is_int64()) return std::to_string(id->as_int64());
  if (id->is_uint64()) return std::to_string(id->as_uint64());
  return {};
}

// A meeting from a list is over when its scheduled start is in the past.
bool started_before(const json::object& meeting, std::chrono::system_clock::time_point now) {
  const json::value* start = meeting.if_contains("start_time");
  if (start == nullptr || !start->is_string()) return false;
  const auto when = parse_iso_utc(start->as_string());
  return when && *when < now;
}

std::string page_query(const StreamSpec& spec, const FetchRequest& request) {
  const int size = std::min(spec.max_page_size, request.page_size.value_or(spec.max_page_size));
  std::string query = "page_size=" + std::to_string(size);
  if (!spec.fixed_query.empty()) query += "&" + std::string(spec.fixed_query);
  return query;
}

bool skips_partition(const Error& error) {
  // A deleted meeting, an unlicensed user, a user gone since the listing:
  // one partition's problem, not the fetch's (docs/zoom_api_facts.md section 6).
  return error.remote_code == 3001 || error.remote_code == 3161 || error.remote_code == 1001 ||
         error.http_status == 404;
}

bool fatal(const Error& error) {
  return error.status == Status::auth_failed || error.status == Status::permission_denied ||
         error.status == Status::rate_limited || error.status == Status::cancelled ||
         error.status == Status::invalid_argument;
}

}  // namespace

FetchRun::FetchRun(ZoomApiClient& api, const std::atomic<bool>& connector_cancel,
                   std::shared_ptr<spdlog::logger> log, std::shared_ptr<const Redactor> redactor,
                   FetchRequest request, FetchState state, FetchSettings settings)
    : api_(api),
      connector_cancel_(connector_cancel),
      log_(std::move(log)),
      redactor_(std::move(redactor)),
      request_(std::move(request)),
      settings_(settings),
      limiter_(request_.plan, request_.rate_share),
      caller_(api_, limiter_, settings_.retry, counters_, StopSignal{&stop_, &connector_cancel_},
              request_.learn_plan),
      queue_(settings_.queue_capacity),
      state_(std::move(state)) {
  for (const auto& stream : request_.streams) {
    counters_.streams.emplace(stream.name, std::make_unique<StreamCounters>());
  }
  // Parents listed only to feed children still count their requests.
  for (const char* parent : {"users", "meetings", "report_meetings"}) {
    counters_.streams.try_emplace(parent, std::make_unique<StreamCounters>());
  }
  start_top_level_partitions();
  const std::size_t workers = static_cast<std::size_t>(request_.max_concurrency);
  live_workers_ = workers;
  if (open_partitions_ == 0) {
    live_workers_ = 0;
    finalize();
    return;
  }
  for (std::size_t i = 0; i < workers; ++i) workers_.emplace_back([this] { worker(); });
}

FetchRun::~FetchRun() {
  stop_ = true;
  queue_.close(Error::make(Status::cancelled, "fetch closed"));
  work_ready_.notify_all();
  for (auto& thread : workers_) thread.join();
}

bool FetchRun::feeds_children(const StreamSpec& spec) const {
  if (spec.name == "users") {
    for (const StreamSpec& child : stream_specs()) {
      if (child.parent == Parent::user && (request_.wants(child.name) || feeds_children(child))) {
        return true;
      }
    }
    return false;
  }
  if (spec.name == "meetings") return request_.wants("past_meeting_participants");
  if (spec.name == "report_meetings") return request_.wants("report_meeting_participants");
  return false;
}

bool FetchRun::stopping() const { return stop_.load() || connector_cancel_.load(); }

void FetchRun::start_top_level_partitions() {
  for (const StreamSpec& spec : stream_specs()) {
    if (spec.parent != Parent::none) continue;
    const bool wanted = request_.wants(spec.name);
    if (spec.name == "users") {
      if (!wanted && !feeds_children(spec)) continue;
      for (const auto status : k_user_statuses) {
        add_partition(spec, "status=" + std::string(status), "",
                      std::string(spec.path) + "?status=" + std::string(status) + "&" +
                          page_query(spec, request_),
                      wanted, 0);
      }
      continue;
    }
    if (!wanted) continue;
    const StreamRequest* stream = request_.find(spec.name);
    if (spec.windowed) {
      for (const DateRange& window : month_windows(*stream->range)) {
        const std::string range =
            "from=" + format_date(window.from) + "&to=" + format_date(window.to);
        add_partition(spec, range, "",
                      std::string(spec.path) + "?" + range + "&" + page_query(spec, request_), true,
                      0, window);
      }
    } else {
      add_partition(spec, "all", "", std::string(spec.path) + "?" + page_query(spec, request_),
                    true, 0);
    }
  }
}

void FetchRun::add_partition(StreamSpec spec, const std::string& what, const std::string& parent_id,
                             std::string target, bool emit, int depth,
                             std::optional<DateRange> window) {
  std::string key = std::string(spec.name) + "|" + what;
  PartitionProgress progress;
  {
    // Never hold the work lock while waiting for the hand-over lock: its
    // holder may be waiting for the host to pull.
    std::lock_guard emit_lock(emit_mutex_);
    if (const auto saved = state_.find(key)) progress = *saved;
  }
  // A finished parent is walked again when it feeds children: the children
  // of its records may not all be finished. Its records are not sent again.
  const bool parent = feeds_children(spec);
  if (progress.done && !parent) return;  // finished in an earlier run
  std::lock_guard work(work_mutex_);
  if (!known_keys_.insert(key).second) return;  // already walked or queued in this run
  auto partition = std::make_shared<Partition>();
  partition->spec = spec;
  partition->key = std::move(key);
  partition->parent_id = parent_id;
  partition->target = std::move(target);
  partition->emit = emit;
  partition->depth = depth;
  if (window) {
    partition->window_from = format_date(window->from);
    partition->window_to = format_date(window->to);
  }
  if (emit) {
    partition->emitted = progress.emitted;
    partition->last_id = progress.last_id;
    // Resume where the walk stopped. A leaf may use the saved page token (if
    // Zoom says it expired, the walk restarts and skips); a parent walks its
    // earlier pages again, so that their children are not lost.
    if (!parent && !progress.done) partition->page_token = progress.page_token;
    if (partition->page_token.empty()) partition->skip = progress.emitted;
  }
  ++open_partitions_;
  ready_[depth].push_back(std::move(partition));
  work_ready_.notify_one();
}

void FetchRun::add_children(const Partition& parent, const json::object& record) {
  const std::string_view stream = parent.spec.name;
  const int depth = parent.depth + 1;
  if (stream == "users") {
    const std::string user = record_id(record, "id");
    if (user.empty()) return;
    for (const StreamSpec& spec : stream_specs()) {
      if (spec.parent != Parent::user) continue;
      const bool wanted = request_.wants(spec.name);
      const bool feeds =
          (spec.name == "meetings" && request_.wants("past_meeting_participants")) ||
          (spec.name == "report_meetings" && request_.wants("report_meeting_participants"));
      if (!wanted && !feeds) continue;
      const std::string path = fill_path(spec.path, user, false);
      if (spec.windowed) {
        const StreamRequest* requested = request_.find(spec.name);
        const DateRange range =
            requested != nullptr && requested->range ? *requested->range : request_.default_range;
        for (const DateRange& window : month_windows(range)) {
          const std::string dates =
              "from=" + format_date(window.from) + "&to=" + format_date(window.to);
          add_partition(spec, "user=" + user + "|" + dates, user,
                        path + "?" + dates + "&" + page_query(spec, request_), wanted, depth,
                        window);
        }
      } else {
        add_partition(spec, "user=" + user, user, path + "?" + page_query(spec, request_), wanted,
                      depth);
      }
    }
    return;
  }
  const bool past_meetings = stream == "meetings" && request_.wants("past_meeting_participants");
  const bool report_meetings =
      stream == "report_meetings" && request_.wants("report_meeting_participants");
  if (!past_meetings && !report_meetings) return;
  if (past_meetings && !started_before(record, settings_.now)) return;  // not held yet
  const std::string uuid = record_id(record, "uuid");
  if (uuid.empty()) return;
  const auto spec = *find_stream_spec(past_meetings ? "past_meeting_participants"
                                                    : "report_meeting_participants");
  add_partition(spec, "meeting=" + uuid, uuid,
                fill_path(spec.path, uuid, true) + "?" + page_query(spec, request_), true, depth);
}

void FetchRun::worker() {
  while (true) {
    std::shared_ptr<Partition> partition;
    {
      std::unique_lock work(work_mutex_);
      work_ready_.wait(work, [&] {
        if (stopping() || open_partitions_ == 0) return true;
        for (const auto& [depth, list] : ready_) {
          if (!list.empty()) return true;
        }
        return false;
      });
      if (stopping() || open_partitions_ == 0) break;
      for (auto& [depth, list] : ready_) {
        if (!list.empty()) {
          partition = std::move(list.front());
          list.pop_front();
          break;
        }
      }
    }
    walk_one_page(partition);
  }
  bool last = false;
  {
    std::lock_guard work(work_mutex_);
    last = --live_workers_ == 0;
  }
  work_ready_.notify_all();
  if (last) finalize();
}

void FetchRun::walk_one_page(const std::shared_ptr<Partition>& partition) {
  StreamCounters& counters = counters_.stream(std::string(partition->spec.name));
  std::string target = partition->target;
  if (!partition->page_token.empty()) {
    target += "&next_page_token=" + percent_encode(partition->page_token);
  }
  auto page = caller_.get_page(target, partition->spec.category, counters);
  if (!page) {
    on_page_error(partition, page.error());
    return;
  }
  const json::value* list = page->if_contains(partition->spec.array_key);
  if (list == nullptr || !list->is_array()) {
    on_page_error(partition,
                  Error::make(Status::remote_error, "Zoom's answer has no \"" +
                                                        std::string(partition->spec.array_key) +
                                                        "\" list (the response changed shape)"));
    return;
  }
  std::string next_token;
  if (const json::value* token = page->if_contains("next_page_token");
      token != nullptr && token->is_string()) {
    next_token = token->as_string();
  }
  if (!next_token.empty() &&
      (next_token == partition->page_token || !partition->seen_tokens.insert(next_token).second)) {
    on_page_error(partition, Error::make(Status::remote_error,
                                         "Zoom repeated a next_page_token; the walk stopped "
                                         "here instead of looping"));
    return;
  }
  for (const json::value& element : list->as_array()) {
    if (!element.is_object()) {
      on_page_error(partition, Error::make(Status::remote_error,
                                           "Zoom's \"" + std::string(partition->spec.array_key) +
                                               "\" list holds something that is not a record"));
      return;
    }
  }
  counters.pages++;

  // Children first (outside the hand-over lock): skipped records still feed
  // them, so a resumed walk does not lose a child that was never finished.
  for (const json::value& element : list->as_array()) add_children(*partition, element.as_object());

  {
    std::lock_guard emit_lock(emit_mutex_);
    for (const json::value& element : list->as_array()) {
      const json::object& record = element.as_object();
      if (partition->skip > 0) {
        --partition->skip;
        if (partition->skip == 0 && !partition->last_id.empty() &&
            record_id(record, partition->spec.primary_key) != partition->last_id) {
          log_->warn("stream {}: Zoom's order changed between walks of {}; records may repeat",
                     partition->spec.name, partition->key);
        }
        continue;
      }
      if (!partition->emit) continue;
      QueuedItem item;
      item.kind = QueuedItem::Kind::record;
      item.stream = partition->spec.name;
      if (partition->parent_id.empty() && partition->window_from.empty()) {
        item.json = json::serialize(record);
      } else {
        // Child records name their parent; windowed records their window (a
        // report's user appears once per window).
        json::object enriched = record;
        if (!partition->parent_id.empty()) enriched["_parent_id"] = partition->parent_id;
        if (!partition->window_from.empty()) {
          enriched["_window_from"] = partition->window_from;
          enriched["_window_to"] = partition->window_to;
        }
        item.json = json::serialize(enriched);
      }
      if (!queue_.push(std::move(item))) return;  // the host closed the fetch
      partition->emitted++;
      partition->last_id = record_id(record, partition->spec.primary_key);
      counters.records++;
    }
    partition->page_token = next_token;
    if (partition->emit) {
      state_.set(partition->key, PartitionProgress{next_token.empty(), partition->emitted,
                                                   partition->last_id, next_token});
      dirty_ = true;
    }
    maybe_checkpoint(false);
  }
  if (next_token.empty()) {
    finish_partition(partition);
  } else {
    requeue(partition);
  }
}

Error FetchRun::for_host(Error error) const {
  error.message =
      bounded_text(redactor_ ? redactor_->redact(error.message) : error.message, k_max_message);
  return error;
}

void FetchRun::on_page_error(const std::shared_ptr<Partition>& partition, const Error& raw) {
  const Error error = for_host(raw);
  StreamCounters& counters = counters_.stream(std::string(partition->spec.name));
  if (error.remote_code == 300 && !partition->page_token.empty() &&
      partition->restarts < k_max_restarts) {
    // The next_page_token expired (15 minutes): walk again from the start,
    // passing over what was already handed to the host.
    log_->info("stream {}: page token expired in {}; restarting the walk", partition->spec.name,
               partition->key);
    partition->restarts++;
    partition->page_token.clear();
    partition->seen_tokens.clear();
    partition->skip = partition->emitted;
    counters.retries++;
    requeue(partition);
    return;
  }
  if (error.status == Status::cancelled) {
    fail_fetch(error);
    return;
  }
  if (!partition->parent_id.empty() && skips_partition(error)) {
    counters.partitions_skipped++;
    {
      std::lock_guard work(work_mutex_);
      skipped_.push_back({std::string(partition->spec.name), bounded_text(partition->parent_id),
                          error.message, error.remote_code, error.http_status});
    }
    {
      std::lock_guard emit_lock(emit_mutex_);
      state_.set(partition->key, PartitionProgress{true, partition->emitted, {}, {}});
      dirty_ = true;
    }
    finish_partition(partition);
    return;
  }
  if (fatal(error)) {
    fail_fetch(error);
    return;
  }
  // This partition failed; the others go on. It stays unfinished in the
  // state, so a resumed fetch tries it again, and the fetch ends with an error.
  log_->warn("stream {}: partition {} failed: {}", partition->spec.name, partition->key,
             error.message);
  {
    std::lock_guard work(work_mutex_);
    failed_partitions_.push_back({std::string(partition->spec.name), bounded_text(partition->key),
                                  error.message, error.remote_code, error.http_status});
    --open_partitions_;
  }
  work_ready_.notify_all();
}

void FetchRun::finish_partition(const std::shared_ptr<Partition>& partition) {
  counters_.stream(std::string(partition->spec.name)).partitions_done++;
  {
    std::lock_guard work(work_mutex_);
    --open_partitions_;
  }
  work_ready_.notify_all();
}

void FetchRun::requeue(std::shared_ptr<Partition> partition) {
  std::lock_guard work(work_mutex_);
  const int depth = partition->depth;
  ready_[depth].push_front(std::move(partition));  // keep walking what is begun
  work_ready_.notify_one();
}

void FetchRun::fail_fetch(Error error) {
  {
    std::lock_guard work(work_mutex_);
    if (!failed_) {
      failed_ = true;
      failure_ = for_host(std::move(error));
    }
  }
  stop_ = true;
  work_ready_.notify_all();
}

void FetchRun::maybe_checkpoint(bool force) {
  const auto now = std::chrono::steady_clock::now();
  if (!dirty_ || (!force && now - last_checkpoint_ < settings_.checkpoint_interval)) return;
  QueuedItem item;
  item.kind = QueuedItem::Kind::state;
  item.json = state_.to_json();
  if (queue_.push(std::move(item))) {
    last_checkpoint_ = now;
    dirty_ = false;
  }
}

void FetchRun::finalize() {
  bool complete = false;
  {
    std::lock_guard work(work_mutex_);
    complete = !failed_ && failed_partitions_.empty() && !connector_cancel_.load() && !stop_.load();
  }
  {
    std::lock_guard emit_lock(emit_mutex_);
    if (complete) {
      // Everything arrived: the next fetch needs only where each dated
      // stream got to.
      state_.clear_partitions();
      for (const auto& stream : request_.streams) {
        if (stream.range) state_.set_cursor(stream.name, stream.range->to);
      }
      dirty_ = true;
    }
    maybe_checkpoint(true);
  }
  Result<void> outcome{};
  {
    std::lock_guard work(work_mutex_);
    if (failed_) {
      outcome = std::unexpected(failure_);
    } else if (connector_cancel_.load()) {
      outcome = fail(Status::cancelled, "fetch cancelled");
    } else if (!failed_partitions_.empty()) {
      Error error = for_host(Error::make(
          Status::remote_error,
          std::to_string(failed_partitions_.size()) +
              " partition(s) could not be fetched (first: " + failed_partitions_.front().stream +
              " " + failed_partitions_.front().id + ": " + failed_partitions_.front().message +
              "); the last checkpoint lets a new fetch retry them"));
      error.retryable = true;
      outcome = std::unexpected(std::move(error));
    }
  }
  queue_.finish(std::move(outcome));
}

Result<FetchItem> FetchRun::next() {
  if (ended_) {
    auto outcome = queue_.outcome();
    if (!outcome) return std::unexpected(outcome.error());
    return FetchItem{};
  }
  if (auto item = queue_.pop()) {
    current_stream_ = std::move(item->stream);
    current_json_ = std::move(item->json);
    FetchItem out;
    out.kind =
        item->kind == QueuedItem::Kind::record ? FetchItem::Kind::record : FetchItem::Kind::state;
    out.stream = current_stream_;
    out.json = current_json_;
    return out;
  }
  if (!summary_sent_) {
    summary_sent_ = true;
    current_json_ = summary_json();
    return FetchItem{FetchItem::Kind::summary, {}, current_json_};
  }
  ended_ = true;
  return next();
}

Result<std::string> FetchRun::progress_json() const { return summary_json(); }

std::string FetchRun::summary_json() const {
  json::object streams;
  for (const auto& [name, counters] : counters_.streams) {
    if (!request_.wants(name) && counters->requests == 0) continue;
    streams[name] = json::object{
        {"records", counters->records.load()},
        {"pages", counters->pages.load()},
        {"requests", counters->requests.load()},
        {"retries", counters->retries.load()},
        {"throttled", counters->throttled.load()},
        {"partitions_done", counters->partitions_done.load()},
        {"partitions_skipped", counters->partitions_skipped.load()},
        {"requested", request_.wants(name)},
    };
  }
  json::object by_category;
  for (int i = 0; i < k_rate_category_count; ++i) {
    const auto count = counters_.requests_by_category[static_cast<std::size_t>(i)].load();
    if (count > 0) by_category[category_name(static_cast<RateCategory>(i))] = count;
  }
  json::array skipped;
  json::array failed;
  std::string status;
  std::string error_message;
  {
    std::lock_guard work(work_mutex_);
    for (const auto& s : skipped_) {
      skipped.push_back(json::object{{"stream", s.stream},
                                     {"id", s.id},
                                     {"code", s.code},
                                     {"http_status", s.http_status},
                                     {"message", s.message}});
    }
    for (const auto& s : failed_partitions_) {
      failed.push_back(json::object{{"stream", s.stream},
                                    {"partition", s.id},
                                    {"code", s.code},
                                    {"http_status", s.http_status},
                                    {"message", s.message}});
    }
    const bool running = live_workers_ > 0;
    status = failed_                      ? "failed"
             : running                    ? "running"
             : failed_partitions_.empty() ? "ok"
                                          : "incomplete";
    if (failed_) error_message = failure_.message;
  }
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  json::object summary{{"status", status},
                       {"elapsed_s", elapsed},
                       {"streams", std::move(streams)},
                       {"requests_by_category", std::move(by_category)},
                       {"skipped_partitions", std::move(skipped)},
                       {"failed_partitions", std::move(failed)}};
  if (!error_message.empty()) summary["error"] = error_message;
  return json::serialize(summary);
}

}  // namespace zc::fetch
