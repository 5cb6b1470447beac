#include "write/write_state.hpp"

#include "core/iso_time.hpp"

namespace zc::write {
namespace {

namespace json = boost::json;

constexpr std::string_view k_version = "zoom-write-1";

std::string text_of(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::optional<std::uint64_t> count_of(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || !v->is_int64() || v->as_int64() < 0) return std::nullopt;
  return static_cast<std::uint64_t>(v->as_int64());
}

}  // namespace

Result<WriteState> WriteState::load(const json::object& blob, const OperationSpec& operation) {
  if (text_of(blob, "version") != k_version || text_of(blob, "operation") != operation.name)
    return fail(Status::invalid_argument,
                "write request: the state is not a checkpoint of a " + operation.name + " write");
  WriteState state;
  if (const auto* caps = blob.if_contains("host_caps"); caps != nullptr && caps->is_object())
    state.host_caps = caps->as_object();
  state.pushed = count_of(blob, "pushed").value_or(0);
  state.done = count_of(blob, "done").value_or(0);
  state.saved_at = parse_iso_utc(text_of(blob, "saved_at"));
  return state;
}

json::object WriteState::to_json(const OperationSpec& operation) const {
  json::object out{{"version", k_version},
                   {"operation", operation.name},
                   {"host_caps", host_caps},
                   {"pushed", pushed}};
  if (saved_at) out["saved_at"] = format_iso_utc(*saved_at);
  out["done"] = done;
  return out;
}

}  // namespace zc::write
