// mikros: version of the headers (macros) and of the library a program runs against.
#ifndef MIKROS_VERSION_HPP
#define MIKROS_VERSION_HPP

#include "mikros/export.hpp"
#include "mikros/version.h"

namespace mikros {
// The version of the library this program runs against, e.g. "0.1.0". It may differ from
// MIKROS_VERSION_STRING (the headers it was compiled with) when the shared library was
// upgraded; the SONAME guarantees that both share one ABI.
MIKROS_EXPORT const char* version();
}  // namespace mikros

#endif  // MIKROS_VERSION_HPP
