# Script mode: CATALOG (schemas/write_catalog.json), OUTPUT. Writes the write
# catalog with each operation's "record_schema" path replaced by that schema's
# JSON, so the plugin embeds one self-contained document.
file(READ ${CATALOG} catalog)
get_filename_component(root ${CATALOG} DIRECTORY)
string(JSON count LENGTH "${catalog}" operations)
math(EXPR last "${count} - 1")
foreach(i RANGE ${last})
  string(JSON path GET "${catalog}" operations ${i} record_schema)
  file(READ ${root}/${path} schema)
  string(JSON catalog SET "${catalog}" operations ${i} record_schema "${schema}")
endforeach()
file(WRITE ${OUTPUT} "${catalog}")
