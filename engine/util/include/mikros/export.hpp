// mikros: symbol visibility. The library is built with -fvisibility=hidden; only declarations
// marked MIKROS_EXPORT are part of the shared library's ABI.
#ifndef MIKROS_EXPORT_HPP
#define MIKROS_EXPORT_HPP

#if defined(_WIN32)
#define MIKROS_EXPORT
#else
#define MIKROS_EXPORT [[gnu::visibility("default")]]
#endif

#endif  // MIKROS_EXPORT_HPP
