// The write catalog the plugin embeds (schemas/write_catalog.json with every
// record schema inlined), read once into one spec per operation, and marked
// per credential for destination validation.
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "core/rate_limiter.hpp"
#include "write/write_outcome.hpp"

namespace zc::write {

// A read that finds a record by its natural key (after a lost answer) or the
// host of a meeting/webinar to update.
struct Lookup {
  std::string path;                                        // "{field}" placeholders
  std::vector<std::pair<std::string, std::string>> query;  // name, value (lists joined by ',')
  std::string array;  // the answer's list ("meetings"); empty: the answer is the object
  std::vector<std::pair<std::string, std::string>> match;  // answer field, record field
};

struct OperationSpec {
  std::string name;
  WriteKind kind = WriteKind::create;
  std::string method;
  std::string path;
  std::vector<std::string> query;
  boost::json::value body;  // "record", "none" or the object form
  std::string classic_scope, granular_scope;
  std::optional<std::pair<std::string, std::string>> scopes_also;  // classic, granular
  RateCategory category = RateCategory::light;
  std::string cap_family;  // "meetings"/"webinars"; empty: no per-host cap
  int cap_limit = 0;       // calls per host and UTC day ("daily_cap.limit")
  std::string cap_host_field;
  std::optional<Lookup> cap_host_lookup;
  std::size_t batch_size = 1;
  long success_status = 201;  // what Zoom answers when the write is applied
  std::string result_id;
  bool result_id_is_integer = false;  // "result_id_type": "integer", as the fetched records have it
  std::string repeat_kind;            // "conflict", "idempotent", "duplicates"
  std::vector<int> gone_codes;
  // A create of what exists: 409 and this code ("repeat.code", or the
  // "on_conflict" rule's status and code).
  long conflict_status = 409;
  std::optional<int> conflict_code;
  std::optional<Lookup> natural_lookup;
  boost::json::object on_conflict;
  boost::json::object after_create;
  boost::json::object record_schema;

  // How an answer to this operation's call is read (write_outcome).
  AnswerRules answer_rules() const {
    return AnswerRules{kind,          success_status,
                       gone_codes,    conflict_status,
                       conflict_code, result_id.empty() ? "id" : result_id};
  }
};

// The embedded catalog text (what write_catalog_json returns).
std::string_view embedded_write_catalog();

// Every operation, in catalog order; parsed once. Throws if the embedded
// catalog is malformed (a build defect the tests catch), e.g. a follow-up
// rule ("on_conflict", "after_create") whose "then" names no operation.
const std::vector<OperationSpec>& operation_specs();
const OperationSpec* find_operation(std::string_view name);

// One "classic or granular" alternative per scope `granted` lacks for `op`.
std::vector<std::string> missing_write_scopes(const OperationSpec& op,
                                              const std::set<std::string>& granted);

// The catalog with every operation marked "allowed" and its "missing_scopes".
Result<std::string> mark_write_catalog(const std::set<std::string>& granted);

}  // namespace zc::write
