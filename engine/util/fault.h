// Fault injection for tests. Setting MIKROS_FAULT=NAME (or NAME:N) in the environment makes the
// process end with _exit(fault::kExitCode) the first (or N-th) time it reaches the point NAME,
// with no destructors or flushes run: what a crash at that moment leaves on disk is what the
// next open sees. NAME:N:throw throws std::bad_alloc there instead, standing for any exception
// that is not the stores' own (an allocation failing, a bug): what the process does next with
// the same handle is then testable. Points are listed where they are placed (grep
// "fault::point"). Without a fault armed a point costs a load and a compare.
#ifndef MIKROS_UTIL_FAULT_H
#define MIKROS_UTIL_FAULT_H

#include <string_view>

namespace mikros::fault {

// Exit status of a process ended at a fault point (distinct from mikros's own statuses 0-3).
inline constexpr int kExitCode = 86;

// Thread-safety: safe from any thread.
void point(const char* name);

// Replaces the fault armed from MIKROS_FAULT with `spec` (the same syntax; empty disarms) and
// restarts the count: for tests that inject a fault into their own process.
// Thread-safety: not while another thread may pass a point.
void arm(std::string_view spec);

}  // namespace mikros::fault

#endif  // MIKROS_UTIL_FAULT_H
