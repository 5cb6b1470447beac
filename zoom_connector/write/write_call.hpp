// Turns one record into the Zoom call its operation makes: the path with its
// placeholders filled (percent-encoded), the query fields, and the body as the
// catalog's body rule says. Also fills lookup paths and masks secret fields
// for a dry run's report.
#pragma once

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "write/record_check.hpp"
#include "write/write_catalog.hpp"

namespace zc::write {

struct PlannedCall {
  std::string method;
  std::string target;  // path + query, under the API base
  std::string body;    // JSON text; empty: no body
};

// The call for `record` (already checked against the schema). `path`
// overrides the operation's path; `only`/`drop` limit the fields sent.
PlannedCall plan_call(const OperationSpec& op, const boost::json::object& record);

// A PATCH of `record` to `path` ("{email}" placeholders), sending the fields in
// `only` (all when empty) except those in `drop`.
PlannedCall plan_patch(const std::string& path, const boost::json::object& record,
                       const std::vector<std::string>& only, const std::vector<std::string>& drop);

// `path` with "{field}" placeholders from `record`; false (and `out` empty)
// when a field is missing or its value cannot fill a path segment
// (path_id_problem: empty, "." or "..").
bool fill_path(const std::string& path, const boost::json::object& record, std::string& out);

// Every field of `record` that a path of `op` (its own, its lookups', its
// follow-up PATCH's) takes and whose value cannot fill a path segment, each
// named once with why. Checked before any call: such a record fails.
std::vector<RecordError> path_id_errors(const OperationSpec& op, const boost::json::object& record);

// A record value as text for a path or query ("123", "a@b.c", "1,2" for arrays).
std::string value_text(const boost::json::value& v);

// `body` with the values of the schema's x-secret properties (any depth) replaced.
boost::json::value mask_secrets(const boost::json::value& body, const boost::json::object& schema);

std::vector<std::string> string_list(const boost::json::object& o, std::string_view key);

}  // namespace zc::write
