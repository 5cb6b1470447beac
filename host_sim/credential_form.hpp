// The "Add New Credential" form, read from a plugin's JSON Schema. Nothing
// here knows about Zoom: field order, labels, help, defaults, secrecy and the
// checks on what the user typed all come from the schema.
#pragma once

#include <boost/json/object.hpp>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace re2 {
class RE2;
}  // namespace re2

namespace host_sim {

struct FormField {
  std::string key;    // the JSON property name
  std::string label;  // "title", or the key when there is none
  std::string help;   // "description"
  std::string type;   // "type" ("string" for every field a form shows)
  bool required = false;
  bool secret = false;  // "writeOnly" or "x-secret": masked, never shown again
  std::optional<std::string> default_value;
  std::vector<std::string> choices;       // "enum"
  std::optional<std::size_t> min_length;  // in characters (code points)
  std::optional<std::size_t> max_length;
  std::optional<std::string> pattern;  // the schema's regex, unanchored like JSON Schema
  // The pattern compiled by RE2 (linear time, no recursion on the input);
  // null when it does not compile (RE2 has no lookaround or backreferences).
  std::shared_ptr<const re2::RE2> compiled_pattern;
  int order = 0;  // "x-order"; fields without it follow, by name
};

struct CredentialForm {
  std::string title;
  std::string description;
  bool additional_properties = true;  // false: unknown fields are refused by name
  std::vector<FormField> fields;      // in display order

  const FormField* find(std::string_view key) const;
};

// One message per field that failed; key is the field (or the unknown name).
struct FieldError {
  std::string key;
  std::string message;
};

// Throws std::invalid_argument when the schema is not an object schema.
CredentialForm parse_credential_form(const std::string& schema_json);

// The form as plain text, the way the terminal flow shows it.
std::string render_form_text(const CredentialForm& form);

// The form as JSON for a UI: title, description and the fields in order.
boost::json::object form_to_json(const CredentialForm& form);

// Fills absent fields that have a schema default. Empty strings count as
// absent for optional fields and are dropped.
boost::json::object with_defaults(const CredentialForm& form, const boost::json::object& input);

// Checks input against the schema the way a host must (never trust a form):
// required, type, minLength, maxLength, pattern, enum, additionalProperties.
// A pattern is matched by RE2, whose \s is ASCII white space only.
// At most one message per field, in form order; unknown fields last.
std::vector<FieldError> validate_fields(const CredentialForm& form,
                                        const boost::json::object& input);

// The secret fields of `input` and the rest, split by the schema's flags.
struct SplitFields {
  boost::json::object public_fields;
  boost::json::object secret_fields;
};
SplitFields split_secrets(const CredentialForm& form, const boost::json::object& input);

}  // namespace host_sim
