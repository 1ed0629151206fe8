# The source tree's layers (docs/design.md, "Source layout"): each folder of library code is one
# static library that says what it uses, so an include of a layer the target does not link
# fails to compile.
#
# A layer's internal headers are included by folder, `#include "storage/store.h"`. For that
# path to resolve only in targets that link the layer, each layer gets an include root of its
# own in the build tree, layers/<folder>/, holding nothing but a link named <folder> to the
# source folder. Its public headers (include/mikros/*.hpp) are on the include path of every
# target that links it, and of the public libraries (engine/api).
#
#   mikros_layer(TARGET SOURCES file... [PUBLIC_HEADERS file...])
function(mikros_layer target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "SOURCES;PUBLIC_HEADERS")
  get_filename_component(folder ${CMAKE_CURRENT_SOURCE_DIR} NAME)
  set(root ${PROJECT_BINARY_DIR}/layers/${folder})
  if(NOT IS_SYMLINK ${root}/${folder})
    file(MAKE_DIRECTORY ${root})
    file(CREATE_LINK ${CMAKE_CURRENT_SOURCE_DIR} ${root}/${folder} SYMBOLIC)
  endif()
  add_library(${target} STATIC ${arg_SOURCES})
  # The public libraries are made of the layers' objects (engine/api/CMakeLists.txt): built
  # once, position-independent, exporting only what MIKROS_EXPORT marks.
  set_target_properties(${target} PROPERTIES
    POSITION_INDEPENDENT_CODE ON
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  target_include_directories(${target} PUBLIC $<BUILD_INTERFACE:${root}>)
  if(arg_PUBLIC_HEADERS)
    target_include_directories(${target} PUBLIC
      $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>)
    list(TRANSFORM arg_PUBLIC_HEADERS PREPEND ${CMAKE_CURRENT_SOURCE_DIR}/include/mikros/)
    set_property(GLOBAL APPEND PROPERTY MIKROS_PUBLIC_HEADERS ${arg_PUBLIC_HEADERS})
    set_property(GLOBAL APPEND PROPERTY MIKROS_PUBLIC_INCLUDE_DIRS
                 ${CMAKE_CURRENT_SOURCE_DIR}/include)
  endif()
  set_property(GLOBAL APPEND PROPERTY MIKROS_LAYERS ${target})
endfunction()
