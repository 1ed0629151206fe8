// A mutex that Clang's thread-safety analysis understands (-Wthread-safety), and the
// annotation macros. libstdc++'s std::mutex carries no capability attributes, so members
// guarded by it cannot be checked; this thin wrapper can (as LevelDB's port::Mutex). Under GCC
// the annotations compile to nothing.
#ifndef MIKROS_UTIL_SYNC_H
#define MIKROS_UTIL_SYNC_H

#include <mutex>

#if defined(__clang__)
#define MIKROS_TSA(x) __attribute__((x))
#else
#define MIKROS_TSA(x)
#endif

#define CAPABILITY(x) MIKROS_TSA(capability(x))
#define SCOPED_CAPABILITY MIKROS_TSA(scoped_lockable)
#define GUARDED_BY(x) MIKROS_TSA(guarded_by(x))
#define PT_GUARDED_BY(x) MIKROS_TSA(pt_guarded_by(x))
#define ACQUIRE(...) MIKROS_TSA(acquire_capability(__VA_ARGS__))
#define RELEASE(...) MIKROS_TSA(release_capability(__VA_ARGS__))
#define REQUIRES(...) MIKROS_TSA(requires_capability(__VA_ARGS__))
#define EXCLUDES(...) MIKROS_TSA(locks_excluded(__VA_ARGS__))
#define NO_THREAD_SAFETY_ANALYSIS MIKROS_TSA(no_thread_safety_analysis)

namespace mikros {

// Thread-safety: a mutex; lock() and unlock() from any thread, as std::mutex.
class CAPABILITY("mutex") Mutex {
 public:
  Mutex() = default;
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;
  void lock() ACQUIRE() { mu_.lock(); }
  void unlock() RELEASE() { mu_.unlock(); }
  bool try_lock() MIKROS_TSA(try_acquire_capability(true)) { return mu_.try_lock(); }

 private:
  std::mutex mu_;
};

// Holds a Mutex for its scope.
class SCOPED_CAPABILITY MutexLock {
 public:
  explicit MutexLock(Mutex& mu) ACQUIRE(mu) : mu_(mu) { mu_.lock(); }
  ~MutexLock() RELEASE() { mu_.unlock(); }
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

 private:
  Mutex& mu_;
};

}  // namespace mikros

#endif  // MIKROS_UTIL_SYNC_H
