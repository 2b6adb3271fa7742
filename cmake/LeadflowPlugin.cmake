# leadflow_add_plugin(NAME id SOURCES ...): builds plugin `id` as the module leadflow-<id>.so
# into the plugin directory, exporting only leadflow_plugin_entry_v1.
function(leadflow_add_plugin)
  cmake_parse_arguments(P "" "NAME" "SOURCES;LIBRARIES" ${ARGN})
  set(target leadflow-${P_NAME})
  add_library(${target} MODULE ${P_SOURCES})
  target_link_libraries(${target} PRIVATE leadflow_plugin_sdk ${P_LIBRARIES})
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    OUTPUT_NAME leadflow-${P_NAME}
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    LIBRARY_OUTPUT_DIRECTORY ${LEADFLOW_PLUGIN_OUTPUT_DIR})
  target_link_options(${target} PRIVATE -Wl,--no-undefined -Wl,-z,defs)
endfunction()
