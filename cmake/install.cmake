include(CMakePackageConfigHelpers)

install(TARGETS planrules planrules_header_only
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

configure_file(cmake/planrules.pc.in ${PROJECT_BINARY_DIR}/planrules.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/planrules.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
