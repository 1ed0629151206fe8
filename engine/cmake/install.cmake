# Installation: headers, libmikros.so and libmikros.a, the CMake package (find_package(mikros))
# and mikros.pc. Included from the top-level CMakeLists.txt once the library targets exist.
include(CMakePackageConfigHelpers)

set(MIKROS_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/mikros)

install(FILES ${MIKROS_PUBLIC_HEADERS} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/mikros)
install(TARGETS mikros EXPORT mikrosTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS mikros_static EXPORT mikrosStaticTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})

# Two export sets, so that a consumer of the shared library needs none of the static
# library's dependencies (mikrosConfig.cmake looks for those only when they are wanted).
install(EXPORT mikrosTargets NAMESPACE mikros:: DESTINATION ${MIKROS_CMAKE_DIR})
install(EXPORT mikrosStaticTargets NAMESPACE mikros:: DESTINATION ${MIKROS_CMAKE_DIR})
configure_package_config_file(
  ${CMAKE_CURRENT_SOURCE_DIR}/engine/cmake/mikrosConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/mikrosConfig.cmake
  INSTALL_DESTINATION ${MIKROS_CMAKE_DIR})
# 0.x releases may break the API between minor versions: a consumer asking for 0.1 gets 0.1.x.
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/mikrosConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${CMAKE_CURRENT_BINARY_DIR}/mikrosConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/mikrosConfigVersion.cmake
  DESTINATION ${MIKROS_CMAKE_DIR})

# mikros.pc names its directories relative to its own (${pcfiledir}), so that the prefix may be
# chosen at install time (cmake --install --prefix DIR) and moved afterwards.
function(mikros_pc_dir var dir)
  if(IS_ABSOLUTE "${dir}")
    set(${var} "${dir}" PARENT_SCOPE)
  else()
    # From <prefix>/<libdir>/pkgconfig to <prefix>/<dir>, with a stand-in prefix.
    file(RELATIVE_PATH rel "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix/${dir}")
    string(REGEX REPLACE "/$" "" rel "${rel}")
    if(rel STREQUAL "")
      set(${var} "\${pcfiledir}" PARENT_SCOPE)
    else()
      set(${var} "\${pcfiledir}/${rel}" PARENT_SCOPE)
    endif()
  endif()
endfunction()
mikros_pc_dir(MIKROS_PC_PREFIX "")
mikros_pc_dir(MIKROS_PC_LIBDIR "${CMAKE_INSTALL_LIBDIR}")
mikros_pc_dir(MIKROS_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
configure_file(${CMAKE_CURRENT_SOURCE_DIR}/engine/cmake/mikros.pc.in
               ${CMAKE_CURRENT_BINARY_DIR}/mikros.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/mikros.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

if(MIKROS_BUILD_TOOLS)
  install(TARGETS mikros_cli mikros-bench mikros-generate
          RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
