// The one exported symbol and the C trampolines of the v1 function table
// (growth steps 1.0, 1.1 and 1.2).
#include <memory>
#include <string>
#include <type_traits>
#include <utility>

#include "abi/abi_mirrors.hpp"
#include "abi/error_out.hpp"
#include "abi/guarded_call.hpp"
#include "abi/host_log_adapter.hpp"
#include "abi/plugin_info.hpp"
#include "connector/connector.hpp"
#include "pipeline_plugin.h"

struct pp_connector {
  std::unique_ptr<zc::Connector> impl;
  std::shared_ptr<const zc::Redactor> redactor;  // for every message it returns
};

struct pp_write {
  std::unique_ptr<zc::write::WriteSession> impl;
  std::shared_ptr<const zc::Redactor> redactor;
};

struct pp_fetch {
  std::unique_ptr<zc::FetchStream> impl;
  std::string stream_name;  // NUL-terminated copy of the current item's stream
  std::shared_ptr<const zc::Redactor> redactor;
};

namespace zc::abi {
namespace {

constexpr std::uint32_t k_min_abi = PP_ABI_VERSION_1;
constexpr std::uint32_t k_max_abi = PP_ABI_VERSION_1;

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
    *out = new pp_connector{std::move(*made), std::move(redactor)};
    return PP_STATUS_OK;
  });
}

void connector_destroy(pp_connector* connector) noexcept { delete connector; }

pp_status connector_authenticate(pp_connector* connector, pp_error* error) noexcept {
  const zc::Redactor* redactor = connector != nullptr ? connector->redactor.get() : nullptr;
  return guarded_call(error, redactor, [&]() -> pp_status {
    if (connector == nullptr) {
      return write_error(error, Status::invalid_argument, "connector is NULL");
    }
    auto done = connector->impl->authenticate();
    return done ? PP_STATUS_OK : write_error(error, done.error(), redactor);
  });
}

// A connector call whose answer is a document for the host (released by it).
template <typename Call>
pp_status connector_document(pp_connector* connector, pp_string* out, const char* out_name,
                             pp_error* error, Call call) noexcept {
  const zc::Redactor* redactor = connector != nullptr ? connector->redactor.get() : nullptr;
  return guarded_call(error, redactor, [&]() -> pp_status {
    if (connector == nullptr) {
      return write_error(error, Status::invalid_argument, "connector is NULL");
    }
    if (out == nullptr) {
      return write_error(error, Status::invalid_argument,
                         (std::string(out_name) + " is NULL").c_str());
    }
    auto document = call(*connector->impl);
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
  const zc::Redactor* redactor = connector != nullptr ? connector->redactor.get() : nullptr;
  return guarded_call(error, redactor, [&]() -> pp_status {
    if (out == nullptr) return write_error(error, Status::invalid_argument, "out is NULL");
    *out = nullptr;
    if (connector == nullptr) {
      return write_error(error, Status::invalid_argument, "connector is NULL");
    }
    if (request_json == nullptr) {
      return write_error(error, Status::invalid_argument, "request_json is NULL");
    }
    auto stream = connector->impl->fetch(request_json);
    if (!stream) return write_error(error, stream.error(), redactor);
    *out = new pp_fetch{std::move(*stream), {}, connector->redactor};
    return PP_STATUS_OK;
  });
}

void connector_cancel(pp_connector* connector) noexcept {
  if (connector != nullptr) connector->impl->cancel();
}

pp_status fetch_next(pp_fetch* fetch, pp_fetch_item* item, pp_error* error) noexcept {
  const zc::Redactor* redactor = fetch != nullptr ? fetch->redactor.get() : nullptr;
  return guarded_call(error, redactor, [&]() -> pp_status {
    if (fetch == nullptr) return write_error(error, Status::invalid_argument, "fetch is NULL");
    if (item == nullptr) return write_error(error, Status::invalid_argument, "item is NULL");
    *item = pp_fetch_item{PP_ITEM_END, nullptr, nullptr, 0};
    auto next = fetch->impl->next();
    if (!next) return write_error(error, next.error(), redactor);
    item->kind = static_cast<pp_item_kind>(next->kind);
    if (next->kind == FetchItem::Kind::end) return PP_STATUS_OK;
    if (next->kind == FetchItem::Kind::record) {
      fetch->stream_name.assign(next->stream);
      item->stream = fetch->stream_name.c_str();
    }
    item->json = next->json.data();
    item->json_size = next->json.size();
    return PP_STATUS_OK;
  });
}

pp_status fetch_progress(pp_fetch* fetch, pp_string* progress_json, pp_error* error) noexcept {
  const zc::Redactor* redactor = fetch != nullptr ? fetch->redactor.get() : nullptr;
  return guarded_call(error, redactor, [&]() -> pp_status {
    if (fetch == nullptr) return write_error(error, Status::invalid_argument, "fetch is NULL");
    auto progress = fetch->impl->progress_json();
    if (!progress) return write_error(error, progress.error(), redactor);
    return write_string(progress_json, std::move(*progress), error);
  });
}

void fetch_close(pp_fetch* fetch) noexcept { delete fetch; }

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
  const zc::Redactor* redactor = connector != nullptr ? connector->redactor.get() : nullptr;
  return guarded_call(error, redactor, [&]() -> pp_status {
    if (out == nullptr) return write_error(error, Status::invalid_argument, "out is NULL");
    *out = nullptr;
    if (connector == nullptr) {
      return write_error(error, Status::invalid_argument, "connector is NULL");
    }
    if (request_json == nullptr) {
      return write_error(error, Status::invalid_argument, "request_json is NULL");
    }
    auto session = connector->impl->write(request_json);
    if (!session) return write_error(error, session.error(), redactor);
    *out = new pp_write{std::move(*session), connector->redactor};
    return PP_STATUS_OK;
  });
}

pp_status write_push(pp_write* write, const char* records_json, pp_string* results_json,
                     pp_error* error) noexcept {
  const zc::Redactor* redactor = write != nullptr ? write->redactor.get() : nullptr;
  return guarded_call(error, redactor, [&]() -> pp_status {
    if (write == nullptr) return write_error(error, Status::invalid_argument, "write is NULL");
    if (records_json == nullptr) {
      return write_error(error, Status::invalid_argument, "records_json is NULL");
    }
    if (results_json == nullptr) {
      return write_error(error, Status::invalid_argument, "results_json is NULL");
    }
    auto results = write->impl->push(records_json);
    if (!results) return write_error(error, results.error(), redactor);
    return write_string(results_json, std::move(*results), error);
  });
}

void write_close(pp_write* write) noexcept { delete write; }

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
