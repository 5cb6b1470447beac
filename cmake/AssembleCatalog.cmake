# Script mode: CATALOG (schemas/catalog.json), OUTPUT. Writes the catalog
# with each stream's "record_schema" path replaced by that schema's JSON, so
# the plugin embeds one self-contained document.
file(READ ${CATALOG} catalog)
get_filename_component(root ${CATALOG} DIRECTORY)
string(JSON count LENGTH "${catalog}" streams)
math(EXPR last "${count} - 1")
foreach(i RANGE ${last})
  string(JSON path GET "${catalog}" streams ${i} record_schema)
  file(READ ${root}/${path} schema)
  string(JSON catalog SET "${catalog}" streams ${i} record_schema "${schema}")
endforeach()
file(WRITE ${OUTPUT} "${catalog}")
