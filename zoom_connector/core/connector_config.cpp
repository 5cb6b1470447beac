#include "core/connector_config.hpp"

#include <algorithm>
#include <array>
#include <boost/json/parse.hpp>
#include <filesystem>
#include <limits>
#include <regex>
#include <variant>

namespace zc::embedded {
extern const std::string_view credential_schema_rules;  // schemas/zoom.credential.schema.json
}  // namespace zc::embedded

namespace zc {
namespace {

// ---- The credential field table: key -> member, plus a sentence for the
// schema's pattern. Constraints (required, lengths, pattern, default, secret)
// come from the embedded schema itself, so the form and the check agree.
struct CredentialField {
  std::string_view key;
  std::string CredentialConfig::*member;
  std::string_view pattern_rule;  // what the pattern means, for people
};

constexpr std::array<CredentialField, 6> k_credential_fields{{
    {"credential_name", &CredentialConfig::credential_name, "must not be only whitespace"},
    {"credential_description", &CredentialConfig::credential_description, ""},
    {"account_id", &CredentialConfig::account_id, "must not contain spaces"},
    {"client_id", &CredentialConfig::client_id, "must not contain spaces or ':'"},
    {"client_secret", &CredentialConfig::client_secret, "must not be only whitespace"},
    {"validation_url", &CredentialConfig::validation_url, ""},
}};

struct SchemaField {
  std::string key;
  std::string title;
  bool required = false;
  bool secret = false;
  std::size_t min_length = 0;
  std::size_t max_length = std::numeric_limits<std::size_t>::max();
  std::optional<std::regex> pattern;
  std::optional<std::string> default_value;
};

struct Schema {
  std::vector<SchemaField> fields;
  std::vector<std::string> errors;  // a broken embedded schema is a bug
  const SchemaField* find(std::string_view key) const {
    for (const auto& f : fields) {
      if (f.key == key) return &f;
    }
    return nullptr;
  }
};

const Schema& credential_schema() {
  static const Schema schema = [] {
    Schema s;
    boost::system::error_code ec;
    auto doc = boost::json::parse(embedded::credential_schema_rules, ec);
    if (ec || !doc.is_object() || !doc.as_object().contains("properties")) {
      s.errors.emplace_back("the embedded credential schema does not parse");
      return s;
    }
    std::vector<std::string> required;
    if (auto* r = doc.as_object().if_contains("required"); r && r->is_array()) {
      for (const auto& k : r->as_array()) {
        if (k.is_string()) required.emplace_back(k.as_string());
      }
    }
    for (const auto& [key, value] : doc.as_object().at("properties").as_object()) {
      if (!value.is_object()) continue;
      const auto& p = value.as_object();
      SchemaField f;
      f.key = std::string(key);
      f.required = std::ranges::find(required, f.key) != required.end();
      if (auto* t = p.if_contains("title"); t && t->is_string()) f.title = t->as_string();
      if (auto* x = p.if_contains("x-secret"); x && x->is_bool()) f.secret = x->as_bool();
      if (auto* v = p.if_contains("minLength"); v && v->is_int64()) f.min_length = v->as_int64();
      if (auto* v = p.if_contains("maxLength"); v && v->is_int64()) f.max_length = v->as_int64();
      if (auto* v = p.if_contains("default"); v && v->is_string()) {
        f.default_value = std::string(v->as_string());
      }
      if (auto* v = p.if_contains("pattern"); v && v->is_string()) {
        try {
          f.pattern.emplace(std::string(v->as_string()), std::regex::ECMAScript);
        } catch (const std::regex_error&) {
          s.errors.push_back("the schema pattern of " + f.key + " does not compile");
        }
      }
      s.fields.push_back(std::move(f));
    }
    return s;
  }();
  return schema;
}

// JSON Schema lengths count code points, not bytes.
std::size_t utf8_length(std::string_view s) {
  return static_cast<std::size_t>(std::ranges::count_if(
      s, [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool only_whitespace(std::string_view s) {
  return std::ranges::all_of(s, [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
}

std::string in_quotes(std::string_view s) { return "\"" + std::string(s) + "\""; }

std::string field_name(const SchemaField& f) {
  return "field " + in_quotes(f.key) + (f.title.empty() ? "" : " (" + f.title + ")");
}

// ---- The options table.
using OptionMember =
    std::variant<std::string ConnectorOptions::*, std::optional<std::string> ConnectorOptions::*,
                 long ConnectorOptions::*, bool ConnectorOptions::*>;
struct OptionField {
  std::string_view key;
  OptionMember member;
  long min = 0;
  long max = 0;
};

constexpr long k_max_ms = 3'600'000;
const std::array<OptionField, 10> k_option_fields{{
    {"oauth_url", &ConnectorOptions::oauth_url},
    {"api_base_url", &ConnectorOptions::api_base_url},
    {"connect_timeout_ms", &ConnectorOptions::connect_timeout_ms, 1, k_max_ms},
    {"total_timeout_ms", &ConnectorOptions::total_timeout_ms, 1, k_max_ms},
    {"low_speed_limit_bytes", &ConnectorOptions::low_speed_limit_bytes, 0, 1L << 30},
    {"low_speed_time_s", &ConnectorOptions::low_speed_time_s, 0, 3600},
    {"proxy", &ConnectorOptions::proxy},
    {"ca_bundle", &ConnectorOptions::ca_bundle},
    {"user_agent", &ConnectorOptions::user_agent},
    {"allow_insecure_loopback", &ConnectorOptions::allow_insecure_loopback},
}};

void bind_option(const OptionField& field, const boost::json::value& value, ConnectorOptions& out,
                 std::vector<std::string>& problems) {
  const std::string name = "option " + in_quotes(field.key);
  std::visit(
      [&](auto member) {
        using M = std::remove_reference_t<decltype(out.*member)>;
        if constexpr (std::is_same_v<M, bool>) {
          if (!value.is_bool()) return problems.push_back(name + " must be true or false");
          out.*member = value.as_bool();
        } else if constexpr (std::is_same_v<M, long>) {
          if (!value.is_int64() && !value.is_uint64()) {
            return problems.push_back(name + " must be a whole number");
          }
          const auto n = value.is_int64() ? value.as_int64() : -1;
          if (n < field.min || n > field.max) {
            return problems.push_back(name + " must be between " + std::to_string(field.min) +
                                      " and " + std::to_string(field.max));
          }
          out.*member = static_cast<long>(n);
        } else {
          if (!value.is_string()) return problems.push_back(name + " must be a string");
          const std::string text(value.as_string());
          if (text.empty() || only_whitespace(text)) {
            return problems.push_back(name + " must not be empty (leave it out for the default)");
          }
          out.*member = text;
        }
      },
      field.member);
}

}  // namespace

std::optional<Origin> ConnectorConfig::pinned_api_origin() const {
  if (!api_base) return std::nullopt;
  return origin_of(*api_base);
}

std::vector<std::string_view> credential_field_keys() {
  std::vector<std::string_view> keys;
  for (const auto& f : k_credential_fields) keys.push_back(f.key);
  return keys;
}

std::vector<std::string_view> option_keys() {
  std::vector<std::string_view> keys;
  for (const auto& f : k_option_fields) keys.push_back(f.key);
  return keys;
}

std::vector<std::string> credential_schema_mismatches() {
  const Schema& schema = credential_schema();
  std::vector<std::string> out = schema.errors;
  for (const auto& f : k_credential_fields) {
    if (schema.find(f.key) == nullptr) out.push_back(in_quotes(f.key) + " is not in the schema");
  }
  for (const auto& f : schema.fields) {
    const bool bound =
        std::ranges::any_of(k_credential_fields, [&](const auto& c) { return c.key == f.key; });
    if (!bound) out.push_back(in_quotes(f.key) + " is in the schema but not in the field table");
  }
  return out;
}

Result<ConnectorConfig> parse_connector_config(const boost::json::object& credential,
                                               const boost::json::object& options) {
  if (auto broken = credential_schema_mismatches(); !broken.empty()) {
    return fail(Status::internal, "the connector's credential schema is broken: " + broken.front());
  }
  const Schema& schema = credential_schema();
  std::vector<std::string> problems;
  ConnectorConfig config;

  // ---- Options first: the validation URL's check depends on them.
  for (const auto& [key, value] : options) {
    const auto* field =
        std::ranges::find_if(k_option_fields, [&](const auto& f) { return f.key == key; });
    if (field == k_option_fields.end()) {
      problems.push_back("unknown option " + in_quotes(key));
      continue;
    }
    bind_option(*field, value, config.options, problems);
  }
  const ConnectorOptions& opt = config.options;
  const bool loopback_ok = opt.allow_insecure_loopback;
  if (auto url = check_endpoint_url(opt.oauth_url, loopback_ok); url) {
    config.oauth_url = *url;
  } else {
    problems.push_back("option \"oauth_url\" " + url.error());
  }
  if (opt.api_base_url) {
    if (auto url = check_endpoint_url(*opt.api_base_url, loopback_ok); url) {
      std::string path(url->encoded_path());
      while (!path.empty() && path.back() == '/') path.pop_back();
      url->set_encoded_path(path);
      config.api_base = *url;
    } else {
      problems.push_back("option \"api_base_url\" " + url.error());
    }
  }
  if (!opt.ca_bundle.empty()) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(opt.ca_bundle, ec)) {
      problems.push_back("option \"ca_bundle\": there is no file at " + in_quotes(opt.ca_bundle));
    }
  }

  // ---- The credential, against the schema.
  for (const auto& [key, value] : credential) {
    if (schema.find(key) == nullptr) problems.push_back("unknown field " + in_quotes(key));
  }
  for (const auto& bind : k_credential_fields) {
    const SchemaField& f = *schema.find(bind.key);
    const boost::json::value* value = credential.if_contains(bind.key);
    if (value == nullptr || value->is_null()) {
      if (f.required) {
        problems.push_back(field_name(f) + " is missing");
      } else if (f.default_value) {
        config.credential.*bind.member = *f.default_value;
      }
      continue;
    }
    if (!value->is_string()) {
      problems.push_back(field_name(f) + " must be a string");
      continue;
    }
    const std::string text(value->as_string());
    if (!f.required && text.empty() && f.min_length == 0) {
      config.credential.*bind.member = f.default_value.value_or("");
      continue;
    }
    const std::size_t length = utf8_length(text);
    if (length == 0 || (f.min_length > 0 && only_whitespace(text))) {
      problems.push_back(field_name(f) + (length == 0 ? " is empty" : " is only whitespace"));
      continue;
    }
    if (length < f.min_length) {
      problems.push_back(field_name(f) + " is shorter than " + std::to_string(f.min_length) +
                         " characters");
      continue;
    }
    if (length > f.max_length) {
      problems.push_back(field_name(f) + " is longer than " + std::to_string(f.max_length) +
                         " characters");
      continue;
    }
    if (f.pattern && !std::regex_search(text, *f.pattern)) {
      problems.push_back(
          field_name(f) + " " +
          (bind.pattern_rule.empty() ? "has an invalid format" : std::string(bind.pattern_rule)));
      continue;
    }
    config.credential.*bind.member = text;
  }

  // ---- The validation URL: a URL, https (or loopback http with the switch),
  // no userinfo, and a host the token may go to.
  const SchemaField& url_field = *schema.find("validation_url");
  if (!config.credential.validation_url.empty()) {  // empty: already reported
    auto url = check_endpoint_url(config.credential.validation_url, loopback_ok);
    if (!url) {
      problems.push_back(field_name(url_field) + " " + url.error());
    } else if (auto to = check_token_destination(*url, config.pinned_api_origin()); !to) {
      problems.push_back(field_name(url_field) + " is not allowed: it " + to.error());
    } else {
      config.validation_url = *url;
    }
  }

  if (!problems.empty()) {
    std::string message =
        problems.size() == 1 ? "invalid input: "
                             : "invalid input (" + std::to_string(problems.size()) + " problems): ";
    for (std::size_t i = 0; i < problems.size(); ++i) {
      if (i > 0) message += "; ";
      message += problems[i];
    }
    return fail(Status::invalid_argument, std::move(message));
  }
  return config;
}

}  // namespace zc
