#include "core/connector_config.hpp"

#include <algorithm>
#include <array>
#include <boost/asio/ip/address.hpp>
#include <boost/json/parse.hpp>
#include <boost/url/parse.hpp>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <variant>

#include "core/ascii_text.hpp"
#include "core/bounded_text.hpp"
#include "core/http_client.hpp"
#include "core/option_schema.hpp"
#include "core/text_rules.hpp"

namespace zc::embedded {
extern const std::string_view credential_schema_rules;  // schemas/zoom.credential.schema.json
}  // namespace zc::embedded

namespace zc {
namespace {

// ---- The credential field table: key -> member. Constraints (required,
// lengths, pattern, default, secret) come from the embedded schema itself, so
// the form and the check agree; a pattern is checked by its TextRule.
struct CredentialField {
  std::string_view key;
  std::string CredentialConfig::*member;
};

constexpr std::array<CredentialField, 6> k_credential_fields{{
    {"credential_name", &CredentialConfig::credential_name},
    {"credential_description", &CredentialConfig::credential_description},
    {"account_id", &CredentialConfig::account_id},
    {"client_id", &CredentialConfig::client_id},
    {"client_secret", &CredentialConfig::client_secret},
    {"validation_url", &CredentialConfig::validation_url},
}};

struct SchemaField {
  std::string key;
  std::string title;
  bool required = false;
  bool secret = false;
  std::size_t min_length = 0;
  std::size_t max_length = std::numeric_limits<std::size_t>::max();
  std::optional<TextRule> pattern;
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
        f.pattern = rule_for_pattern(v->as_string());
        if (!f.pattern) s.errors.push_back("the schema pattern of " + f.key + " has no TextRule");
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

// C0 controls, DEL and C1 controls (U+0080..U+009F, in UTF-8 0xC2 0x80..0x9F).
// A CR or LF in a header value would start a new header.
bool has_control_character(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto byte = static_cast<unsigned char>(s[i]);
    if (byte < 0x20 || byte == 0x7f) return true;
    if (byte == 0xc2 && i + 1 < s.size()) {
      const auto next = static_cast<unsigned char>(s[i + 1]);
      if (next >= 0x80 && next <= 0x9f) return true;
    }
  }
  return false;
}

constexpr std::string_view k_control_characters =
    " contains control characters (such as a line break or a tab); remove them";

// Names from the input (unknown keys) are bounded like any outside text.
std::string field_name(const SchemaField& f) {
  return "field " + quoted_text(f.key) + (f.title.empty() ? "" : " (" + f.title + ")");
}

void bind_option(const OptionBinding& field, const OptionSpec& spec,
                 const boost::json::value& value, ConnectorOptions& out,
                 std::vector<std::string>& problems) {
  const std::string name = "option " + quoted_text(field.key);
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
          if (n < spec.min || n > spec.max) {
            return problems.push_back(name + " must be between " + std::to_string(spec.min) +
                                      " and " + std::to_string(spec.max));
          }
          out.*member = static_cast<long>(n);
        } else {
          if (!value.is_string()) return problems.push_back(name + " must be a string");
          const std::string text(value.as_string());
          if (text.empty() || only_whitespace(text)) {
            return problems.push_back(name + " must not be empty (leave it out for the default)");
          }
          if (has_control_character(text)) {
            return problems.push_back(name + std::string(k_control_characters));
          }
          out.*member = text;
        }
      },
      field.member);
}

std::optional<ZoomCloud> cloud_of(const boost::urls::url& url) {
  const std::string host = origin_of(url).host;
  if (is_zoomgov_host(host)) return ZoomCloud::zoomgov;
  if (is_zoom_host(host)) return ZoomCloud::zoom;
  return std::nullopt;  // a gateway or loopback says nothing about the cloud
}

std::string_view cloud_name(ZoomCloud cloud) {
  return cloud == ZoomCloud::zoomgov ? "zoomgov" : "zoom";
}

// A host name or an IP address, as the gateway option must be.
bool is_host_or_address(const std::string& host) {
  if (is_plain_host_name(host)) return true;
  boost::system::error_code ec;
  (void)boost::asio::ip::make_address(host, ec);
  return !ec;
}

// oauth_url, api_base_url and zoom_cloud together: each URL passes the
// endpoint and secret rules, and all name the same Zoom cloud.
void bind_destinations(ConnectorConfig& config, std::vector<std::string>& problems) {
  const ConnectorOptions& opt = config.options;
  const bool loopback_ok = opt.allow_insecure_loopback;
  const std::string gateway = ascii_lower(opt.trusted_gateway_host);
  if (!gateway.empty() && !is_host_or_address(gateway)) {
    problems.emplace_back(
        "option \"trusted_gateway_host\" must be a host name or an IP address (no scheme, port "
        "or path)");
  }
  std::optional<ZoomCloud> chosen;
  if (opt.zoom_cloud) {
    if (*opt.zoom_cloud == "zoom") {
      chosen = ZoomCloud::zoom;
    } else if (*opt.zoom_cloud == "zoomgov") {
      chosen = ZoomCloud::zoomgov;
    } else {
      problems.emplace_back("option \"zoom_cloud\" must be \"zoom\" or \"zoomgov\"");
    }
  }
  auto check = [&](std::string_view key,
                   const std::string& text) -> std::optional<boost::urls::url> {
    const std::string name = "option " + quoted_text(key) + " ";
    auto url = check_endpoint_url(text, loopback_ok);
    if (!url) {
      problems.push_back(name + url.error());
      return std::nullopt;
    }
    if (auto to = check_secret_destination(*url, gateway, loopback_ok); !to) {
      problems.push_back(name + "is not allowed: it " + to.error());
      return std::nullopt;
    }
    return std::move(*url);
  };
  std::optional<boost::urls::url> oauth;
  if (opt.oauth_url) oauth = check("oauth_url", *opt.oauth_url);
  if (opt.api_base_url) {
    if (auto url = check("api_base_url", *opt.api_base_url)) {
      std::string path(url->encoded_path());
      while (!path.empty() && path.back() == '/') path.pop_back();
      url->set_encoded_path(path);
      config.api_base = *url;
    }
  }
  const auto oauth_cloud = oauth ? cloud_of(*oauth) : std::nullopt;
  const auto api_cloud = config.api_base ? cloud_of(*config.api_base) : std::nullopt;
  if (oauth_cloud && api_cloud && *oauth_cloud != *api_cloud) {
    problems.emplace_back(
        "options \"oauth_url\" and \"api_base_url\" name different Zoom clouds (zoom.us and "
        "zoomgov.com); a token from one does not work on the other");
  }
  for (const auto& [key, found] :
       {std::pair{"oauth_url", oauth_cloud}, {"api_base_url", api_cloud}}) {
    if (chosen && found && *chosen != *found) {
      problems.push_back("option " + quoted_text(key) + " is a " +
                         (*found == ZoomCloud::zoomgov ? "zoomgov.com" : "zoom.us") +
                         " host but option \"zoom_cloud\" is " + quoted_text(cloud_name(*chosen)));
    }
  }
  config.cloud = chosen.value_or(api_cloud.value_or(oauth_cloud.value_or(ZoomCloud::zoom)));
  const bool gov = config.cloud == ZoomCloud::zoomgov;
  config.default_api_base = gov ? k_zoomgov_api_base_url : k_default_api_base_url;
  if (oauth) {
    config.oauth_url = *oauth;
  } else if (!opt.oauth_url) {
    config.oauth_url = boost::urls::url(gov ? k_zoomgov_oauth_url : k_default_oauth_url);
  }
}

// The proxy requests to Zoom's https hosts go through, for messages (never
// its user:password), or "" when none: the option, else the environment.
std::string proxy_in_use(const ConnectorOptions& opt) {
  if (!opt.proxy.empty()) {
    auto url = boost::urls::parse_uri(opt.proxy);
    return url ? "the proxy " + loggable_url_text(url->encoded_host_and_port())
               : std::string("the proxy of the option \"proxy\"");
  }
  for (const char* name : {"https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"}) {
    if (const char* v = std::getenv(name); v != nullptr && *v != '\0') {
      return std::string("the proxy in the environment variable ") + name;
    }
  }
  return {};
}

// True when `path` is the CA file libcurl uses anyway (the system's).
bool is_system_ca_file(const std::string& path) {
  std::error_code ec;
  const std::string system = default_ca_file();
  return !system.empty() && std::filesystem::equivalent(path, system, ec) && !ec;
}

// A proxy with a CA bundle of its own can decrypt TLS (docs/security.md, "An
// intercepting proxy"): like a gateway, only with the deployment's word.
void check_intercepting_proxy(ConnectorConfig& config, std::vector<std::string>& problems) {
  const ConnectorOptions& opt = config.options;
  if (opt.ca_bundle.empty() || is_system_ca_file(opt.ca_bundle)) return;
  const std::string proxy = proxy_in_use(opt);
  if (proxy.empty()) return;
  if (!opt.trust_intercepting_proxy_with_secrets) {
    problems.push_back(
        "options \"ca_bundle\" and \"proxy\" together are refused: " + proxy +
        " with a CA bundle of its own can decrypt TLS and read the client secret and every "
        "access token. Only for a proxy you run and trust, set the option "
        "\"trust_intercepting_proxy_with_secrets\" to true");
    return;
  }
  config.warnings.push_back(
      "the client secret and every access token can be read by " + proxy + ": the ca_bundle " +
      quoted_text(loggable_url_text(opt.ca_bundle)) +
      " lets it decrypt TLS, and the option trust_intercepting_proxy_with_secrets allows it");
}

// Every option the schema knows, bound and checked, alone and together.
void bind_options(const boost::json::object& options, ConnectorConfig& config,
                  std::vector<std::string>& problems) {
  for (const auto& [key, value] : options) {
    const OptionSpec* spec = option_schema().find(key);
    const OptionBinding* binding = option_binding(key);
    if (spec == nullptr || binding == nullptr) {
      problems.push_back("unknown option " + quoted_text(key));
      continue;
    }
    bind_option(*binding, *spec, value, config.options, problems);
  }
  const ConnectorOptions& opt = config.options;
  bind_destinations(config, problems);
  if (!opt.ca_bundle.empty()) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(opt.ca_bundle, ec)) {
      problems.push_back("option \"ca_bundle\": there is no file at " + quoted_text(opt.ca_bundle));
    } else {
      check_intercepting_proxy(config, problems);
    }
  }
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

std::vector<std::string> credential_schema_mismatches() {
  const Schema& schema = credential_schema();
  std::vector<std::string> out = schema.errors;
  for (const auto& f : k_credential_fields) {
    if (schema.find(f.key) == nullptr) out.push_back(quoted_text(f.key) + " is not in the schema");
  }
  for (const auto& f : schema.fields) {
    const bool bound =
        std::ranges::any_of(k_credential_fields, [&](const auto& c) { return c.key == f.key; });
    if (!bound) out.push_back(quoted_text(f.key) + " is in the schema but not in the field table");
  }
  return out;
}

Result<ConnectorConfig> parse_connector_config(const boost::json::object& credential,
                                               const boost::json::object& options) {
  if (auto broken = credential_schema_mismatches(); !broken.empty()) {
    return fail(Status::internal, "the connector's credential schema is broken: " + broken.front());
  }
  if (auto broken = option_schema_mismatches(); !broken.empty()) {
    return fail(Status::internal, "the connector's options schema is broken: " + broken.front());
  }
  const Schema& schema = credential_schema();
  std::vector<std::string> problems;
  ConnectorConfig config;

  // ---- Options first: the validation URL's check depends on them.
  bind_options(options, config, problems);
  const bool loopback_ok = config.options.allow_insecure_loopback;

  // ---- The credential, against the schema.
  for (const auto& [key, value] : credential) {
    if (schema.find(key) == nullptr) problems.push_back("unknown field " + quoted_text(key));
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
    if (has_control_character(text)) {
      problems.push_back(field_name(f) + std::string(k_control_characters));
      continue;
    }
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
    if (f.pattern && !satisfies(*f.pattern, text)) {
      problems.push_back(field_name(f) + " " + std::string(describe(*f.pattern)));
      continue;
    }
    config.credential.*bind.member = text;
  }

  // ---- The validation URL: a URL, https (or loopback http with the switch),
  // no userinfo, and a host the token may go to.
  const SchemaField& url_field = *schema.find("validation_url");
  // The schema's default (which a form shows prefilled) is the zoom.us URL;
  // on ZoomGov the same default means ZoomGov's counterpart.
  if (config.cloud == ZoomCloud::zoomgov &&
      config.credential.validation_url == k_default_validation_url) {
    config.credential.validation_url = k_zoomgov_validation_url;
  }
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
