# Script mode: CATALOG (schemas/catalog.json), OUTPUT (a .cpp). Writes the
# stream table that zoom_connector/core/stream_table.hpp declares, one
# constexpr row per stream, and fails the build on a catalog the engine could
# not follow (a dangling or cyclic parent, a path without "{id}", ...).
#
# Each stream's "fetch" object (left out of the catalog the plugin hands to
# hosts, see AssembleCatalog.cmake) says how it is paged:
#   path           under the API base; "{id}" is the parent record's id
#   array_key      where a page holds its records; absent: the whole answer
#                  is the one record (an endpoint that returns one object)
#   page_size_max  the endpoint's largest page_size; absent: the endpoint is
#                  not paged (one answer, no page_size sent)
#   fixed_query    optional, sent on every page ("type=past")
#   partition_by   optional, top-level only: {"query", "values"}, one
#                  partition per value (users by status)
#   child_id       on a parent: {"field", "label", "encoding"}: the record
#                  field that fills a child's "{id}", the word that names the
#                  child partition ("user=<id>"), "plain" or "meeting_uuid"
#   parent_filter  optional, on a child: "all" (default) or "started" (only
#                  parent records whose start_time is past)
#   parent_match   optional, on a child: {"field", "values"}: only parent
#                  records whose field (a number or text) is one of the
#                  values (meetings of a type that can have registration)
#   parent_id      optional, on a child: {"field", "encoding"}: the parent
#                  record's field that fills this child's "{id}", when it is
#                  not the parent's child_id.field (a meeting's numeric id
#                  where the parent names its children by UUID)
#   history_days   optional: how far back "from" may reach
#   download       optional, on a child whose answer is one record (no
#                  array_key): {"files", "file_type",
#                  "format"}: the answer's array `files` names files (id,
#                  file_type, download_url); each of `file_type` is downloaded
#                  and read as `format` ("webvtt": one record per cue). With
#                  parent_filter "has_download", only parent records with
#                  such a file feed the child.
#   unavailable_means  optional: what Zoom's 12702 means on this endpoint,
#                  "past_retention" (default: older than Zoom keeps) or
#                  "no_summary" (a meeting without an AI Companion summary);
#                  either way the partition is skipped and counted
#   window_format  optional, on a dated stream: "date" (default, yyyy-mm-dd)
#                  or "date_time" (from ...T00:00:00Z, to ...T23:59:59Z), as
#                  the endpoint's from/to are typed
#   active_hosts_report  optional, on a dated child of a top-level stream: the
#                  dated top-level stream (Zoom's active-hosts report) whose
#                  records name, by the id that fills this stream's "{id}",
#                  the only parents that can have records in a window; a
#                  fetch may walk just those (active_hosts_only)
# Windowed (month windows of from/to) is the public "parameters": ["from", "to"].
cmake_minimum_required(VERSION 3.25)

function(zc_fail message)
  message(FATAL_ERROR "${CATALOG}: ${message}")
endfunction()

# A C++ string literal of `value`, which must be printable ASCII.
function(zc_literal out value where)
  if(NOT value MATCHES "^[ -~]*$")
    zc_fail("${where}: only printable ASCII is allowed")
  endif()
  string(REPLACE "\\" "\\\\" value "${value}")
  string(REPLACE "\"" "\\\"" value "${value}")
  set(${out} "\"${value}\"" PARENT_SCOPE)
endfunction()

# out = the member at `path...` of the catalog, or `default` when absent.
function(zc_get out default)
  string(JSON value ERROR_VARIABLE error GET "${catalog}" ${ARGN})
  if(error)
    set(value "${default}")
  endif()
  set(${out} "${value}" PARENT_SCOPE)
endfunction()

function(zc_require out)
  string(JSON value ERROR_VARIABLE error GET "${catalog}" ${ARGN})
  if(error OR value STREQUAL "")
    list(JOIN ARGN "." where)
    zc_fail("${where} is required")
  endif()
  set(${out} "${value}" PARENT_SCOPE)
endfunction()

function(zc_whole_number value low high where)
  if(NOT value MATCHES "^[0-9]+$" OR value LESS low OR value GREATER high)
    zc_fail("${where} must be a whole number from ${low} to ${high}")
  endif()
endfunction()

file(READ ${CATALOG} catalog)
string(JSON count ERROR_VARIABLE error LENGTH "${catalog}" streams)
if(error OR count EQUAL 0)
  zc_fail("\"streams\" must be a non-empty list")
endif()
math(EXPR last "${count} - 1")

# Names and parents first, to check references.
set(names "")
foreach(i RANGE ${last})
  zc_require(name streams ${i} name)
  if(NOT name MATCHES "^[a-z][a-z0-9_]*$")
    zc_fail("stream name \"${name}\" must be lowercase letters, digits and _")
  endif()
  if(name IN_LIST names)
    zc_fail("stream \"${name}\" is listed twice")
  endif()
  list(APPEND names ${name})
  string(JSON parent_type ERROR_VARIABLE error TYPE "${catalog}" streams ${i} parent)
  if(error)
    zc_fail("stream \"${name}\": \"parent\" is required (null for a top-level stream)")
  endif()
  if(parent_type STREQUAL "NULL")
    set(parent_of_${name} "")
  else()
    zc_require(parent streams ${i} parent)
    set(parent_of_${name} "${parent}")
  endif()
endforeach()
# Stream i's list fetch.<key>.values as a constexpr array k_<name>_<suffix>
# (appended to `arrays`); `out_var` gets the array's name.
function(zc_values_array out_var i name key suffix where)
  string(JSON count ERROR_VARIABLE error LENGTH "${catalog}" streams ${i} fetch ${key} values)
  if(error OR count EQUAL 0)
    zc_fail("${where}: fetch.${key}.values must be a non-empty list")
  endif()
  math(EXPR last "${count} - 1")
  set(values "")
  foreach(v RANGE ${last})
    string(JSON value GET "${catalog}" streams ${i} fetch ${key} values ${v})
    zc_literal(value "${value}" "${where}: fetch.${key}.values")
    list(APPEND values "${value}")
  endforeach()
  list(JOIN values ", " values)
  set(arrays "${arrays}constexpr std::string_view k_${name}_${suffix}[] = {${values}};\n"
      PARENT_SCOPE)
  set(${out_var} "k_${name}_${suffix}" PARENT_SCOPE)
endfunction()

set(known_fetch_keys path array_key page_size_max fixed_query partition_by child_id parent_filter
    parent_match parent_id history_days active_hosts_report window_format download
    unavailable_means)
foreach(name IN LISTS names)
  set(parent "${parent_of_${name}}")
  if(parent STREQUAL "")
    continue()
  endif()
  if(NOT parent IN_LIST names)
    zc_fail("stream \"${name}\": parent \"${parent}\" is not a stream of the catalog")
  endif()
  # Walk up; more steps than streams is a cycle.
  set(at "${parent}")
  set(steps 0)
  while(NOT at STREQUAL "")
    math(EXPR steps "${steps} + 1")
    if(steps GREATER count)
      zc_fail("stream \"${name}\": its parents form a cycle")
    endif()
    set(at "${parent_of_${at}}")
  endwhile()
endforeach()

set(arrays "")
set(rows "")
foreach(i RANGE ${last})
  list(GET names ${i} name)
  set(where "stream \"${name}\"")
  set(parent "${parent_of_${name}}")
  string(JSON fetch_type ERROR_VARIABLE error TYPE "${catalog}" streams ${i} fetch)
  if(error OR NOT fetch_type STREQUAL "OBJECT")
    zc_fail("${where}: \"fetch\" must be an object")
  endif()
  string(JSON fetch_count LENGTH "${catalog}" streams ${i} fetch)
  math(EXPR fetch_last "${fetch_count} - 1")
  foreach(k RANGE ${fetch_last})
    string(JSON key MEMBER "${catalog}" streams ${i} fetch ${k})
    if(NOT key IN_LIST known_fetch_keys)
      zc_fail("${where}: unknown field fetch.${key}")
    endif()
  endforeach()

  zc_require(classic streams ${i} scopes classic)
  zc_require(granular streams ${i} scopes granular)
  zc_require(category streams ${i} rate_category)
  string(TOLOWER "${category}" category)
  string(REGEX REPLACE "[ -]" "_" category "${category}")
  if(NOT category MATCHES "^[a-z_]+$")
    zc_fail("${where}: rate_category must be a Zoom rate-limit category")
  endif()
  zc_require(primary_key streams ${i} primary_key 0)

  string(JSON parameters ERROR_VARIABLE error GET "${catalog}" streams ${i} parameters)
  string(REGEX REPLACE "[ \t\r\n]" "" parameters "${parameters}")
  if(parameters STREQUAL "[]")
    set(windowed false)
  elseif(parameters STREQUAL "[\"from\",\"to\"]")
    set(windowed true)
  else()
    zc_fail("${where}: parameters must be [] or [\"from\", \"to\"]")
  endif()
  zc_get(history_days 0 streams ${i} fetch history_days)
  zc_whole_number("${history_days}" 0 36500 "${where}: fetch.history_days")

  zc_require(path streams ${i} fetch path)
  if(NOT path MATCHES "^/[A-Za-z0-9_/{}.-]*$")
    zc_fail("${where}: fetch.path must be a path under the API base")
  endif()
  string(FIND "${path}" "{id}" id_at)
  if(parent STREQUAL "" AND NOT id_at EQUAL -1)
    zc_fail("${where}: fetch.path has \"{id}\" but the stream has no parent")
  elseif(NOT parent STREQUAL "" AND id_at EQUAL -1)
    zc_fail("${where}: fetch.path needs \"{id}\", the id of a ${parent} record")
  endif()
  zc_get(array_key "" streams ${i} fetch array_key)
  zc_get(page_size_max 0 streams ${i} fetch page_size_max)
  zc_get(page_size_given "" streams ${i} fetch page_size_max)
  if(NOT page_size_given STREQUAL "")
    zc_whole_number("${page_size_max}" 1 2000 "${where}: fetch.page_size_max")
  endif()
  string(JSON array_key_type ERROR_VARIABLE error TYPE "${catalog}" streams ${i} fetch array_key)
  if(NOT error AND (NOT array_key_type STREQUAL "STRING" OR array_key STREQUAL ""))
    zc_fail("${where}: fetch.array_key must be a non-empty text (or absent: one record per answer)")
  endif()
  if(array_key STREQUAL "" AND NOT page_size_max EQUAL 0)
    zc_fail("${where}: an answer that is one record (no fetch.array_key) cannot be paged")
  endif()
  zc_get(download_files "" streams ${i} fetch download files)
  zc_get(download_file_type "" streams ${i} fetch download file_type)
  zc_get(download_format "" streams ${i} fetch download format)
  if(NOT download_files STREQUAL "" OR NOT download_file_type STREQUAL ""
     OR NOT download_format STREQUAL "")
    if(parent STREQUAL "" OR NOT array_key STREQUAL "" OR download_files STREQUAL ""
       OR download_file_type STREQUAL "" OR NOT download_format STREQUAL "webvtt")
      zc_fail("${where}: fetch.download is for a child whose answer is one record (no array_key) \
and needs files, file_type and format webvtt")
    endif()
  endif()
  zc_get(window_format date streams ${i} fetch window_format)
  if(NOT window_format MATCHES "^(date|date_time)$")
    zc_fail("${where}: fetch.window_format must be date or date_time")
  elseif(window_format STREQUAL "date_time" AND NOT windowed)
    zc_fail("${where}: fetch.window_format is for dated streams")
  endif()
  if(window_format STREQUAL "date_time")
    set(window_date_time true)
  else()
    set(window_date_time false)
  endif()
  # What Zoom's 12702 means on this endpoint (the same code, two meanings).
  zc_get(unavailable_means past_retention streams ${i} fetch unavailable_means)
  if(NOT unavailable_means MATCHES "^(past_retention|no_summary)$")
    zc_fail("${where}: fetch.unavailable_means must be past_retention or no_summary")
  endif()
  zc_get(fixed_query "" streams ${i} fetch fixed_query)

  zc_get(partition_query "" streams ${i} fetch partition_by query)
  set(partition_values "{}")
  if(NOT partition_query STREQUAL "")
    if(NOT parent STREQUAL "" OR windowed)
      zc_fail("${where}: fetch.partition_by is for top-level streams without dates")
    endif()
    zc_values_array(partition_values ${i} ${name} partition_by partition_values "${where}")
  endif()

  zc_get(child_id_field "" streams ${i} fetch child_id field)
  zc_get(child_label "" streams ${i} fetch child_id label)
  zc_get(encoding plain streams ${i} fetch child_id encoding)
  if(NOT encoding MATCHES "^(plain|meeting_uuid)$")
    zc_fail("${where}: fetch.child_id.encoding must be plain or meeting_uuid")
  endif()
  if(NOT child_id_field STREQUAL "" AND NOT child_label MATCHES "^[a-z_]+$")
    zc_fail("${where}: fetch.child_id.label must be lowercase letters and _")
  endif()
  zc_get(parent_filter all streams ${i} fetch parent_filter)
  if(NOT parent_filter MATCHES "^(all|started|has_download)$")
    zc_fail("${where}: fetch.parent_filter must be all, started or has_download")
  elseif(parent_filter STREQUAL "has_download" AND download_files STREQUAL "")
    zc_fail("${where}: fetch.parent_filter has_download needs fetch.download")
  elseif(parent STREQUAL "" AND NOT parent_filter STREQUAL "all")
    zc_fail("${where}: fetch.parent_filter needs a parent")
  endif()
  zc_get(match_field "" streams ${i} fetch parent_match field)
  set(match_values "{}")
  if(NOT match_field STREQUAL "")
    if(parent STREQUAL "")
      zc_fail("${where}: fetch.parent_match needs a parent")
    endif()
    zc_values_array(match_values ${i} ${name} parent_match match_values "${where}")
  endif()
  set(parent_id_field "")
  set(parent_id_encoding plain)
  if(NOT parent STREQUAL "")
    list(FIND names "${parent}" parent_index)
    zc_get(parent_field "" streams ${parent_index} fetch child_id field)
    if(parent_field STREQUAL "")
      zc_fail("${where}: its parent \"${parent}\" has no fetch.child_id")
    endif()
    # Which field of a parent record fills "{id}", and how it is encoded.
    zc_get(parent_id_field "" streams ${i} fetch parent_id field)
    if(parent_id_field STREQUAL "")
      set(parent_id_field "${parent_field}")
      zc_get(parent_id_encoding plain streams ${parent_index} fetch child_id encoding)
    else()
      zc_get(parent_id_encoding plain streams ${i} fetch parent_id encoding)
    endif()
    if(NOT parent_id_encoding MATCHES "^(plain|meeting_uuid)$")
      zc_fail("${where}: fetch.parent_id.encoding must be plain or meeting_uuid")
    endif()
  else()
    zc_get(orphan_id "" streams ${i} fetch parent_id field)
    if(NOT orphan_id STREQUAL "")
      zc_fail("${where}: fetch.parent_id needs a parent")
    endif()
  endif()

  zc_get(active_hosts_report "" streams ${i} fetch active_hosts_report)
  if(NOT active_hosts_report STREQUAL "")
    set(report "${active_hosts_report}")
    if(NOT report IN_LIST names)
      zc_fail("${where}: fetch.active_hosts_report \"${report}\" is not a stream of the catalog")
    endif()
    if(parent STREQUAL "" OR NOT windowed)
      zc_fail("${where}: fetch.active_hosts_report is for dated streams with a parent")
    endif()
    if(NOT parent_of_${parent} STREQUAL "")
      zc_fail("${where}: fetch.active_hosts_report needs a top-level parent (\"${parent}\" has one)")
    endif()
    list(FIND names "${report}" report_index)
    string(JSON report_parameters ERROR_VARIABLE error GET "${catalog}" streams ${report_index}
           parameters)
    string(REGEX REPLACE "[ \t\r\n]" "" report_parameters "${report_parameters}")
    zc_get(report_of_report "" streams ${report_index} fetch active_hosts_report)
    zc_get(report_partitions "" streams ${report_index} fetch partition_by)
    if(NOT parent_of_${report} STREQUAL "" OR NOT report_parameters STREQUAL "[\"from\",\"to\"]"
       OR NOT report_of_report STREQUAL "" OR NOT report_partitions STREQUAL "")
      zc_fail("${where}: fetch.active_hosts_report \"${report}\" must be a dated top-level \
stream without partition_by or a report of its own")
    endif()
    string(JSON report_key GET "${catalog}" streams ${report_index} primary_key 0)
    if(NOT report_key STREQUAL parent_field)
      set(report_says "names its records by \"${report_key}\"")
      zc_fail("${where}: fetch.active_hosts_report \"${report}\" ${report_says}, but ${parent} \
records name their children by \"${parent_field}\"")
    endif()
  endif()

  foreach(field name parent classic granular primary_key path array_key fixed_query
                partition_query child_id_field child_label parent_id_field match_field
                active_hosts_report download_files download_file_type)
    zc_literal(${field} "${${field}}" "${where}: ${field}")
  endforeach()
  string(APPEND rows
    "    {.name = ${name},\n"
    "     .parent = ${parent},\n"
    "     .classic_scope = ${classic},\n"
    "     .granular_scope = ${granular},\n"
    "     .category = RateCategory::${category},\n"
    "     .primary_key = ${primary_key},\n"
    "     .windowed = ${windowed},\n"
    "     .history_days = ${history_days},\n"
    "     .path = ${path},\n"
    "     .array_key = ${array_key},\n"
    "     .page_size_max = ${page_size_max},\n"
    "     .window_date_time = ${window_date_time},\n"
    "     .download_files = ${download_files},\n"
    "     .download_file_type = ${download_file_type},\n"
    "     .fixed_query = ${fixed_query},\n"
    "     .partition_query = ${partition_query},\n"
    "     .partition_values = ${partition_values},\n"
    "     .child_id_field = ${child_id_field},\n"
    "     .child_label = ${child_label},\n"
    "     .child_id_encoding = IdEncoding::${encoding},\n"
    "     .parent_filter = ParentFilter::${parent_filter},\n"
    "     .parent_match_field = ${match_field},\n"
    "     .parent_match_values = ${match_values},\n"
    "     .parent_id_field = ${parent_id_field},\n"
    "     .parent_id_encoding = IdEncoding::${parent_id_encoding},\n"
    "     .active_hosts_report = ${active_hosts_report},\n"
    "     .unavailable_means = UnavailableMeans::${unavailable_means}},\n")
endforeach()

get_filename_component(source ${CATALOG} NAME)
set(text "// Generated from schemas/${source} by cmake/GenerateStreamTable.cmake; do not edit.\n")
string(APPEND text "#include \"core/stream_table.hpp\"\n\nnamespace zc {\nnamespace {\n\n")
string(APPEND text "${arrays}\nconstexpr StreamDef k_streams[] = {\n${rows}};\n\n}  // namespace\n\n")
string(APPEND text "std::span<const StreamDef> stream_table() { return k_streams; }\n\n}  // namespace zc\n")
file(WRITE ${OUTPUT} "${text}")
