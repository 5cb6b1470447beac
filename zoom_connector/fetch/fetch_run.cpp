#include "fetch/fetch_run.hpp"

#include <spdlog/logger.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "core/bounded_text.hpp"
#include "fetch/page_error_policy.hpp"
#include "fetch/url_tokens.hpp"

namespace zc::fetch {
namespace {

namespace json = boost::json;

// A message in the summary or the fetch's error: our words plus bounded
// remote text, so this only guards against a slip.
constexpr std::size_t k_max_message = 2048;

// Walked only for its children, and no earlier run handed over its records.
bool listed_only(const Partition& partition) { return !partition.emit && partition.emitted == 0; }

}  // namespace

FetchRun::FetchRun(ZoomApiClient& api, const std::atomic<bool>& connector_cancel,
                   std::shared_ptr<spdlog::logger> log, std::shared_ptr<const Redactor> redactor,
                   FetchRequest request, FetchState state, FetchSettings settings,
                   std::shared_ptr<RateLimiter> limiter)
    : api_(api),
      connector_cancel_(connector_cancel),
      log_(std::move(log)),
      redactor_(std::move(redactor)),
      request_(std::move(request)),
      settings_(settings),
      limiter_(limiter ? std::move(limiter)
                       : std::make_shared<RateLimiter>(request_.plan, request_.rate_share)),
      caller_(api_, *limiter_, settings_.retry, counters_, StopSignal{&stop_, &connector_cancel_},
              request_.learn_plan),
      queue_(settings_.queue_capacity),
      planner_(request_, settings_.now),
      active_hosts_(request_, planner_.walked_streams(), settings_.today()),
      scheduler_(StopSignal{&stop_, &connector_cancel_}),
      state_(std::move(state)) {
  // Parents walked only to feed children still count their requests.
  for (const std::string_view stream : planner_.walked_streams()) {
    counters_.streams.emplace(std::string(stream), std::make_unique<StreamCounters>());
  }
  // Children the interrupted run had found and not finished, then the
  // top-level walks (their parents go on from their page tokens).
  std::vector<Partition> resumed;
  for (const FrontierEntry& entry : state_.take_frontier()) {
    resumed.clear();
    planner_.add_child(*entry.stream, entry.parent_id, resumed);
    for (Partition& partition : resumed) add_partition(std::move(partition));
  }
  for (Partition& partition : planner_.top_level()) add_partition(std::move(partition));
  const std::size_t workers = static_cast<std::size_t>(request_.max_concurrency);
  if (scheduler_.open_partitions() == 0) {
    finalize();
    return;
  }
  scheduler_.set_workers(workers);
  for (std::size_t i = 0; i < workers; ++i) workers_.emplace_back([this] { worker(); });
}

FetchRun::~FetchRun() {
  stop_ = true;
  queue_.close(Error::make(Status::cancelled, "fetch closed"));
  scheduler_.wake_all();
  for (auto& thread : workers_) thread.join();
}

void FetchRun::add_partition(Partition partition) {
  // Without a frontier, a finished parent is walked again when it feeds
  // children: the children of its records may not all be finished. Its
  // records are not sent again.
  const bool rewalk = planner_.feeds_children(*partition.stream) && !state_.resumes_from_frontier();
  PartitionProgress progress;
  {
    // Never hold the scheduler's lock while waiting for the hand-over lock:
    // its holder may be waiting for the host to pull.
    std::lock_guard emit_lock(emit_mutex_);
    if (const auto saved = state_.find(partition.key)) progress = *saved;
    // Walked only for its children then; its records are wanted now.
    if (progress.listed_only && partition.emit) progress = {};
    if (progress.done && !rewalk) return;  // finished in an earlier run
    if (!partition.parent_id.empty()) {
      state_.open_child(partition.key, *partition.stream, partition.parent_id);
    }
  }
  if (!partition.refused.empty()) {
    // Its id cannot fill a path: a failed partition, never walked (and left
    // open in the state, as a failed partition is).
    log_->warn("stream {}: partition {} refused: {}", partition.stream->name,
               bounded_text(partition.key), partition.refused);
    std::lock_guard problems(problems_mutex_);
    failed_partitions_.push_back({std::string(partition.stream->name), bounded_text(partition.key),
                                  partition.refused, 0, 0, {}});
    return;
  }
  partition.emitted = progress.emitted;
  partition.last_id = progress.last_id;
  // Resume where the walk stopped. The saved page token may have expired (then
  // the walk restarts and skips); a parent walked again starts at its first
  // page, so that the children of its earlier pages are found.
  if (!rewalk && !progress.done) partition.page_token = progress.page_token;
  if (partition.page_token.empty()) partition.skip = progress.emitted;
  scheduler_.add(std::move(partition));
}

void FetchRun::worker() {
  PageReader reader;  // this worker's parsers, kept from page to page
  while (const auto partition = scheduler_.take()) walk_one_page(partition, reader);
  if (scheduler_.worker_left()) finalize();
}

namespace {

// What a child or windowed record gains: `"_parent_id":"...",...` without
// a leading comma; "" for a top-level record.
std::string enrichment_of(const Partition& partition) {
  std::string fields;
  auto add = [&](std::string_view name, const std::string& value) {
    if (value.empty()) return;
    if (!fields.empty()) fields += ',';
    fields += '"';
    fields += name;
    fields += "\":";
    fields += json::serialize(json::string_view(value));
  };
  add("_parent_id", partition.parent_id);
  add("_window_from", partition.window_from);
  add("_window_to", partition.window_to);
  return fields;
}

// Record `i` of the page as the host gets it: Zoom's text, sliced out as is,
// with the partition's `enrichment` fields added.
std::string enriched_record(const Partition& partition, const PageReader& reader, std::size_t i,
                            const std::string& enrichment) {
  const std::string_view text = reader.text(i);
  if (enrichment.empty()) return std::string(text);
  if (reader.has_field(i, "_parent_id") || reader.has_field(i, "_window_from") ||
      reader.has_field(i, "_window_to")) {
    // Zoom's own field of that name gives way: one key stays one key.
    boost::system::error_code ec;
    json::value own = json::parse(text, ec);
    if (own.is_object()) {
      json::object& enriched = own.as_object();
      if (!partition.parent_id.empty()) enriched["_parent_id"] = partition.parent_id;
      if (!partition.window_from.empty()) {
        enriched["_window_from"] = partition.window_from;
        enriched["_window_to"] = partition.window_to;
      }
      return json::serialize(enriched);
    }
  }
  std::string out;
  out.reserve(text.size() + enrichment.size() + 1);
  out.append(text.substr(0, text.size() - 1));  // without its closing brace
  if (!reader.empty_object(i)) out += ',';
  out += enrichment;
  out += '}';
  return out;
}

}  // namespace

void FetchRun::walk_one_page(const std::shared_ptr<Partition>& partition, PageReader& reader) {
  StreamCounters& counters = counters_.stream(std::string(partition->stream->name));
  std::string target = partition->target;
  if (!partition->page_token.empty()) {
    target += target.find('?') == std::string::npos ? '?' : '&';
    target += "next_page_token=" + percent_encode(partition->page_token);
  }
  if (auto page = caller_.get_page(target, partition->stream->category, counters, reader); !page) {
    on_page_error(partition, page.error());
    return;
  }
  const auto next_token = read_page(*partition, reader);
  if (!next_token) {
    on_page_error(partition, next_token.error());
    return;
  }
  counters.pages++;
  if (!partition->stream->download_files.empty()) {
    walk_downloads(partition, reader, counters);
    return;
  }
  // Children first (outside the hand-over lock): skipped records still feed
  // them, so a resumed walk does not lose a child that was never finished.
  if (planner_.feeds_children(*partition->stream)) {
    if (auto planned = plan_children(*partition, reader); !planned) {
      on_page_error(partition, planned.error());
      return;
    }
  }
  if (!hand_over(*partition, reader, counters, *next_token)) return;  // the host closed the fetch
  if (next_token->empty()) {
    finish_partition(partition);
  } else {
    scheduler_.requeue(partition);
  }
}

Result<void> FetchRun::plan_children(const Partition& partition, const PageReader& reader) {
  const std::size_t count = reader.size();
  active_hosts_.note_parent_page(partition, reader.count("total_records").value_or(0), count);
  // The report is read (rarely: once per window) into its own reader, as a tree.
  const ActiveHosts::GetPage report_page = [this](const std::string& report_target,
                                                  RateCategory category,
                                                  StreamCounters& report_counters) {
    PageReader report_reader;
    auto answer = caller_.get_page(report_target, category, report_counters, report_reader);
    if (!answer) return Result<json::object>(std::unexpected(for_host(answer.error())));
    boost::system::error_code ec;
    json::value page = json::parse(report_reader.body(), ec);
    if (ec || !page.is_object()) {
      return Result<json::object>(
          std::unexpected(Error::make(Status::remote_error, "the report is not a JSON object")));
    }
    return Result<json::object>(std::move(page.as_object()));
  };
  std::vector<Partition> children;
  std::vector<const StreamDef*> pruned;
  for (std::size_t i = 0; i < count; ++i) {
    boost::system::error_code ec;
    const json::value record = json::parse(reader.text(i), ec);
    if (ec || !record.is_object()) {
      return fail(Status::remote_error, "Zoom's \"" + std::string(partition.stream->array_key) +
                                            "\" list holds a record that cannot be read");
    }
    children.clear();
    planner_.add_children(partition, record.as_object(), children, &pruned);
    for (Partition& child : children) {
      if (active_hosts_.keep(child, report_page)) add_partition(std::move(child));
    }
  }
  // Calls left out because the parent's record shows there is nothing to get.
  for (const StreamDef* child : pruned)
    counters_.stream(std::string(child->name)).partitions_pruned++;
  return {};
}

bool FetchRun::hand_over(Partition& partition, const PageReader& reader, StreamCounters& counters,
                         const std::string& next_token) {
  // Child records name their parent; windowed records their window (a
  // report's user appears once per window).
  const std::string enrichment = enrichment_of(partition);
  const std::string_view primary_key = partition.stream->primary_key;
  const std::size_t count = reader.size();
  std::vector<QueuedItem> items;
  std::lock_guard emit_lock(emit_mutex_);
  items.reserve(partition.emit ? count : 0);
  std::size_t last_emitted = count;
  for (std::size_t i = 0; i < count; ++i) {
    if (partition.skip > 0) {
      --partition.skip;
      if (partition.skip == 0 && !partition.last_id.empty() &&
          reader.field_text(i, primary_key) != partition.last_id) {
        log_->warn("stream {}: Zoom's order changed between walks of {}; records may repeat",
                   partition.stream->name, partition.key);
      }
      continue;
    }
    if (!partition.emit) continue;
    QueuedItem& item = items.emplace_back();
    item.kind = QueuedItem::Kind::record;
    item.stream = partition.stream->name;
    item.json = enriched_record(partition, reader, i, enrichment);
    redact_url_tokens(item.json);  // a download_url's own token never leaves
    last_emitted = i;
  }
  if (!items.empty()) {
    partition.emitted += items.size();
    counters.records += items.size();
    partition.last_id = reader.field_text(last_emitted, primary_key);
    if (!queue_.push_all(items)) return false;
  }
  partition.page_token = next_token;
  state_.set(partition.key,
             PartitionProgress{next_token.empty(), partition.emitted, partition.last_id, next_token,
                               listed_only(partition)});
  dirty_ = true;
  maybe_checkpoint(false);
  return true;
}

Error FetchRun::for_host(Error error) const {
  error.message =
      bounded_text(redactor_ ? redactor_->redact(error.message) : error.message, k_max_message);
  return error;
}

void FetchRun::on_page_error(const std::shared_ptr<Partition>& partition, const Error& raw) {
  const Error error = for_host(raw);
  StreamCounters& counters = counters_.stream(std::string(partition->stream->name));
  note_walk_progress(error, *partition);
  switch (page_error_action(error, *partition)) {
    case PageErrorAction::restart_walk:
      // Walk again from the start, passing over what was already handed to the host.
      log_->info("stream {}: page token expired in {}; restarting the walk",
                 partition->stream->name, partition->key);
      partition->restarts++;
      partition->page_token.clear();
      partition->seen_tokens.clear();
      partition->skip = partition->emitted;
      counters.retries++;
      scheduler_.requeue(partition);
      return;
    case PageErrorAction::fail_fetch:
      fail_fetch(error);
      return;
    case PageErrorAction::skip_partition:
      counters.partitions_skipped++;
      {
        std::lock_guard problems(problems_mutex_);
        skipped_.push_back({std::string(partition->stream->name),
                            bounded_text(partition->parent_id), error.message, error.remote_code,
                            error.http_status, std::string(skip_reason(error, *partition))});
      }
      {
        std::lock_guard emit_lock(emit_mutex_);
        state_.set(partition->key,
                   PartitionProgress{true, partition->emitted, {}, {}, listed_only(*partition)});
        dirty_ = true;
      }
      finish_partition(partition);
      return;
    case PageErrorAction::fail_partition:
      // The others go on. It stays unfinished in the state, so a resumed
      // fetch tries it again, and the fetch ends with an error.
      log_->warn("stream {}: partition {} failed: {}", partition->stream->name, partition->key,
                 error.message);
      {
        std::lock_guard problems(problems_mutex_);
        failed_partitions_.push_back({std::string(partition->stream->name),
                                      bounded_text(partition->key),
                                      error.message,
                                      error.remote_code,
                                      error.http_status,
                                      {}});
      }
      scheduler_.finished();
      return;
  }
}

void FetchRun::finish_partition(const std::shared_ptr<Partition>& partition) {
  counters_.stream(std::string(partition->stream->name)).partitions_done++;
  scheduler_.finished();
}

void FetchRun::fail_fetch(Error error) {
  {
    std::lock_guard problems(problems_mutex_);
    if (!failed_) {
      failed_ = true;
      failure_ = for_host(std::move(error));
    }
  }
  stop_ = true;
  scheduler_.wake_all();
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
    std::lock_guard problems(problems_mutex_);
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
    std::lock_guard problems(problems_mutex_);
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
  RunFacts facts;
  facts.running = scheduler_.workers_running();
  {
    std::lock_guard problems(problems_mutex_);
    facts.failed = failed_;
    if (failed_) facts.error = failure_.message;
    facts.skipped = skipped_;
    facts.failed_partitions = failed_partitions_;
  }
  facts.elapsed_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  if (active_hosts_.relevant()) facts.pruning = active_hosts_.summary();
  return run_summary_json(counters_, request_, facts);
}

}  // namespace zc::fetch
