// host_sim's schema-driven form. Input byte 0 even: the rest is the typed
// fields (a JSON object) checked against the plugin's credential schema;
// odd: the rest is a schema (a hostile plugin's) and fixed fields are
// checked against it. Invariants: messages never repeat a secret field's
// value (told from labels and keys that hold it by a stand-in value, see
// fuzz::stand_in), at most one message per field, and splitting keeps every
// field.
#include <boost/json/parse.hpp>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "credential_form.hpp"
#include "fuzz_support.hpp"

namespace zc::embedded {
extern const std::string_view fuzz_credential_schema;
}  // namespace zc::embedded

namespace {

namespace json = boost::json;

// The message `validate_fields` gives for `key`, or "".
std::string message_for(const std::vector<host_sim::FieldError>& errors, const std::string& key) {
  for (const auto& error : errors) {
    if (error.key == key) return error.message;
  }
  return {};
}

void check(const host_sim::CredentialForm& form, const json::object& input) {
  const auto errors = host_sim::validate_fields(form, input);
  std::set<std::string> keys;
  for (const auto& error : errors) FUZZ_CHECK(keys.insert(error.key).second);
  // No message repeats a secret field's value: labels, choices and unknown
  // keys are repeated on purpose and may hold it, so a message counts only
  // if it loses the value when the value alone changes.
  for (const auto& field : form.fields) {
    const auto* value = input.if_contains(field.key);
    if (!field.secret || value == nullptr || !value->is_string()) continue;
    const std::string text(value->as_string());
    if (!fuzz::marked_value(text)) continue;
    json::object other = input;
    other[field.key] = fuzz::stand_in(text);
    const auto again = host_sim::validate_fields(form, other);
    for (const auto& error : errors) {
      FUZZ_CHECK(!fuzz::repeats(error.message, message_for(again, error.key), text));
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
