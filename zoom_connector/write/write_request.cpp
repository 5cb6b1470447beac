#include "write/write_request.hpp"

#include <boost/json.hpp>

#include "core/bounded_text.hpp"
#include "core/json_input.hpp"

namespace zc::write {
namespace {

namespace json = boost::json;

Error invalid(std::string what) {
  return Error::make(Status::invalid_argument, "write request: " + std::move(what));
}

// A boolean field; absent or null: `fallback`.
Result<bool> flag(const json::object& request, std::string_view key, bool fallback) {
  const auto* value = request.if_contains(key);
  if (value == nullptr || value->is_null()) return fallback;
  if (!value->is_bool()) return std::unexpected(invalid(std::string(key) + " must be a boolean"));
  return value->as_bool();
}

}  // namespace

Result<WriteRequest> parse_write_request(std::string_view text) {
  auto parsed = parse_json_object(text, "write request");
  if (!parsed) return std::unexpected(parsed.error());
  const json::object& request = *parsed;
  for (const auto& [key, value] : request) {
    if (key != "operation" && key != "dry_run" && key != "state" && key != "plan" &&
        key != "rate_share" && key != "resume")
      return std::unexpected(invalid("unknown field \"" + bounded_text(key, 64) + "\""));
  }
  WriteRequest out;
  const auto* name = request.if_contains("operation");
  if (name == nullptr || !name->is_string())
    return std::unexpected(invalid("\"operation\" (a string) is required"));
  out.operation = find_operation(name->as_string());
  if (out.operation == nullptr)
    return std::unexpected(invalid("unknown operation \"" + bounded_text(name->as_string(), 64) +
                                   "\" (see the write catalog)"));
  const auto dry_run = flag(request, "dry_run", false);
  if (!dry_run) return std::unexpected(dry_run.error());
  out.dry_run = *dry_run;
  std::vector<std::string> problems;
  out.rate = read_rate_plan(request, out.rate, problems);
  if (!problems.empty()) return std::unexpected(invalid(problems.front()));
  if (const auto* state = request.if_contains("state"); state != nullptr && !state->is_null()) {
    if (!state->is_object()) return std::unexpected(invalid("state must be a checkpoint object"));
    auto loaded = WriteState::load(state->as_object(), *out.operation);
    if (!loaded) return std::unexpected(loaded.error());
    out.state = std::move(*loaded);
  }
  const auto resume = flag(request, "resume", out.state.has_value());
  if (!resume) return std::unexpected(resume.error());
  out.check_before_create = *resume;
  return out;
}

}  // namespace zc::write
