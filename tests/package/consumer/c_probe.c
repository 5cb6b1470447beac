/* The installed C header stands alone as C99. */
#include <pipeline_plugin.h>

int consumer_probe(const pp_plugin_api* api);
int consumer_probe(const pp_plugin_api* api) { return PP_API_HAS(api, connector_catalog); }
