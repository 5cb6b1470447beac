/*
 * A test-only plugin written in plain C99, to prove the ABI is usable from C
 * and to give the host tests plugins that misbehave on purpose. One source,
 * several variants chosen by FAKE_VARIANT:
 *   1 FULL        a complete v1 plugin for an imaginary "Acme" API with its
 *                 own credential schema; fetch yields 3 records, a state,
 *                 a summary, then END. An api_key of "wrong-key" is
 *                 refused at the token step, its verdict naming api_key.
 *   2 SHORT_TABLE answers v1 but with a table shorter than v1 requires.
 *   3 WRONG_VERSION answers a table claiming ABI version 99.
 *   4 NO_ENTRY    exports no entry point at all.
 *   5 LONGER_TABLE a plugin built against a newer header: its v1 table has
 *                 one more function appended, which a v1 host must ignore.
 */
#include <stdlib.h>
#include <string.h>

#include "pipeline_plugin.h"

#define EXPORT __attribute__((visibility("default")))

#if FAKE_VARIANT != 4

static const char k_info[] =
    "{\"name\":\"acme\",\"display_name\":\"Acme\",\"version\":\"0.0.1\",\"abi_version\":1,"
    "\"directions\":[\"source\",\"destination\"]}";

static const char k_schema[] =
    "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"title\":\"Acme\","
    "\"type\":\"object\",\"additionalProperties\":false,"
    "\"required\":[\"credential_name\",\"api_key\",\"region\"],\"properties\":{"
    "\"credential_name\":{\"type\":\"string\",\"title\":\"Credential Name\",\"minLength\":1,"
    "\"x-order\":0},"
    "\"credential_description\":{\"type\":\"string\",\"title\":\"Credential Description\","
    "\"x-order\":1},"
    "\"region\":{\"type\":\"string\",\"title\":\"Acme Region\",\"enum\":[\"eu\",\"us\"],"
    "\"default\":\"eu\",\"description\":\"Where your Acme tenant lives.\",\"x-order\":3},"
    "\"api_key\":{\"type\":\"string\",\"title\":\"Acme API Key\",\"writeOnly\":true,"
    "\"x-secret\":true,\"minLength\":1,\"x-order\":2}}}";

static const char k_catalog[] = "{\"streams\":[{\"name\":\"widgets\",\"primary_key\":[\"id\"]}]}";

struct pp_connector {
  int cancelled;
  int refused; /* the credential's api_key is "wrong-key" */
};

struct pp_fetch {
  int position;
  char buffer[128];
};

static pp_status fail(pp_error* error, pp_status status, const char* message) {
  if (error != NULL) {
    error->status = status;
    error->http_status = 0;
    error->remote_code = 0;
    error->retryable = 0;
    error->message = message; /* static text: nothing to release */
    error->release = NULL;
    error->private_data = NULL;
  }
  return status;
}

static const char* info_json(void) { return k_info; }
static const char* schema_json(void) { return k_schema; }
static const char* catalog_json(void) { return k_catalog; }

static pp_status create(const char* credential_json, const char* options_json,
                        const pp_host_services* host, pp_connector** out, pp_error* error) {
  (void)options_json;
  if (out == NULL || credential_json == NULL) return fail(error, PP_STATUS_INVALID_ARGUMENT, "NULL");
  *out = (pp_connector*)calloc(1, sizeof(pp_connector));
  if (*out == NULL) return fail(error, PP_STATUS_INTERNAL, "out of memory");
  (*out)->refused = strstr(credential_json, "\"api_key\":\"wrong-key\"") != NULL;
  if (host != NULL && host->struct_size >= sizeof(pp_host_services) && host->log != NULL) {
    host->log(host->context, PP_LOG_INFO, "acme connector created");
  }
  return PP_STATUS_OK;
}

static void destroy(pp_connector* connector) { free(connector); }

static pp_status authenticate(pp_connector* connector, pp_error* error) {
  if (connector == NULL) return fail(error, PP_STATUS_INVALID_ARGUMENT, "NULL");
  return PP_STATUS_OK;
}

static void release_string(pp_string* text) {
  free(text->private_data);
  text->private_data = NULL;
  text->data = NULL;
  text->release = NULL;
}

static pp_status copy_out(pp_string* out, const char* text) {
  size_t size = strlen(text);
  char* copy = (char*)malloc(size + 1);
  if (copy == NULL) return PP_STATUS_INTERNAL;
  memcpy(copy, text, size + 1);
  out->data = copy;
  out->size = size;
  out->private_data = copy;
  out->release = release_string;
  return PP_STATUS_OK;
}

static pp_status validate(pp_connector* connector, pp_string* verdict, pp_error* error) {
  if (connector == NULL || verdict == NULL) return fail(error, PP_STATUS_INVALID_ARGUMENT, "NULL");
  if (connector->refused) {
    return copy_out(verdict,
                    "{\"ok\":false,\"failed_step\":\"token\",\"status\":\"auth_failed\","
                    "\"message\":\"Acme refused the API key\",\"refused_fields\":[\"api_key\"]}");
  }
  return copy_out(verdict, "{\"ok\":true}");
}

static pp_status fetch(pp_connector* connector, const char* request, pp_fetch** out,
                       pp_error* error) {
  if (connector == NULL || request == NULL || out == NULL) {
    return fail(error, PP_STATUS_INVALID_ARGUMENT, "NULL");
  }
  *out = (pp_fetch*)calloc(1, sizeof(pp_fetch));
  return *out != NULL ? PP_STATUS_OK : fail(error, PP_STATUS_INTERNAL, "out of memory");
}

static void cancel(pp_connector* connector) {
  if (connector != NULL) connector->cancelled = 1;
}

static pp_status fetch_next(pp_fetch* fetch, pp_fetch_item* item, pp_error* error) {
  if (fetch == NULL || item == NULL) return fail(error, PP_STATUS_INVALID_ARGUMENT, "NULL");
  memset(item, 0, sizeof(*item));
  if (fetch->position < 3) {
    item->kind = PP_ITEM_RECORD;
    item->stream = "widgets";
    /* snprintf is C99; keep it simple with a fixed pattern */
    strcpy(fetch->buffer, "{\"id\":0}");
    fetch->buffer[6] = (char)('0' + fetch->position);
  } else if (fetch->position == 3) {
    item->kind = PP_ITEM_STATE;
    strcpy(fetch->buffer, "{\"cursor\":3}");
  } else if (fetch->position == 4) {
    item->kind = PP_ITEM_SUMMARY;
    strcpy(fetch->buffer, "{\"records\":3}");
  } else {
    item->kind = PP_ITEM_END;
    return PP_STATUS_OK;
  }
  fetch->position++;
  item->json = fetch->buffer;
  item->json_size = strlen(fetch->buffer);
  return PP_STATUS_OK;
}

static pp_status fetch_progress(pp_fetch* fetch, pp_string* out, pp_error* error) {
  if (fetch == NULL || out == NULL) return fail(error, PP_STATUS_INVALID_ARGUMENT, "NULL");
  return copy_out(out, "{\"records\":0}");
}

static void fetch_close(pp_fetch* fetch) { free(fetch); }

/* Built like a plugin from before connector_catalog was appended: its table
 * ends at the first growth step. The later slots (connector_catalog and the
 * write functions) are NULL, so a table that covers them (the longer
 * variant) still says "not available". */
static pp_plugin_api k_api = {
    (uint32_t)PP_API_SIZE_V1_0, PP_ABI_VERSION_1, info_json, schema_json, catalog_json, create,
    destroy, authenticate, validate, fetch, cancel, fetch_next, fetch_progress, fetch_close,
    NULL, NULL, NULL, NULL, NULL, NULL};

PP_EXPORT pp_status pp_negotiate(uint32_t host_max_version, const pp_plugin_api** out,
                                 pp_error* error) {
  if (out == NULL) return fail(error, PP_STATUS_INVALID_ARGUMENT, "out is NULL");
  if (host_max_version < 1) return fail(error, PP_STATUS_INCOMPATIBLE, "needs ABI 1");
#if FAKE_VARIANT == 5
  {
    static struct {
      pp_plugin_api v1;
      void (*appended_in_a_later_version)(void);
    } longer;
    longer.v1 = k_api;
    longer.v1.struct_size = (uint32_t)sizeof(longer);
    longer.v1.connector_catalog = NULL;
    longer.appended_in_a_later_version = NULL;
    *out = &longer.v1;
    return PP_STATUS_OK;
  }
#elif FAKE_VARIANT == 2
  k_api.struct_size = (uint32_t)offsetof(pp_plugin_api, connector_create);
#elif FAKE_VARIANT == 3
  k_api.abi_version = 99;
#endif
  *out = &k_api;
  return PP_STATUS_OK;
}

#else

EXPORT int not_a_plugin(void) { return 42; }

#endif
