#include "credential_form.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <climits>
#include <sstream>
#include <stdexcept>

#include "terminal_text.hpp"

namespace host_sim {
namespace {

namespace json = boost::json;

std::string string_or(const json::object& object, const char* key, std::string fallback) {
  if (const auto* value = object.if_contains(key); value != nullptr && value->is_string()) {
    return std::string(value->as_string());
  }
  return fallback;
}

bool flag(const json::object& object, const char* key) {
  const auto* value = object.if_contains(key);
  return value != nullptr && value->is_bool() && value->as_bool();
}

// Credential Name and Description come first for every connector.
int display_rank(const FormField& field) {
  if (field.key == "credential_name") return INT_MIN;
  if (field.key == "credential_description") return INT_MIN + 1;
  return field.order;
}

std::optional<std::size_t> size_or_none(const json::object& object, const char* key) {
  const auto* value = object.if_contains(key);
  if (value == nullptr) return std::nullopt;
  if (value->is_int64() && value->as_int64() >= 0) {
    return static_cast<std::size_t>(value->as_int64());
  }
  if (value->is_uint64()) return static_cast<std::size_t>(value->as_uint64());
  return std::nullopt;
}

// JSON Schema lengths count characters; the input is valid UTF-8 (Boost.JSON
// checks), so count the bytes that start a code point.
std::size_t code_points(std::string_view text) {
  return static_cast<std::size_t>(std::ranges::count_if(
      text, [](char c) { return (static_cast<unsigned char>(c) & 0xC0u) != 0x80u; }));
}

// A key the form does not know, as a refusal repeats it: at most 64 bytes
// (cut on a character boundary) and printable, since it is typed input.
std::string shown_key(std::string_view key) {
  constexpr std::size_t max_bytes = 64;
  if (key.size() <= max_bytes) return printable(key);
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(key[cut]) & 0xC0u) == 0x80u) --cut;
  return printable(key.substr(0, cut)) + "\u2026";
}

bool is_blank(const json::value& value) {
  return value.is_null() || (value.is_string() && value.as_string().empty());
}

// Why `text` does not satisfy the field's constraints, or "" when it does.
std::string check_text(const FormField& field, std::string_view text) {
  const std::size_t length = code_points(text);
  if (field.min_length && length < *field.min_length) {
    return *field.min_length == 1
               ? "must not be empty"
               : "must be at least " + std::to_string(*field.min_length) + " characters";
  }
  if (field.max_length && length > *field.max_length) {
    return "must be at most " + std::to_string(*field.max_length) + " characters";
  }
  if (!field.choices.empty() && std::ranges::find(field.choices, text) == field.choices.end()) {
    std::string list;
    for (const auto& choice : field.choices) list += (list.empty() ? "" : ", ") + choice;
    return "must be one of: " + list;
  }
  if (field.pattern) {
    if (!field.compiled_pattern) {
      return "cannot be checked: the connector's pattern for it is not a valid regex";
    }
    const re2::StringPiece piece(text.data(), text.size());
    if (!re2::RE2::PartialMatch(piece, *field.compiled_pattern)) return "has an invalid format";
  }
  return {};
}

}  // namespace

const FormField* CredentialForm::find(std::string_view key) const {
  const auto it = std::ranges::find(fields, key, &FormField::key);
  return it == fields.end() ? nullptr : &*it;
}

CredentialForm parse_credential_form(const std::string& schema_json) {
  boost::system::error_code ec;
  const json::value schema = json::parse(schema_json, ec);
  if (ec || !schema.is_object()) {
    throw std::invalid_argument("the plugin's credential schema is not a JSON object");
  }
  const json::object& root = schema.as_object();
  const json::value* properties = root.if_contains("properties");
  if (properties == nullptr || !properties->is_object()) {
    throw std::invalid_argument("the plugin's credential schema has no \"properties\" object");
  }
  CredentialForm form;
  form.title = string_or(root, "title", "Credential");
  form.description = string_or(root, "description", "");
  if (const auto* extra = root.if_contains("additionalProperties");
      extra != nullptr && extra->is_bool()) {
    form.additional_properties = extra->as_bool();
  }
  std::vector<std::string> required;
  if (const auto* list = root.if_contains("required"); list != nullptr && list->is_array()) {
    for (const auto& name : list->as_array()) {
      if (name.is_string()) required.emplace_back(name.as_string());
    }
  }
  for (const auto& [key, value] : properties->as_object()) {
    if (!value.is_object()) continue;
    const json::object& property = value.as_object();
    FormField field;
    field.key = std::string(key);
    field.label = string_or(property, "title", field.key);
    field.help = string_or(property, "description", "");
    field.type = string_or(property, "type", "string");
    field.min_length = size_or_none(property, "minLength");
    field.max_length = size_or_none(property, "maxLength");
    if (const auto* pattern = property.if_contains("pattern");
        pattern != nullptr && pattern->is_string()) {
      field.pattern = std::string(pattern->as_string());
      re2::RE2::Options options;
      options.set_log_errors(false);
      auto compiled = std::make_shared<const re2::RE2>(*field.pattern, options);
      if (compiled->ok()) field.compiled_pattern = std::move(compiled);
    }
    field.required = std::ranges::find(required, field.key) != required.end();
    field.secret = flag(property, "writeOnly") || flag(property, "x-secret");
    if (const auto* fallback = property.if_contains("default");
        fallback != nullptr && fallback->is_string()) {
      field.default_value = std::string(fallback->as_string());
    }
    if (const auto* choices = property.if_contains("enum");
        choices != nullptr && choices->is_array()) {
      for (const auto& choice : choices->as_array()) {
        if (choice.is_string()) field.choices.emplace_back(choice.as_string());
      }
    }
    field.order = INT_MAX;
    if (const auto* order = property.if_contains("x-order");
        order != nullptr && order->is_int64()) {
      field.order = static_cast<int>(order->as_int64());
    }
    form.fields.push_back(std::move(field));
  }
  std::ranges::stable_sort(form.fields, [](const FormField& a, const FormField& b) {
    const int rank_a = display_rank(a);
    const int rank_b = display_rank(b);
    return rank_a != rank_b ? rank_a < rank_b : a.key < b.key;
  });
  return form;
}

std::string render_form_text(const CredentialForm& form) {
  std::ostringstream out;
  out << "Add New Credential: " << form.title << "\n";
  if (!form.description.empty()) out << "  " << form.description << "\n";
  for (const FormField& field : form.fields) {
    out << "\n  " << field.label << (field.required ? " *" : "") << "\n";
    out << "    ["
        << (field.secret ? "********" : (field.default_value ? *field.default_value : "")) << "]"
        << (field.secret ? "  (secret: masked, never shown again)" : "") << "\n";
    if (!field.choices.empty()) {
      out << "    one of:";
      for (const auto& choice : field.choices) out << " " << choice;
      out << "\n";
    }
    if (!field.help.empty()) out << "    " << field.help << "\n";
  }
  out << "\n  * required\n";
  return out.str();
}

json::object form_to_json(const CredentialForm& form) {
  json::array fields;
  for (const FormField& field : form.fields) {
    json::object out;
    out["key"] = field.key;
    out["label"] = field.label;
    out["help"] = field.help;
    out["required"] = field.required;
    out["secret"] = field.secret;
    if (field.default_value) out["default"] = *field.default_value;
    if (!field.choices.empty()) {
      json::array choices;
      for (const auto& choice : field.choices) choices.emplace_back(choice);
      out["choices"] = std::move(choices);
    }
    if (field.max_length) out["max_length"] = *field.max_length;
    fields.emplace_back(std::move(out));
  }
  return {{"title", form.title}, {"description", form.description}, {"fields", std::move(fields)}};
}

json::object with_defaults(const CredentialForm& form, const json::object& input) {
  json::object out;
  for (const auto& [key, value] : input) {
    const FormField* field = form.find(key);
    if (field != nullptr && !field->required && is_blank(value)) continue;
    out[key] = value;
  }
  for (const FormField& field : form.fields) {
    if (field.default_value && !out.contains(field.key)) out[field.key] = *field.default_value;
  }
  return out;
}

std::vector<FieldError> validate_fields(const CredentialForm& form, const json::object& input) {
  std::vector<FieldError> errors;
  for (const FormField& field : form.fields) {
    const json::value* value = input.if_contains(field.key);
    if (value == nullptr || value->is_null()) {
      if (field.required) errors.push_back({field.key, field.label + " is required"});
      continue;
    }
    if (field.type == "string" && !value->is_string()) {
      errors.push_back({field.key, field.label + " must be text"});
      continue;
    }
    if (!value->is_string()) continue;  // non-string fields: only the type is ours to check
    const std::string_view text = value->as_string();
    if (text.empty() && field.required) {
      errors.push_back({field.key, field.label + " is required"});
      continue;
    }
    if (const std::string why = check_text(field, text); !why.empty()) {
      errors.push_back({field.key, field.label + " " + why});
    }
  }
  if (!form.additional_properties) {
    for (const auto& [key, value] : input) {
      if (form.find(key) == nullptr) {
        errors.push_back({std::string(key), "unknown field \"" + shown_key(key) + "\""});
      }
    }
  }
  return errors;
}

SplitFields split_secrets(const CredentialForm& form, const json::object& input) {
  SplitFields out;
  for (const auto& [key, value] : input) {
    const FormField* field = form.find(key);
    (field != nullptr && field->secret ? out.secret_fields : out.public_fields)[key] = value;
  }
  return out;
}

}  // namespace host_sim
