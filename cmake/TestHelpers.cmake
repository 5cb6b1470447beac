# One way to register a test, so that every test carries labels and the same
# environment.
#
# Labels: one kind per test, to pick a set (`ctest -L unit`):
#   unit     in-process or a quick command, no server, no plugin loaded;
#            the whole set runs in seconds
#   abi      loads a plugin (the Zoom plugin or a fake one) through the C ABI
#   sim      talks to a server on 127.0.0.1: the Zoom simulator, a test
#            server, host_sim's web screen
#   browser  drives headless Chromium
# plus, where it applies: slow (about 5 s or more on its own), concurrent
# (threads or processes racing: the tsan preset runs these, `ctest -L
# concurrent`, and builds only the target concurrent_tests, which
# zc_concurrent_tests() derives from the tests so labelled: their
# executables, the targets those depend on, the targets their command
# names), and a folder's own (airbyte, conformance, package).
# tests.every_test_has_a_kind_label fails when a test has no kind label or
# keeps the proxy variables.
include_guard(GLOBAL)
include(GoogleTest)
include(${CMAKE_CURRENT_LIST_DIR}/Precompile.cmake)

set(ZC_TEST_KINDS unit abi sim browser)
# Tests talk only to 127.0.0.1; a proxy from the environment would take that
# traffic elsewhere (libcurl, Chromium and Python all read these).
set(ZC_TEST_ENVIRONMENT_MODIFICATION
  http_proxy=unset: https_proxy=unset: HTTP_PROXY=unset: HTTPS_PROXY=unset:
  all_proxy=unset: ALL_PROXY=unset: no_proxy=unset: NO_PROXY=unset:)
# Fixtures shared by the test folders; on every test target's include path.
set(ZC_TEST_SUPPORT_DIR ${PROJECT_SOURCE_DIR}/tests/support)

function(_zc_check_kind where labels)
  foreach(kind IN LISTS ZC_TEST_KINDS)
    if(kind IN_LIST labels)
      return()
    endif()
  endforeach()
  message(FATAL_ERROR "${where}: LABELS needs one of ${ZC_TEST_KINDS} (cmake/TestHelpers.cmake)")
endfunction()

# zc_add_gtest(<target> LABELS <label>... SOURCES <file>...
#              [LIBRARIES <lib>...] [TIMEOUT <s>] [TEST_PREFIX <prefix>]
#              [SLOW <regex>] [CONCURRENT <regex>] [ENVIRONMENT <VAR=value>...])
# A GoogleTest executable (linked with gtest_main) whose tests ctest
# discovers after the build. Tests whose name matches SLOW also get "slow",
# those matching CONCURRENT also get "concurrent" (names with TEST_PREFIX).
function(zc_add_gtest target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "TIMEOUT;TEST_PREFIX;SLOW;CONCURRENT"
                        "LABELS;SOURCES;LIBRARIES;ENVIRONMENT")
  _zc_check_kind(${target} "${arg_LABELS}")
  add_executable(${target} ${arg_SOURCES})
  target_include_directories(${target} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR} ${ZC_TEST_SUPPORT_DIR})
  target_link_libraries(${target} PRIVATE ${arg_LIBRARIES} GTest::gtest_main)
  # GoogleTest and Boost.JSON, parsed once for every test (tests/support).
  zc_precompile_headers(${target} REUSE_FROM zc_test_pch)
  set(discover DISCOVERY_TIMEOUT 60)
  if(arg_TEST_PREFIX)
    list(APPEND discover TEST_PREFIX ${arg_TEST_PREFIX})
  endif()
  gtest_discover_tests(${target} ${discover})

  # gtest_discover_tests(PROPERTIES) flattens list values (LABELS a;b), so
  # the properties are set by a file ctest reads after the discovered tests.
  set(properties "LABELS [==[${arg_LABELS}]==] ENVIRONMENT_MODIFICATION [==[${ZC_TEST_ENVIRONMENT_MODIFICATION}]==]")
  if(arg_ENVIRONMENT)
    string(APPEND properties " ENVIRONMENT [==[${arg_ENVIRONMENT}]==]")
  endif()
  if(arg_TIMEOUT)
    string(APPEND properties " TIMEOUT ${arg_TIMEOUT}")
  endif()
  set(script "if(${target}_TESTS)\n  set_tests_properties(\${${target}_TESTS} PROPERTIES ${properties})\n")
  if(arg_CONCURRENT)
    set_property(GLOBAL APPEND PROPERTY ZC_CONCURRENT_TARGETS ${target})
  endif()
  if(arg_SLOW OR arg_CONCURRENT)
    # Labels added by name (ctest reads this file: set_tests_properties, not set_property).
    string(APPEND script "  foreach(test IN LISTS ${target}_TESTS)\n"
                         "    set(labels [==[${arg_LABELS}]==])\n")
    if(arg_SLOW)
      string(APPEND script "    if(test MATCHES [==[${arg_SLOW}]==])\n"
                           "      list(APPEND labels slow)\n"
                           "    endif()\n")
    endif()
    if(arg_CONCURRENT)
      string(APPEND script "    if(test MATCHES [==[${arg_CONCURRENT}]==])\n"
                           "      list(APPEND labels concurrent)\n"
                           "    endif()\n")
    endif()
    string(APPEND script "    if(NOT labels STREQUAL [==[${arg_LABELS}]==])\n"
                         "      set_tests_properties(\${test} PROPERTIES LABELS \"\${labels}\")\n"
                         "    endif()\n"
                         "  endforeach()\n")
  endif()
  string(APPEND script "endif()\n")
  set(file ${CMAKE_CURRENT_BINARY_DIR}/${target}_properties.cmake)
  file(GENERATE OUTPUT ${file} CONTENT "${script}")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES ${file})
endfunction()

# zc_add_test(NAME <name> LABELS <label>... COMMAND <command> <arg>...)
# add_test with the labels and the environment; other properties as usual
# with set_tests_properties (ENVIRONMENT_MODIFICATION: append to it). With
# the label concurrent, the targets its command names (the command itself,
# $<TARGET_FILE:...>) go into concurrent_tests.
function(zc_add_test)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "NAME" "LABELS;COMMAND")
  _zc_check_kind(${arg_NAME} "${arg_LABELS}")
  add_test(NAME ${arg_NAME} COMMAND ${arg_COMMAND})
  set_tests_properties(${arg_NAME} PROPERTIES LABELS "${arg_LABELS}"
    ENVIRONMENT_MODIFICATION "${ZC_TEST_ENVIRONMENT_MODIFICATION}")
  if("concurrent" IN_LIST arg_LABELS)
    foreach(word IN LISTS arg_COMMAND)
      string(REGEX MATCHALL "\\$<TARGET_FILE:[A-Za-z0-9_.+-]+>" files "${word}")
      foreach(file IN LISTS files)
        string(REGEX REPLACE "^\\$<TARGET_FILE:(.*)>$" "\\1" named "${file}")
        set_property(GLOBAL APPEND PROPERTY ZC_CONCURRENT_TARGETS ${named})
      endforeach()
    endforeach()
    list(GET arg_COMMAND 0 command)
    set_property(GLOBAL APPEND PROPERTY ZC_CONCURRENT_COMMANDS ${command})
  endif()
endfunction()

# concurrent_tests: what the tests labelled concurrent need, derived from
# them (call once, after every test is added): each one's executable or the
# targets its command names, and what those were made to depend on
# (add_dependencies: the plugin, the simulator, host_sim).
function(zc_concurrent_tests)
  get_property(targets GLOBAL PROPERTY ZC_CONCURRENT_TARGETS)
  get_property(commands GLOBAL PROPERTY ZC_CONCURRENT_COMMANDS)
  foreach(command IN LISTS commands)
    if(TARGET ${command})
      list(APPEND targets ${command})
    endif()
  endforeach()
  set(needs ${targets})
  foreach(target IN LISTS targets)
    get_target_property(deps ${target} MANUALLY_ADDED_DEPENDENCIES)
    if(deps)
      list(APPEND needs ${deps})
    endif()
  endforeach()
  list(REMOVE_DUPLICATES needs)
  add_custom_target(concurrent_tests)
  add_dependencies(concurrent_tests ${needs})
endfunction()
