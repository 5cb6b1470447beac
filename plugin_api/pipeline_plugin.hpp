// pipeline_plugin.hpp: header-only C++ host wrapper over pipeline_plugin.h.
//
// Loads a plugin with Boost.DLL, negotiates the ABI version, and wraps the
// connector and fetch handles in RAII types. Every object that came from the
// plugin holds a shared_ptr to the loaded library, so the library stays
// loaded until the last of them is gone (Boost.DLL's library-holding pattern).
// A FetchStream or WriteSession also keeps its Connector alive, as the ABI
// requires.
// Failures are thrown as pp::PluginError carrying the plugin's error fields.
// Plugin::find is where hosts look for a plugin: one file chosen by its name
// before anything is loaded, only from places no other user can change.
#pragma once

#include <array>
#include <boost/dll/shared_library.hpp>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "pipeline_plugin.h"
#include "plugin_search.hpp"

namespace pp {

// A failed plugin call (or a failure to load one), with the ABI's fields.
class PluginError : public std::runtime_error {
 public:
  PluginError(pp_status status, const std::string& message, int http_status = 0,
              int remote_code = 0, bool retryable = false)
      : std::runtime_error(message),
        status_(status),
        http_status_(http_status),
        remote_code_(remote_code),
        retryable_(retryable) {}

  pp_status status() const noexcept { return status_; }
  int http_status() const noexcept { return http_status_; }
  int remote_code() const noexcept { return remote_code_; }
  bool retryable() const noexcept { return retryable_; }

 private:
  pp_status status_;
  int http_status_;
  int remote_code_;
  bool retryable_;
};

// The word for a status code, as documents and hosts spell it: "auth_failed"
// (pp_status_word in the C header, which the plugin's verdict uses too).
inline std::string_view status_word(pp_status status) noexcept { return pp_status_word(status); }

// The status a word names (status_word's inverse); nullopt for a word that
// names none.
inline std::optional<pp_status> status_of_word(std::string_view word) noexcept {
  for (pp_status s = PP_STATUS_OK; s <= PP_STATUS_INTERNAL; ++s) {
    if (word == pp_status_word(s)) return s;
  }
  return std::nullopt;
}

// The name of a status code, for messages and logs: the word in capitals
// ("AUTH_FAILED"), or "UNKNOWN" for a value the header does not define.
inline const char* status_name(pp_status status) noexcept {
  constexpr int count = PP_STATUS_INTERNAL + 1;
  static const auto names = [] {
    std::array<std::array<char, 32>, count> out{};
    for (int s = 0; s < count; ++s) {
      const std::string_view word = pp_status_word(s);
      for (std::size_t i = 0; i < word.size() && i + 1 < out[s].size(); ++i) {
        out[s][i] = static_cast<char>(std::toupper(static_cast<unsigned char>(word[i])));
      }
    }
    return out;
  }();
  if (status < PP_STATUS_OK || status >= count) return "UNKNOWN";
  return names[static_cast<std::size_t>(status)].data();
}

namespace detail {

// Owns a pp_error for the length of one call and releases it.
class ErrorSlot {
 public:
  ErrorSlot() = default;
  ErrorSlot(const ErrorSlot&) = delete;
  ErrorSlot& operator=(const ErrorSlot&) = delete;
  ~ErrorSlot() {
    if (error_.release != nullptr) error_.release(&error_);
  }
  pp_error* get() noexcept { return &error_; }

  // Throws PluginError when status is not OK.
  void check(pp_status status, const char* operation) const {
    if (status == PP_STATUS_OK) return;
    std::string message = error_.message != nullptr ? error_.message : "";
    if (message.empty()) message = std::string(operation) + " failed: " + status_name(status);
    throw PluginError(status, message, error_.http_status, error_.remote_code,
                      error_.retryable != 0);
  }

 private:
  pp_error error_{};
};

// Copies a plugin-owned pp_string and releases it.
inline std::string take_string(pp_string& text) {
  std::string copy = text.data != nullptr ? std::string(text.data, text.size) : std::string();
  if (text.release != nullptr) text.release(&text);
  return copy;
}

// The loaded library plus its negotiated table; shared by every wrapper.
struct LoadedPlugin {
  std::shared_ptr<boost::dll::shared_library> library;
  const pp_plugin_api* api = nullptr;
};

struct ConnectorHandle {
  std::shared_ptr<const LoadedPlugin> plugin;
  pp_connector* handle = nullptr;
  // Keeps the host's log callback alive as long as the plugin may call it.
  std::unique_ptr<std::function<void(pp_log_level, const char*)>> log_sink;
  pp_host_services services{};

  ConnectorHandle() = default;
  ConnectorHandle(const ConnectorHandle&) = delete;
  ConnectorHandle& operator=(const ConnectorHandle&) = delete;
  ~ConnectorHandle() {
    if (handle != nullptr) plugin->api->connector_destroy(handle);
  }
};

}  // namespace detail

using LogCallback = std::function<void(pp_log_level level, const char* message)>;

// One item pulled from a fetch: owned copies, safe to keep.
struct FetchItem {
  pp_item_kind kind = PP_ITEM_END;
  std::string stream;
  std::string json;
};

class FetchStream {
 public:
  // Pulls the next item; kind PP_ITEM_END when the fetch is finished.
  FetchItem next() {
    pp_fetch_item item{};
    detail::ErrorSlot error;
    error.check(api()->fetch_next(handle_.get(), &item, error.get()), "fetch_next");
    FetchItem out;
    out.kind = item.kind;
    if (item.stream != nullptr) out.stream = item.stream;
    if (item.json != nullptr) out.json.assign(item.json, item.json_size);
    return out;
  }

  std::string progress_json() {
    pp_string text{};
    detail::ErrorSlot error;
    error.check(api()->fetch_progress(handle_.get(), &text, error.get()), "fetch_progress");
    return detail::take_string(text);
  }

 private:
  friend class Connector;
  struct Closer {
    std::shared_ptr<detail::ConnectorHandle> connector;  // outlives the stream
    void operator()(pp_fetch* fetch) const noexcept { connector->plugin->api->fetch_close(fetch); }
  };
  FetchStream(std::shared_ptr<detail::ConnectorHandle> connector, pp_fetch* handle)
      : handle_(handle, Closer{std::move(connector)}) {}
  const pp_plugin_api* api() const { return handle_.get_deleter().connector->plugin->api; }

  std::unique_ptr<pp_fetch, Closer> handle_;
};

// One write session (one operation) of a connector, from Connector::write.
class WriteSession {
 public:
  // Writes one batch (a JSON array of at most PP_WRITE_MAX_RECORDS records)
  // and returns {"results": [...], "state": ..., "summary": ...}. Throws when
  // the batch as a whole was not taken.
  std::string push(const std::string& records_json) {
    pp_string results{};
    detail::ErrorSlot error;
    const pp_status status =
        api()->write_push(handle_.get(), records_json.c_str(), &results, error.get());
    std::string text = detail::take_string(results);
    error.check(status, "write_push");
    return text;
  }

 private:
  friend class Connector;
  struct Closer {
    std::shared_ptr<detail::ConnectorHandle> connector;  // outlives the session
    void operator()(pp_write* write) const noexcept { connector->plugin->api->write_close(write); }
  };
  WriteSession(std::shared_ptr<detail::ConnectorHandle> connector, pp_write* handle)
      : handle_(handle, Closer{std::move(connector)}) {}
  const pp_plugin_api* api() const { return handle_.get_deleter().connector->plugin->api; }

  std::unique_ptr<pp_write, Closer> handle_;
};

namespace detail {
// True when the table has the whole write step and every write slot is set.
inline bool has_write(const pp_plugin_api* table) noexcept {
  return PP_API_HAS(table, write_close) && table->write_catalog_json != nullptr &&
         table->connector_write_catalog != nullptr && table->connector_write != nullptr &&
         table->write_push != nullptr && table->write_close != nullptr;
}
inline PluginError no_write() {
  return PluginError(PP_STATUS_NOT_IMPLEMENTED,
                     "this plugin has no destination direction (its ABI table has no write "
                     "functions)");
}
}  // namespace detail

class Connector {
 public:
  void authenticate() {
    detail::ErrorSlot error;
    error.check(api()->connector_authenticate(handle_->handle, error.get()), "authenticate");
  }

  // The verdict JSON. Throws when no verdict could be formed.
  std::string validate() {
    pp_string verdict{};
    detail::ErrorSlot error;
    const pp_status status = api()->connector_validate(handle_->handle, &verdict, error.get());
    std::string text = detail::take_string(verdict);
    error.check(status, "validate");
    return text;
  }

  FetchStream fetch(const std::string& request_json) {
    pp_fetch* fetch = nullptr;
    detail::ErrorSlot error;
    error.check(api()->connector_fetch(handle_->handle, request_json.c_str(), &fetch, error.get()),
                "fetch");
    return FetchStream(handle_, fetch);
  }

  // The catalog marked for this credential. Added to the v1 table later:
  // throws NOT_IMPLEMENTED for a plugin whose table does not have it.
  std::string catalog() {
    const pp_plugin_api* table = api();
    if (!PP_API_HAS(table, connector_catalog) || table->connector_catalog == nullptr) {
      throw PluginError(PP_STATUS_NOT_IMPLEMENTED,
                        "this plugin is older than connector_catalog; use the plugin's static "
                        "catalog and the validation verdict's allowed streams instead");
    }
    pp_string catalog{};
    detail::ErrorSlot error;
    error.check(table->connector_catalog(handle_->handle, &catalog, error.get()), "catalog");
    return detail::take_string(catalog);
  }

  // The write catalog marked for this credential (destination validation).
  // Throws NOT_IMPLEMENTED for a plugin without the write functions.
  std::string write_catalog() {
    const pp_plugin_api* table = api();
    if (!detail::has_write(table)) throw detail::no_write();
    pp_string catalog{};
    detail::ErrorSlot error;
    error.check(table->connector_write_catalog(handle_->handle, &catalog, error.get()),
                "write_catalog");
    return detail::take_string(catalog);
  }

  // Opens a write session for one operation (see connector_write). Throws
  // NOT_IMPLEMENTED for a plugin without the write functions.
  WriteSession write(const std::string& request_json) {
    const pp_plugin_api* table = api();
    if (!detail::has_write(table)) throw detail::no_write();
    pp_write* write = nullptr;
    detail::ErrorSlot error;
    error.check(table->connector_write(handle_->handle, request_json.c_str(), &write, error.get()),
                "write");
    return WriteSession(handle_, write);
  }

  // Safe from any thread.
  void cancel() noexcept { api()->connector_cancel(handle_->handle); }

 private:
  friend class Plugin;
  explicit Connector(std::shared_ptr<detail::ConnectorHandle> handle)
      : handle_(std::move(handle)) {}
  const pp_plugin_api* api() const { return handle_->plugin->api; }

  std::shared_ptr<detail::ConnectorHandle> handle_;
};

class Plugin {
 public:
  // The file name of connector `name`'s plugin in a plugin folder.
  static std::string file_name_for(std::string_view name) {
    return "lib" + std::string(name) + "_connector.so";
  }

  // Finds the plugin as `search` says (see PluginSearch) and loads it.
  // Throws PluginError: not found, refused (says why and what to do), or
  // cannot be loaded.
  static Plugin find(const PluginSearch& search, std::uint32_t host_max_version = PP_ABI_VERSION) {
    namespace fs = std::filesystem;
    fs::path candidate = search.file;
    bool strict_folder = search.file.empty();
    bool folder_mine = false;
    if (candidate.empty()) {
      fs::path folder = search.folder;
      if (folder.empty()) {
        const fs::path self =
            search.host_executable.empty() ? detail::self_executable() : search.host_executable;
        std::error_code ec;
        if (!self.empty() && !search.build_host_folder.empty() &&
            fs::equivalent(self.parent_path(), search.build_host_folder, ec)) {
          folder = search.build_folder;
          folder_mine = true;
        } else if (!self.empty() && !search.installed_folder.empty()) {
          folder = (self.parent_path() / search.installed_folder).lexically_normal();
        }
      }
      if (folder.empty() || search.file_name.empty()) {
        throw PluginError(PP_STATUS_INVALID_ARGUMENT, "no plugin folder is known" + search.hint);
      }
      candidate = folder / search.file_name;
    }
    std::error_code ec;
    const fs::path real = fs::canonical(candidate, ec);
    if (ec) {
      throw PluginError(PP_STATUS_INVALID_ARGUMENT, "no plugin " + candidate.string() + " (" +
                                                        ec.message() + ")" + search.hint);
    }
    if (const std::string why = detail::untrusted_location(real, strict_folder, folder_mine);
        !why.empty()) {
      throw PluginError(PP_STATUS_INVALID_ARGUMENT,
                        "refusing to load the plugin " + candidate.string() + ": " + why +
                            ", so another user could have put code there. Load plugins only "
                            "from folders that you (or root) alone can change" +
                            (folder_mine ? " (the build tree must be yours)" : "") + search.hint);
    }
    return load(real, host_max_version);
  }

  // Loads the plugin at `path` and negotiates an ABI version no newer than
  // `host_max_version`. Throws PluginError on every failure.
  static Plugin load(const std::filesystem::path& path,
                     std::uint32_t host_max_version = PP_ABI_VERSION) {
    if (const std::string why = detail::not_a_shared_library(path); !why.empty()) {
      throw PluginError(PP_STATUS_INVALID_ARGUMENT, "cannot load plugin " + path.string() + ": " +
                                                        why + "; name the plugin's .so file");
    }
    auto library = std::make_shared<boost::dll::shared_library>();
    boost::dll::fs::error_code ec;
    library->load(path, boost::dll::load_mode::rtld_local | boost::dll::load_mode::rtld_now, ec);
    if (ec) {
      // Boost.DLL keeps only an errno for the loader's reason; say what it can be.
      throw PluginError(PP_STATUS_INVALID_ARGUMENT,
                        "cannot load plugin " + path.string() +
                            ": the dynamic loader refused it (built for another machine, or a "
                            "library it needs is missing: `ldd " +
                            path.string() + "` lists them)");
    }
    if (!library->has(PP_ENTRY_POINT_NAME)) {
      throw PluginError(PP_STATUS_INCOMPATIBLE, path.string() +
                                                    " is not a pipeline plugin: it has no " +
                                                    std::string(PP_ENTRY_POINT_NAME) + " symbol");
    }
    auto negotiate = library->get<std::remove_pointer_t<pp_negotiate_fn>>(PP_ENTRY_POINT_NAME);
    const pp_plugin_api* api = nullptr;
    detail::ErrorSlot error;
    error.check(negotiate(host_max_version, &api, error.get()), "negotiate");
    if (api == nullptr) {
      throw PluginError(PP_STATUS_INCOMPATIBLE, "the plugin answered without a function table");
    }
    if (api->abi_version == 0 || api->abi_version > host_max_version) {
      throw PluginError(PP_STATUS_INCOMPATIBLE, "the plugin answered ABI version " +
                                                    std::to_string(api->abi_version) +
                                                    ", but this host speaks versions 1 to " +
                                                    std::to_string(host_max_version));
    }
    // Functions appended after the first v1 table are probed with PP_API_HAS.
    if (api->struct_size < PP_API_SIZE_V1_0) {
      throw PluginError(PP_STATUS_INCOMPATIBLE,
                        "the plugin's function table is " + std::to_string(api->struct_size) +
                            " bytes, shorter than the " + std::to_string(PP_API_SIZE_V1_0) +
                            " bytes every ABI v1 plugin must provide");
    }
    auto loaded = std::make_shared<detail::LoadedPlugin>();
    loaded->library = std::move(library);
    loaded->api = api;
    return Plugin(std::move(loaded));
  }

  std::uint32_t abi_version() const noexcept { return loaded_->api->abi_version; }
  std::uint32_t table_size() const noexcept { return loaded_->api->struct_size; }
  std::string info_json() const { return loaded_->api->info_json(); }
  std::string credential_schema_json() const { return loaded_->api->credential_schema_json(); }
  std::string catalog_json() const { return loaded_->api->catalog_json(); }
  // Whether the plugin can be a destination (has the write functions).
  bool has_write() const noexcept { return detail::has_write(loaded_->api); }
  // The static write catalog; throws NOT_IMPLEMENTED without the write functions.
  std::string write_catalog_json() const {
    if (!has_write()) throw detail::no_write();
    const char* text = loaded_->api->write_catalog_json();
    return text != nullptr ? text : "";
  }

  // Creates a connector. `log` (optional) is called from any plugin thread.
  Connector create(const std::string& credential_json, const std::string& options_json = "{}",
                   LogCallback log = {}) const {
    auto handle = std::make_shared<detail::ConnectorHandle>();
    handle->plugin = loaded_;
    handle->services.struct_size = sizeof(pp_host_services);
    if (log) {
      handle->log_sink = std::make_unique<LogCallback>(std::move(log));
      handle->services.context = handle->log_sink.get();
      handle->services.log = [](void* context, pp_log_level level, const char* message) {
        try {
          (*static_cast<LogCallback*>(context))(level, message);
        } catch (...) {
          // A host callback must not throw into the plugin.
        }
      };
    }
    detail::ErrorSlot error;
    error.check(loaded_->api->connector_create(credential_json.c_str(), options_json.c_str(),
                                               &handle->services, &handle->handle, error.get()),
                "create");
    return Connector(std::move(handle));
  }

  // The raw table, for hosts and tests that need the C view.
  const pp_plugin_api* api() const noexcept { return loaded_->api; }

 private:
  explicit Plugin(std::shared_ptr<const detail::LoadedPlugin> loaded)
      : loaded_(std::move(loaded)) {}

  std::shared_ptr<const detail::LoadedPlugin> loaded_;
};

}  // namespace pp
