#include "write/write_results.hpp"

#include <boost/json.hpp>
#include <charconv>
#include <map>

#include "core/redactor.hpp"

namespace zc::write {
namespace json = boost::json;

namespace {

std::string redacted(const Redactor* redactor, const std::string& text) {
  return redactor != nullptr ? redactor->redact(text) : text;
}

json::value id_json(const std::string& id, bool integer) {
  std::int64_t number = 0;  // as a fetched record's id parses
  const char* end = id.data() + id.size();
  if (integer && !id.empty() && id.front() >= '1' && id.front() <= '9') {
    const auto [at, error] = std::from_chars(id.data(), end, number);
    if (error == std::errc() && at == end) return number;
  }
  return json::string(id);
}

json::object result_json(std::size_t index, const RecordResult& r, bool integer_ids) {
  json::object o{
      {"index", index}, {"outcome", outcome_word(r.outcome)}, {"retryable", r.retryable}};
  if (!r.id.empty()) o["id"] = id_json(r.id, integer_ids);
  if (r.http_status != 0) o["http_status"] = r.http_status;
  if (r.zoom_code) o["zoom_code"] = *r.zoom_code;
  if (!r.message.empty()) o["message"] = r.message;
  if (!r.field_errors.empty()) {
    json::array errors;
    for (const auto& e : r.field_errors)
      errors.push_back(json::object{{"field", e.field}, {"message", e.message}});
    o["field_errors"] = std::move(errors);
  }
  if (!r.retry_after.empty()) o["retry_after"] = r.retry_after;
  if (!r.check.empty()) o["check"] = r.check;
  if (r.call) o["call"] = *r.call;
  return o;
}

}  // namespace

RecordResult result_of(const WriteOutcome& answer, Outcome outcome, const Redactor* redactor) {
  RecordResult r;
  r.outcome = outcome;
  r.http_status = answer.http_status;
  r.zoom_code = answer.zoom_code;
  r.message = redacted(redactor, answer.message);
  r.field_errors = answer.field_errors;
  for (auto& e : r.field_errors) e.message = redacted(redactor, e.message);
  r.retry_after = answer.retry_after;
  return r;
}

bool counts_as_done(Outcome outcome) {
  return outcome == Outcome::done || outcome == Outcome::already_done;
}

std::string push_answer_json(const std::vector<RecordResult>& results, json::object state,
                             bool integer_ids) {
  json::array out;
  std::map<std::string_view, std::uint64_t> counts;
  for (std::size_t i = 0; i < results.size(); ++i) {
    out.push_back(result_json(i, results[i], integer_ids));
    ++counts[outcome_word(results[i].outcome)];
  }
  json::object summary;
  for (const auto& [word, n] : counts) summary[word] = n;
  return json::serialize(json::object{
      {"results", std::move(out)}, {"state", std::move(state)}, {"summary", std::move(summary)}});
}

}  // namespace zc::write
