# One precompiled header shared by every C++ target: nlohmann/json, fmt and the standard
# library headers nearly every file includes. Without it each file re-parses them (measured:
# about 1,850 s of compile CPU for a clean build on 2 cores).
# Libraries are compiled -fPIC and executables -fPIE, and GCC only reuses a header compiled
# with the same setting: hence one header for each.
set(leadflow_pch_headers
  <nlohmann/json.hpp> <fmt/format.h>
  <string> <string_view> <vector> <map> <memory> <functional> <optional> <chrono> <filesystem>)
add_library(leadflow_pch STATIC ${CMAKE_CURRENT_LIST_DIR}/pch.cpp)
add_executable(leadflow_pch_exe ${CMAKE_CURRENT_LIST_DIR}/pch_main.cpp)
foreach(pch leadflow_pch leadflow_pch_exe)
  target_link_libraries(${pch} PRIVATE nlohmann_json::nlohmann_json fmt::fmt)
  target_precompile_headers(${pch} PRIVATE ${leadflow_pch_headers})
endforeach()

# Applies the shared header to every C++ target defined under `dir` (recursively).
function(leadflow_reuse_precompiled_headers dir)
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  foreach(target IN LISTS targets)
    get_target_property(type ${target} TYPE)
    get_target_property(sources ${target} SOURCES)
    if(type STREQUAL "INTERFACE_LIBRARY" OR target MATCHES "^leadflow_pch" OR target STREQUAL "leadflow_asio")
      continue()
    endif()
    list(FILTER sources INCLUDE REGEX "\\.cpp$")
    if(sources)
      if(type STREQUAL "EXECUTABLE")
        target_precompile_headers(${target} REUSE_FROM leadflow_pch_exe)
      else()
        target_precompile_headers(${target} REUSE_FROM leadflow_pch)
      endif()
      target_link_libraries(${target} PRIVATE nlohmann_json::nlohmann_json fmt::fmt)
    endif()
  endforeach()
  get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(subdir IN LISTS subdirs)
    leadflow_reuse_precompiled_headers(${subdir})
  endforeach()
endfunction()
