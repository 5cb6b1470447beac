#include "credential_service.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <sstream>

namespace host_sim {
namespace {

namespace json = boost::json;

std::string text_of(const json::object& object, const char* key) {
  const auto* value = object.if_contains(key);
  return value != nullptr && value->is_string() ? std::string(value->as_string()) : std::string();
}

Outcome outcome_for_status(pp_status status) {
  switch (status) {
    case PP_STATUS_OK:
      return Outcome::ok;
    case PP_STATUS_INVALID_ARGUMENT:
      return Outcome::bad_input;
    case PP_STATUS_AUTH_FAILED:
      return Outcome::rejected;
    case PP_STATUS_PERMISSION_DENIED:
      return Outcome::validation_failed;
    case PP_STATUS_NETWORK:
    case PP_STATUS_TIMEOUT:
    case PP_STATUS_RATE_LIMITED:
    case PP_STATUS_REMOTE_ERROR:
      return Outcome::network;
    case PP_STATUS_CANCELLED:
      return Outcome::cancelled;
    default:
      return Outcome::plugin_error;
  }
}

// The verdict's own words for what went wrong, mapped to an outcome.
Outcome outcome_for_verdict(const json::object& verdict) {
  const std::string status = text_of(verdict, "status");
  const std::string step = text_of(verdict, "failed_step").empty()
                               ? text_of(verdict, "step")
                               : text_of(verdict, "failed_step");
  if (state_for_failed_status(status) == ValidationState::could_not_check) return Outcome::network;
  const auto code = pp::status_of_word(status);
  if (code == PP_STATUS_INVALID_ARGUMENT || step == "config") return Outcome::bad_input;
  if (code == PP_STATUS_AUTH_FAILED || step == "token") return Outcome::rejected;
  if (code == PP_STATUS_CANCELLED) return Outcome::cancelled;
  return Outcome::validation_failed;
}

CheckResult from_error(const pp::PluginError& e, const char* step) {
  CheckResult result;
  result.outcome = outcome_for_status(e.status());
  result.status = status_word(e.status());
  result.state = state_for_failed_status(result.status);
  result.message = e.what();
  json::object verdict{
      {"ok", false}, {"failed_step", step}, {"status", result.status}, {"message", e.what()}};
  if (e.http_status() != 0) verdict["http_status"] = e.http_status();
  if (e.remote_code() != 0) verdict["remote_code"] = e.remote_code();
  result.verdict_json = json::serialize(verdict);
  return result;
}

// The plugin's refusal of its input as field errors: each problem ("field
// \"key\" ...", joined by "; ") goes to the field it names; one about the
// plugin options ("unknown option \"x\"", "option \"x\": ...") to "options";
// else to the form.
std::vector<FieldError> field_errors_from(const CredentialForm& form, const std::string& message) {
  std::string text = message;
  if (text.starts_with("invalid input")) {
    if (const auto colon = text.find(": "); colon != std::string::npos) text.erase(0, colon + 2);
  }
  std::vector<FieldError> errors;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = std::min(text.find("; field \"", start), text.size());
    const std::string part = text.substr(start, end - start);
    std::string key;
    for (const auto& field : form.fields) {
      if (part.find("\"" + field.key + "\"") != std::string::npos) {
        key = field.key;
        break;
      }
    }
    if (key.empty() && (part.starts_with("unknown option ") || part.starts_with("option \"") ||
                        part.starts_with("options \""))) {
      key = "options";
    }
    if (!part.empty()) errors.push_back({key.empty() ? "_form" : key, part});
    start = end + 2;
  }
  if (errors.empty()) errors.push_back({"_form", message});
  return errors;
}

}  // namespace

bool could_not_check(Outcome outcome) { return outcome == Outcome::network; }

namespace {

// With the API base pinned (the simulator, a proxy, ZoomGov), the schema's
// default validation URL (Zoom's public API) would bypass it: derive the
// default from the API base in effect, and say so in the field's help.
void apply_api_base(CredentialForm& form, const std::string& options_json) {
  boost::system::error_code ec;
  const auto options = json::parse(options_json, ec);
  if (ec || !options.is_object()) return;
  std::string base = text_of(options.as_object(), "api_base_url");
  while (!base.empty() && base.back() == '/') base.pop_back();
  constexpr std::size_t k_max_url = 2000;
  if (base.empty() || base.size() > k_max_url) return;
  for (auto& field : form.fields) {
    if (field.key != "validation_url" || !field.default_value ||
        !field.default_value->ends_with("/users/me")) {
      continue;
    }
    field.default_value = base + "/users/me";
    field.help =
        "A Zoom API URL that the app's scopes allow; it is called with the new token to check "
        "the credential. Accepted: https URLs on zoom.us hosts, or URLs on the configured API "
        "host (api_base_url " +
        base + "). Default: " + *field.default_value + ".";
  }
}

// A passing verdict for the destination direction, with the write
// operations the token allows and those it does not (and why).
std::string with_operations(pp::Connector& connector, const std::string& verdict_json) {
  boost::system::error_code ec;
  auto verdict = json::parse(verdict_json, ec);
  if (ec || !verdict.is_object()) return verdict_json;
  const auto* ok = verdict.as_object().if_contains("ok");
  if (ok == nullptr || !ok->is_bool() || !ok->as_bool()) return verdict_json;
  const auto catalog = json::parse(connector.write_catalog(), ec);
  const auto* operations =
      !ec && catalog.is_object() ? catalog.as_object().if_contains("operations") : nullptr;
  if (operations == nullptr || !operations->is_array()) return verdict_json;
  json::array allowed;
  json::array blocked;
  for (const auto& operation : operations->as_array()) {
    if (!operation.is_object()) continue;
    const auto& o = operation.as_object();
    const std::string name = text_of(o, "name");
    if (name.empty()) continue;
    const auto* is_allowed = o.if_contains("allowed");
    if (is_allowed != nullptr && is_allowed->is_bool() && is_allowed->as_bool()) {
      allowed.emplace_back(name);
    } else {
      json::array missing;
      if (const auto* scopes = o.if_contains("missing_scopes"); scopes && scopes->is_array()) {
        missing = scopes->as_array();
      }
      blocked.push_back(json::object{{"name", name}, {"missing_scopes", std::move(missing)}});
    }
  }
  verdict.as_object()["allowed_operations"] = std::move(allowed);
  verdict.as_object()["blocked_operations"] = std::move(blocked);
  return json::serialize(verdict);
}

}  // namespace

Host Host::load(pp::Plugin plugin, std::string options_json) {
  Host host{std::move(plugin), {}, {}, std::move(options_json)};
  boost::system::error_code ec;
  const auto info = json::parse(host.plugin.info_json(), ec);
  if (ec || !info.is_object()) throw std::runtime_error("the plugin's info is not a JSON object");
  const auto& object = info.as_object();
  host.info.name = text_of(object, "name");
  host.info.display_name = text_of(object, "display_name");
  if (host.info.display_name.empty()) host.info.display_name = host.info.name;
  host.info.version = text_of(object, "version");
  if (const auto* directions = object.if_contains("directions");
      directions != nullptr && directions->is_array()) {
    for (const auto& direction : directions->as_array()) {
      if (direction.is_string()) host.info.directions.emplace_back(direction.as_string());
    }
  }
  if (host.info.directions.empty()) host.info.directions = {"source"};
  host.form = parse_credential_form(host.plugin.credential_schema_json());
  if (host.options_json.empty()) host.options_json = "{}";
  apply_api_base(host.form, host.options_json);
  return host;
}

bool Host::has_direction(const std::string& direction) const {
  return std::ranges::find(info.directions, direction) != info.directions.end();
}

namespace {

CheckResult validate_once(const Host& host, const json::object& credential,
                          const std::string& direction) {
  std::string verdict_text_json;
  try {
    auto connector = host.plugin.create(json::serialize(credential), host.options_json);
    verdict_text_json = connector.validate();
    if (direction == "destination")
      verdict_text_json = with_operations(connector, verdict_text_json);
  } catch (const pp::PluginError& e) {
    return from_error(e, "validate");
  }
  CheckResult result;
  result.verdict_json = verdict_text_json;
  boost::system::error_code ec;
  const auto verdict = json::parse(verdict_text_json, ec);
  if (ec || !verdict.is_object()) {
    result.outcome = Outcome::plugin_error;
    result.status = "internal";
    result.state = state_for_failed_status(result.status);
    result.message = "the plugin answered a verdict that is not a JSON object";
    result.verdict_json = json::serialize(
        json::object{{"ok", false}, {"status", result.status}, {"message", result.message}});
    return result;
  }
  const auto& object = verdict.as_object();
  const auto* ok = object.if_contains("ok");
  const bool passed = ok != nullptr && ok->is_bool() && ok->as_bool();
  result.outcome = passed ? Outcome::ok : outcome_for_verdict(object);
  result.status = text_of(object, "status");
  result.state = passed ? ValidationState::valid : state_for_failed_status(result.status);
  result.message = text_of(object, "message");
  if (result.message.empty()) result.message = passed ? "validated" : "validation failed";
  return result;
}

}  // namespace

CheckResult check_credential(const Host& host, const json::object& credential,
                             const std::string& direction) {
  CheckResult result = validate_once(host, credential, direction);
  if (result.outcome == Outcome::bad_input) {
    result.refused = field_errors_from(host.form, result.message);
  }
  return result;
}

std::string verdict_text(const std::string& verdict_json) {
  boost::system::error_code ec;
  const auto parsed = json::parse(verdict_json, ec);
  if (ec || !parsed.is_object()) return "  (no verdict)\n";
  const auto& verdict = parsed.as_object();
  const auto* ok = verdict.if_contains("ok");
  const bool passed = ok != nullptr && ok->is_bool() && ok->as_bool();
  std::ostringstream out;
  std::string message = text_of(verdict, "message");
  if (message.empty()) message = passed ? "the credential is valid" : "validation failed";
  const ValidationState state =
      passed ? ValidationState::valid : state_for_failed_status(text_of(verdict, "status"));
  const bool unchecked = state == ValidationState::could_not_check;
  out << "  " << state_label(state) << ": " << message << "\n";
  if (unchecked) {
    out << "  Zoom was not reached or did not answer (network, timeout, Zoom busy or down):\n"
           "  this says nothing about the credential. A saved one keeps its previous verdict;\n"
           "  try again later.\n";
  }
  if (!passed) {
    std::string step = text_of(verdict, "failed_step");
    if (step.empty()) step = text_of(verdict, "step");
    if (!step.empty()) out << "  step: " << step << "\n";
    std::string remote;
    if (const auto* http = verdict.if_contains("http_status");
        http != nullptr && http->is_int64()) {
      remote += "HTTP " + std::to_string(http->as_int64());
    }
    for (const char* key : {"zoom_code", "remote_code", "code"}) {
      if (const auto* code = verdict.if_contains(key); code != nullptr && code->is_int64()) {
        remote +=
            (remote.empty() ? "" : ", ") + std::string("code ") + std::to_string(code->as_int64());
        break;
      }
    }
    if (!remote.empty()) out << "  remote: " << remote << "\n";
    for (const char* key : {"zoom_message", "remote_message"}) {
      if (const auto text = text_of(verdict, key); !text.empty()) {
        out << "  remote said: " << text << "\n";
      }
    }
  }
  if (const auto* missing = verdict.if_contains("missing_scopes");
      missing != nullptr && missing->is_array() && !missing->as_array().empty()) {
    out << "  missing scopes:";
    for (const auto& scope : missing->as_array()) {
      if (scope.is_string()) out << " " << std::string_view(scope.as_string());
    }
    out << "\n";
  }
  if (const auto* identity = verdict.if_contains("identity");
      identity != nullptr && identity->is_object()) {
    out << "  identity:";
    for (const auto& [key, value] : identity->as_object()) {
      if (value.is_string() && !value.as_string().empty()) {
        out << " " << std::string_view(key) << "=" << std::string_view(value.as_string());
      }
    }
    out << "\n";
  }
  if (const auto* streams = verdict.if_contains("allowed_streams");
      passed && streams != nullptr && streams->is_array() && !streams->as_array().empty()) {
    out << "  allowed streams (" << streams->as_array().size() << "):";
    for (const auto& name : streams->as_array()) {
      if (name.is_string()) out << " " << std::string_view(name.as_string());
    }
    out << "\n";
  }
  if (const auto* operations = verdict.if_contains("allowed_operations");
      passed && operations != nullptr && operations->is_array()) {
    out << "  allowed write operations:";
    for (const auto& name : operations->as_array()) {
      if (name.is_string()) out << " " << std::string_view(name.as_string());
    }
    if (operations->as_array().empty()) out << " none";
    out << "\n";
  }
  if (const auto* blocked = verdict.if_contains("blocked_operations");
      passed && blocked != nullptr && blocked->is_array()) {
    for (const auto& operation : blocked->as_array()) {
      if (!operation.is_object()) continue;
      out << "  not allowed: " << text_of(operation.as_object(), "name") << " (needs";
      if (const auto* scopes = operation.as_object().if_contains("missing_scopes");
          scopes != nullptr && scopes->is_array()) {
        for (const auto& scope : scopes->as_array()) {
          if (scope.is_string()) out << " " << std::string_view(scope.as_string());
        }
      }
      out << ")\n";
    }
  }
  return out.str();
}

std::string credential_name_of(const json::object& fields) {
  const std::string name = text_of(fields, "credential_name");
  return name.empty() ? std::string("Untitled credential") : name;
}

SaveResult add_credential(const Host& host, CredentialStore& store, const std::string& direction,
                          const json::object& input, bool save) {
  SaveResult result;
  const json::object fields = with_defaults(host.form, input);
  result.errors = validate_fields(host.form, fields);
  if (!result.errors.empty()) return result;
  const std::string name = credential_name_of(fields);
  if (store.find(host.info.name, direction, name)) {
    result.errors.push_back({"credential_name", "a " + direction + " credential named \"" + name +
                                                    "\" already exists; pick another name"});
    return result;
  }
  result.check = check_credential(host, fields, direction);
  if (result.check->outcome == Outcome::bad_input) {
    result.errors = result.check->refused;
    result.check.reset();
    return result;
  }
  if (!save) return result;
  const auto split = split_secrets(host.form, fields);
  result.id = store.add(host.info.name, direction, name, split.public_fields, split.secret_fields);
  store.save_options(*result.id, host.options_json);
  store.record_validation(*result.id, result.check->state, result.check->message,
                          result.check->verdict_json);
  return result;
}

SaveResult edit_credential(const Host& host, CredentialStore& store, std::int64_t id,
                           const json::object& input) {
  SaveResult result;
  const auto current = store.get(id);
  if (!current || current->connector != host.info.name) {
    throw StoreError(StoreError::Kind::not_found, "no such credential");
  }
  // A secret left blank keeps the stored one.
  json::object merged = input;
  const json::object stored_secrets = store.secrets(id);
  for (const auto& field : host.form.fields) {
    if (!field.secret) continue;
    const auto* typed = merged.if_contains(field.key);
    const bool blank =
        typed == nullptr || typed->is_null() || (typed->is_string() && typed->as_string().empty());
    if (blank) {
      if (const auto* kept = stored_secrets.if_contains(field.key)) {
        merged[field.key] = *kept;
      } else {
        merged.erase(field.key);
      }
    }
  }
  const json::object fields = with_defaults(host.form, merged);
  result.errors = validate_fields(host.form, fields);
  if (!result.errors.empty()) return result;
  const std::string name = credential_name_of(fields);
  if (const auto clash = store.find(host.info.name, current->direction, name);
      clash && clash->id != id) {
    result.errors.push_back(
        {"credential_name",
         "another " + current->direction + " credential is already named \"" + name + "\""});
    return result;
  }
  result.check = check_credential(host, fields, current->direction);
  if (result.check->outcome == Outcome::bad_input) {
    result.errors = result.check->refused;
    result.check.reset();
    return result;
  }
  const auto split = split_secrets(host.form, fields);
  store.update(id, name, split.public_fields, split.secret_fields);
  store.save_options(id, host.options_json);
  store.record_validation(id, result.check->state, result.check->message,
                          result.check->verdict_json);
  result.id = id;
  return result;
}

CheckResult revalidate(const Host& host, CredentialStore& store, std::int64_t id) {
  const auto current = store.get(id);
  if (!current || current->connector != host.info.name) {
    throw StoreError(StoreError::Kind::not_found, "no such credential");
  }
  CheckResult result = check_credential(host, store.credential_json(id), current->direction);
  if (!could_not_check(result.outcome) && result.outcome != Outcome::cancelled &&
      result.outcome != Outcome::bad_input) {
    store.record_validation(id, result.state, result.message, result.verdict_json);
  }
  return result;
}

json::object credential_view(const Host& host, const StoredCredential& credential) {
  json::object fields;
  for (const auto& field : host.form.fields) {
    if (field.secret) {
      if (std::ranges::find(credential.secret_keys, field.key) != credential.secret_keys.end()) {
        fields[field.key] = json::object{{"set", true}};
      }
    } else if (const auto* value = credential.public_fields.if_contains(field.key)) {
      fields[field.key] = *value;
    }
  }
  json::object view{{"id", credential.id},
                    {"name", credential.name},
                    {"direction", credential.direction},
                    {"description", text_of(credential.public_fields, "credential_description")},
                    {"fields", std::move(fields)},
                    {"created_at", credential.created_at},
                    {"updated_at", credential.updated_at},
                    {"last_status", state_word(credential.last_status)},
                    {"last_message", credential.last_message},
                    {"last_validated_at", credential.last_validated_at},
                    {"has_state", credential.has_state}};
  boost::system::error_code ec;
  auto verdict = json::parse(credential.last_verdict_json, ec);
  view["last_verdict"] = ec ? json::value(nullptr) : std::move(verdict);
  return view;
}

}  // namespace host_sim
