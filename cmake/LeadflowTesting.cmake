# One helper for every doctest executable, so each test folder stays a two-line CMakeLists.
add_library(leadflow_doctest_main STATIC ${CMAKE_CURRENT_LIST_DIR}/doctest_main.cpp)
target_link_libraries(leadflow_doctest_main PUBLIC doctest::doctest)

# leadflow_add_test(NAME name SOURCES a.cpp ... LIBRARIES lib ... [ENVIRONMENT K=V ...])
function(leadflow_add_test)
  cmake_parse_arguments(T "" "NAME" "SOURCES;LIBRARIES;ENVIRONMENT" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  target_link_libraries(${T_NAME} PRIVATE leadflow_doctest_main ${T_LIBRARIES})
  set_target_properties(${T_NAME} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/tests)
  doctest_discover_tests(${T_NAME}
    TEST_PREFIX "${T_NAME}: "
    PROPERTIES ENVIRONMENT "${T_ENVIRONMENT}" TIMEOUT 300)
endfunction()
