// Crash injection for tests. Setting MIKROS_FAULT=NAME (or NAME:N) in the environment makes the
// process end with _exit(fault::kExitCode) the first (or N-th) time it reaches the point NAME,
// with no destructors or flushes run: what a crash at that moment leaves on disk is what the
// next open sees. Points are listed where they are placed (grep "fault::point"). Without the
// variable a point costs a load and a compare.
#ifndef MIKROS_UTIL_FAULT_H
#define MIKROS_UTIL_FAULT_H

namespace mikros::fault {

// Exit status of a process ended at a fault point (distinct from mikros's own statuses 0-3).
inline constexpr int kExitCode = 86;

// Thread-safety: safe from any thread.
void point(const char* name);

}  // namespace mikros::fault

#endif  // MIKROS_UTIL_FAULT_H
