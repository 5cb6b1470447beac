// The connector's configuration: the credential (the form the user filled
// in, checked against the plugin's own credential schema) and the options
// (host/deployment settings, checked against the plugin's options schema),
// each bound by one field table. Every problem is collected and reported in ONE
// INVALID_ARGUMENT message, field by field; a value is never echoed (a secret
// must not leak, and the others are not needed to fix the problem).
#pragma once

#include <boost/json/object.hpp>
#include <boost/url/url.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/url_policy.hpp"

namespace zc {

inline constexpr std::string_view k_default_validation_url = "https://api.zoom.us/v2/users/me";
inline constexpr std::string_view k_default_oauth_url = "https://zoom.us/oauth/token";
inline constexpr std::string_view k_default_api_base_url = "https://api.zoom.us/v2";
// ZoomGov: the same API on other hosts (docs/zoom_api_facts.md section 7).
inline constexpr std::string_view k_zoomgov_validation_url = "https://api.zoomgov.com/v2/users/me";
inline constexpr std::string_view k_zoomgov_oauth_url = "https://zoomgov.com/oauth/token";
inline constexpr std::string_view k_zoomgov_api_base_url = "https://api.zoomgov.com/v2";

// Which Zoom: the commercial cloud (zoom.us) or ZoomGov (zoomgov.com).
enum class ZoomCloud { zoom, zoomgov };

// Bound from the credential JSON (keys as in schemas/zoom.credential.schema.json).
struct CredentialConfig {
  std::string credential_name;
  std::string credential_description;
  std::string account_id;
  std::string client_id;
  std::string client_secret;  // x-secret: never logged, echoed or returned
  std::string validation_url;
};

// Bound from the options JSON. Every key is optional; unknown keys are errors.
struct ConnectorOptions {
  // Unset: the cloud's token endpoint (k_default_oauth_url or k_zoomgov_oauth_url).
  std::optional<std::string> oauth_url;
  // Pins the API base (e.g. "https://api-eu.zoom.us/v2" or a simulator).
  // Unset: the token's api_url + "/v2", else k_default_api_base_url.
  std::optional<std::string> api_base_url;
  long connect_timeout_ms = 10'000;
  long total_timeout_ms = 60'000;  // one whole request
  long low_speed_limit_bytes = 1;  // abort when slower than this ...
  long low_speed_time_s = 60;      // ... for this long
  std::string proxy;               // empty: libcurl's *_proxy environment variables
  std::string ca_bundle;           // extra CA file; verification is always on
  std::string user_agent{"zoom-connector/0.1"};
  bool allow_insecure_loopback = false;  // loopback oauth/API hosts, plain http allowed
  // "zoom" or "zoomgov". Unset: taken from the oauth_url / api_base_url hosts, else "zoom".
  std::optional<std::string> zoom_cloud;
  // The one non-Zoom host (a proxying gateway you run) that oauth_url and
  // api_base_url may name. It receives the client secret and the tokens.
  std::string trusted_gateway_host;
  // A proxy (the option or the https_proxy / HTTPS_PROXY / ALL_PROXY
  // environment) together with a ca_bundle that is not the system's lets the
  // proxy decrypt TLS and read the client secret and every token: refused
  // unless this is true. The connector then warns each time it is made.
  bool trust_intercepting_proxy_with_secrets = false;
};

struct ConnectorConfig {
  CredentialConfig credential;
  ConnectorOptions options;
  boost::urls::url validation_url;           // checked: endpoint + token destination
  boost::urls::url oauth_url;                // checked: endpoint
  std::optional<boost::urls::url> api_base;  // checked: endpoint; no trailing '/'
  ZoomCloud cloud = ZoomCloud::zoom;
  std::string default_api_base{k_default_api_base_url};  // the cloud's, when nothing pins one
  // Tests only, never bound from JSON: CURLOPT_CONNECT_TO entries
  // ("zoomgov.com:443:127.0.0.1:PORT") so https names can reach a simulator.
  std::vector<std::string> connect_to_for_tests;
  // Where the secret and tokens go beyond Zoom with the deployment's consent
  // (an intercepting proxy): logged at every create, named in the verdict.
  std::vector<std::string> warnings;
  std::optional<Origin> pinned_api_origin() const;
};

// Validates and binds both inputs. INVALID_ARGUMENT lists every problem.
Result<ConnectorConfig> parse_connector_config(const boost::json::object& credential,
                                               const boost::json::object& options);

// The credential field table's keys, and disagreements between the table and
// the embedded schema (empty when they agree; tested).
std::vector<std::string_view> credential_field_keys();
std::vector<std::string> credential_schema_mismatches();
// The options schema's keys (core/option_schema), and disagreements between
// it and the option table that binds them (empty when they agree; tested).
std::vector<std::string_view> option_keys();
std::vector<std::string> option_schema_mismatches();

}  // namespace zc
