// The one exported symbol and the C trampolines of the v1 function table
// (growth steps 1.0, 1.1 and 1.2).
#include <memory>
#include <string>
#include <type_traits>
#include <utility>

#include "abi/abi_mirrors.hpp"
#include "abi/error_out.hpp"
#include "abi/guarded_call.hpp"
#include "abi/handles.hpp"
#include "abi/host_log_adapter.hpp"
#include "abi/plugin_info.hpp"
#include "connector/connector.hpp"
#include "pipeline_plugin.h"

namespace zc::abi {
namespace {

constexpr std::uint32_t k_min_abi = PP_ABI_VERSION_1;
constexpr std::uint32_t k_max_abi = PP_ABI_VERSION_1;

// The error for a handle that is NULL, closed or of another type.
pp_status bad_handle(pp_error* error, const void* handle, const char* name) {
  const std::string what =
      std::string(name) + (handle == nullptr ? " is NULL"
                                             : " is not an open handle of its type (closed "
                                               "already, or another kind of handle)");
  return write_error(error, Status::invalid_argument, what.c_str());
}

template <class Handle>
const zc::Redactor* redactor_of(Handle* handle) {
  const auto* state = open_state(handle);
  return state != nullptr ? state->redactor.get() : nullptr;
}

pp_status connector_create(const char* credential_json, const char* options_json,
                           const pp_host_services* host, pp_connector** out,
                           pp_error* error) noexcept {
  return guarded_call(error, [&]() -> pp_status {
    if (out == nullptr) return write_error(error, Status::invalid_argument, "out is NULL");
    *out = nullptr;
    if (credential_json == nullptr) {
      return write_error(error, Status::invalid_argument, "credential_json is NULL");
    }
    auto made = make_connector(credential_json, options_json != nullptr ? options_json : "{}",
                               make_host_log(host));
    if (!made) return write_error(error, made.error());
    auto redactor = (*made)->message_redactor();
    *out = Shells<pp_connector>::open(
        std::make_unique<ConnectorState>(ConnectorState{std::move(*made), std::move(redactor)}));
    return PP_STATUS_OK;
  });
}

void connector_destroy(pp_connector* connector) noexcept { Shells<pp_connector>::close(connector); }

pp_status connector_authenticate(pp_connector* connector, pp_error* error) noexcept {
  const zc::Redactor* redactor = redactor_of(connector);
  return guarded_call(error, redactor, [&]() -> pp_status {
    ConnectorState* state = open_state(connector);
    if (state == nullptr) return bad_handle(error, connector, "connector");
    auto done = state->impl->authenticate();
    return done ? PP_STATUS_OK : write_error(error, done.error(), redactor);
  });
}

// A connector call whose answer is a document for the host (released by it).
template <typename Call>
pp_status connector_document(pp_connector* connector, pp_string* out, const char* out_name,
                             pp_error* error, Call call) noexcept {
  const zc::Redactor* redactor = redactor_of(connector);
  return guarded_call(error, redactor, [&]() -> pp_status {
    ConnectorState* state = open_state(connector);
    if (state == nullptr) return bad_handle(error, connector, "connector");
    if (out == nullptr) {
      return write_error(error, Status::invalid_argument,
                         (std::string(out_name) + " is NULL").c_str());
    }
    auto document = call(*state->impl);
    if (!document) return write_error(error, document.error(), redactor);
    return write_string(out, std::move(*document), error);
  });
}

pp_status connector_validate(pp_connector* connector, pp_string* verdict_json,
                             pp_error* error) noexcept {
  return connector_document(connector, verdict_json, "verdict_json", error,
                            [](Connector& c) { return c.validate(); });
}

pp_status connector_fetch(pp_connector* connector, const char* request_json, pp_fetch** out,
                          pp_error* error) noexcept {
  const zc::Redactor* redactor = redactor_of(connector);
  return guarded_call(error, redactor, [&]() -> pp_status {
    if (out == nullptr) return write_error(error, Status::invalid_argument, "out is NULL");
    *out = nullptr;
    ConnectorState* state = open_state(connector);
    if (state == nullptr) return bad_handle(error, connector, "connector");
    if (request_json == nullptr) {
      return write_error(error, Status::invalid_argument, "request_json is NULL");
    }
    auto stream = state->impl->fetch(request_json);
    if (!stream) return write_error(error, stream.error(), redactor);
    *out = Shells<pp_fetch>::open(
        std::make_unique<FetchState>(FetchState{std::move(*stream), {}, state->redactor}));
    return PP_STATUS_OK;
  });
}

void connector_cancel(pp_connector* connector) noexcept {
  if (ConnectorState* state = open_state(connector)) state->impl->cancel();
}

pp_status fetch_next(pp_fetch* fetch, pp_fetch_item* item, pp_error* error) noexcept {
  const zc::Redactor* redactor = redactor_of(fetch);
  return guarded_call(error, redactor, [&]() -> pp_status {
    FetchState* state = open_state(fetch);
    if (state == nullptr) return bad_handle(error, fetch, "fetch");
    if (item == nullptr) return write_error(error, Status::invalid_argument, "item is NULL");
    *item = pp_fetch_item{PP_ITEM_END, nullptr, nullptr, 0};
    auto next = state->impl->next();
    if (!next) return write_error(error, next.error(), redactor);
    item->kind = static_cast<pp_item_kind>(next->kind);
    if (next->kind == FetchItem::Kind::end) return PP_STATUS_OK;
    if (next->kind == FetchItem::Kind::record) {
      state->stream_name.assign(next->stream);
      item->stream = state->stream_name.c_str();
    }
    item->json = next->json.data();
    item->json_size = next->json.size();
    return PP_STATUS_OK;
  });
}

pp_status fetch_progress(pp_fetch* fetch, pp_string* progress_json, pp_error* error) noexcept {
  const zc::Redactor* redactor = redactor_of(fetch);
  return guarded_call(error, redactor, [&]() -> pp_status {
    FetchState* state = open_state(fetch);
    if (state == nullptr) return bad_handle(error, fetch, "fetch");
    auto progress = state->impl->progress_json();
    if (!progress) return write_error(error, progress.error(), redactor);
    return write_string(progress_json, std::move(*progress), error);
  });
}

void fetch_close(pp_fetch* fetch) noexcept { Shells<pp_fetch>::close(fetch); }

pp_status connector_catalog(pp_connector* connector, pp_string* catalog_json,
                            pp_error* error) noexcept {
  return connector_document(connector, catalog_json, "catalog_json", error,
                            [](Connector& c) { return c.catalog(); });
}

pp_status connector_write_catalog(pp_connector* connector, pp_string* catalog_json,
                                  pp_error* error) noexcept {
  return connector_document(connector, catalog_json, "catalog_json", error,
                            [](Connector& c) { return c.write_catalog(); });
}

pp_status connector_write(pp_connector* connector, const char* request_json, pp_write** out,
                          pp_error* error) noexcept {
  const zc::Redactor* redactor = redactor_of(connector);
  return guarded_call(error, redactor, [&]() -> pp_status {
    if (out == nullptr) return write_error(error, Status::invalid_argument, "out is NULL");
    *out = nullptr;
    ConnectorState* state = open_state(connector);
    if (state == nullptr) return bad_handle(error, connector, "connector");
    if (request_json == nullptr) {
      return write_error(error, Status::invalid_argument, "request_json is NULL");
    }
    auto session = state->impl->write(request_json);
    if (!session) return write_error(error, session.error(), redactor);
    *out = Shells<pp_write>::open(
        std::make_unique<WriteState>(WriteState{std::move(*session), state->redactor}));
    return PP_STATUS_OK;
  });
}

pp_status write_push(pp_write* write, const char* records_json, pp_string* results_json,
                     pp_error* error) noexcept {
  const zc::Redactor* redactor = redactor_of(write);
  return guarded_call(error, redactor, [&]() -> pp_status {
    WriteState* state = open_state(write);
    if (state == nullptr) return bad_handle(error, write, "write");
    if (records_json == nullptr) {
      return write_error(error, Status::invalid_argument, "records_json is NULL");
    }
    if (results_json == nullptr) {
      return write_error(error, Status::invalid_argument, "results_json is NULL");
    }
    auto results = state->impl->push(records_json);
    if (!results) return write_error(error, results.error(), redactor);
    return write_string(results_json, std::move(*results), error);
  });
}

void write_close(pp_write* write) noexcept { Shells<pp_write>::close(write); }

const char* info_json() noexcept { return plugin_info_json(); }
const char* credential_schema_json() noexcept { return plugin_credential_schema_json(); }
const char* catalog_json() noexcept { return plugin_catalog_json(); }
const char* write_catalog_json() noexcept { return plugin_write_catalog_json(); }

// Filled by name, so two slots of the same type cannot be swapped unseen.
constexpr pp_plugin_api k_api_v1{
    .struct_size = sizeof(pp_plugin_api),
    .abi_version = PP_ABI_VERSION_1,
    .info_json = &info_json,
    .credential_schema_json = &credential_schema_json,
    .catalog_json = &catalog_json,
    .connector_create = &connector_create,
    .connector_destroy = &connector_destroy,
    .connector_authenticate = &connector_authenticate,
    .connector_validate = &connector_validate,
    .connector_fetch = &connector_fetch,
    .connector_cancel = &connector_cancel,
    .fetch_next = &fetch_next,
    .fetch_progress = &fetch_progress,
    .fetch_close = &fetch_close,
    .connector_catalog = &connector_catalog,
    .write_catalog_json = &write_catalog_json,
    .connector_write_catalog = &connector_write_catalog,
    .connector_write = &connector_write,
    .write_push = &write_push,
    .write_close = &write_close,
};
static_assert(sizeof(k_api_v1) == PP_API_SIZE_V1_2, "the table ends at its newest growth step");

pp_status negotiate(std::uint32_t host_max_version, const pp_plugin_api** out,
                    pp_error* error) noexcept {
  return guarded_call(error, [&]() -> pp_status {
    if (out == nullptr) return write_error(error, Status::invalid_argument, "out is NULL");
    *out = nullptr;
    if (host_max_version < k_min_abi) {
      const std::string message = "incompatible plugin ABI: the host speaks versions up to " +
                                  std::to_string(host_max_version) +
                                  ", this plugin speaks versions " + std::to_string(k_min_abi) +
                                  " to " + std::to_string(k_max_abi);
      return write_error(error, Error::make(Status::incompatible, message));
    }
    *out = &k_api_v1;  // the newest version both speak is v1
    return PP_STATUS_OK;
  });
}

}  // namespace
}  // namespace zc::abi

// The header declares it; every path through it is guarded, so nothing throws.
PP_EXPORT pp_status pp_negotiate(std::uint32_t host_max_version, const pp_plugin_api** out_api,
                                 pp_error* out_error) {
  return zc::abi::negotiate(host_max_version, out_api, out_error);
}
static_assert(std::is_same_v<decltype(&pp_negotiate), pp_negotiate_fn>);
