# Precompiled headers for the targets with several translation units that
# read the same heavy headers (Boost.JSON, Boost.URL, spdlog, GoogleTest,
# Boost.Asio/Beast): each target parses them once instead of once per file.
# Only system headers: a change to the project's own headers never rebuilds
# a precompiled header. Off with -DZC_PRECOMPILE_HEADERS=OFF (a build that
# checks every file includes what it uses).
# With ccache, set sloppiness=pch_defines,time_macros,include_file_mtime,include_file_ctime
# (or CCACHE_SLOPPINESS), or ccache compiles these targets uncached.
include_guard(GLOBAL)
option(ZC_PRECOMPILE_HEADERS "Precompile the heavy system headers per target" ON)

set(ZC_PCH_STD <algorithm> <chrono> <cstdint> <functional> <map> <memory> <mutex> <optional>
  <string> <string_view> <thread> <unordered_map> <vector>)
set(ZC_PCH_JSON ${ZC_PCH_STD} <boost/json.hpp>)
set(ZC_PCH_CORE ${ZC_PCH_JSON} <boost/url/url.hpp> <spdlog/logger.h>)
set(ZC_PCH_TEST ${ZC_PCH_JSON} <gtest/gtest.h>)
set(ZC_PCH_BEAST ${ZC_PCH_JSON} <boost/asio.hpp> <boost/beast/core.hpp> <boost/beast/http.hpp>)

# zc_precompile_headers(<target> <header>...): its own precompiled header.
# zc_precompile_headers(<target> REUSE_FROM <other>): the other target's, when
# both compile with the same flags (-fPIC and -fPIE differ: a library's cannot
# serve an executable).
function(zc_precompile_headers target)
  if(ZC_PRECOMPILE_HEADERS)
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
      # GCC 12 reports libstdc++'s inlined string copies as out of bounds
      # (-Warray-bounds, -Wstringop-overflow) in files that use a precompiled
      # header, not otherwise (the headers no longer count as system headers
      # there); a build without precompiled headers keeps these warnings.
      target_compile_options(${target} PRIVATE -Wno-array-bounds -Wno-stringop-overflow
                                               -Wno-stringop-overread -Wno-restrict)
    endif()
    if(ARGV1 STREQUAL "REUSE_FROM")
      target_precompile_headers(${target} REUSE_FROM ${ARGV2})
    else()
      target_precompile_headers(${target} PRIVATE ${ARGN})
    endif()
  endif()
endfunction()
