#include "write/write_session.hpp"

#include <spdlog/logger.h>

#include <boost/json.hpp>

#include "core/bounded_text.hpp"
#include "core/iso_time.hpp"
#include "write/record_check.hpp"

namespace zc::write {
namespace json = boost::json;
using namespace std::chrono;

namespace {

// Clocks of this host and Zoom's may differ by this much.
constexpr auto k_clock_margin = minutes(10);

std::string text_of(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return {};
  return value_text(*v);
}

sys_seconds now_utc() { return floor<seconds>(system_clock::now()); }

// The operation a follow-up rule ("on_conflict", "after_create") names in "then".
const OperationSpec& then_of(const json::object& rule) {
  return *find_operation(rule.at("then").as_string());  // the catalog is checked when read
}

}  // namespace

WriteSession::WriteSession(const WriteContext& context, WriteRequest request,
                           WriteSettings settings)
    : context_(context),
      request_(std::move(request)),
      op_(request_.operation),
      settings_(std::move(settings)),
      limiter_(context.shared_limiter ? context.shared_limiter
               : context.pacer
                   ? context.pacer->join(request_.rate.plan, request_.rate.share)
                   : std::make_shared<RateLimiter>(request_.rate.plan, request_.rate.share)),
      stop_signal_{&stop_, &context.cancel},
      caller_(context.api, *limiter_, settings_.retry, stop_signal_, request_.rate.learn),
      lookup_(caller_, op_->category, settings_.max_lookup_pages),
      cap_(settings_.host_daily_limit.value_or(op_->cap_limit), settings_.clock),
      state_(request_.state.value_or(WriteState{})) {
  if (request_.state) cap_.restore(request_.state->host_caps);
}

Result<std::unique_ptr<WriteSession>> WriteSession::open(const WriteContext& context,
                                                         std::string_view request_json,
                                                         WriteSettings settings) {
  auto request = parse_write_request(request_json);
  if (!request) return std::unexpected(request.error());
  const OperationSpec& op = *request->operation;
  if (context.cancel.load()) return fail(Status::cancelled, "cancelled");
  auto token = context.tokens.get();
  if (!token) return std::unexpected(token.error());
  const auto missing = missing_write_scopes(op, (*token)->scopes);
  if (!missing.empty()) {
    std::string list;
    for (const auto& m : missing) list += (list.empty() ? "" : "; ") + m;
    return fail(Status::permission_denied, "the credential's token lacks the scope " + op.name +
                                               " needs: " + list +
                                               ". Add it to the app in the Zoom App Marketplace.");
  }
  return std::unique_ptr<WriteSession>(
      new WriteSession(context, std::move(*request), std::move(settings)));
}

std::string WriteSession::redact(std::string text) const {
  return context_.redactor ? context_.redactor->redact(text) : text;
}

RecordResult WriteSession::over_cap(const std::string& host) const {
  RecordResult r;
  r.outcome = Outcome::host_daily_limit;
  r.retryable = true;
  r.retry_after = format_iso_utc(floor<seconds>(cap_.resets_at()));
  r.message = "daily limit for host " + bounded_text(host, 200) + ", retry after 00:00 UTC";
  return r;
}

std::string WriteSession::host_of(const json::object& record) {
  if (op_->cap_family.empty()) return {};
  if (auto direct = text_of(record, op_->cap_host_field); !direct.empty()) return direct;
  if (!op_->cap_host_lookup) return {};
  std::string path;
  if (!fill_path(op_->cap_host_lookup->path, record, path)) return {};
  if (const auto it = host_cache_.find(path); it != host_cache_.end()) return it->second;
  const CallResult read = read_for_write(caller_, op_->category, path);
  if (!read.attempt.response || read.attempt.response->status != 200) return {};
  boost::system::error_code ec;
  const auto body = json::parse(read.attempt.response->body, ec);
  if (ec || !body.is_object()) return {};
  std::string host;
  for (const auto& [field, from] : op_->cap_host_lookup->match)
    host = text_of(body.as_object(), field);
  if (host_cache_.size() < 100000) host_cache_.emplace(path, host);
  return host;
}

std::optional<RecordResult> WriteSession::check_resumed_create(const json::object& record,
                                                               const Budget& budget) {
  if (!request_.check_before_create || op_->kind != WriteKind::create || !op_->natural_lookup ||
      !op_->on_conflict.empty())
    return std::nullopt;
  const auto saved_at = request_.state ? request_.state->saved_at : std::nullopt;
  const auto since = saved_at ? std::optional(*saved_at - k_clock_margin) : std::nullopt;
  auto found = lookup_.find(*op_->natural_lookup, record, since);
  RecordResult r;
  if (!found) {
    give_back(budget);
    r.outcome = Outcome::unknown;
    r.check = check_text(*op_);
    r.message =
        "resumed from a checkpoint: this record may have been written before the "
        "restart and the check failed: " +
        redact(found.error().message);
    return r;
  }
  if (!*found) return std::nullopt;
  r.outcome = Outcome::already_done;
  r.id = redact(**found);
  r.message = "resumed from a checkpoint: found by its key, written before the restart";
  return r;  // Zoom counted it against the host's budget then: the budget stays taken
}

RecordResult WriteSession::not_sent(const Attempt& attempt) {
  RecordResult r;
  if (attempt.stopped && attempt.sent && op_->kind == WriteKind::create) {
    r.outcome = Outcome::unknown;
    r.message = "cancelled while the create was in flight";
    r.check = check_text(*op_);
    return r;
  }
  r.outcome = Outcome::not_attempted;
  r.retryable = true;
  r.message = !attempt.stopped ? redact(bounded_text(attempt.error.message))
              : attempt.sent   ? "cancelled in flight; sending it again is safe"
                               : "cancelled before it was sent";
  if (!attempt.stopped) {  // no token, or the URL policy refused: the rest cannot go either
    auth_failed_ = true;
    auth_message_ = r.message;
  }
  return r;
}

RecordResult WriteSession::update_instead(const json::object& record) {
  const auto& rule = op_->on_conflict;
  const AnswerRules rules = then_of(rule).answer_rules();
  const std::string code = std::to_string(op_->answer_rules().conflict_code.value_or(0));
  const PlannedCall call =
      plan_patch(std::string(rule.at("path").as_string()), record, {}, string_list(rule, "drop"));
  WriteOutcome o;
  const CallResult sent = caller_.call({call.method, call.target, call.body, op_->category},
                                       repeat_when_safe(rules, o, false));
  if (sent.end == CallEnd::stopped || !sent.attempt.sent) {
    RecordResult r;
    r.outcome = Outcome::not_attempted;
    r.retryable = true;
    r.message = "the e-mail exists; the update was not sent: " +
                redact(bounded_text(sent.attempt.error.message));
    return r;
  }
  if (sent.end == CallEnd::daily_limit || sent.end == CallEnd::throttled_out)
    o = classify_attempt(rules, sent.attempt);
  if (o.outcome == Outcome::done) {
    RecordResult r = result(o, Outcome::done);
    r.message = "the e-mail existed (" + code + "): the user was updated instead";
    r.id = text_of(record, "email");
    return r;
  }
  RecordResult r =
      result(o, o.outcome == Outcome::rate_limited ? Outcome::rate_limited : Outcome::failed);
  r.retryable = o.retry_may_help();
  r.message = "the e-mail existed (" + code + ") and updating it failed: " + r.message;
  return r;
}

RecordResult WriteSession::after_success(const json::object& record, const WriteOutcome& o,
                                         bool found_after_loss) {
  RecordResult r = result(o, Outcome::done);
  r.id = redact(o.created_id);
  if (found_after_loss) r.message = "the first answer was lost; found by its key, not sent again";
  const auto only = string_list(op_->after_create, "only");
  json::object extra;
  for (const auto& f : only)
    if (const auto* v = record.if_contains(f)) extra[f] = *v;
  if (extra.empty()) return r;
  const AnswerRules rules = then_of(op_->after_create).answer_rules();
  json::object keyed = extra;
  keyed["email"] = record.at("email");
  const PlannedCall call =
      plan_patch(std::string(op_->after_create.at("path").as_string()), keyed, only, {});
  WriteOutcome u;
  const CallResult sent = caller_.call({call.method, call.target, call.body, op_->category},
                                       repeat_when_safe(rules, u, false));
  if (sent.end == CallEnd::daily_limit) u = classify_attempt(rules, sent.attempt);
  const bool judged =
      sent.end == CallEnd::daily_limit || (sent.end == CallEnd::answered && sent.attempt.sent);
  if (judged && u.outcome == Outcome::done) return r;
  RecordResult f = judged ? result(u, Outcome::failed) : RecordResult{};
  f.outcome = Outcome::failed;
  f.id = r.id;
  f.retryable = true;
  f.message = judged ? "the user was created, but setting its other fields failed (send the "
                       "record again: it becomes an update): " +
                           f.message
                     : "the user was created, but its other fields were not set (send the "
                       "record again)";
  return f;
}

RecordResult WriteSession::write_one(const json::object& record) {
  const PlannedCall call = plan_call(*op_, record);
  const Budget budget{host_of(record), !op_->cap_family.empty()};
  if (budget.capped() && !cap_.try_take(op_->cap_family, budget.host)) return over_cap(budget.host);
  if (request_.dry_run) {
    RecordResult r;
    r.outcome = Outcome::would_do;
    json::object c{{"method", call.method}, {"path", call.target}};
    if (!call.body.empty()) c["body"] = mask_secrets(json::parse(call.body), op_->record_schema);
    r.call = std::move(c);
    return r;
  }
  if (auto checked = check_resumed_create(record, budget)) return std::move(*checked);

  // Sent, and judged: a lost create is looked up before it may go again.
  const AnswerRules rules = op_->answer_rules();
  const auto first_sent = now_utc();
  Judged judged;
  const Judge judge = [&](Attempt& attempt) {
    if (!attempt.sent) return Judgement::accept;
    judged.answer = classify_attempt(rules, attempt);
    if (judged.answer.outcome == Outcome::repeat) return Judgement::repeat;
    if (judged.answer.outcome != Outcome::unknown || !op_->natural_lookup) return Judgement::accept;
    auto found = lookup_.find(*op_->natural_lookup, record, first_sent - k_clock_margin);
    if (!found) {
      judged.lookup_error = redact(found.error().message);
      return Judgement::accept;
    }
    if (*found) {
      judged.found_id = **found;
      return Judgement::accept;
    }
    judged.lost_before = true;  // not there: it was not applied, so sending again is safe
    return Judgement::repeat;
  };
  const CallResult sent = caller_.call({op_->method, call.target, call.body, op_->category}, judge);
  if (sent.end == CallEnd::stopped || (sent.end == CallEnd::answered && !sent.attempt.sent)) {
    RecordResult r = not_sent(sent.attempt);
    if (r.outcome != Outcome::unknown) give_back(budget);
    return r;
  }
  WriteOutcome& o = judged.answer;
  if (sent.end == CallEnd::daily_limit || sent.end == CallEnd::throttled_out)
    o = classify_attempt(rules, sent.attempt);
  if (sent.end == CallEnd::gave_up && o.outcome == Outcome::unknown) {
    RecordResult r = result(o, Outcome::failed);
    r.retryable = true;
    r.message = "not applied after retries: " + r.message;
    return r;
  }
  if (sent.end == CallEnd::gave_up || o.outcome == Outcome::repeat) {
    give_back(budget);
    RecordResult r = result(o, Outcome::failed);
    r.retryable = true;
    r.message =
        "gave up after retries: " + (r.message.empty() ? std::string("no answer") : r.message);
    return r;
  }
  return answered(record, judged, budget);
}

RecordResult WriteSession::answered(const json::object& record, const Judged& judged,
                                    const Budget& budget) {
  const WriteOutcome& o = judged.answer;
  switch (o.outcome) {
    case Outcome::done:
      return after_success(record, o, judged.lost_before);
    case Outcome::already_done: {
      RecordResult r = result(o, Outcome::already_done);
      r.message = "already gone: " + r.message;
      return r;
    }
    case Outcome::exists:
      if (!op_->on_conflict.empty()) return update_instead(record);
      give_back(budget);
      return result(o, judged.lost_before ? Outcome::already_done : Outcome::failed);
    case Outcome::host_daily_limit:
      if (budget.capped()) cap_.mark_spent(op_->cap_family, budget.host);
      return over_cap(budget.host);
    case Outcome::rate_limited: {
      give_back(budget);
      daily_limit_hit_ = true;
      RecordResult r = result(o, Outcome::rate_limited);
      r.retryable = true;
      r.message = "the account's daily limit for this API is reached; retry after 00:00 UTC";
      daily_limit_retry_after_ = r.retry_after;
      return r;
    }
    case Outcome::unknown: {
      if (judged.found_id) {
        WriteOutcome ok = o;
        ok.created_id = *judged.found_id;
        return after_success(record, ok, true);
      }
      RecordResult r = result(o, Outcome::unknown);
      r.check = check_text(*op_);
      if (!judged.lookup_error.empty())
        r.message = (r.message.empty() ? "no answer" : r.message) + "; " + judged.lookup_error;
      return r;
    }
    case Outcome::failed:
    default:
      give_back(budget);
      return result(o, Outcome::failed);
  }
}

void WriteSession::give_back(const Budget& budget) {
  if (budget.capped()) cap_.give_back(op_->cap_family, budget.host);
}

std::optional<RecordResult> WriteSession::stopped_before() const {
  if (!stop_signal_.requested() && !daily_limit_hit_ && !auth_failed_) return std::nullopt;
  RecordResult r;
  r.outcome = Outcome::not_attempted;
  r.retryable = true;
  r.message = daily_limit_hit_ ? "stopped: the account's daily limit is reached"
              : auth_failed_   ? "stopped: " + auth_message_
                               : "cancelled before it was sent";
  if (daily_limit_hit_) r.retry_after = daily_limit_retry_after_;
  return r;
}

Result<std::string> WriteSession::push(std::string_view records_json) {
  if (records_json.size() > k_max_batch_bytes)
    return fail(Status::invalid_argument, "the batch is over " + std::to_string(k_max_batch_bytes) +
                                              " bytes: send smaller batches");
  boost::system::error_code ec;
  json::value parsed = json::parse(records_json, ec);
  if (ec || !parsed.is_array())
    return fail(Status::invalid_argument, "records_json must be a JSON array of record objects");
  auto& array = parsed.as_array();
  if (array.size() > k_max_batch_records)
    return fail(Status::invalid_argument, "the batch has " + std::to_string(array.size()) +
                                              " records; at most " +
                                              std::to_string(k_max_batch_records) + " per push");
  if (stop_signal_.requested()) return fail(Status::cancelled, "cancelled");

  // Every record is checked before any call.
  const std::size_t n = array.size();
  std::vector<RecordResult> results(n);
  std::vector<json::object> records(n);
  std::vector<std::size_t> valid;
  for (std::size_t i = 0; i < n; ++i) {
    results[i].outcome = Outcome::failed;
    if (!array[i].is_object()) {
      results[i].message = "a record must be a JSON object";
      continue;
    }
    records[i] = std::move(array[i].as_object());
    auto errors = check_record(records[i], op_->record_schema);
    const bool schema_ok = errors.empty();
    if (schema_ok) errors = path_id_errors(*op_, records[i]);  // an id that fills a path
    if (!errors.empty()) {
      results[i].message = schema_ok ? errors.front().message
                                     : "the record does not match the " + op_->name + " schema";
      for (const auto& e : errors) results[i].field_errors.push_back({e.field, e.message});
      continue;
    }
    valid.push_back(i);
  }

  if (op_->batch_size > 1) {
    write_members(valid, records, results);
  } else {
    for (const auto i : valid) {
      if (auto stopped = stopped_before()) {
        results[i] = std::move(*stopped);
        continue;
      }
      results[i] = write_one(records[i]);
    }
  }

  for (const auto& r : results)
    if (counts_as_done(r.outcome)) ++state_.done;
  state_.pushed += n;
  state_.host_caps = cap_.to_json();
  state_.saved_at = now_utc();
  request_.check_before_create = false;
  if (context_.log)
    context_.log->info("write {}: {} records pushed{}", op_->name, n,
                       request_.dry_run ? " (dry run)" : "");
  return push_answer_json(results, state_.to_json(*op_), op_->result_id_is_integer);
}

}  // namespace zc::write
