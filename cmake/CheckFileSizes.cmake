# Fails when a production file (the plugin, its C ABI and wrapper, the hosts)
# is over 500 lines: small files that each do one thing. Tests, the simulator
# and benches may be longer.
# Usage: cmake -DSOURCE_DIR=<repo> -P CheckFileSizes.cmake
set(limit 500)
set(folders zoom_connector plugin_api host_sim host_support airbyte_source)
set(too_long "")
set(checked 0)
foreach(folder IN LISTS folders)
  file(GLOB_RECURSE files
    ${SOURCE_DIR}/${folder}/*.cpp ${SOURCE_DIR}/${folder}/*.hpp ${SOURCE_DIR}/${folder}/*.h
    ${SOURCE_DIR}/${folder}/*.c ${SOURCE_DIR}/${folder}/*.js ${SOURCE_DIR}/${folder}/*.css
    ${SOURCE_DIR}/${folder}/*.html ${SOURCE_DIR}/${folder}/*.py ${SOURCE_DIR}/${folder}/*.sh)
  foreach(file IN LISTS files)
    math(EXPR checked "${checked} + 1")
    # Count newlines: file(STRINGS) would skip the empty lines.
    file(READ ${file} text)
    string(REGEX MATCHALL "\n" newlines "${text}")
    list(LENGTH newlines count)
    if(count GREATER limit)
      file(RELATIVE_PATH rel ${SOURCE_DIR} ${file})
      string(APPEND too_long "\n  ${rel}: ${count} lines")
    endif()
  endforeach()
endforeach()
if(checked EQUAL 0)
  message(FATAL_ERROR "no source files found under ${SOURCE_DIR}")
endif()
if(too_long)
  message(FATAL_ERROR "production files over ${limit} lines:${too_long}")
endif()
message(STATUS "${checked} files: none over ${limit} lines")
