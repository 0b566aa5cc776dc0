# The protocol list for CMake: STEPWISE_PROTOCOLS holds the folder of every
# protocol core/protocols.h lists (read from its `#include
# "core/<name>/manifest.h"` lines), so build files iterate the same list the
# C++ layers do. A protocol's folder is its CLI name.
file(STRINGS "${PROJECT_SOURCE_DIR}/core/protocols.h" stepwise_manifest_lines
  REGEX "^#include \"core/[a-z0-9_]+/manifest\\.h\"$")
set(STEPWISE_PROTOCOLS)
foreach(line IN LISTS stepwise_manifest_lines)
  string(REGEX REPLACE "^#include \"core/([a-z0-9_]+)/manifest\\.h\"$" "\\1"
    name "${line}")
  list(APPEND STEPWISE_PROTOCOLS ${name})
endforeach()
if(NOT STEPWISE_PROTOCOLS)
  message(FATAL_ERROR "core/protocols.h lists no protocol manifests")
endif()
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
  "${PROJECT_SOURCE_DIR}/core/protocols.h")
message(STATUS "Stepwise protocols: ${STEPWISE_PROTOCOLS}")
