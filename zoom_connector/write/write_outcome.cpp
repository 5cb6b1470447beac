#include "write/write_outcome.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <utility>

#include "core/bounded_text.hpp"
#include "core/rate_limit_answer.hpp"
#include "core/zoom_codes.hpp"

namespace zc::write {

namespace json = boost::json;

std::string_view outcome_word(Outcome o) {
  switch (o) {
    case Outcome::done:
      return "done";
    case Outcome::already_done:
      return "already_done";
    case Outcome::failed:
      return "failed";
    case Outcome::host_daily_limit:
      return "host_daily_limit";
    case Outcome::rate_limited:
      return "rate_limited";
    case Outcome::not_attempted:
      return "not_attempted";
    case Outcome::unknown:
      return "unknown";
    case Outcome::would_do:
      return "would_do";
    case Outcome::exists:
      return "exists";
    case Outcome::repeat:
      return "repeat";
  }
  return "unknown";
}

namespace {

struct Parsed {
  bool json = false;
  std::optional<int> code;
  std::string message;
  std::vector<FieldError> errors;
  std::string id;
};

Parsed parse(const HttpResponse& r, std::string_view id_field) {
  Parsed p;
  boost::system::error_code ec;
  const auto v = json::parse(r.body, ec);
  if (ec || !v.is_object()) return p;
  p.json = true;
  const auto& o = v.as_object();
  // Only an int: 2^32 + 1005 cut to an int would read as 1005 (exists).
  if (const auto* c = o.if_contains("code");
      c && c->is_int64() && std::in_range<int>(c->as_int64()))
    p.code = static_cast<int>(c->as_int64());
  if (const auto* m = o.if_contains("message"); m && m->is_string())
    p.message = bounded_text(m->as_string());
  if (const auto* id = o.if_contains(id_field)) {
    if (id->is_string()) p.id = bounded_text(id->as_string(), 4096);
    if (id->is_int64()) p.id = std::to_string(id->as_int64());
    if (id->is_uint64()) p.id = std::to_string(id->as_uint64());
  }
  if (const auto* errs = o.if_contains("errors"); errs && errs->is_array()) {
    for (const auto& e : errs->as_array()) {
      if (p.errors.size() >= 100) break;  // a hostile answer cannot grow this without bound
      const auto* eo = e.if_object();
      if (!eo) continue;
      FieldError fe;
      if (const auto* f = eo->if_contains("field"); f && f->is_string())
        fe.field = bounded_text(f->as_string(), 200);
      if (const auto* m = eo->if_contains("message"); m && m->is_string())
        fe.message = bounded_text(m->as_string());
      p.errors.push_back(std::move(fe));
    }
  }
  return p;
}

bool contains_ci(std::string_view hay, std::string_view needle) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  return std::search(hay.begin(), hay.end(), needle.begin(), needle.end(),
                     [&](char a, char b) { return lower(a) == lower(b); }) != hay.end();
}

}  // namespace

WriteOutcome classify_write_answer(const AnswerRules& rules, const HttpResponse* answer,
                                   std::string_view transport_error) {
  WriteOutcome out;
  const bool create = rules.kind == WriteKind::create;
  if (!answer) {
    out.outcome = create ? Outcome::unknown : Outcome::repeat;
    out.message = bounded_text(transport_error.empty() ? "no answer" : transport_error);
    return out;
  }
  const auto& r = *answer;
  out.http_status = r.status;
  const Parsed p = parse(r, rules.id_field);
  out.zoom_code = p.code;
  out.message = p.message;
  out.field_errors = p.errors;
  if (const auto ra = r.header("retry-after")) out.retry_after = bounded_text(*ra, 64);

  if (r.status == rules.success_status) {
    out.outcome = Outcome::done;
    out.created_id = p.id;
    return out;
  }
  if (r.status >= 200 && r.status < 300) {
    // Not the answer Zoom gives (a proxy's page, a cut body): a create may have happened.
    out.outcome = create ? Outcome::unknown : Outcome::repeat;
    if (out.message.empty()) out.message = "unexpected answer " + std::to_string(r.status);
    return out;
  }
  if (r.status == 429) {
    if (!is_daily_limit(r))
      out.outcome = Outcome::repeat;
    else
      out.outcome = contains_ci(p.message, "particular user") ? Outcome::host_daily_limit
                                                              : Outcome::rate_limited;
    return out;
  }
  if (r.status == 401 || p.code == zoom_code::invalid_access_token) {
    out.outcome = Outcome::repeat;  // a new token, then the same call
    return out;
  }
  if (r.status >= 500) {
    out.outcome = create ? Outcome::unknown : Outcome::repeat;
    if (out.message.empty()) out.message = "server error " + std::to_string(r.status);
    return out;
  }
  if (rules.kind == WriteKind::remove && p.code &&
      std::find(rules.gone_codes.begin(), rules.gone_codes.end(), *p.code) !=
          rules.gone_codes.end()) {
    out.outcome = Outcome::already_done;
    return out;
  }
  if (create && rules.conflict_code && r.status == rules.conflict_status &&
      p.code == rules.conflict_code) {
    out.outcome = Outcome::exists;
    return out;
  }
  out.outcome = Outcome::failed;
  if (!p.json && out.message.empty())
    out.message =
        "HTTP " + std::to_string(r.status) + " without a Zoom answer (a proxy or firewall?)";
  return out;
}

WriteOutcome classify_attempt(const AnswerRules& rules, const Attempt& attempt) {
  return classify_write_answer(rules, attempt.response ? &*attempt.response : nullptr,
                               attempt.error.message);
}

Judge repeat_when_safe(const AnswerRules& rules, WriteOutcome& last, bool repeat_lost) {
  return [&rules, &last, repeat_lost](Attempt& attempt) {
    if (!attempt.sent) return Judgement::accept;
    last = classify_attempt(rules, attempt);
    const bool again =
        last.outcome == Outcome::repeat || (repeat_lost && last.outcome == Outcome::unknown);
    return again ? Judgement::repeat : Judgement::accept;
  };
}

}  // namespace zc::write
