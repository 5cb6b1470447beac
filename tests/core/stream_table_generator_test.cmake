# Script mode: CATALOG (schemas/catalog.json), GENERATOR
# (cmake/GenerateStreamTable.cmake), WORK_DIR. The generator accepts the real
# catalog and refuses, naming the problem, catalogs the engine could not follow.
file(MAKE_DIRECTORY ${WORK_DIR})
file(READ ${CATALOG} catalog)
set(failures "")

function(run_generator json out_rc out_message)
  file(WRITE ${WORK_DIR}/catalog.json "${json}")
  execute_process(
    COMMAND ${CMAKE_COMMAND} -DCATALOG=${WORK_DIR}/catalog.json
            -DOUTPUT=${WORK_DIR}/stream_table.cpp -P ${GENERATOR}
    RESULT_VARIABLE rc ERROR_VARIABLE message OUTPUT_QUIET)
  set(${out_rc} ${rc} PARENT_SCOPE)
  set(${out_message} "${message}" PARENT_SCOPE)
endfunction()

function(expect_refused case json expected)
  run_generator("${json}" rc message)
  # CMake wraps long messages: compare with the white space squeezed.
  string(REGEX REPLACE "[ \t\r\n]+" " " message "${message}")
  string(FIND "${message}" "${expected}" at)
  if(rc EQUAL 0 OR at EQUAL -1)
    set(failures "${failures}\n  ${case}: exit ${rc}, wanted \"${expected}\" in: ${message}"
        PARENT_SCOPE)
  endif()
endfunction()

# Stream indexes in the real catalog.
string(JSON count LENGTH "${catalog}" streams)
math(EXPR last "${count} - 1")
foreach(i RANGE ${last})
  string(JSON name GET "${catalog}" streams ${i} name)
  set(at_${name} ${i})
endforeach()

run_generator("${catalog}" rc message)
if(NOT rc EQUAL 0)
  set(failures "${failures}\n  the real catalog: exit ${rc}: ${message}")
endif()

string(JSON bad SET "${catalog}" streams ${at_meetings} parent "\"no_such_stream\"")
expect_refused("dangling parent" "${bad}"
  "stream \"meetings\": parent \"no_such_stream\" is not a stream of the catalog")

string(JSON bad SET "${catalog}" streams ${at_users} parent "\"meetings\"")
expect_refused("cycle" "${bad}" "its parents form a cycle")

string(JSON bad SET "${catalog}" streams ${at_webinars} parent "\"groups\"")
expect_refused("parent that names no children" "${bad}"
  "stream \"webinars\": its parent \"groups\" has no fetch.child_id")

string(JSON bad SET "${catalog}" streams ${at_meetings} fetch path "\"/meetings\"")
expect_refused("child path without {id}" "${bad}" "fetch.path needs \"{id}\"")

string(JSON bad SET "${catalog}" streams ${at_groups} fetch pagesize 10)
expect_refused("unknown field" "${bad}" "stream \"groups\": unknown field fetch.pagesize")

string(JSON bad SET "${catalog}" streams ${at_groups} fetch page_size_max 0)
expect_refused("page size" "${bad}" "fetch.page_size_max must be a whole number")

string(JSON bad REMOVE "${catalog}" streams ${at_groups} fetch array_key)
expect_refused("one object a page, paged" "${bad}"
  "an answer that is one record (no fetch.array_key) cannot be paged")

string(JSON bad SET "${catalog}" streams ${at_groups} fetch parent_match
     "{\"field\": \"type\", \"values\": [2]}")
expect_refused("parent_match without a parent" "${bad}" "fetch.parent_match needs a parent")

string(JSON bad SET "${catalog}" streams ${at_groups} fetch parent_id
     "{\"field\": \"id\", \"encoding\": \"plain\"}")
expect_refused("parent_id without a parent" "${bad}" "fetch.parent_id needs a parent")

string(JSON bad SET "${catalog}" streams ${at_groups} fetch array_key "\"a\\u0001b\"")
expect_refused("control character" "${bad}" "only printable ASCII is allowed")

string(JSON bad SET "${catalog}" streams ${at_recordings} fetch active_hosts_report
     "\"no_such_report\"")
expect_refused("dangling active-hosts report" "${bad}"
  "fetch.active_hosts_report \"no_such_report\" is not a stream of the catalog")

string(JSON bad SET "${catalog}" streams ${at_meetings} fetch active_hosts_report
     "\"report_users\"")
expect_refused("active-hosts report on an undated stream" "${bad}"
  "stream \"meetings\": fetch.active_hosts_report is for dated streams with a parent")

string(JSON bad SET "${catalog}" streams ${at_report_meeting_participants} fetch
     active_hosts_report "\"report_users\"")
string(JSON bad SET "${bad}" streams ${at_report_meeting_participants} parameters
     "[\"from\", \"to\"]")
expect_refused("active-hosts report below a child" "${bad}"
  "fetch.active_hosts_report needs a top-level parent")

string(JSON bad SET "${catalog}" streams ${at_recordings} fetch active_hosts_report
     "\"phone_users\"")
expect_refused("an undated report" "${bad}"
  "fetch.active_hosts_report \"phone_users\" must be a dated top-level stream")

string(JSON bad SET "${catalog}" streams ${at_report_users} primary_key 0 "\"email\"")
expect_refused("a report that names users by another field" "${bad}"
  "names its records by \"email\", but users records name their children by \"id\"")

# A quote or backslash in a value is escaped in the generated C++ literal.
string(JSON odd SET "${catalog}" streams ${at_groups} fetch array_key "\"a\\\"b\\\\c\"")
run_generator("${odd}" rc message)
file(READ ${WORK_DIR}/stream_table.cpp generated)
string(FIND "${generated}" ".array_key = \"a\\\"b\\\\c\"," escaped)
if(NOT rc EQUAL 0 OR escaped EQUAL -1)
  set(failures "${failures}\n  a quote or backslash is not escaped in the generated source")
endif()

if(failures)
  message(FATAL_ERROR "stream table generator:${failures}")
endif()
message(STATUS "stream table generator: accepts the catalog, refuses 12 broken ones")
