// The group-member path of a write session: records of one group go up to
// 30 per call, and Zoom's answer is mapped back to one result per record.
// Adding a member again changes nothing, so a lost answer is simply sent
// again; an e-mail Zoom's ids cannot confirm is looked up in the group.
#include <boost/json.hpp>

#include "core/bounded_text.hpp"
#include "write/write_session.hpp"

namespace zc::write {
namespace json = boost::json;

namespace {

std::string text_of(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return {};
  return value_text(*v);
}

}  // namespace

void WriteSession::write_members(const std::vector<std::size_t>& indices,
                                 const std::vector<json::object>& records,
                                 std::vector<RecordResult>& results) {
  std::vector<MemberRecord> members;
  for (const auto i : indices)
    members.push_back(MemberRecord{text_of(records[i], "group_id"), text_of(records[i], "id"),
                                   text_of(records[i], "email")});
  const AnswerRules rules = op_->answer_rules();
  for (const auto& batch : batch_members(members, op_->batch_size)) {
    PlannedCall call{op_->method, {}, batch.body};
    fill_path(op_->path, json::object{{"group_id", batch.group_id}}, call.target);
    auto all = [&](const RecordResult& r) {
      for (const auto local : batch.records) results[indices[local]] = r;
    };
    if (request_.dry_run) {
      RecordResult r;
      r.outcome = Outcome::would_do;
      r.call = json::object{
          {"method", call.method}, {"path", call.target}, {"body", json::parse(call.body)}};
      all(r);
      continue;
    }
    if (stop_signal_.requested() || daily_limit_hit_ || auth_failed_) {
      RecordResult r;
      r.outcome = Outcome::not_attempted;
      r.retryable = true;
      r.message =
          daily_limit_hit_ ? "stopped: the account's daily limit" : "stopped before it was sent";
      all(r);
      continue;
    }
    // Adding a member again changes nothing, so a lost answer is simply sent again.
    WriteOutcome o;
    const CallResult sent = caller_.call({call.method, call.target, call.body, op_->category},
                                         repeat_when_safe(rules, o, true));
    if (sent.end == CallEnd::stopped || (sent.end == CallEnd::answered && !sent.attempt.sent)) {
      RecordResult r;
      r.outcome = Outcome::not_attempted;
      r.retryable = true;
      r.message =
          "not sent: " + (sent.attempt.stopped ? std::string("cancelled")
                                               : redact(bounded_text(sent.attempt.error.message)));
      all(r);
      continue;
    }
    if (sent.end == CallEnd::daily_limit || sent.end == CallEnd::throttled_out)
      o = classify_attempt(rules, sent.attempt);
    if (sent.end == CallEnd::answered && o.outcome == Outcome::done) {
      member_results(batch, members, o, indices, results);
      continue;
    }
    if (o.outcome == Outcome::rate_limited) daily_limit_hit_ = true;
    RecordResult r =
        result(o, o.outcome == Outcome::rate_limited ? Outcome::rate_limited : Outcome::failed);
    r.retryable =
        o.retry_may_help() || o.outcome == Outcome::repeat || o.outcome == Outcome::unknown;
    all(r);
  }
}

void WriteSession::member_results(const MemberBatch& batch,
                                  const std::vector<MemberRecord>& members, const WriteOutcome& o,
                                  const std::vector<std::size_t>& indices,
                                  std::vector<RecordResult>& results) {
  const auto mapped = map_member_answer(batch, members, o.created_id);
  for (std::size_t k = 0; k < batch.records.size(); ++k) {
    const auto local = batch.records[k];
    RecordResult r = result(o, Outcome::done);
    r.message.clear();
    if (mapped[k] == MemberResult::not_added) {
      r.outcome = Outcome::failed;
      r.message = "Zoom did not add this user (no such user in the account)";
    } else if (mapped[k] == MemberResult::check) {
      Lookup lookup = *op_->natural_lookup;
      lookup.match = {{"email", "email"}};
      const json::object rec{{"group_id", batch.group_id}, {"email", members[local].email}};
      auto found = lookup_.find(lookup, rec);
      if (!found) {
        r.outcome = Outcome::unknown;
        r.check = "list GET /groups/{group_id}/members for this record's email";
      } else if (!*found) {
        r.outcome = Outcome::failed;
        r.message = "Zoom did not add this e-mail (no such user in the account)";
      } else {
        r.id = **found;
      }
    } else {
      r.id = members[local].id;
    }
    results[indices[local]] = r;
  }
}

}  // namespace zc::write
