// One write session: one operation, batches of records pushed by the host,
// one result per record. Every record is checked against its schema before
// any call; calls are paced by the account's rate limiter (the same
// categories, plan and share as reads); meeting/webinar creates and updates
// are budgeted per host and UTC day; a create whose answer was lost is looked
// up by its natural key before it is ever sent again; a dry run makes no call
// that changes anything. Not for two threads at once.
#pragma once

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/account_pacer.hpp"
#include "core/error.hpp"
#include "core/rate_limiter.hpp"
#include "core/redactor.hpp"
#include "core/stop_signal.hpp"
#include "core/zoom_api_client.hpp"
#include "write/host_daily_cap.hpp"
#include "write/write_call.hpp"
#include "write/write_catalog.hpp"

namespace spdlog {
class logger;
}

namespace zc::write {

inline constexpr std::size_t k_max_batch_records = 1000;
inline constexpr std::size_t k_max_batch_bytes = 16u << 20;

struct WriteSettings {
  int max_attempts = 6;    // per record, for 5xx / transport failures
  int max_throttled = 30;  // consecutive 429s (per second) on one record
  std::chrono::milliseconds base_delay{250};
  std::chrono::milliseconds max_delay{15'000};
  std::chrono::seconds max_retry_after{120};
  // The per-host daily budget; empty: the write catalog's daily_cap.limit.
  std::optional<int> host_daily_limit;
  HostDailyCap::Clock clock;          // empty: the system clock (tests move the day)
  std::size_t max_lookup_pages = 20;  // pages read when checking a lost create
};

struct WriteContext {
  ZoomApiClient& api;
  TokenProvider& tokens;
  const std::atomic<bool>& cancel;  // the connector's
  std::shared_ptr<spdlog::logger> log;
  std::shared_ptr<const Redactor> redactor;
  // A limiter other work on the account also books (e.g. a fetch running at
  // the same time); null: the session paces alone at the request's plan and
  // rate_share.
  std::shared_ptr<RateLimiter> shared_limiter = nullptr;
  // The account's limiter, joined at the request's plan and rate_share when
  // no shared_limiter is given (the connector's: fetches join it too).
  AccountPacer* pacer = nullptr;
};

// One record's result, as the host sees it.
struct RecordResult {
  std::string outcome;  // done, already_done, failed, host_daily_limit, rate_limited,
                        // not_attempted, unknown, would_do
  std::string id;
  long http_status = 0;
  std::optional<int> zoom_code;
  std::string message;
  std::vector<FieldError> field_errors;
  bool retryable = false;
  std::string retry_after;
  std::string check;
  std::optional<boost::json::object> call;  // dry run
};

class WriteSession {
 public:
  // request: {"operation", "dry_run", "state", "plan", "rate_share", "resume"}.
  // Checks it and the token's scopes; no other call. "resume" (default: true
  // when a state is given) makes the first batch's creates look themselves up
  // before they are sent: a host that restarts a job sends it, with the last
  // state it stored or none.
  static Result<std::unique_ptr<WriteSession>> open(const WriteContext& context,
                                                    std::string_view request_json,
                                                    WriteSettings settings = {});

  // records_json: a JSON array of at most k_max_batch_records objects.
  // Returns {"results": [...], "state": {...}, "summary": {...}}.
  Result<std::string> push(std::string_view records_json);

  const OperationSpec& operation() const { return *op_; }
  bool dry_run() const { return dry_run_; }

 private:
  WriteSession(const WriteContext& context, const OperationSpec& op, WriteSettings settings,
               ZoomPlan plan, double share);

  struct Sent {
    std::optional<HttpResponse> response;
    std::string transport_error;
    bool cancelled = false;
    bool not_sent = false;  // no request left (token, URL policy): nothing happened
  };
  Sent send(const PlannedCall& call);
  Sent send_get(const std::string& target);  // retried on 5xx / 429 / transport
  bool sleep_for(std::chrono::milliseconds delay);
  std::chrono::milliseconds backoff(int attempt);
  std::chrono::milliseconds retry_after_of(const WriteOutcome& o) const;

  RecordResult write_one(const boost::json::object& record);
  RecordResult after_success(const boost::json::object& record, const WriteOutcome& o,
                             bool found_after_loss);
  RecordResult update_instead(const boost::json::object& record);
  std::string host_of(const boost::json::object& record);
  void write_members(const std::vector<std::size_t>& indices,
                     const std::vector<boost::json::object>& records,
                     std::vector<RecordResult>& results);

  // Found: the id (may be empty); nullopt: not there; error: could not check.
  // Items with a "created_at" before `not_before` do not count (they were
  // there before this write).
  Result<std::optional<std::string>> find_existing(
      const Lookup& lookup, const boost::json::object& record,
      std::optional<std::chrono::system_clock::time_point> not_before = std::nullopt);
  std::string check_text(const boost::json::object& record) const;
  RecordResult from_outcome(const WriteOutcome& o, std::string outcome) const;
  boost::json::object state_json() const;
  std::string redact(std::string text) const;

  WriteContext context_;
  const OperationSpec* op_;
  WriteSettings settings_;
  bool dry_run_ = false;
  std::shared_ptr<RateLimiter> limiter_;
  HostDailyCap cap_;
  std::atomic<bool> stop_{false};
  StopSignal stop_signal_;
  bool daily_limit_hit_ = false;
  std::string daily_limit_retry_after_;
  bool auth_failed_ = false;
  std::string auth_message_;
  std::unordered_map<std::string, std::string> host_cache_;  // meeting/webinar id -> host
  // Opened from a checkpoint: the host may be sending again a batch whose
  // results it lost in a crash, so the first batch's creates are looked up
  // by their key before they are sent.
  bool check_before_create_ = false;
  std::optional<std::chrono::system_clock::time_point> resumed_from_;
  std::uint64_t pushed_ = 0;
  std::uint64_t done_ = 0;
  std::uint32_t jitter_ = 0x9e3779b9u;
};

}  // namespace zc::write
