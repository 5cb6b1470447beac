/* Compiled with -std=c99 -pedantic -Werror by ctest: the header must stand
 * alone as C99 and its macros must work from C. */
#include "pipeline_plugin.h"

int header_probe(const pp_plugin_api* api);
int header_probe(const pp_plugin_api* api) {
  pp_error error = {0, 0, 0, 0, 0, 0, 0};
  (void)error;
  /* The entry point is declared with the type hosts call it through. */
  pp_negotiate_fn negotiate = &pp_negotiate;
  (void)negotiate;
  if (PP_API_SIZE_V1_0 >= PP_API_SIZE_V1_1) return -1;
  return PP_API_HAS(api, fetch_close) ? (int)PP_ABI_VERSION : 0;
}
