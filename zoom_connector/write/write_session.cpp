#include "write/write_session.hpp"

#include <spdlog/logger.h>

#include <algorithm>
#include <map>
#include <thread>

#include "core/bounded_text.hpp"
#include "core/iso_time.hpp"
#include "core/json_input.hpp"
#include "core/oauth_encoding.hpp"
#include "core/rate_plan.hpp"
#include "write/member_batches.hpp"
#include "write/record_check.hpp"

namespace zc::write {
namespace json = boost::json;
using namespace std::chrono;

namespace {

constexpr std::string_view k_state_version = "zoom-write-1";

std::string iso_utc(system_clock::time_point t) { return format_iso_utc(floor<seconds>(t)); }

std::optional<system_clock::time_point> parse_utc(const std::string& text) {
  const auto when = parse_iso_utc(text);
  // system_clock counts nanoseconds: years past 2262 do not fit.
  if (!when || *when > sys_days{year{2200} / 1 / 1}) return std::nullopt;
  return system_clock::time_point(*when);
}

// Clocks of this host and Zoom's may differ by this much.
constexpr auto k_clock_margin = minutes(10);

// Zoom writes start_time as "2026-12-01T10:00:00Z"; a record may carry
// fractions or no "Z" (taken as UTC, as Zoom does).
std::string normal_time(std::string t) {
  if (t.ends_with('Z')) t.pop_back();
  if (const auto dot = t.find('.'); dot != std::string::npos) t.erase(dot);
  return t;
}

bool same_value(const json::value& a, const json::value& b, std::string_view field) {
  if (field == "start_time" && a.is_string() && b.is_string())
    return normal_time(std::string(a.as_string())) == normal_time(std::string(b.as_string()));
  if (field == "email" && a.is_string() && b.is_string()) {
    std::string x(a.as_string()), y(b.as_string());
    std::transform(x.begin(), x.end(), x.begin(), ::tolower);
    std::transform(y.begin(), y.end(), y.begin(), ::tolower);
    return x == y;
  }
  return value_text(a) == value_text(b);
}

std::string text_of(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return {};
  return value_text(*v);
}

// The operation a follow-up rule ("on_conflict", "after_create") names in
// "then" (operation_specs checks that it is one).
const OperationSpec& then_of(const json::object& rule) {
  return *find_operation(rule.at("then").as_string());
}

std::optional<json::object> parse_object(const HttpResponse& r) {
  boost::system::error_code ec;
  auto v = json::parse(r.body, ec);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.as_object());
}

}  // namespace

WriteSession::WriteSession(const WriteContext& context, const OperationSpec& op,
                           WriteSettings settings, ZoomPlan plan, double share)
    : context_(context),
      op_(&op),
      settings_(std::move(settings)),
      limiter_(context.shared_limiter ? context.shared_limiter
               : context.pacer        ? context.pacer->join(plan, share)
                                      : std::make_shared<RateLimiter>(plan, share)),
      cap_(settings_.host_daily_limit.value_or(op.cap_limit), settings_.clock),
      stop_signal_{&stop_, &context.cancel} {}

Result<std::unique_ptr<WriteSession>> WriteSession::open(const WriteContext& context,
                                                         std::string_view request_json,
                                                         WriteSettings settings) {
  auto request = parse_json_object(request_json, "write request");
  if (!request) return std::unexpected(request.error());
  for (const auto& [k, v] : *request) {
    if (k != "operation" && k != "dry_run" && k != "state" && k != "plan" && k != "rate_share" &&
        k != "resume")
      return fail(Status::invalid_argument,
                  "write request: unknown field \"" + bounded_text(k, 64) + "\"");
  }
  const auto* name = request->if_contains("operation");
  if (name == nullptr || !name->is_string())
    return fail(Status::invalid_argument, "write request: \"operation\" (a string) is required");
  const OperationSpec* op = find_operation(name->as_string());
  if (op == nullptr)
    return fail(Status::invalid_argument, "write request: unknown operation \"" +
                                              bounded_text(name->as_string(), 64) +
                                              "\" (see the write catalog)");
  bool dry_run = false;
  if (const auto* d = request->if_contains("dry_run"); d != nullptr && !d->is_null()) {
    if (!d->is_bool())
      return fail(Status::invalid_argument, "write request: dry_run must be a boolean");
    dry_run = d->as_bool();
  }
  // The fetch request's reader, with the write's defaults.
  std::vector<std::string> problems;
  const RatePlan rate = read_rate_plan(*request, RatePlan{ZoomPlan::business, false, 1.0}, problems);
  if (!problems.empty()) return fail(Status::invalid_argument, "write request: " + problems.front());
  const ZoomPlan plan = rate.plan;
  const double share = rate.share;
  std::unique_ptr<WriteSession> s(new WriteSession(context, *op, std::move(settings), plan, share));
  s->dry_run_ = dry_run;
  if (const auto* st = request->if_contains("state"); st != nullptr && !st->is_null()) {
    if (!st->is_object())
      return fail(Status::invalid_argument, "write request: state must be a checkpoint object");
    const auto& o = st->as_object();
    if (text_of(o, "version") != k_state_version || text_of(o, "operation") != op->name)
      return fail(Status::invalid_argument,
                  "write request: the state is not a checkpoint of a " + op->name + " write");
    if (const auto* caps = o.if_contains("host_caps"); caps != nullptr && caps->is_object())
      s->cap_.restore(caps->as_object());
    if (const auto* n = o.if_contains("pushed");
        n != nullptr && n->is_int64() && n->as_int64() >= 0)
      s->pushed_ = static_cast<std::uint64_t>(n->as_int64());
    if (const auto* n = o.if_contains("done"); n != nullptr && n->is_int64() && n->as_int64() >= 0)
      s->done_ = static_cast<std::uint64_t>(n->as_int64());
    s->check_before_create_ = true;
    s->resumed_from_ = parse_utc(text_of(o, "saved_at"));
  }
  if (const auto* r = request->if_contains("resume"); r != nullptr && !r->is_null()) {
    if (!r->is_bool())
      return fail(Status::invalid_argument, "write request: resume must be a boolean");
    s->check_before_create_ = r->as_bool();
  }
  if (context.cancel.load()) return fail(Status::cancelled, "cancelled");
  auto token = context.tokens.get();
  if (!token) return std::unexpected(token.error());
  const auto missing = missing_write_scopes(*op, (*token)->scopes);
  if (!missing.empty()) {
    std::string list;
    for (const auto& m : missing) list += (list.empty() ? "" : "; ") + m;
    Error e = Error::make(Status::permission_denied,
                          "the credential's token lacks the scope " + op->name + " needs: " + list +
                              ". Add it to the app in the Zoom App Marketplace.");
    return std::unexpected(std::move(e));
  }
  return s;
}

std::string WriteSession::redact(std::string text) const {
  return context_.redactor ? context_.redactor->redact(text) : text;
}

bool WriteSession::sleep_for(milliseconds delay) {
  const auto until = steady_clock::now() + delay;
  while (steady_clock::now() < until) {
    if (stop_signal_.requested()) return false;
    std::this_thread::sleep_for(
        std::min<steady_clock::duration>(milliseconds(20), until - steady_clock::now()));
  }
  return !stop_signal_.requested();
}

milliseconds WriteSession::backoff(int attempt) {
  const auto cap = std::min<long long>(settings_.max_delay.count(), settings_.base_delay.count()
                                                                        << std::min(attempt, 16));
  jitter_ = jitter_ * 1664525u + 1013904223u;
  return milliseconds(cap <= 0 ? 0 : static_cast<long long>(jitter_ % (cap + 1)));
}

milliseconds WriteSession::retry_after_of(const WriteOutcome& o) const {
  long long seconds = 1;
  if (!o.retry_after.empty() &&
      std::all_of(o.retry_after.begin(), o.retry_after.end(),
                  [](char c) { return c >= '0' && c <= '9'; }) &&
      o.retry_after.size() < 7)
    seconds = std::stoll(o.retry_after);
  seconds = std::clamp<long long>(seconds, 0, settings_.max_retry_after.count());
  return duration_cast<milliseconds>(std::chrono::seconds(seconds));
}

WriteSession::Sent WriteSession::send(const PlannedCall& call) {
  Sent out;
  if (auto waited = limiter_->acquire(op_->category, stop_signal_); !waited) {
    out.cancelled = true;
    return out;
  }
  auto answer = context_.api.send_detailed(call.method, call.target, call.body);
  if (answer) {
    out.response = std::move(answer->response);
    return out;
  }
  const auto& f = answer.error();
  if (f.failure.error.status == Status::cancelled) {
    out.cancelled = true;
    out.not_sent = f.step != ZoomApiClient::Failure::Step::call;
  } else if (f.step != ZoomApiClient::Failure::Step::call) {
    out.not_sent = true;
  }
  out.transport_error = bounded_text(f.failure.error.message);
  return out;
}

WriteSession::Sent WriteSession::send_get(const std::string& target) {
  int throttled = 0;
  for (int attempt = 0;; ++attempt) {
    Sent s = send(PlannedCall{"GET", target, {}});
    if (s.cancelled || s.not_sent) return s;
    const bool bad = !s.response || s.response->status >= 500;
    if (s.response && s.response->status == 429) {
      const auto type = s.response->header("x-ratelimit-type");
      if (type && type->find("aily") != std::string_view::npos) return s;
      WriteOutcome o;
      if (const auto ra = s.response->header("retry-after")) o.retry_after = bounded_text(*ra, 64);
      limiter_->on_throttled(op_->category, retry_after_of(o));
      if (++throttled > settings_.max_throttled) return s;
      --attempt;
      continue;
    }
    if (!bad || attempt + 1 >= settings_.max_attempts) return s;
    if (!sleep_for(backoff(attempt))) {
      s.cancelled = true;
      return s;
    }
  }
}

Result<std::optional<std::string>> WriteSession::find_existing(
    const Lookup& lookup, const json::object& record,
    std::optional<system_clock::time_point> not_before) {
  std::string path;
  if (!fill_path(lookup.path, record, path))
    return fail(Status::invalid_argument, "the record lacks a field of the lookup path");
  for (const auto& [field, from] : lookup.match) {
    const auto* v = record.if_contains(from);
    if (v == nullptr || v->is_null())
      return fail(Status::invalid_argument, "the record has no " + from + " to compare");
  }
  // One pass per value of a list-valued query parameter (e.g. registrant status).
  std::vector<std::string> queries{""};
  for (const auto& [name, value] : lookup.query) {
    std::vector<std::string> grown;
    std::size_t at = 0;
    std::vector<std::string> values;
    while (at <= value.size()) {
      const auto comma = value.find(',', at);
      values.push_back(
          value.substr(at, comma == std::string::npos ? std::string::npos : comma - at));
      if (comma == std::string::npos) break;
      at = comma + 1;
    }
    for (const auto& q : queries)
      for (const auto& v : values) grown.push_back(q + (q.empty() ? "" : "&") + name + "=" + v);
    queries = std::move(grown);
  }
  auto matches = [&](const json::object& item) {
    if (not_before) {
      if (const auto created = parse_utc(text_of(item, "created_at"));
          created && *created < *not_before)
        return false;
    }
    for (const auto& [field, from] : lookup.match) {
      const auto* a = item.if_contains(field);
      if (a == nullptr || !same_value(*a, record.at(from), field)) return false;
    }
    return true;
  };
  auto id_of = [&](const json::object& item) {
    for (const char* key : {"id", "registrant_id"})
      if (const auto v = text_of(item, key); !v.empty()) return v;
    return std::string();
  };
  for (const auto& q : queries) {
    std::string token;
    for (std::size_t page = 0; page < settings_.max_lookup_pages; ++page) {
      std::string target = path + "?" + q;
      if (!lookup.array.empty()) target += std::string(q.empty() ? "" : "&") + "page_size=300";
      if (!token.empty()) target += "&next_page_token=" + token;
      if (target.ends_with('?')) target.pop_back();
      Sent s = send_get(target);
      if (s.cancelled) return fail(Status::cancelled, "cancelled");
      if (!s.response)
        return fail(Status::network, "the lookup got no answer: " + s.transport_error);
      const auto& r = *s.response;
      auto body = parse_object(r);
      if (lookup.array.empty()) {
        if (r.status == 404) return std::optional<std::string>();  // e.g. 1001: no such user
        if (r.status != 200 || !body)
          return fail(Status::remote_error, "the lookup answered HTTP " + std::to_string(r.status));
        if (!matches(*body)) return std::optional<std::string>();
        return std::optional<std::string>(id_of(*body));
      }
      if (r.status != 200 || !body)
        return fail(Status::remote_error, "the lookup answered HTTP " + std::to_string(r.status));
      if (const auto* list = body->if_contains(lookup.array); list != nullptr && list->is_array())
        for (const auto& item : list->as_array())
          if (item.is_object() && matches(item.as_object()))
            return std::optional<std::string>(id_of(item.as_object()));
      token = form_urlencode(text_of(*body, "next_page_token"));
      if (token.empty()) break;
    }
    if (!token.empty()) return fail(Status::remote_error, "too many pages to check");
  }
  return std::optional<std::string>();
}

std::string WriteSession::check_text(const json::object& record) const {
  (void)record;
  if (op_->natural_lookup) {
    std::string fields;
    for (const auto& [field, from] : op_->natural_lookup->match)
      fields += (fields.empty() ? "" : " and ") + from;
    return "the answer was lost and the check could not be made: look for this record's " + fields +
           " with GET " + op_->natural_lookup->path +
           " before sending it again (sending it blindly may create a duplicate)";
  }
  return "the answer was lost: check " + op_->method + " " + op_->path +
         "'s target before sending it again";
}

RecordResult WriteSession::from_outcome(const WriteOutcome& o, std::string outcome) const {
  RecordResult r;
  r.outcome = std::move(outcome);
  r.http_status = o.http_status;
  r.zoom_code = o.zoom_code;
  r.message = redact(o.message);
  r.field_errors = o.field_errors;
  for (auto& e : r.field_errors) e.message = redact(e.message);
  r.retry_after = o.retry_after;
  return r;
}

std::string WriteSession::host_of(const json::object& record) {
  if (op_->cap_family.empty()) return {};
  if (auto direct = text_of(record, op_->cap_host_field); !direct.empty()) return direct;
  if (!op_->cap_host_lookup) return {};
  std::string path;
  if (!fill_path(op_->cap_host_lookup->path, record, path)) return {};
  if (const auto it = host_cache_.find(path); it != host_cache_.end()) return it->second;
  Sent s = send_get(path);
  if (!s.response || s.response->status != 200) return {};
  const auto body = parse_object(*s.response);
  if (!body) return {};
  std::string host;
  for (const auto& [field, from] : op_->cap_host_lookup->match) host = text_of(*body, field);
  if (host_cache_.size() < 100000) host_cache_.emplace(path, host);
  return host;
}

RecordResult WriteSession::update_instead(const json::object& record) {
  const auto& rule = op_->on_conflict;
  const std::string code = std::to_string(op_->conflict_code.value_or(0));
  const std::string path = rule.contains("path") ? std::string(rule.at("path").as_string()) : "";
  const PlannedCall call = plan_patch(path, record, {}, string_list(rule, "drop"));
  for (int attempt = 0;; ++attempt) {
    Sent s = send(call);
    if (s.cancelled || s.not_sent) {
      RecordResult r;
      r.outcome = "not_attempted";
      r.retryable = true;
      r.message = "the e-mail exists; the update was not sent: " + redact(s.transport_error);
      return r;
    }
    const auto o = classify_write_answer(then_of(rule).answer_rules(),
                                         s.response ? &*s.response : nullptr, s.transport_error);
    if (o.outcome == Outcome::done) {
      RecordResult r = from_outcome(o, "done");
      r.message = "the e-mail existed (" + code + "): the user was updated instead";
      r.id = text_of(record, "email");
      return r;
    }
    if (o.outcome == Outcome::retry && attempt + 1 < settings_.max_attempts) {
      if (o.http_status == 429) limiter_->on_throttled(op_->category, retry_after_of(o));
      if (!sleep_for(o.http_status == 429 ? retry_after_of(o) : backoff(attempt))) continue;
      continue;
    }
    RecordResult r = from_outcome(o, o.outcome == Outcome::daily_limit ? "rate_limited" : "failed");
    r.retryable = o.retry_may_help();
    r.message = "the e-mail existed (" + code + ") and updating it failed: " + r.message;
    return r;
  }
}

RecordResult WriteSession::after_success(const json::object& record, const WriteOutcome& o,
                                         bool found_after_loss) {
  RecordResult r = from_outcome(o, "done");
  r.id = redact(o.created_id);
  if (found_after_loss) r.message = "the first answer was lost; found by its key, not sent again";
  const auto only = string_list(op_->after_create, "only");
  json::object extra;
  for (const auto& f : only)
    if (const auto* v = record.if_contains(f)) extra[f] = *v;
  if (extra.empty()) return r;
  const std::string path(op_->after_create.at("path").as_string());
  json::object keyed = extra;
  keyed["email"] = record.at("email");
  const PlannedCall call = plan_patch(path, keyed, only, {});
  for (int attempt = 0; attempt < settings_.max_attempts; ++attempt) {
    Sent s = send(call);
    if (s.cancelled || s.not_sent) break;
    const auto u = classify_write_answer(then_of(op_->after_create).answer_rules(),
                                         s.response ? &*s.response : nullptr, s.transport_error);
    if (u.outcome == Outcome::done) return r;
    if (u.outcome != Outcome::retry) {
      RecordResult f = from_outcome(u, "failed");
      f.id = r.id;
      f.retryable = true;
      f.message =
          "the user was created, but setting its other fields failed (send the record "
          "again: it becomes an update): " +
          f.message;
      return f;
    }
    if (!sleep_for(backoff(attempt))) break;
  }
  RecordResult f;
  f.outcome = "failed";
  f.id = r.id;
  f.retryable = true;
  f.message = "the user was created, but its other fields were not set (send the record again)";
  return f;
}

RecordResult WriteSession::write_one(const json::object& record) {
  const PlannedCall call = plan_call(*op_, record);
  const std::string host = host_of(record);
  const bool capped = !op_->cap_family.empty() && !host.empty();
  auto over_cap = [&] {
    RecordResult r;
    r.outcome = "host_daily_limit";
    r.retryable = true;
    r.retry_after = iso_utc(cap_.resets_at());
    r.message = "daily limit for host " + bounded_text(host, 200) + ", retry after 00:00 UTC";
    return r;
  };
  if (dry_run_) {
    if (capped && !cap_.try_take(op_->cap_family, host)) return over_cap();
    RecordResult r;
    r.outcome = "would_do";
    json::object c{{"method", call.method}, {"path", call.target}};
    if (!call.body.empty()) c["body"] = mask_secrets(json::parse(call.body), op_->record_schema);
    r.call = std::move(c);
    return r;
  }
  if (capped && !cap_.try_take(op_->cap_family, host)) return over_cap();
  if (check_before_create_ && op_->kind == WriteKind::create && op_->natural_lookup &&
      op_->on_conflict.empty()) {
    const auto since =
        resumed_from_ ? std::optional(*resumed_from_ - k_clock_margin) : std::nullopt;
    auto found = find_existing(*op_->natural_lookup, record, since);
    if (!found) {
      if (capped) cap_.give_back(op_->cap_family, host);
      RecordResult r;
      r.outcome = "unknown";
      r.check = check_text(record);
      r.message =
          "resumed from a checkpoint: this record may have been written before the "
          "restart and the check failed: " +
          redact(found.error().message);
      return r;
    }
    if (*found) {
      RecordResult r;
      r.outcome = "already_done";
      r.id = redact(**found);
      r.message = "resumed from a checkpoint: found by its key, written before the restart";
      return r;  // Zoom counted it against the host's budget then: the budget stays taken
    }
  }
  const auto first_sent = system_clock::now();
  int throttled = 0;
  bool lost_before = false;
  for (int attempt = 0;;) {
    Sent s = send(call);
    if (s.cancelled || s.not_sent) {
      RecordResult r;
      if (s.cancelled && !s.not_sent && op_->kind == WriteKind::create &&
          s.transport_error.size()) {
        r.outcome = "unknown";
        r.message = "cancelled while the create was in flight";
        r.check = check_text(record);
        return r;
      }
      if (capped) cap_.give_back(op_->cap_family, host);
      r.outcome = "not_attempted";
      r.retryable = true;
      r.message = !s.cancelled                ? redact(s.transport_error)
                  : s.transport_error.empty() ? "cancelled before it was sent"
                                              : "cancelled in flight; sending it again is safe";
      if (s.not_sent && !s.cancelled) {
        auth_failed_ = true;
        auth_message_ = r.message;
      }
      return r;
    }
    const auto o = classify_write_answer(op_->answer_rules(), s.response ? &*s.response : nullptr,
                                         s.transport_error);
    switch (o.outcome) {
      case Outcome::done:
        return after_success(record, o, lost_before);
      case Outcome::done_already: {
        RecordResult r = from_outcome(o, "already_done");
        r.message = "already gone: " + r.message;
        return r;
      }
      case Outcome::exists:
        if (!op_->on_conflict.empty()) return update_instead(record);
        if (capped) cap_.give_back(op_->cap_family, host);
        return from_outcome(o, lost_before ? "already_done" : "failed");
      case Outcome::failed: {
        if (capped) cap_.give_back(op_->cap_family, host);
        return from_outcome(o, "failed");
      }
      case Outcome::host_daily_limit:
        if (capped) cap_.mark_spent(op_->cap_family, host);
        return over_cap();
      case Outcome::daily_limit: {
        if (capped) cap_.give_back(op_->cap_family, host);
        daily_limit_hit_ = true;
        RecordResult r = from_outcome(o, "rate_limited");
        r.retryable = true;
        r.message = "the account's daily limit for this API is reached; retry after 00:00 UTC";
        daily_limit_retry_after_ = r.retry_after;
        return r;
      }
      case Outcome::retry: {
        if (o.http_status == 429) {
          limiter_->on_throttled(op_->category, retry_after_of(o));
          if (++throttled <= settings_.max_throttled) continue;
        } else if (++attempt < settings_.max_attempts) {
          if (sleep_for(backoff(attempt))) continue;
          continue;  // cancelled: the next send reports it
        }
        if (capped) cap_.give_back(op_->cap_family, host);
        RecordResult r = from_outcome(o, "failed");
        r.retryable = true;
        r.message =
            "gave up after retries: " + (r.message.empty() ? std::string("no answer") : r.message);
        return r;
      }
      case Outcome::unknown: {
        if (!op_->natural_lookup) {
          RecordResult r = from_outcome(o, "unknown");
          r.check = check_text(record);
          return r;
        }
        auto found = find_existing(*op_->natural_lookup, record, first_sent - k_clock_margin);
        if (!found) {
          RecordResult r = from_outcome(o, "unknown");
          r.check = check_text(record);
          r.message =
              (r.message.empty() ? "no answer" : r.message) + "; " + redact(found.error().message);
          return r;
        }
        if (*found) {
          WriteOutcome ok = o;
          ok.created_id = **found;
          return after_success(record, ok, true);
        }
        lost_before = true;  // not there: it was not applied, so sending again is safe
        if (++attempt < settings_.max_attempts) {
          if (!sleep_for(backoff(attempt))) continue;
          continue;
        }
        RecordResult r = from_outcome(o, "failed");
        r.retryable = true;
        r.message = "not applied after retries: " + r.message;
        return r;
      }
    }
  }
}

void WriteSession::write_members(const std::vector<std::size_t>& indices,
                                 const std::vector<json::object>& records,
                                 std::vector<RecordResult>& results) {
  std::vector<MemberRecord> members;
  for (const auto i : indices)
    members.push_back(MemberRecord{text_of(records[i], "group_id"), text_of(records[i], "id"),
                                   text_of(records[i], "email")});
  for (const auto& batch : batch_members(members, op_->batch_size)) {
    PlannedCall call{op_->method, {}, batch.body};
    fill_path(op_->path, json::object{{"group_id", batch.group_id}}, call.target);
    auto all = [&](const RecordResult& r) {
      for (const auto local : batch.records) results[indices[local]] = r;
    };
    if (dry_run_) {
      RecordResult r;
      r.outcome = "would_do";
      r.call = json::object{
          {"method", call.method}, {"path", call.target}, {"body", json::parse(call.body)}};
      all(r);
      continue;
    }
    if (stop_signal_.requested() || daily_limit_hit_ || auth_failed_) {
      RecordResult r;
      r.outcome = "not_attempted";
      r.retryable = true;
      r.message =
          daily_limit_hit_ ? "stopped: the account's daily limit" : "stopped before it was sent";
      all(r);
      continue;
    }
    int throttled = 0;
    for (int attempt = 0;;) {
      Sent s = send(call);
      if (s.cancelled || s.not_sent) {
        RecordResult r;
        r.outcome = "not_attempted";
        r.retryable = true;
        r.message =
            "not sent: " + (s.cancelled ? std::string("cancelled") : redact(s.transport_error));
        all(r);
        break;
      }
      const auto o = classify_write_answer(op_->answer_rules(),
                                           s.response ? &*s.response : nullptr, s.transport_error);
      if (o.outcome == Outcome::done) {
        const auto mapped = map_member_answer(batch, members, o.created_id);
        for (std::size_t k = 0; k < batch.records.size(); ++k) {
          const auto local = batch.records[k];
          RecordResult r = from_outcome(o, "done");
          r.message.clear();
          if (mapped[k] == MemberResult::not_added) {
            r.outcome = "failed";
            r.message = "Zoom did not add this user (no such user in the account)";
          } else if (mapped[k] == MemberResult::check) {
            Lookup l = *op_->natural_lookup;
            l.match = {{"email", "email"}};
            const json::object rec{{"group_id", batch.group_id}, {"email", members[local].email}};
            auto found = find_existing(l, rec);
            if (!found) {
              r.outcome = "unknown";
              r.check = "list GET /groups/{group_id}/members for this record's email";
            } else if (!*found) {
              r.outcome = "failed";
              r.message = "Zoom did not add this e-mail (no such user in the account)";
            } else {
              r.id = **found;
            }
          } else {
            r.id = members[local].id;
          }
          results[indices[local]] = r;
        }
        break;
      }
      // Adding a member again changes nothing, so a lost answer is simply sent again.
      if (o.outcome == Outcome::retry || o.outcome == Outcome::unknown) {
        if (o.http_status == 429) {
          limiter_->on_throttled(op_->category, retry_after_of(o));
          if (++throttled <= settings_.max_throttled) continue;
        } else if (++attempt < settings_.max_attempts) {
          sleep_for(backoff(attempt));
          continue;
        }
      }
      if (o.outcome == Outcome::daily_limit) daily_limit_hit_ = true;
      RecordResult r =
          from_outcome(o, o.outcome == Outcome::daily_limit ? "rate_limited" : "failed");
      r.retryable =
          o.retry_may_help() || o.outcome == Outcome::retry || o.outcome == Outcome::unknown;
      all(r);
      break;
    }
  }
}

json::object WriteSession::state_json() const {
  return json::object{{"version", k_state_version},
                      {"operation", op_->name},
                      {"host_caps", cap_.to_json()},
                      {"pushed", pushed_},
                      {"saved_at", iso_utc(system_clock::now())},
                      {"done", done_}};
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

  const std::size_t n = array.size();
  std::vector<RecordResult> results(n);
  std::vector<json::object> records(n);
  std::vector<std::size_t> valid;
  for (std::size_t i = 0; i < n; ++i) {
    if (!array[i].is_object()) {
      results[i].outcome = "failed";
      results[i].message = "a record must be a JSON object";
      continue;
    }
    records[i] = std::move(array[i].as_object());
    const auto errors = check_record(records[i], op_->record_schema);
    if (!errors.empty()) {
      results[i].outcome = "failed";
      results[i].message = "the record does not match the " + op_->name + " schema";
      for (const auto& e : errors) results[i].field_errors.push_back({e.field, e.message});
      continue;
    }
    valid.push_back(i);
  }

  if (op_->batch_size > 1) {
    write_members(valid, records, results);
  } else {
    for (const auto i : valid) {
      if (stop_signal_.requested() || daily_limit_hit_ || auth_failed_) {
        results[i].outcome = "not_attempted";
        results[i].retryable = true;
        results[i].message = daily_limit_hit_ ? "stopped: the account's daily limit is reached"
                             : auth_failed_   ? "stopped: " + auth_message_
                                              : "cancelled before it was sent";
        if (daily_limit_hit_) results[i].retry_after = daily_limit_retry_after_;
        continue;
      }
      results[i] = write_one(records[i]);
    }
  }

  json::array out;
  std::map<std::string, std::uint64_t> summary;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& r = results[i];
    json::object o{{"index", i}, {"outcome", r.outcome}, {"retryable", r.retryable}};
    if (!r.id.empty()) o["id"] = r.id;
    if (r.http_status != 0) o["http_status"] = r.http_status;
    if (r.zoom_code) o["zoom_code"] = *r.zoom_code;
    if (!r.message.empty()) o["message"] = r.message;
    if (!r.field_errors.empty()) {
      json::array fe;
      for (const auto& e : r.field_errors)
        fe.push_back(json::object{{"field", e.field}, {"message", e.message}});
      o["field_errors"] = std::move(fe);
    }
    if (!r.retry_after.empty()) o["retry_after"] = r.retry_after;
    if (!r.check.empty()) o["check"] = r.check;
    if (r.call) o["call"] = *r.call;
    ++summary[r.outcome];
    if (r.outcome == "done" || r.outcome == "already_done") ++done_;
    out.push_back(std::move(o));
  }
  pushed_ += n;
  check_before_create_ = false;
  json::object sum;
  for (const auto& [k, v] : summary) sum[k] = v;
  if (context_.log)
    context_.log->info("write {}: {} records pushed{}", op_->name, n, dry_run_ ? " (dry run)" : "");
  return json::serialize(json::object{
      {"results", std::move(out)}, {"state", state_json()}, {"summary", std::move(sum)}});
}

}  // namespace zc::write
