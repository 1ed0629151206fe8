# The hashtag dictionary image (lexicon.h): built from Debian's word lists and the
# domain lexicon by mikros_lexicon, installed to <prefix>/share/mikros/words.lex. The library
# finds it at run time (data_dir.h): beside itself when installed, in the build tree only for
# code that runs from the build tree, then in the configured prefix.
include(GNUInstallDirs)
set(MIKROS_DICT_DIR "/usr/share/dict" CACHE PATH
    "Word lists for the hashtag dictionary (Debian packages scowl, wspanish, wfrench, ...)")
set(MIKROS_LEXICON_IMAGE ${PROJECT_BINARY_DIR}/share/mikros/words.lex)
set_property(SOURCE data_dir.cpp APPEND PROPERTY COMPILE_DEFINITIONS
  MIKROS_BUILD_DIR="${PROJECT_BINARY_DIR}"
  MIKROS_BUILD_DATA_DIR="${PROJECT_BINARY_DIR}/share/mikros"
  MIKROS_INSTALL_DATA_DIR="${CMAKE_INSTALL_FULL_DATADIR}/mikros")

add_executable(mikros_lexicon build_lexicon.cpp)
target_link_libraries(mikros_lexicon PRIVATE mikros_analysis)
add_custom_command(
  OUTPUT ${MIKROS_LEXICON_IMAGE}
  COMMAND mikros_lexicon --quiet --dict-dir ${MIKROS_DICT_DIR}
          --domain ${PROJECT_SOURCE_DIR}/corpus/lexicon.tsv --out ${MIKROS_LEXICON_IMAGE}
  DEPENDS mikros_lexicon ${PROJECT_SOURCE_DIR}/corpus/lexicon.tsv
  COMMENT "Building the hashtag dictionary ${MIKROS_LEXICON_IMAGE}"
  VERBATIM)
add_custom_target(mikros_lexicon_image ALL DEPENDS ${MIKROS_LEXICON_IMAGE})
install(FILES ${MIKROS_LEXICON_IMAGE} DESTINATION ${CMAKE_INSTALL_DATADIR}/mikros)

# The niche vocabulary (niches.h): a text file, copied beside the dictionary so the library
# finds it the same way.
set(MIKROS_NICHES_FILE ${PROJECT_BINARY_DIR}/share/mikros/niches.tsv)
add_custom_command(
  OUTPUT ${MIKROS_NICHES_FILE}
  COMMAND ${CMAKE_COMMAND} -E copy ${PROJECT_SOURCE_DIR}/corpus/niches.tsv ${MIKROS_NICHES_FILE}
  DEPENDS ${PROJECT_SOURCE_DIR}/corpus/niches.tsv
  COMMENT "Copying the niche vocabulary ${MIKROS_NICHES_FILE}"
  VERBATIM)
add_custom_target(mikros_niches_file ALL DEPENDS ${MIKROS_NICHES_FILE})
install(FILES ${MIKROS_NICHES_FILE} DESTINATION ${CMAKE_INSTALL_DATADIR}/mikros)
add_dependencies(mikros_lexicon_image mikros_niches_file)
