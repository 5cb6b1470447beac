#include "core/option_schema.hpp"

#include <algorithm>
#include <array>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <type_traits>
#include <utility>

#include "core/bounded_text.hpp"
#include "core/connector_config.hpp"

namespace zc::embedded {
extern const std::string_view connector_options_schema;  // schemas/zoom.connector_options...
}  // namespace zc::embedded

namespace zc {
namespace {

namespace json = boost::json;

// One property of the schema as the connector can bind it, or an error.
std::string read_option(const std::string& key, const json::object& p, OptionSpec& out) {
  out.key = key;
  if (const auto* given = p.if_contains("default"); given != nullptr) {
    out.default_json = json::serialize(*given);
  }
  if (const auto* ref = p.if_contains("$ref"); ref != nullptr) {
    if (*ref != "#/$defs/text") return "option " + key + " refers to an unknown definition";
    out.kind = OptionKind::text;
    return {};
  }
  if (const auto* choices = p.if_contains("enum"); choices != nullptr && choices->is_array()) {
    out.kind = OptionKind::choice;
    for (const auto& c : choices->as_array()) {
      if (!c.is_string()) return "option " + key + " has a choice that is not a string";
      out.choices.emplace_back(c.as_string());
    }
    return {};
  }
  const auto* type = p.if_contains("type");
  if (type != nullptr && *type == "boolean") {
    out.kind = OptionKind::boolean;
    return {};
  }
  if (type != nullptr && *type == "integer") {
    out.kind = OptionKind::integer;
    const auto* min = p.if_contains("minimum");
    const auto* max = p.if_contains("maximum");
    if (min == nullptr || max == nullptr || !min->is_int64() || !max->is_int64()) {
      return "option " + key + " is an integer without a whole minimum and maximum";
    }
    out.min = static_cast<long>(min->as_int64());
    out.max = static_cast<long>(max->as_int64());
    return {};
  }
  return "option " + key + " has a type the connector cannot bind";
}

// Where each option goes: the one thing about an option the schema cannot
// say. Which options exist is the schema's word (option_schema_mismatches).
const auto k_option_bindings = std::to_array<OptionBinding>({
    {"oauth_url", &ConnectorOptions::oauth_url},
    {"api_base_url", &ConnectorOptions::api_base_url},
    {"connect_timeout_ms", &ConnectorOptions::connect_timeout_ms},
    {"total_timeout_ms", &ConnectorOptions::total_timeout_ms},
    {"low_speed_limit_bytes", &ConnectorOptions::low_speed_limit_bytes},
    {"low_speed_time_s", &ConnectorOptions::low_speed_time_s},
    {"proxy", &ConnectorOptions::proxy},
    {"ca_bundle", &ConnectorOptions::ca_bundle},
    {"user_agent", &ConnectorOptions::user_agent},
    {"allow_insecure_loopback", &ConnectorOptions::allow_insecure_loopback},
    {"zoom_cloud", &ConnectorOptions::zoom_cloud},
    {"trusted_gateway_host", &ConnectorOptions::trusted_gateway_host},
    {"trust_intercepting_proxy_with_secrets",
     &ConnectorOptions::trust_intercepting_proxy_with_secrets},
});

// The schema's kind of value for a member's type.
OptionKind kind_of(const OptionMember& member) {
  return std::visit(
      [](auto m) {
        using M = std::remove_reference_t<decltype(std::declval<ConnectorOptions&>().*m)>;
        if constexpr (std::is_same_v<M, bool>) return OptionKind::boolean;
        if constexpr (std::is_same_v<M, long>) return OptionKind::integer;
        return OptionKind::text;
      },
      member);
}

// A number's or flag's default in ConnectorOptions, as JSON; "" for text.
std::string default_json_of(const OptionMember& member) {
  static const ConnectorOptions defaults;
  return std::visit(
      [](auto m) -> std::string {
        const auto& value = defaults.*m;
        using M = std::remove_cvref_t<decltype(value)>;
        if constexpr (std::is_same_v<M, bool>) return value ? "true" : "false";
        if constexpr (std::is_same_v<M, long>) return std::to_string(value);
        return {};
      },
      member);
}

OptionSchema parse_schema() {
  OptionSchema s;
  boost::system::error_code ec;
  const auto doc = json::parse(embedded::connector_options_schema, ec);
  const auto* properties =
      !ec && doc.is_object() ? doc.as_object().if_contains("properties") : nullptr;
  if (properties == nullptr || !properties->is_object()) {
    s.errors.emplace_back("the embedded options schema does not parse");
    return s;
  }
  for (const auto& [key, value] : properties->as_object()) {
    OptionSpec spec;
    std::string error = value.is_object() ? read_option(std::string(key), value.as_object(), spec)
                                          : "option " + std::string(key) + " is not an object";
    if (!error.empty()) {
      s.errors.push_back(std::move(error));
      continue;
    }
    s.options.push_back(std::move(spec));
  }
  return s;
}

}  // namespace

const OptionSpec* OptionSchema::find(std::string_view key) const {
  for (const auto& o : options) {
    if (o.key == key) return &o;
  }
  return nullptr;
}

const OptionSchema& option_schema() {
  static const OptionSchema schema = parse_schema();
  return schema;
}

std::string_view option_schema_text() { return embedded::connector_options_schema; }

const OptionBinding* option_binding(std::string_view key) {
  const auto* found =
      std::ranges::find_if(k_option_bindings, [&](const auto& b) { return b.key == key; });
  return found == k_option_bindings.end() ? nullptr : found;
}

std::vector<std::string_view> option_keys() {
  std::vector<std::string_view> keys;
  for (const auto& o : option_schema().options) keys.push_back(o.key);
  return keys;
}

std::vector<std::string> option_schema_mismatches() {
  const OptionSchema& schema = option_schema();
  std::vector<std::string> out = schema.errors;
  for (const auto& b : k_option_bindings) {
    const OptionSpec* spec = schema.find(b.key);
    const OptionKind kind = kind_of(b.member);
    if (spec == nullptr) {
      out.push_back(quoted_text(b.key) + " is in the binding table but not in the schema");
    } else if (kind != spec->kind &&
               !(kind == OptionKind::text && spec->kind == OptionKind::choice)) {
      out.push_back(quoted_text(b.key) + " has another kind of value in the schema");
    } else if (const std::string given = default_json_of(b.member);
               !spec->default_json.empty() && !given.empty() && given != spec->default_json) {
      out.push_back(quoted_text(b.key) + " has another default in the schema");
    }
  }
  for (const auto& o : schema.options) {
    if (option_binding(o.key) == nullptr) {
      out.push_back(quoted_text(o.key) + " is in the schema but not in the binding table");
    }
  }
  return out;
}

}  // namespace zc
