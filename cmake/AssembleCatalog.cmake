# Script mode: CATALOG (schemas/catalog.json), OUTPUT. Writes the catalog
# document the plugin hands to hosts: each stream's "record_schema" path
# replaced by that schema's JSON, and its "fetch" object (how the engine pages
# it, read by GenerateStreamTable.cmake) left out.
file(READ ${CATALOG} catalog)
get_filename_component(root ${CATALOG} DIRECTORY)
string(JSON count LENGTH "${catalog}" streams)
math(EXPR last "${count} - 1")
foreach(i RANGE ${last})
  string(JSON path GET "${catalog}" streams ${i} record_schema)
  file(READ ${root}/${path} schema)
  string(JSON catalog SET "${catalog}" streams ${i} record_schema "${schema}")
  string(JSON catalog REMOVE "${catalog}" streams ${i} fetch)
endforeach()
file(WRITE ${OUTPUT} "${catalog}")
