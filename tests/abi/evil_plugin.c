/* What a hostile local user plants in a plugin folder (as aaa_evil.so):
 * its constructor runs the moment the library is loaded and leaves a mark,
 * the file named by $EVIL_PLUGIN_MARK. A host must never load it. */
#include <stdio.h>
#include <stdlib.h>

__attribute__((constructor)) static void leave_mark(void) {
  const char* mark = getenv("EVIL_PLUGIN_MARK");
  if (mark == NULL) return;
  FILE* file = fopen(mark, "w");
  if (file != NULL) {
    fputs("the planted library ran\n", file);
    fclose(file);
  }
}
