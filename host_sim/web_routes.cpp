#include "web_routes.hpp"

#include <boost/json.hpp>
#include <string_view>
#include <vector>

#include "fetch_plan.hpp"
#include "secure_memory.hpp"
#include "web_data_panel.hpp"
#include "web_write_panel.hpp"

namespace zc::embedded {
extern const std::string_view host_sim_index_html;
extern const std::string_view host_sim_app_js;
extern const std::string_view host_sim_page_js;
extern const std::string_view host_sim_data_panel_js;
extern const std::string_view host_sim_write_panel_js;
extern const std::string_view host_sim_app_css;
}  // namespace zc::embedded

namespace host_sim::web {
namespace {

namespace http = boost::beast::http;
namespace json = boost::json;

json::object errors_object(const std::vector<FieldError>& errors) {
  json::object out;
  for (const auto& error : errors) {
    if (!out.contains(error.key)) out[error.key] = error.message;
  }
  return out;
}

json::value verdict_value(const CheckResult& check) {
  boost::system::error_code ec;
  auto verdict = json::parse(check.verdict_json, ec);
  if (ec) return json::object{{"ok", false}, {"message", check.message}};
  if (verdict.is_object()) verdict.as_object()["state"] = state_word(check.state);
  return verdict;
}

std::optional<json::object> body_object(const Request& request) {
  boost::system::error_code ec;
  auto body = json::parse(std::string_view(request.body()), ec, secret_json_storage());
  if (ec || !body.is_object()) return std::nullopt;
  return std::move(body.as_object());
}

std::optional<json::object> fields_of(const json::object& body) {
  const auto* fields = body.if_contains("fields");
  if (fields == nullptr || !fields->is_object()) return std::nullopt;
  return fields->as_object();
}

Response no_fields(unsigned version) {
  return error_response(http::status::bad_request,
                        "the body must be a JSON object with a \"fields\" object", version);
}

RouteHandler asset(std::string_view text, const char* content_type) {
  return [text, content_type](const RouteCall& call) {
    return make_response(http::status::ok, std::string(text), content_type, call.version);
  };
}

}  // namespace

WebRoutes::WebRoutes(const Host& host, CredentialStore& store, std::string csrf_token,
                     json::object prefill)
    : host_(host),
      store_(store),
      csrf_token_(std::move(csrf_token)),
      prefill_(std::move(prefill)),
      jobs_(host, store),
      writes_(host, store) {
  table_.check_ids([this](std::int64_t id) { return owned(id).has_value(); }, "no such credential");
  add_pages();
  add_credentials();
  add_fetches();
  add_writes();
}

void WebRoutes::add_pages() {
  const auto get = http::verb::get;
  const auto page_route = [this](const RouteCall& call) { return page(call.version); };
  table_.add(get, "/", page_route);
  table_.add(get, "/index.html", page_route);
  constexpr const char* k_script = "text/javascript; charset=utf-8";
  table_.add(get, "/app.js", asset(zc::embedded::host_sim_app_js, k_script));
  table_.add(get, "/page.js", asset(zc::embedded::host_sim_page_js, k_script));
  table_.add(get, "/data_panel.js", asset(zc::embedded::host_sim_data_panel_js, k_script));
  table_.add(get, "/write_panel.js", asset(zc::embedded::host_sim_write_panel_js, k_script));
  table_.add(get, "/app.css", asset(zc::embedded::host_sim_app_css, "text/css; charset=utf-8"));
  table_.add(get, "/api/screen", [this](const RouteCall& call) {
    std::string direction = query_value(call.request.target(), "direction");
    if (direction.empty()) direction = host_.info.directions.front();
    if (!host_.has_direction(direction)) {
      return error_response(http::status::bad_request, "unknown direction", call.version);
    }
    return json_response(http::status::ok, screen(direction), call.version);
  });
}

void WebRoutes::add_credentials() {
  table_.add(http::verb::post, "/api/credentials",
             [this](const RouteCall& call) { return add_credential_route(call); });
  table_.add(http::verb::put, "/api/credentials/{id}",
             [this](const RouteCall& call) { return edit_credential_route(call); });
  table_.add(http::verb::post, "/api/credentials/{id}/validate", [this](const RouteCall& call) {
    const CheckResult check = revalidate(host_, store_, call.id);
    const auto row = store_.get(call.id);
    if (check.outcome == Outcome::bad_input) {
      // The input is refused (a field, the server's options): a field
      // error, no verdict; the stored one is unchanged.
      return json_response(http::status::unprocessable_entity,
                           json::object{{"errors", errors_object(check.refused)},
                                        {"credential", credential_view(host_, *row)}},
                           call.version);
    }
    return json_response(http::status::ok,
                         json::object{{"credential", credential_view(host_, *row)},
                                      {"verdict", verdict_value(check)}},
                         call.version);
  });
  table_.add(http::verb::delete_, "/api/credentials/{id}", [this](const RouteCall& call) {
    const auto row = store_.get(call.id);
    jobs_.drop(call.id);
    writes_.drop(call.id);
    store_.remove(call.id);
    return json_response(
        http::status::ok,
        json::object{{"deleted", call.id}, {"name", row ? row->name : std::string()}},
        call.version);
  });
  table_.add(http::verb::get, "/api/credentials/{id}/streams", [this](const RouteCall& call) {
    const auto row = owned(call.id);
    if (!row) return error_response(http::status::not_found, "no such credential", call.version);
    return json_response(http::status::ok, credential_streams(host_, store_, *row), call.version);
  });
}

void WebRoutes::add_fetches() {
  table_.add(http::verb::get, "/api/credentials/{id}/fetch", [this](const RouteCall& call) {
    const auto fetch = jobs_.snapshot(call.id);
    return json_response(
        http::status::ok,
        json::object{{"fetch", fetch ? json::value(*fetch) : json::value(nullptr)}}, call.version);
  });
  table_.add(http::verb::post, "/api/credentials/{id}/fetch",
             [this](const RouteCall& call) { return start_fetch(call); });
  table_.add(http::verb::post, "/api/credentials/{id}/fetch/stop", [this](const RouteCall& call) {
    const auto fetch = jobs_.stop(call.id);
    if (!fetch) return error_response(http::status::not_found, "no fetch to stop", call.version);
    return json_response(http::status::ok, json::object{{"fetch", *fetch}}, call.version);
  });
}

void WebRoutes::add_writes() {
  table_.add(
      http::verb::get, "/api/credentials/{id}/write/operations", [this](const RouteCall& call) {
        Response refused;
        const auto row = destination(call, refused);
        if (!row) return refused;
        return json_response(http::status::ok, write_operations(host_, store_, *row), call.version);
      });
  table_.add(http::verb::get, "/api/credentials/{id}/write", [this](const RouteCall& call) {
    const auto write = writes_.snapshot(call.id);
    return json_response(
        http::status::ok,
        json::object{{"write", write ? json::value(*write) : json::value(nullptr)}}, call.version);
  });
  table_.add(http::verb::post, "/api/credentials/{id}/write",
             [this](const RouteCall& call) { return start_write(call); });
  table_.add(http::verb::post, "/api/credentials/{id}/write/stop", [this](const RouteCall& call) {
    const auto write = writes_.stop(call.id);
    if (!write) return error_response(http::status::not_found, "no write to stop", call.version);
    return json_response(http::status::ok, json::object{{"write", *write}}, call.version);
  });
  table_.add(http::verb::get, "/api/credentials/{id}/write/results", [this](const RouteCall& call) {
    const auto results = writes_.finished_results(call.id);
    const auto row = store_.get(call.id);
    if (!results || !row) {
      return error_response(http::status::not_found, "no finished write", call.version);
    }
    return results_download(*results, row->name, call.version);
  });
  table_.add(http::verb::post, "/api/credentials/{id}/use-for-writes",
             [this](const RouteCall& call) { return use_for_writes_route(call); });
}

Response WebRoutes::start_write(const RouteCall& call) {
  Response refused;
  if (!destination(call, refused)) return refused;
  const auto body = body_object(call.request);
  if (!body) {
    return error_response(http::status::bad_request, "the body must be a JSON object",
                          call.version);
  }
  std::string problem;
  json::array line_errors;
  auto wanted = parse_web_write_request(
      *body, catalog_names(host_.plugin.write_catalog_json(), "operations"), problem, line_errors);
  if (!wanted) {
    return json_response(http::status::unprocessable_entity,
                         json::object{{"error", problem}, {"lines", std::move(line_errors)}},
                         call.version);
  }
  return writes_.start(call.id, std::move(*wanted), call.version);
}

Response WebRoutes::use_for_writes_route(const RouteCall& call) {
  const auto row = owned(call.id);
  if (!row || row->direction != "source" || !host_.has_direction("destination")) {
    return error_response(http::status::bad_request,
                          "only a saved source credential can be used for writes", call.version);
  }
  return saved(use_for_writes(host_, store_, call.id), http::status::created, call.version);
}

std::optional<StoredCredential> WebRoutes::destination(const RouteCall& call,
                                                       Response& refused) const {
  auto row = owned(call.id);
  if (row && row->direction == "destination" && host_.plugin.has_write()) return row;
  refused = error_response(http::status::bad_request,
                           "writes need a destination credential (a source credential can be "
                           "used for writes from the Destination tab)",
                           call.version);
  return std::nullopt;
}

Response WebRoutes::page(unsigned version) const {
  std::string html(zc::embedded::host_sim_index_html);
  const std::string marker = "{{CSRF_TOKEN}}";
  if (const auto at = html.find(marker); at != std::string::npos)
    html.replace(at, marker.size(), csrf_token_);
  return make_response(http::status::ok, std::move(html), "text/html; charset=utf-8", version);
}

json::object WebRoutes::screen(const std::string& direction) const {
  json::array directions;
  for (const auto& d : host_.info.directions) directions.emplace_back(d);
  json::array tiles;
  for (const auto& row : store_.list(host_.info.name, direction)) {
    json::object tile = credential_view(host_, row);
    if (direction == "destination") tile["command"] = command_line_for(store_, row);
    tiles.emplace_back(std::move(tile));
  }
  // The saved source credentials a destination may use without the secret
  // being typed again (POST .../use-for-writes copies it inside the store).
  json::array sources;
  if (direction == "destination") {
    for (const auto& row : store_.list(host_.info.name, "source")) {
      sources.push_back(json::object{
          {"id", row.id},
          {"name", row.name},
          {"last_status", state_word(row.last_status)},
          {"used", store_.find(host_.info.name, "destination", row.name).has_value()}});
    }
  }
  return {{"connector",
           {{"name", host_.info.name},
            {"display_name", host_.info.display_name},
            {"version", host_.info.version}}},
          {"directions", std::move(directions)},
          {"direction", direction},
          {"form", form_to_json(host_.form)},
          {"prefill", prefill_used_.load() ? json::object() : prefill_},
          {"credentials", std::move(tiles)},
          {"sources", std::move(sources)}};
}

Response WebRoutes::add_credential_route(const RouteCall& call) {
  const auto body = body_object(call.request);
  const auto fields = body ? fields_of(*body) : std::nullopt;
  if (!fields) return no_fields(call.version);
  std::string direction = host_.info.directions.front();
  if (const auto* d = body->if_contains("direction"); d != nullptr && d->is_string()) {
    direction = std::string(d->as_string());
  }
  if (!host_.has_direction(direction)) {
    return error_response(http::status::bad_request, "unknown direction", call.version);
  }
  const SaveResult result = add_credential(host_, store_, direction, *fields);
  if (result.id) prefill_used_.store(true);
  return saved(result, http::status::created, call.version);
}

Response WebRoutes::edit_credential_route(const RouteCall& call) {
  const auto body = body_object(call.request);
  const auto fields = body ? fields_of(*body) : std::nullopt;
  if (!fields) return no_fields(call.version);
  return saved(edit_credential(host_, store_, call.id, *fields), http::status::ok, call.version);
}

Response WebRoutes::saved(const SaveResult& result, http::status status, unsigned version) const {
  if (!result.errors.empty()) {
    return json_response(http::status::unprocessable_entity,
                         json::object{{"errors", errors_object(result.errors)}}, version);
  }
  const auto row = store_.get(*result.id);
  return json_response(status,
                       json::object{{"credential", row ? json::value(credential_view(host_, *row))
                                                       : json::value(nullptr)},
                                    {"verdict", verdict_value(*result.check)}},
                       version);
}

Response WebRoutes::start_fetch(const RouteCall& call) {
  const auto body = body_object(call.request);
  if (!body) {
    return error_response(http::status::bad_request, "the body must be a JSON object",
                          call.version);
  }
  std::string refused;
  auto wanted =
      parse_web_fetch_request(*body, catalog_stream_names(host_.plugin.catalog_json()), refused);
  if (!wanted) return error_response(http::status::unprocessable_entity, refused, call.version);
  return jobs_.start(call.id, std::move(*wanted), call.version);
}

std::optional<StoredCredential> WebRoutes::owned(std::int64_t id) const {
  auto row = store_.get(id);
  if (!row || row->connector != host_.info.name) return std::nullopt;
  return row;
}

}  // namespace host_sim::web
