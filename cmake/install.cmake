include(CMakePackageConfigHelpers)

set(_planrules_install_targets planrules planrules_header_only)
if(TARGET planrules_c)
  list(APPEND _planrules_install_targets planrules_c)
endif()
install(TARGETS ${_planrules_install_targets}
  EXPORT planrulesTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY include/planrules DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_BINARY_DIR}/generated/planrules DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
if(TARGET planrules_cli)
  install(TARGETS planrules_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
install(FILES ${PLANRULES_CATALOGUE_SOURCE} DESTINATION ${CMAKE_INSTALL_DATADIR}/planrules)

install(EXPORT planrulesTargets
  NAMESPACE planrules::
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/planrules)
configure_package_config_file(cmake/planrulesConfig.cmake.in
  ${PROJECT_BINARY_DIR}/planrulesConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/planrules)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/planrulesConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/planrulesConfig.cmake
  ${PROJECT_BINARY_DIR}/planrulesConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/planrules)

# pkg-config: planrules.pc for C++ (the library's dependencies public when it is
# static, so `pkg-config --libs planrules` links), planrules-c.pc for the C API.
if(BUILD_SHARED_LIBS)
  set(PLANRULES_PC_REQUIRES "")
  set(PLANRULES_PC_REQUIRES_PRIVATE "icu-uc icu-i18n sqlite3")
  set(PLANRULES_PC_LIBS "")
  set(PLANRULES_PC_LIBS_PRIVATE "-lboost_json -pthread")
else()
  set(PLANRULES_PC_REQUIRES "icu-uc icu-i18n sqlite3")
  set(PLANRULES_PC_REQUIRES_PRIVATE "")
  set(PLANRULES_PC_LIBS "-lboost_json -pthread")
  set(PLANRULES_PC_LIBS_PRIVATE "")
endif()
# Relocatable: the prefix is found from the .pc file's own place (cmake --install --prefix …).
file(RELATIVE_PATH PLANRULES_PC_RELATIVE_PREFIX /planrules-prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /planrules-prefix)
string(REGEX REPLACE "/$" "" PLANRULES_PC_RELATIVE_PREFIX "${PLANRULES_PC_RELATIVE_PREFIX}")
configure_file(cmake/planrules.pc.in ${PROJECT_BINARY_DIR}/planrules.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/planrules.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
if(TARGET planrules_c)
  if(PLANRULES_C_SHARED)
    set(PLANRULES_C_PC_LIBS "")
    set(PLANRULES_C_PC_REQUIRES "")
  else()
    set(PLANRULES_C_PC_LIBS "-lplanrules -lboost_json -lstdc++ -lm -pthread")
    set(PLANRULES_C_PC_REQUIRES "icu-uc icu-i18n sqlite3")
  endif()
  configure_file(cmake/planrules-c.pc.in ${PROJECT_BINARY_DIR}/planrules-c.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/planrules-c.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endif()
