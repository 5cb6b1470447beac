// host_sim's schema-driven form. Input byte 0 even: the rest is the typed
// fields (a JSON object) checked against the plugin's credential schema;
// odd: the rest is a schema (a hostile plugin's) and fixed fields are
// checked against it. Invariants: messages never repeat a secret field's
// value, at most one message per field, and splitting keeps every field.
#include <algorithm>
#include <boost/json/parse.hpp>
#include <set>
#include <stdexcept>
#include <string>

#include "credential_form.hpp"
#include "fuzz_support.hpp"

namespace zc::embedded {
extern const std::string_view fuzz_credential_schema;
}  // namespace zc::embedded

namespace {

namespace json = boost::json;

// True when `value` is inside a text a refusal may repeat on purpose: a
// field's label or choices (the schema's words) or a key of the input (an
// unknown field is named). A hit there is those words, not a leak.
bool in_repeated_words(const host_sim::CredentialForm& form, const json::object& input,
                       std::string_view value) {
  const auto holds = [value](std::string_view text) {
    return text.find(value) != std::string_view::npos;
  };
  for (const auto& field : form.fields) {
    if (holds(field.label) || std::ranges::any_of(field.choices, holds)) return true;
  }
  return std::ranges::any_of(input, [&](const auto& entry) { return holds(entry.key()); });
}

void check(const host_sim::CredentialForm& form, const json::object& input) {
  const auto errors = host_sim::validate_fields(form, input);
  std::set<std::string> keys;
  for (const auto& error : errors) {
    FUZZ_CHECK(keys.insert(error.key).second);
    for (const auto& field : form.fields) {
      const auto* value = input.if_contains(field.key);
      if (!field.secret || value == nullptr || !value->is_string()) continue;
      if (!fuzz::marked_value(value->as_string())) continue;
      if (in_repeated_words(form, input, value->as_string())) continue;
      FUZZ_CHECK(error.message.find(std::string(value->as_string())) == std::string::npos);
    }
  }
  const json::object filled = host_sim::with_defaults(form, input);
  const auto split = host_sim::split_secrets(form, filled);
  FUZZ_CHECK(split.public_fields.size() + split.secret_fields.size() == filled.size());
  for (const auto& [key, value] : split.secret_fields) {
    const auto* field = form.find(key);
    FUZZ_CHECK(field != nullptr && field->secret);
    FUZZ_CHECK(!split.public_fields.contains(key));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const host_sim::CredentialForm plugin_form =
      host_sim::parse_credential_form(std::string(zc::embedded::fuzz_credential_schema));
  const std::string_view rest = fuzz::as_text(data + 1, size - 1);
  boost::system::error_code ec;
  if (data[0] % 2 == 0) {
    const json::value input = json::parse(rest, ec);
    if (ec || !input.is_object()) return 0;
    check(plugin_form, input.as_object());
    return 0;
  }
  host_sim::CredentialForm form;
  try {
    form = host_sim::parse_credential_form(std::string(rest));
  } catch (const std::invalid_argument&) {
    return 0;
  }
  (void)host_sim::render_form_text(form);
  (void)host_sim::form_to_json(form);
  json::object input;
  for (const auto& field : form.fields) input[field.key] = "typed value! \xc3\xa9 1234567890";
  input["not_in_the_schema"] = "x";
  check(form, input);
  return 0;
}
