# Fails when a folder the top-level CMakeLists.txt always builds is left out
# of the Airbyte image's build context (an allowlist), so a new folder breaks
# this quick test instead of the slow podman build in CI.
# Usage: cmake -DSOURCE_DIR=<repo> -P CheckImageContext.cmake
cmake_minimum_required(VERSION 3.25)
file(STRINGS ${SOURCE_DIR}/airbyte_source/Dockerfile.dockerignore allowed REGEX "^!")
file(STRINGS ${SOURCE_DIR}/CMakeLists.txt lines)
set(missing "")
set(checked 0)
foreach(line IN LISTS lines)
  # Unindented calls are the ones every configuration makes; tests/ and
  # bench/ sit inside if() blocks and the image builds with BUILD_TESTING=OFF.
  if(line MATCHES "^add_subdirectory\\(([A-Za-z0-9_]+)\\)")
    set(folder ${CMAKE_MATCH_1})
  elseif(line MATCHES "^include\\((cmake)/")
    set(folder ${CMAKE_MATCH_1})
  else()
    continue()
  endif()
  math(EXPR checked "${checked} + 1")
  if(NOT "!${folder}/" IN_LIST allowed)
    string(APPEND missing "\n  ${folder}/")
  endif()
endforeach()
if(checked EQUAL 0)
  message(FATAL_ERROR "no add_subdirectory() found in ${SOURCE_DIR}/CMakeLists.txt")
endif()
if(missing)
  message(FATAL_ERROR "airbyte_source/Dockerfile.dockerignore leaves out folders the build needs:${missing}")
endif()
message(STATUS "${checked} folders and includes: all in the image's build context")
