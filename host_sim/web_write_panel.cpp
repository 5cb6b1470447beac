#include "web_write_panel.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "credential_options.hpp"
#include "safe_file.hpp"
#include "web_data_panel.hpp"
#include "web_fetch_job.hpp"
#include "web_write_job.hpp"

namespace host_sim {
namespace {

namespace http = boost::beast::http;
namespace json = boost::json;

constexpr std::size_t k_max_operations = 100;
constexpr std::size_t k_max_fields = 100;

std::string text_of(const json::object& o, const char* key, std::size_t limit) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? page_text(v->as_string(), limit) : std::string();
}

// "string (date-time)", "integer: 1, 2, 3", "string or null".
std::string type_text(const json::object& property) {
  std::string type;
  if (const auto* t = property.if_contains("type"); t != nullptr) {
    if (t->is_string()) type = std::string(t->as_string());
    if (t->is_array()) {
      for (const auto& one : t->as_array()) {
        if (one.is_string()) type += (type.empty() ? "" : " or ") + std::string(one.as_string());
      }
    }
  }
  if (type.empty()) type = "any";
  if (const auto format = text_of(property, "format", 40); !format.empty()) {
    type += " (" + format + ")";
  }
  if (const auto* values = property.if_contains("enum"); values && values->is_array()) {
    std::string listed;
    for (const auto& value : values->as_array()) {
      listed += (listed.empty() ? "" : ", ") + json::serialize(value);
    }
    type += ": " + listed;
  }
  return page_text(type, 200);
}

json::array fields_of(const json::value* schema) {
  json::array fields;
  if (schema == nullptr || !schema->is_object()) return fields;
  std::vector<std::string> required;
  if (const auto* list = schema->as_object().if_contains("required"); list && list->is_array()) {
    for (const auto& name : list->as_array()) {
      if (name.is_string()) required.emplace_back(name.as_string());
    }
  }
  const auto* properties = schema->as_object().if_contains("properties");
  if (properties == nullptr || !properties->is_object()) return fields;
  for (const auto& [name, value] : properties->as_object()) {
    if (!value.is_object() || fields.size() >= k_max_fields) continue;
    const auto& property = value.as_object();
    fields.push_back(json::object{
        {"name", page_text(name, 100)},
        {"type", type_text(property)},
        {"required", std::ranges::find(required, std::string_view(name)) != required.end()},
        {"description", text_of(property, "description", 400)}});
  }
  return fields;
}

}  // namespace

json::array operations_for_page(const std::string& catalog_json,
                                const std::vector<std::string>* verdict_allowed) {
  json::array out;
  boost::system::error_code ec;
  const auto catalog = json::parse(catalog_json, ec);
  const auto* list =
      !ec && catalog.is_object() ? catalog.as_object().if_contains("operations") : nullptr;
  if (list == nullptr || !list->is_array()) return out;
  for (const auto& item : list->as_array()) {
    if (!item.is_object() || out.size() >= k_max_operations) continue;
    const auto& o = item.as_object();
    const std::string name = text_of(o, "name", 100);
    if (name.empty()) continue;
    bool allowed = false;
    json::array missing;
    if (verdict_allowed != nullptr) {
      allowed = std::ranges::find(*verdict_allowed, name) != verdict_allowed->end();
    } else {
      const auto* a = o.if_contains("allowed");
      allowed = a != nullptr && a->is_bool() && a->as_bool();
      if (const auto* m = o.if_contains("missing_scopes"); m != nullptr && m->is_array()) {
        for (const auto& scope : m->as_array()) {
          if (scope.is_string() && missing.size() < 20)
            missing.emplace_back(page_text(scope.as_string(), 120));
        }
      }
    }
    out.push_back(json::object{{"name", name},
                               {"title", text_of(o, "title", 100)},
                               {"description", text_of(o, "description", 400)},
                               {"method", text_of(o, "method", 10)},
                               {"path", text_of(o, "path", 200)},
                               {"allowed", allowed},
                               {"missing_scopes", std::move(missing)},
                               {"fields", fields_of(o.if_contains("record_schema"))}});
  }
  return out;
}

json::object write_operations(const Host& host, const CredentialStore& store,
                              const StoredCredential& row) {
  std::string note;
  json::array operations;
  try {
    auto connector = host.plugin.create(json::serialize(store.credential_json(row.id)),
                                        options_for(host, store, row.id));
    operations = operations_for_page(connector.write_catalog(), nullptr);
  } catch (const pp::PluginError& e) {
    note = page_text(std::string("The plugin could not mark the operations for this credential (") +
                         e.what() + "); shown from its last verdict",
                     600);
    std::vector<std::string> allowed;
    boost::system::error_code ec;
    const auto verdict = json::parse(row.last_verdict_json, ec);
    const json::value* list = !ec && verdict.is_object()
                                  ? verdict.as_object().if_contains("allowed_operations")
                                  : nullptr;
    if (list != nullptr && list->is_array()) {
      for (const auto& name : list->as_array()) {
        if (name.is_string()) allowed.emplace_back(name.as_string());
      }
    }
    operations = operations_for_page(host.plugin.write_catalog_json(), &allowed);
  }
  return {{"credential", row.id},
          {"name", row.name},
          {"note", note},
          {"operations", std::move(operations)},
          {"max_bytes", WebWriteJob::k_max_input_bytes},
          {"max_lines", WebWriteJob::k_max_lines},
          {"command", command_line_for(store, row)}};
}

web::Response results_download(const std::filesystem::path& results,
                               const std::string& credential_name, unsigned version) {
  std::optional<std::string> text;
  try {
    text = read_own_file(results, "the results file", WebWriteJob::k_max_results_bytes);
  } catch (const OutputError& e) {
    return web::error_response(http::status::internal_server_error, page_text(e.what(), 600),
                               version);
  }
  if (!text) return web::error_response(http::status::not_found, "no results yet", version);
  std::string file;
  for (const char c : credential_name) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '-' || c == '_';
    if (file.size() < 60) file += plain ? c : '_';
  }
  auto response =
      web::make_response(http::status::ok, std::move(*text), "application/x-ndjson", version);
  response.set(http::field::content_disposition,
               "attachment; filename=\"" + (file.empty() ? "write" : file) + "-results.jsonl\"");
  return response;
}

SaveResult use_for_writes(const Host& host, CredentialStore& store, std::int64_t source_id) {
  const auto source = store.get(source_id);
  if (!source || source->connector != host.info.name || source->direction != "source") {
    throw StoreError(StoreError::Kind::not_found, "no such source credential");
  }
  return add_credential(host, store, "destination", store.credential_json(source_id));
}

}  // namespace host_sim
