// The "Add New Credential" form, read from a plugin's JSON Schema. Nothing
// here knows about Zoom: field order, labels, help, defaults and secrecy all
// come from the schema.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace host_sim {

struct FormField {
  std::string key;          // the JSON property name
  std::string label;        // "title", or the key when there is none
  std::string help;         // "description"
  bool required = false;
  bool secret = false;      // "writeOnly" or "x-secret": masked, never shown again
  std::optional<std::string> default_value;
  std::vector<std::string> choices;  // "enum"
  int order = 0;            // "x-order"; fields without it follow, by name
};

struct CredentialForm {
  std::string title;
  std::string description;
  std::vector<FormField> fields;  // in display order
};

// Throws std::invalid_argument when the schema is not an object schema.
CredentialForm parse_credential_form(const std::string& schema_json);

// The form as plain text, the way the terminal flow shows it.
std::string render_form_text(const CredentialForm& form);

}  // namespace host_sim
