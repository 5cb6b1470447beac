#include "validation_state.hpp"

#include <array>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

namespace host_sim {
namespace {

struct StateWords {
  ValidationState state;
  std::string_view word;
  std::string_view label;
};

constexpr std::array<StateWords, 5> k_states{{
    {ValidationState::not_validated, "not_validated", "not validated"},
    {ValidationState::valid, "valid", "valid"},
    {ValidationState::rejected, "rejected", "rejected"},
    {ValidationState::could_not_check, "could_not_check", "could not check"},
    {ValidationState::error, "error", "error"},
}};

const StateWords& words_of(ValidationState state) {
  for (const auto& entry : k_states) {
    if (entry.state == state) return entry;
  }
  return k_states[4];
}

}  // namespace

std::string_view state_word(ValidationState state) { return words_of(state).word; }

std::string_view state_label(ValidationState state) { return words_of(state).label; }

ValidationState state_from_stored(std::string_view word, std::string_view verdict_json) {
  for (const auto& entry : k_states) {
    if (entry.word == word) return entry.state;
  }
  if (word.empty()) return ValidationState::not_validated;
  if (word == "ok") return ValidationState::valid;
  if (word == "unchecked") return ValidationState::could_not_check;
  if (word != "failed") return ValidationState::error;
  boost::system::error_code ec;
  const auto verdict = boost::json::parse(verdict_json, ec);
  const auto* status =
      !ec && verdict.is_object() ? verdict.as_object().if_contains("status") : nullptr;
  return state_for_failed_status(status != nullptr && status->is_string()
                                     ? std::string_view(status->as_string())
                                     : std::string_view());
}

ValidationState state_for_failed_status(std::string_view status) {
  if (status == "network" || status == "timeout" || status == "rate_limited" ||
      status == "remote_error") {
    return ValidationState::could_not_check;
  }
  if (status == "internal" || status == "not_implemented" || status == "incompatible" ||
      status == "cancelled") {
    return ValidationState::error;
  }
  return ValidationState::rejected;
}

std::string_view status_word(pp_status status) {
  switch (status) {
    case PP_STATUS_OK:
      return "ok";
    case PP_STATUS_INVALID_ARGUMENT:
      return "invalid_argument";
    case PP_STATUS_INCOMPATIBLE:
      return "incompatible";
    case PP_STATUS_NOT_IMPLEMENTED:
      return "not_implemented";
    case PP_STATUS_AUTH_FAILED:
      return "auth_failed";
    case PP_STATUS_PERMISSION_DENIED:
      return "permission_denied";
    case PP_STATUS_NETWORK:
      return "network";
    case PP_STATUS_TIMEOUT:
      return "timeout";
    case PP_STATUS_RATE_LIMITED:
      return "rate_limited";
    case PP_STATUS_REMOTE_ERROR:
      return "remote_error";
    case PP_STATUS_CANCELLED:
      return "cancelled";
    case PP_STATUS_INTERNAL:
      return "internal";
  }
  return "internal";
}

}  // namespace host_sim
