# API reference from the public headers' comments, with Doxygen:
#   apt-get install doxygen && cmake --build build --target docs  ->  build/docs/html/index.html
# The target exists only when Doxygen is found; nothing else depends on it.
find_package(Doxygen QUIET)
if(DOXYGEN_FOUND)
  set(DOXYGEN_PROJECT_NAME mikros)
  set(DOXYGEN_PROJECT_NUMBER ${PROJECT_VERSION})
  set(DOXYGEN_PROJECT_BRIEF "${PROJECT_DESCRIPTION}")
  set(DOXYGEN_OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/docs)
  set(DOXYGEN_INPUT_FILTER "sed -E -f ${CMAKE_CURRENT_SOURCE_DIR}/engine/cmake/doxygen-filter.sed")
  set(DOXYGEN_FULL_PATH_NAMES NO)
  set(DOXYGEN_JAVADOC_AUTOBRIEF YES)
  set(DOXYGEN_EXTRACT_ALL YES)
  set(DOXYGEN_SORT_MEMBER_DOCS NO)
  set(DOXYGEN_GENERATE_LATEX NO)
  set(DOXYGEN_WARN_IF_UNDOCUMENTED NO)
  set(DOXYGEN_QUIET YES)
  # Implementation hooks declared in the headers for the library's own use.
  set(DOXYGEN_EXCLUDE_SYMBOLS "Impl" "Node" "impl" "root" "from_root")
  set(DOXYGEN_MACRO_EXPANSION YES)
  set(DOXYGEN_PREDEFINED "MIKROS_EXPORT=" "MIKROS_API=")
  set(DOXYGEN_USE_MDFILE_AS_MAINPAGE ${CMAKE_CURRENT_SOURCE_DIR}/engine/cmake/docs-main.md)
  doxygen_add_docs(docs
    ${CMAKE_CURRENT_SOURCE_DIR}/engine/cmake/docs-main.md ${MIKROS_PUBLIC_HEADERS}
    COMMENT "API reference (Doxygen) in ${CMAKE_CURRENT_BINARY_DIR}/docs/html")
endif()
