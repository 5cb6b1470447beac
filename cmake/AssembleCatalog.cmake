# Script mode: CATALOG (schemas/catalog.json or schemas/write_catalog.json),
# OUTPUT, and LIST: the array of entries ("streams", the default, or
# "operations"). Writes the document the plugin hands to hosts: each entry's
# "record_schema" path replaced by that schema's JSON, and a stream's "fetch"
# object (how the engine pages it, read by GenerateStreamTable.cmake) left out.
if(NOT DEFINED LIST)
  set(LIST streams)
endif()
file(READ ${CATALOG} catalog)
get_filename_component(root ${CATALOG} DIRECTORY)
string(JSON count LENGTH "${catalog}" ${LIST})
math(EXPR last "${count} - 1")
foreach(i RANGE ${last})
  string(JSON path GET "${catalog}" ${LIST} ${i} record_schema)
  file(READ ${root}/${path} schema)
  string(JSON catalog SET "${catalog}" ${LIST} ${i} record_schema "${schema}")
  if(LIST STREQUAL "streams")
    string(JSON catalog REMOVE "${catalog}" ${LIST} ${i} fetch)
  endif()
endforeach()
file(WRITE ${OUTPUT} "${catalog}")
