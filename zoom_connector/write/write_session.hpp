// One write session: one operation, batches of records pushed by the host,
// one result per record. Every record is checked against its schema before
// any call; calls go through core's RetryingCaller, paced by the account's
// rate limiter (the same categories, plan and share as reads); meeting and
// webinar creates and updates are budgeted per host and UTC day; a create
// whose answer was lost is looked up by its natural key before it is ever
// sent again; a dry run makes no call that changes anything. Not for two
// threads at once.
#pragma once

#include <atomic>
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
#include "core/retrying_caller.hpp"
#include "core/stop_signal.hpp"
#include "core/zoom_api_client.hpp"
#include "write/host_daily_cap.hpp"
#include "write/lost_create_lookup.hpp"
#include "write/member_batches.hpp"
#include "write/write_call.hpp"
#include "write/write_catalog.hpp"
#include "write/write_request.hpp"
#include "write/write_results.hpp"

namespace spdlog {
class logger;
}

namespace zc::write {

inline constexpr std::size_t k_max_batch_records = 1000;
inline constexpr std::size_t k_max_batch_bytes = 16u << 20;

struct WriteSettings {
  RetryPolicy retry;  // per call: 5xx / transport failures, per-second 429s
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

class WriteSession {
 public:
  // request: write_request.hpp. Checks it and the token's scopes; no other
  // call. "resume" (default: true when a state is given) makes the first
  // batch's creates look themselves up before they are sent: a host that
  // restarts a job sends it, with the last state it stored or none.
  static Result<std::unique_ptr<WriteSession>> open(const WriteContext& context,
                                                    std::string_view request_json,
                                                    WriteSettings settings = {});

  // records_json: a JSON array of at most k_max_batch_records objects.
  // Returns {"results": [...], "state": {...}, "summary": {...}} (write_results.hpp).
  Result<std::string> push(std::string_view records_json);

  const OperationSpec& operation() const { return *op_; }
  bool dry_run() const { return request_.dry_run; }

 private:
  WriteSession(const WriteContext& context, WriteRequest request, WriteSettings settings);

  // A record's host and whether its operation budgets it (meetings, webinars).
  struct Budget {
    std::string host;
    bool per_host = false;
    bool capped() const { return per_host && !host.empty(); }
  };
  // What the judge of a record's call found.
  struct Judged {
    WriteOutcome answer;       // the last answer's meaning
    bool lost_before = false;  // an earlier answer was lost, and the lookup found nothing
    std::optional<std::string> found_id;  // a lost create found by its key
    std::string lookup_error;             // the lookup could not be made
  };

  // The states of one record: planned, budgeted, checked (resumed creates),
  // sent and judged, then its result.
  RecordResult write_one(const boost::json::object& record);
  RecordResult answered(const boost::json::object& record, const Judged& judged,
                        const Budget& budget);
  std::optional<RecordResult> check_resumed_create(const boost::json::object& record,
                                                   const Budget& budget);
  void give_back(const Budget& budget);  // the call was not applied: the budget returns
  RecordResult over_cap(const std::string& host) const;
  RecordResult not_sent(const Attempt& attempt);
  RecordResult after_success(const boost::json::object& record, const WriteOutcome& o,
                             bool found_after_loss);
  RecordResult update_instead(const boost::json::object& record);
  std::string host_of(const boost::json::object& record);
  void write_members(const std::vector<std::size_t>& indices,
                     const std::vector<boost::json::object>& records,
                     std::vector<RecordResult>& results);
  // One result per member of a batch Zoom answered with success.
  void member_results(const MemberBatch& batch, const std::vector<MemberRecord>& members,
                      const WriteOutcome& o, const std::vector<std::size_t>& indices,
                      std::vector<RecordResult>& results);
  // Why a record was not sent: stop, daily limit or no token; nullopt: go on.
  std::optional<RecordResult> stopped_before() const;

  RecordResult result(const WriteOutcome& o, Outcome outcome) const {
    return result_of(o, outcome, context_.redactor.get());
  }
  std::string redact(std::string text) const;

  WriteContext context_;
  WriteRequest request_;
  const OperationSpec* op_;
  WriteSettings settings_;
  std::shared_ptr<RateLimiter> limiter_;
  std::atomic<bool> stop_{false};
  StopSignal stop_signal_;
  RetryingCaller caller_;
  LostCreateLookup lookup_;
  HostDailyCap cap_;
  WriteState state_;
  bool daily_limit_hit_ = false;
  std::string daily_limit_retry_after_;
  bool auth_failed_ = false;
  std::string auth_message_;
  std::unordered_map<std::string, std::string> host_cache_;  // meeting/webinar id -> host
};

}  // namespace zc::write
