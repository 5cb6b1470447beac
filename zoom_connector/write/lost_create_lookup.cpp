#include "write/lost_create_lookup.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "core/iso_time.hpp"
#include "core/oauth_encoding.hpp"
#include "write/write_call.hpp"

namespace zc::write {
namespace json = boost::json;

namespace {

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

std::string id_of(const json::object& item) {
  for (const char* key : {"id", "registrant_id"})
    if (auto v = text_of(item, key); !v.empty()) return v;
  return {};
}

// One query string per value of a list-valued query parameter (e.g. the
// registrant statuses "pending,approved": one pass each).
std::vector<std::string> queries_of(const Lookup& lookup) {
  std::vector<std::string> queries{""};
  for (const auto& [name, value] : lookup.query) {
    std::vector<std::string> values;
    for (std::size_t at = 0; at <= value.size();) {
      const auto comma = value.find(',', at);
      values.push_back(
          value.substr(at, comma == std::string::npos ? std::string::npos : comma - at));
      if (comma == std::string::npos) break;
      at = comma + 1;
    }
    std::vector<std::string> grown;
    for (const auto& q : queries)
      for (const auto& v : values) grown.push_back(q + (q.empty() ? "" : "&") + name + "=" + v);
    queries = std::move(grown);
  }
  return queries;
}

// A lookup's answer: a 200 with a JSON object, else why not.
Result<json::object> object_of(const CallResult& read) {
  if (read.end == CallEnd::stopped) return fail(Status::cancelled, "cancelled");
  if (!read.attempt.response)
    return fail(Status::network, "the lookup got no answer: " + read.attempt.error.message);
  const HttpResponse& r = *read.attempt.response;
  boost::system::error_code ec;
  auto body = json::parse(r.body, ec);
  if (r.status != 200 || ec || !body.is_object())
    return fail(Status::remote_error, "the lookup answered HTTP " + std::to_string(r.status));
  return std::move(body.as_object());
}

// The pages of one list query, read one at a time: at most `max_pages`.
class LookupPager {
 public:
  LookupPager(RetryingCaller& caller, RateCategory category, std::string path, std::string query,
              std::size_t max_pages)
      : caller_(caller),
        category_(category),
        path_(std::move(path)),
        query_(std::move(query)),
        pages_left_(max_pages) {}

  // The next page's object; nullopt after the last page. An error when a
  // page cannot be read or there are more pages than the bound.
  Result<std::optional<json::object>> next() {
    if (finished_) return std::optional<json::object>();
    if (pages_left_ == 0) return fail(Status::remote_error, "too many pages to check");
    --pages_left_;
    std::string target = path_ + "?" + query_ + (query_.empty() ? "" : "&") + "page_size=300";
    if (!token_.empty()) target += "&next_page_token=" + token_;
    auto page = object_of(read_for_write(caller_, category_, target));
    if (!page) return std::unexpected(page.error());
    token_ = form_urlencode(text_of(*page, "next_page_token"));
    finished_ = token_.empty();
    return std::optional<json::object>(std::move(*page));
  }

 private:
  RetryingCaller& caller_;
  RateCategory category_;
  std::string path_;
  std::string query_;
  std::size_t pages_left_;
  std::string token_;
  bool finished_ = false;
};

}  // namespace

CallResult read_for_write(RetryingCaller& caller, RateCategory category,
                          const std::string& target) {
  const Judge judge = [](Attempt& attempt) {
    if (!attempt.sent) return Judgement::accept;  // no token, URL policy: nothing to repeat
    const bool bad = !attempt.response || attempt.response->status >= 500;
    return bad ? Judgement::repeat : Judgement::accept;
  };
  return caller.call(ApiCall{"GET", target, {}, category}, judge);
}

Result<std::optional<std::string>> LostCreateLookup::find(
    const Lookup& lookup, const json::object& record,
    std::optional<std::chrono::sys_seconds> not_before) {
  std::string path;
  if (!fill_path(lookup.path, record, path))
    return fail(Status::invalid_argument, "the record lacks a field of the lookup path");
  for (const auto& [field, from] : lookup.match) {
    const auto* v = record.if_contains(from);
    if (v == nullptr || v->is_null())
      return fail(Status::invalid_argument, "the record has no " + from + " to compare");
  }
  auto matches = [&](const json::object& item) {
    if (not_before) {
      if (const auto created = parse_iso_utc(text_of(item, "created_at"));
          created && *created < *not_before)
        return false;
    }
    for (const auto& [field, from] : lookup.match) {
      const auto* a = item.if_contains(field);
      if (a == nullptr || !same_value(*a, record.at(from), field)) return false;
    }
    return true;
  };
  const std::vector<std::string> queries = queries_of(lookup);
  if (lookup.array.empty()) {  // the answer is the record itself, e.g. GET /users/{email}
    const std::string& query = queries.front();
    const CallResult read =
        read_for_write(caller_, category_, query.empty() ? path : path + "?" + query);
    if (read.end != CallEnd::stopped && read.attempt.response &&
        read.attempt.response->status == 404)
      return std::optional<std::string>();  // e.g. 1001: no such user
    auto item = object_of(read);
    if (!item) return std::unexpected(item.error());
    if (!matches(*item)) return std::optional<std::string>();
    return std::optional<std::string>(id_of(*item));
  }
  for (const auto& query : queries) {
    LookupPager pager(caller_, category_, path, query, max_pages_);
    for (;;) {
      auto page = pager.next();
      if (!page) return std::unexpected(page.error());
      if (!*page) break;
      if (const auto* list = (*page)->if_contains(lookup.array); list && list->is_array())
        for (const auto& item : list->as_array())
          if (item.is_object() && matches(item.as_object()))
            return std::optional<std::string>(id_of(item.as_object()));
    }
  }
  return std::optional<std::string>();
}

std::string check_text(const OperationSpec& op) {
  if (op.natural_lookup) {
    std::string fields;
    for (const auto& [field, from] : op.natural_lookup->match)
      fields += (fields.empty() ? "" : " and ") + from;
    return "the answer was lost and the check could not be made: look for this record's " + fields +
           " with GET " + op.natural_lookup->path +
           " before sending it again (sending it blindly may create a duplicate)";
  }
  return "the answer was lost: check " + op.method + " " + op.path +
         "'s target before sending it again";
}

}  // namespace zc::write
