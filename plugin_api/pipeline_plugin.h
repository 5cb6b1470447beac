/*
 * pipeline_plugin.h: the stable C ABI between a data-pipeline host and a
 * connector plugin (a shared library). C99; nothing C++ crosses it.
 *
 * HOW A HOST LOADS A PLUGIN
 *   The plugin exports exactly one symbol, pp_negotiate (PP_ENTRY_POINT_NAME).
 *   The host passes the newest ABI version it knows; the plugin answers with a
 *   pointer to a static function table for the newest version both speak, or
 *   PP_STATUS_INCOMPATIBLE with a message naming both versions.
 *
 * THE TABLE GROWS ONLY AT THE END
 *   pp_plugin_api starts with struct_size and abi_version. New functions are
 *   only ever appended. A host built against a longer table MUST check
 *   struct_size (PP_API_HAS) before it reads a field that an older plugin may
 *   not have. Each growth step is named by a size macro (PP_API_SIZE_*): the
 *   table size a plugin of that step provides at least.
 *
 * OWNERSHIP
 *   - Input strings (const char*) are borrowed for the duration of the call
 *     only; they must be NUL-terminated UTF-8. JSON inputs must be valid JSON.
 *   - Strings returned by info_json/credential_schema_json/catalog_json/
 *     write_catalog_json are static: they live as long as the library stays loaded.
 *   - A pp_string or pp_error filled by the plugin is owned by the plugin until
 *     the host calls its release; release is NULL when there is nothing to
 *     release and sets itself to NULL once called. The host zero-initialises
 *     these structs before passing them in.
 *   - A pp_fetch_item's pointers are borrowed until the next call to
 *     fetch_next or fetch_close on the same stream.
 *   - Every handle the plugin creates (pp_connector, pp_fetch, pp_write) is
 *     destroyed by the matching plugin function (connector_destroy,
 *     fetch_close, write_close). A fetch stream or write session must be
 *     closed before its connector is destroyed.
 *   - Using a handle after it was destroyed or closed, or passing one kind of
 *     handle where another is expected, is a host bug. A plugin detects it
 *     where it cheaply can (a magic word in each handle): the call then
 *     returns PP_STATUS_INVALID_ARGUMENT, and connector_destroy,
 *     connector_cancel, fetch_close and write_close do nothing, instead of
 *     crashing. A pointer that never was a handle stays undefined.
 *   - The host must not unload the library while any handle is alive.
 *
 * THREADS
 *   Every function may be called from any thread. A connector may be used by
 *   several threads at once (authenticate, validate, fetch and write are
 *   internally synchronised; concurrent callers share one cached token). A
 *   fetch stream or a write session must not be used by two threads at once. connector_cancel is the one call
 *   that is safe at any moment, from any thread, even while another thread is
 *   inside a call on the same connector: it makes in-flight and future
 *   operations on that connector end with PP_STATUS_CANCELLED. The plugin
 *   may call the host's log callback from any of its threads, and never while
 *   holding a lock that a host call could wait on.
 *
 * ERRORS
 *   Every fallible call returns a pp_status and fills the caller's pp_error
 *   (which may be NULL if the caller does not want details). There is no
 *   thread-local "last error". No C++ exception ever leaves the plugin.
 *   Messages never contain secrets (client secret, tokens, auth headers).
 *
 * SECRETS IN MEMORY
 *   The credential JSON the host passes to create() holds the client secret,
 *   and the plugin keeps it and its access tokens in memory while a
 *   connector lives. A plugin never changes its host's process settings
 *   (signals, rlimits, prctl, umask): that is the host's job. A host that
 *   holds secrets should, at start and before reading any secret, make
 *   itself non-dumpable (Linux: prctl(PR_SET_DUMPABLE, 0), which also stops
 *   same-user ptrace and /proc/PID/mem) and set RLIMIT_CORE to 0, so a crash
 *   leaves no core file holding them; and it should zero its own copies of
 *   the secret (the credential JSON it built, form input) once passed in.
 *   host_sim does all of this; see docs/security.md.
 */
#ifndef PIPELINE_PLUGIN_H
#define PIPELINE_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The ABI versions this header describes; PP_ABI_VERSION is the newest. */
#define PP_ABI_VERSION_1 1u
#define PP_ABI_VERSION PP_ABI_VERSION_1

#define PP_ENTRY_POINT_NAME "pp_negotiate"

/* How a plugin exports its entry point (and nothing else). */
#if defined(_WIN32)
#define PP_EXPORT __declspec(dllexport)
#elif defined(__GNUC__) || defined(__clang__)
#define PP_EXPORT __attribute__((visibility("default")))
#else
#define PP_EXPORT
#endif

/* Status codes. A plugin may return only these; hosts treat unknown values as
 * PP_STATUS_INTERNAL. Values never change meaning. */
typedef int32_t pp_status;
#define PP_STATUS_OK 0
#define PP_STATUS_INVALID_ARGUMENT 1 /* bad input: NULL, bad UTF-8/JSON, bad field */
#define PP_STATUS_INCOMPATIBLE 2     /* no ABI version both sides speak */
#define PP_STATUS_NOT_IMPLEMENTED 3  /* this plugin does not do that (yet) */
#define PP_STATUS_AUTH_FAILED 4      /* the credential was rejected */
#define PP_STATUS_PERMISSION_DENIED 5 /* authenticated, but a scope or right is missing */
#define PP_STATUS_NETWORK 6          /* DNS, connect, TLS, proxy, reset */
#define PP_STATUS_TIMEOUT 7
#define PP_STATUS_RATE_LIMITED 8     /* the remote API's limit stopped the call */
#define PP_STATUS_REMOTE_ERROR 9     /* remote 5xx, unparsable or unexpected answer */
#define PP_STATUS_CANCELLED 10
#define PP_STATUS_INTERNAL 11        /* a bug or resource failure in the plugin */

/* The word for a status code: its name in lower case ("auth_failed"), as a
 * plugin's documents (a verdict's "status") and hosts spell it. The one
 * spelling, shared by both sides through this header; a value this header
 * does not know is "internal", as hosts treat it. */
static inline const char* pp_status_word(pp_status status) {
  switch (status) {
    case PP_STATUS_OK: return "ok";
    case PP_STATUS_INVALID_ARGUMENT: return "invalid_argument";
    case PP_STATUS_INCOMPATIBLE: return "incompatible";
    case PP_STATUS_NOT_IMPLEMENTED: return "not_implemented";
    case PP_STATUS_AUTH_FAILED: return "auth_failed";
    case PP_STATUS_PERMISSION_DENIED: return "permission_denied";
    case PP_STATUS_NETWORK: return "network";
    case PP_STATUS_TIMEOUT: return "timeout";
    case PP_STATUS_RATE_LIMITED: return "rate_limited";
    case PP_STATUS_REMOTE_ERROR: return "remote_error";
    case PP_STATUS_CANCELLED: return "cancelled";
    case PP_STATUS_INTERNAL:
    default: return "internal";
  }
}

/* Log levels for the host's log callback. */
typedef int32_t pp_log_level;
#define PP_LOG_TRACE 0
#define PP_LOG_DEBUG 1
#define PP_LOG_INFO 2
#define PP_LOG_WARN 3
#define PP_LOG_ERROR 4

/* Per-call error details, filled by the plugin when a call fails. */
typedef struct pp_error {
  pp_status status;
  int32_t http_status; /* the remote HTTP status behind the error, or 0 */
  int32_t remote_code; /* the remote API's own error code (Zoom "code"), or 0 */
  int32_t retryable;   /* 1 when the same call may succeed if tried later */
  const char* message; /* UTF-8, for people; valid until release */
  void (*release)(struct pp_error* self);
  void* private_data; /* plugin-owned */
} pp_error;

/* A plugin-owned string returned from a call. */
typedef struct pp_string {
  const char* data; /* UTF-8, NUL-terminated */
  size_t size;      /* bytes, without the NUL */
  void (*release)(struct pp_string* self);
  void* private_data; /* plugin-owned */
} pp_string;

/* Services the host offers the plugin. Starts with struct_size so it can
 * grow; the plugin reads only the fields that struct_size covers. */
typedef struct pp_host_services {
  uint32_t struct_size; /* sizeof(pp_host_services) as the host knows it */
  void* context;        /* passed back to every callback */
  /* May be NULL. Called from any plugin thread; message borrowed for the
   * call. Must not call back into the plugin. */
  void (*log)(void* context, pp_log_level level, const char* message);
} pp_host_services;

typedef struct pp_connector pp_connector; /* opaque */
typedef struct pp_fetch pp_fetch;         /* opaque pull stream of a fetch */
typedef struct pp_write pp_write;         /* opaque write session of one operation */

/* What fetch_next yields. */
typedef int32_t pp_item_kind;
#define PP_ITEM_END 0    /* the stream is finished; nothing else is set */
#define PP_ITEM_RECORD 1 /* one record of `stream`, JSON object in `json` */
#define PP_ITEM_STATE 2  /* a checkpoint: store `json`, pass it back to resume */
#define PP_ITEM_SUMMARY 3 /* the fetch summary (counts, skipped partitions), last before END */

typedef struct pp_fetch_item {
  pp_item_kind kind;
  const char* stream; /* stream name for RECORD; NULL otherwise */
  const char* json;   /* NUL-terminated UTF-8 JSON */
  size_t json_size;   /* bytes, without the NUL */
} pp_fetch_item;

/* The function table. Append-only: new fields go at the end, after a
 * version marker comment. */
typedef struct pp_plugin_api {
  uint32_t struct_size; /* sizeof the table the plugin filled */
  uint32_t abi_version; /* the version negotiated */

  /* ---- ABI version 1 ---- */

  /* Static JSON object describing the plugin. Keys: "name" (machine name),
   * "display_name", "version" (the plugin's own), "abi_version" (the newest
   * ABI version it speaks), "directions" (array of "source" and/or
   * "destination"), "auth" (the authentication it uses, in words), and
   * "options_schema" (added later, within version 1: an older plugin leaves
   * it out, and a host then cannot list the options): the JSON
   * Schema of the options_json connector_create takes (an object whose
   * "properties" are the options, each with "title", "description" and
   * "default" where it has one), from which a host builds its option help
   * or form. A plugin without it has not said which options it takes. Hosts
   * ignore keys they do not know. */
  const char* (*info_json)(void);

  /* Static JSON Schema of the credential form. Secret fields carry
   * "writeOnly": true and "x-secret": true; "x-order" gives field order. */
  const char* (*credential_schema_json)(void);

  /* Static JSON: the stream catalog (names, record schemas, keys, scopes). */
  const char* (*catalog_json)(void);

  /* Creates a connector from credential JSON (the form's fields), options
   * JSON (host/deployment settings; may be NULL for defaults) and host
   * services (may be NULL). Validates input; makes no network call. On
   * success *out_connector is a new handle for connector_destroy. */
  pp_status (*connector_create)(const char* credential_json, const char* options_json,
                                const pp_host_services* host, pp_connector** out_connector,
                                pp_error* out_error);

  /* Destroys a connector. NULL is ignored. All its fetch streams must be
   * closed first. */
  void (*connector_destroy)(pp_connector* connector);

  /* Obtains (or reuses) an access token for the credential. */
  pp_status (*connector_authenticate)(pp_connector* connector, pp_error* out_error);

  /* Checks the credential end to end. Whenever a verdict can be formed
   * (the credential works or not) the call returns PP_STATUS_OK and
   * *out_verdict_json holds it: its "ok" and "status" fields say whether and
   * why the credential was rejected. Other statuses mean no verdict (bad
   * input, cancel, internal failure). The host releases *out_verdict_json. */
  pp_status (*connector_validate)(pp_connector* connector, pp_string* out_verdict_json,
                                  pp_error* out_error);

  /* Starts a fetch described by request_json. On success *out_fetch is a
   * pull stream for fetch_next / fetch_close. */
  pp_status (*connector_fetch)(pp_connector* connector, const char* request_json,
                               pp_fetch** out_fetch, pp_error* out_error);

  /* Safe from any thread at any time: ends in-flight and future operations on
   * this connector with PP_STATUS_CANCELLED. NULL is ignored. */
  void (*connector_cancel)(pp_connector* connector);

  /* Pulls the next item. Blocks until one is ready. After PP_ITEM_END or an
   * error status, further calls return the same outcome. */
  pp_status (*fetch_next)(pp_fetch* fetch, pp_fetch_item* out_item, pp_error* out_error);

  /* Current progress as JSON (records, pages, requests, retries, 429s,
   * skipped partitions, per stream). The host releases *out_progress_json. */
  pp_status (*fetch_progress)(pp_fetch* fetch, pp_string* out_progress_json,
                              pp_error* out_error);

  /* Stops the fetch if running and frees it. NULL is ignored. */
  void (*fetch_close)(pp_fetch* fetch);

  /* ---- ABI version 1.1 (PP_API_SIZE_V1_1): check PP_API_HAS(api,
   * connector_catalog) and that the pointer is not NULL before calling ---- */

  /* The stream catalog for this credential: catalog_json's streams, each
   * marked "allowed" (true/false) with the "missing_scopes" its token lacks.
   * Obtains a token if needed. The host releases *out_catalog_json. */
  pp_status (*connector_catalog)(pp_connector* connector, pp_string* out_catalog_json,
                                 pp_error* out_error);

  /* ---- ABI version 1.2 (PP_API_SIZE_V1_2): the destination direction.
   * Check PP_API_HAS(api, write_close) and that each pointer is not NULL
   * before calling ---- */

  /* Static JSON: the write catalog. {"operations": [{"name"
   * ("meetings.create", ...), "record_schema" (inlined JSON Schema), "key",
   * "method", "path", "scopes" {"classic", "granular"}, "rate_category",
   * "daily_cap", "batch_size", "repeat" (what sending a record again does and
   * how a lost answer is checked)}, ...]}. */
  const char* (*write_catalog_json)(void);

  /* The write catalog for this credential (destination validation): every
   * operation marked "allowed" (true/false) with the "missing_scopes" its
   * token lacks, as connector_catalog does for streams. Obtains a token if
   * needed. The host releases *out_catalog_json. */
  pp_status (*connector_write_catalog)(pp_connector* connector, pp_string* out_catalog_json,
                                       pp_error* out_error);

  /* Opens a write session for one operation. request_json:
   * {"operation": "meetings.create", "dry_run": false,
   *  "state": <a write checkpoint from write_push, or null>,
   *  "resume": true|false (default: true when "state" is set),
   *  "plan": "free"|"pro"|"business", "rate_share": 0 < x <= 1}.
   * A host restarting a job (after a crash it may have pushed a batch whose
   * results it did not store) passes the last state it stored, or
   * "resume": true when it stored none: the first batch's creates are then
   * looked up by their natural key before they are sent, so a batch sent
   * again is not duplicated. rate_share is this session's part of the
   * account's per-second budget: a host running a fetch and a write at once
   * splits the share between them. Checks the request, obtains a token and
   * checks its scopes for the operation (PP_STATUS_PERMISSION_DENIED naming
   * the missing scope); makes no other call. On success *out_write is a
   * handle for write_push / write_close. */
  pp_status (*connector_write)(pp_connector* connector, const char* request_json,
                               pp_write** out_write, pp_error* out_error);

  /* Writes one batch: records_json is a JSON array of record objects, at
   * most PP_WRITE_MAX_RECORDS records and PP_WRITE_MAX_BYTES bytes, so the
   * plugin's memory is bounded whatever the pipeline's size: a host cuts its
   * input into batches. Blocks until every record has an outcome, paced by
   * the account's rate limits. On PP_STATUS_OK *out_results_json is
   *   {"results": [one per record, in input order: {"index", "outcome",
   *     "id"?, "http_status"?, "zoom_code"?, "message"?,
   *     "field_errors"?: [{"field", "message"}], "retryable",
   *     "retry_after"?, "check"?, "call"? (dry run: method, path, body)}],
   *    "state": <checkpoint>, "summary": {"<outcome>": count, ...}}.
   * Outcomes: "done", "already_done" (a delete of what was gone, a repeat
   * that found its record), "failed" (Zoom or the schema refused the record,
   * or retries ran out: "retryable" says whether sending it again may
   * help), "host_daily_limit" (that host's
   * daily budget is spent: retry after 00:00 UTC), "rate_limited" (the
   * account's daily limit stopped the batch), "not_attempted" (cancelled or
   * stopped first: safe to send again), "unknown" (a create that may have
   * happened and could not be checked: "check" says what to look at),
   * "would_do" (dry run). The host stores "state" only after it stored the
   * results, and passes it to connector_write to resume (it carries the
   * per-host daily budgets). A non-OK status means the batch as a whole was
   * not taken (bad JSON, too big, cancelled before any call): nothing was
   * written. connector_cancel (any thread) ends a push within a second; the
   * records not attempted come back "not_attempted". A write session must
   * not be used by two threads at once. The host releases
   * *out_results_json. */
  pp_status (*write_push)(pp_write* write, const char* records_json, pp_string* out_results_json,
                          pp_error* out_error);

  /* Frees a write session. NULL is ignored. Close it before destroying its
   * connector. */
  void (*write_close)(pp_write* write);
} pp_plugin_api;

/* Bounds of one write_push batch. */
#define PP_WRITE_MAX_RECORDS 1000u
#define PP_WRITE_MAX_BYTES (16u * 1024u * 1024u)

/* The table size that ends at `field`: the size of the growth step whose last
 * function is `field`. */
#define PP_API_SIZE_THROUGH(field)                                                               \
  (offsetof(pp_plugin_api, field) + sizeof(((pp_plugin_api*)0)->field))

/* The growth steps. Every v1 plugin provides at least PP_API_SIZE_V1_0. */
#define PP_API_SIZE_V1_0 PP_API_SIZE_THROUGH(fetch_close)       /* the first v1 table */
#define PP_API_SIZE_V1_1 PP_API_SIZE_THROUGH(connector_catalog) /* + connector_catalog */
#define PP_API_SIZE_V1_2 PP_API_SIZE_THROUGH(write_close)       /* + the write functions */

/* True when the table `api` is long enough to hold `field`. The one way to
 * probe a table's size. */
#define PP_API_HAS(api, field) ((api) != NULL && (api)->struct_size >= PP_API_SIZE_THROUGH(field))

/* The one exported entry point. host_max_version is the newest ABI version
 * the host knows. On success *out_api points at a static table whose
 * abi_version is the newest version both speak. Otherwise returns
 * PP_STATUS_INCOMPATIBLE (or PP_STATUS_INVALID_ARGUMENT for a NULL out_api)
 * and fills out_error. A host looks it up by PP_ENTRY_POINT_NAME and calls it
 * through pp_negotiate_fn; a plugin defines it with PP_EXPORT. */
typedef pp_status (*pp_negotiate_fn)(uint32_t host_max_version, const pp_plugin_api** out_api,
                                     pp_error* out_error);

PP_EXPORT pp_status pp_negotiate(uint32_t host_max_version, const pp_plugin_api** out_api,
                                 pp_error* out_error);

#ifdef __cplusplus
}
#endif

#endif /* PIPELINE_PLUGIN_H */
