#include "credential_form.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <climits>
#include <sstream>
#include <stdexcept>

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

}  // namespace

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
    out << "    [" << (field.secret ? "********" : (field.default_value ? *field.default_value : ""))
        << "]" << (field.secret ? "  (secret: masked, never shown again)" : "") << "\n";
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

}  // namespace host_sim
