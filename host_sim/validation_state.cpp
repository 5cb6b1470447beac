#include "validation_state.hpp"

#include <array>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "pipeline_plugin.hpp"

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
  switch (pp::status_of_word(status).value_or(PP_STATUS_OK)) {
    case PP_STATUS_NETWORK:
    case PP_STATUS_TIMEOUT:
    case PP_STATUS_RATE_LIMITED:
    case PP_STATUS_REMOTE_ERROR:
      return ValidationState::could_not_check;
    case PP_STATUS_INVALID_ARGUMENT:  // refused input: not Zoom's word on the credential
    case PP_STATUS_INTERNAL:
    case PP_STATUS_NOT_IMPLEMENTED:
    case PP_STATUS_INCOMPATIBLE:
    case PP_STATUS_CANCELLED:
      return ValidationState::error;
    default:
      return ValidationState::rejected;
  }
}

}  // namespace host_sim
