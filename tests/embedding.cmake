# Tests of embedding planrules (docs/embedding.md), included from tests/CMakeLists.txt.

# The C API from a program compiled as C11: every call, its errors and its misuse.
if(TARGET planrules_c)
  add_executable(planrules_c_api_test c/c_api_test.c)
  target_link_libraries(planrules_c_api_test PRIVATE planrules::c SQLite::SQLite3 m)
  target_compile_definitions(planrules_c_api_test PRIVATE PLANRULES_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  target_compile_options(planrules_c_api_test PRIVATE -Wall -Wextra -Wpedantic -Werror)
  set_target_properties(planrules_c_api_test PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
  add_test(NAME c_api COMMAND planrules_c_api_test)
  set_tests_properties(c_api PROPERTIES WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR} TIMEOUT 300)
endif()

# The installed package, used by consumer projects (tests/consumer): through
# find_package (planrules::planrules, planrules::c), header-only with two
# translation units, through pkg-config, and through add_subdirectory of the
# source tree. Each builds a project of its own; the two that compile the whole
# library again (header-only, add_subdirectory) take minutes and are labelled
# `slow` (ctest -LE slow leaves them out).
if(PLANRULES_INSTALL)
  set(_consumer_work ${CMAKE_CURRENT_BINARY_DIR}/consumer)
  set(_consumer_prefix ${_consumer_work}/prefix)
  set(_consumer_script ${CMAKE_CURRENT_SOURCE_DIR}/consumer/consumer.sh)
  set(_xigang
    ${PROJECT_SOURCE_DIR}/rules/cn/xigang_children_2021_2030.rules
    ${PROJECT_SOURCE_DIR}/data/illustrative/xigang_regions.csv
    ${PROJECT_SOURCE_DIR}/data/illustrative/xigang_children_illustrative.csv)
  # embed_same_results (bindings/python/CMakeLists.txt) runs what consumer_find_package built.
  set(_consumer_env "CC=${CMAKE_C_COMPILER}" "CXX=${CMAKE_CXX_COMPILER}" "JOBS=2")

  add_test(NAME consumer_install COMMAND bash ${_consumer_script} install ${PROJECT_BINARY_DIR} ${_consumer_prefix})
  set_tests_properties(consumer_install PROPERTIES FIXTURES_SETUP planrules_installed TIMEOUT 300)

  add_test(NAME consumer_find_package
    COMMAND bash ${_consumer_script} find_package ${_consumer_prefix} ${_consumer_work}/find_package ${_xigang})
  set_tests_properties(consumer_find_package PROPERTIES
    FIXTURES_REQUIRED planrules_installed FIXTURES_SETUP planrules_consumer_built
    ENVIRONMENT "${_consumer_env}" TIMEOUT 1800)

  add_test(NAME consumer_header_only
    COMMAND bash ${_consumer_script} header_only ${_consumer_prefix} ${_consumer_work}/header_only ${_xigang})
  set_tests_properties(consumer_header_only PROPERTIES
    FIXTURES_REQUIRED planrules_installed ENVIRONMENT "${_consumer_env}" TIMEOUT 1800 LABELS slow)

  add_test(NAME consumer_pkg_config
    COMMAND bash ${_consumer_script} pkg_config ${_consumer_prefix} ${CMAKE_INSTALL_LIBDIR} ${_consumer_work}/pkg_config
            ${_xigang})
  set_tests_properties(consumer_pkg_config PROPERTIES
    FIXTURES_REQUIRED planrules_installed ENVIRONMENT "${_consumer_env}" TIMEOUT 1800)

  add_test(NAME consumer_add_subdirectory
    COMMAND bash ${_consumer_script} add_subdirectory ${PROJECT_SOURCE_DIR} ${_consumer_work}/add_subdirectory ${_xigang})
  set_tests_properties(consumer_add_subdirectory PROPERTIES ENVIRONMENT "${_consumer_env}" TIMEOUT 1800 LABELS slow)

endif()
