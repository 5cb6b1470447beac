# What `cmake --install` puts where, and the .deb that `cpack` builds.
# The plugin_api headers and the PipelinePlugin CMake package are installed
# by plugin_api/CMakeLists.txt.
install(TARGETS zoom_connector
  LIBRARY DESTINATION ${ZC_PLUGIN_INSTALL_DIR} COMPONENT runtime)
# An installed host_sim finds the installed plugins relative to itself.
file(RELATIVE_PATH zc_plugin_dir_from_bindir ${CMAKE_INSTALL_FULL_BINDIR}
  ${CMAKE_INSTALL_PREFIX}/${ZC_PLUGIN_INSTALL_DIR})
target_compile_definitions(host_sim_lib PRIVATE
  HOST_SIM_INSTALLED_PLUGIN_DIR_FROM_BINDIR="${zc_plugin_dir_from_bindir}")
install(TARGETS host_sim RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/schemas/
  DESTINATION ${CMAKE_INSTALL_DATADIR}/zoom_connector/schemas COMPONENT runtime)
# The README and every page it names, in the same folders, so that its
# paths (docs/security.md, bench/README.md) hold in the installed copy too.
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT runtime)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs
  COMPONENT runtime FILES_MATCHING PATTERN "*.md")
install(FILES ${PROJECT_SOURCE_DIR}/bench/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR}/bench
  COMPONENT runtime)

set(CPACK_PACKAGE_NAME zoom-connector)
set(CPACK_PACKAGE_VENDOR "Zoom connector developers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "Zoom connector plugin for data-pipeline hosts, its C ABI headers and host_sim")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "Zoom connector developers <noreply@example.invalid>")
set(CPACK_DEBIAN_PACKAGE_SECTION libs)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# The runtime libraries the binaries link, found by dpkg-shlibdeps.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The host wrapper is header-only on Boost.DLL.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "libboost1.81-dev")
set(CPACK_STRIP_FILES ON)
include(CPack)
