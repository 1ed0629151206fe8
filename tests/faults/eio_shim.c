// eio_shim: an LD_PRELOAD shim that makes the k-th file-system call under a path prefix fail,
// for the I/O-error sweeps of tests/faults/eio_sweep.cpp (docs/durability.md, "I/O errors").
// Test-only: it is built by the project but never installed or linked into anything.
//
// Calls made inside glibc (stdio's fwrite, which RocksDB's LOG uses) are not seen; Xapian
// retries short writes and EINTR from write/pwrite itself, so in those modes only the other
// calls surface as errors.
//
// Counted calls (only for paths / file descriptors under EIO_PREFIX):
//   open, open64, openat, openat64, creat, creat64  -- only when opened for writing
//                                                      (O_WRONLY, O_RDWR, O_CREAT or O_TRUNC)
//   write, pwrite, pwrite64, writev, pwritev, pwritev64 -- on an fd opened under the prefix
//   fsync, fdatasync                                -- on an fd opened under the prefix
//   rename, renameat, renameat2                     -- when either path is under the prefix
//   read, pread, pread64, readv, preadv, preadv64   -- on an fd opened under the prefix, only
//   fread, fread_unlocked                              when EIO_OPS names "read" (RocksDB reads
//                                                      its MANIFEST, WAL and OPTIONS files with
//                                                      fread_unlocked on an fdopen'ed fd)
//
// Environment:
//   EIO_PREFIX   path prefix (absolute, or relative to the cwd at start-up). Required; without it
//                the shim counts nothing.
//   EIO_K        1-based index of the call to fail; 0 or unset: count only.
//   EIO_MODE     eio (default): fail with EIO.
//                eintr: fail with EINTR.
//                short: write-family calls write only half the bytes (at least 1) and report
//                       that, read-family calls read half; other calls fail with EIO.
//                enospc: fail with ENOSPC.
//   EIO_STICKY   1: every counted call from the k-th on fails (a device that stays broken).
//   EIO_OPS      comma list of the ops that count: open,write,fsync,rename,read (default all
//                but read: the write sweeps count what a commit does).
//   EIO_EXCLUDE  comma list of substrings; a path containing one is never counted (e.g. "/LOG").
//   EIO_REPORT   file to which, at exit (also at abort: see below), one line is appended:
//                "calls=N failed=K op=OP path=PATH" (failed=0 when nothing was failed).
//   EIO_TRACE    file to which every counted call is appended: "n op path result".
//   EIO_VERBOSE  1: print the injected failure on stderr.
//
// The report is written from a destructor and also from a SIGABRT handler (which then re-raises
// SIGABRT with the default action), so aborting runs are reported too.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#define MAX_FD 65536

static char g_prefix[PATH_MAX];
static size_t g_prefix_len;
static long g_k;
static int g_mode;  // 0 eio, 1 eintr, 2 short, 3 enospc
static int g_sticky;
static int g_ops = 0xf;  // 1 open, 2 write, 4 fsync, 8 rename, 16 read
static char g_exclude[1024];
static char g_report[PATH_MAX];
static char g_trace[PATH_MAX];
static int g_verbose;
static int g_ready;

static atomic_long g_calls;
static atomic_long g_failed_at;
static char g_failed_op[16];
static char g_failed_path[PATH_MAX];
static unsigned char g_tracked[MAX_FD];
static char* g_fdpath[MAX_FD];
static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static atomic_int g_reported;

#define REAL(name) static __typeof__(name)* real_##name
REAL(open);
REAL(open64);
REAL(openat);
REAL(openat64);
REAL(creat);
REAL(creat64);
REAL(write);
REAL(pwrite);
REAL(pwrite64);
REAL(writev);
REAL(pwritev);
REAL(pwritev64);
REAL(fsync);
REAL(fdatasync);
REAL(rename);
REAL(renameat);
REAL(close);
REAL(read);
REAL(pread);
REAL(pread64);
REAL(readv);
REAL(preadv);
REAL(preadv64);
REAL(fread);
#undef fread_unlocked
REAL(fread_unlocked);
static int (*real_renameat2)(int, const char*, int, const char*, unsigned);

static void resolve(void) {
#define R(name) real_##name = dlsym(RTLD_NEXT, #name)
  R(open);
  R(open64);
  R(openat);
  R(openat64);
  R(creat);
  R(creat64);
  R(write);
  R(pwrite);
  R(pwrite64);
  R(writev);
  R(pwritev);
  R(pwritev64);
  R(fsync);
  R(fdatasync);
  R(rename);
  R(renameat);
  R(renameat2);
  R(close);
  R(read);
  R(pread);
  R(pread64);
  R(readv);
  R(preadv);
  R(preadv64);
  R(fread);
  R(fread_unlocked);
#undef R
}

static void write_report(void) {
  if (atomic_exchange(&g_reported, 1)) return;
  if (!g_report[0]) return;
  int fd = real_open(g_report, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return;
  char buf[PATH_MAX + 128];
  int n = snprintf(buf, sizeof buf, "calls=%ld failed=%ld op=%s path=%s\n", atomic_load(&g_calls),
                   atomic_load(&g_failed_at), g_failed_op[0] ? g_failed_op : "-",
                   g_failed_path[0] ? g_failed_path : "-");
  if (n > 0) (void)real_write(fd, buf, (size_t)n);
  real_close(fd);
}

static void on_abort(int sig) {
  write_report();
  signal(sig, SIG_DFL);
  raise(sig);
}

__attribute__((constructor)) static void init(void) {
  resolve();
  const char* p = getenv("EIO_PREFIX");
  if (p && *p) {
    if (p[0] != '/') {
      char cwd[PATH_MAX];
      if (getcwd(cwd, sizeof cwd)) {
        int r = snprintf(g_prefix, sizeof g_prefix, "%s/%s", cwd, p);
        if (r < 0 || (size_t)r >= sizeof g_prefix) g_prefix[0] = 0;  // too long: count nothing
      }
    } else {
      snprintf(g_prefix, sizeof g_prefix, "%s", p);
    }
    g_prefix_len = strlen(g_prefix);
    while (g_prefix_len > 1 && g_prefix[g_prefix_len - 1] == '/') g_prefix[--g_prefix_len] = 0;
  }
  const char* k = getenv("EIO_K");
  g_k = k ? atol(k) : 0;
  const char* m = getenv("EIO_MODE");
  if (m && !strcmp(m, "eintr"))
    g_mode = 1;
  else if (m && !strcmp(m, "short"))
    g_mode = 2;
  else if (m && !strcmp(m, "enospc"))
    g_mode = 3;
  const char* s = getenv("EIO_STICKY");
  g_sticky = s && *s == '1';
  const char* ops = getenv("EIO_OPS");
  if (ops && *ops) {
    g_ops = 0;
    if (strstr(ops, "open")) g_ops |= 1;
    if (strstr(ops, "write")) g_ops |= 2;
    if (strstr(ops, "fsync")) g_ops |= 4;
    if (strstr(ops, "rename")) g_ops |= 8;
    if (strstr(ops, "read")) g_ops |= 16;
  }
  const char* e = getenv("EIO_EXCLUDE");
  if (e) snprintf(g_exclude, sizeof g_exclude, "%s", e);
  const char* r = getenv("EIO_REPORT");
  if (r) snprintf(g_report, sizeof g_report, "%s", r);
  const char* t = getenv("EIO_TRACE");
  if (t) snprintf(g_trace, sizeof g_trace, "%s", t);
  const char* v = getenv("EIO_VERBOSE");
  g_verbose = v && *v == '1';
  if (g_report[0]) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_abort;
    sigaction(SIGABRT, &sa, NULL);
  }
  g_ready = 1;
}

__attribute__((destructor)) static void fini(void) {
  write_report();
}

static int excluded(const char* path) {
  if (!g_exclude[0]) return 0;
  char buf[sizeof g_exclude];
  memcpy(buf, g_exclude, sizeof buf);
  char* save = NULL;
  for (char* tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
    if (*tok && strstr(path, tok)) return 1;
  }
  return 0;
}

// Absolute form of path (relative to dirfd, if it is tracked or AT_FDCWD); lexical only.
static int absolute(int dirfd, const char* path, char* out, size_t n) {
  if (!path) return 0;
  if (path[0] == '/') {
    snprintf(out, n, "%s", path);
    return 1;
  }
  if (dirfd == AT_FDCWD) {
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd)) return 0;
    int r = snprintf(out, n, "%s/%s", cwd, path);
    return r > 0 && (size_t)r < n;  // a path too long to hold is not counted
  }
  if (dirfd >= 0 && dirfd < MAX_FD && g_fdpath[dirfd]) {
    int r = snprintf(out, n, "%s/%s", g_fdpath[dirfd], path);
    return r > 0 && (size_t)r < n;
  }
  return 0;
}

static int under_prefix(const char* abs) {
  if (!g_prefix_len) return 0;
  if (strncmp(abs, g_prefix, g_prefix_len) != 0) return 0;
  char c = abs[g_prefix_len];
  if (c != 0 && c != '/') return 0;
  return !excluded(abs);
}

static void trace(long n, const char* op, const char* path, const char* result) {
  if (!g_trace[0]) return;
  int fd = real_open(g_trace, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return;
  char buf[PATH_MAX + 128];
  int len = snprintf(buf, sizeof buf, "%ld %s %s %s\n", n, op, path ? path : "-", result);
  if (len > 0) (void)real_write(fd, buf, (size_t)len);
  real_close(fd);
}

// Counts a call; returns 1 if it must fail.
static int count(int opbit, const char* op, const char* path) {
  if (!(g_ops & opbit)) return 0;
  long n = atomic_fetch_add(&g_calls, 1) + 1;
  int fail = g_k > 0 && (n == g_k || (g_sticky && n > g_k));
  if (fail && n == g_k) {
    atomic_store(&g_failed_at, n);
    snprintf(g_failed_op, sizeof g_failed_op, "%s", op);
    snprintf(g_failed_path, sizeof g_failed_path, "%s", path ? path : "-");
  }
  if (fail && g_verbose) {
    char buf[PATH_MAX + 128];
    int len =
        snprintf(buf, sizeof buf, "eioshim: failing call %ld: %s %s\n", n, op, path ? path : "-");
    if (len > 0) (void)real_write(2, buf, (size_t)len);
  }
  trace(n, op, path, fail ? "FAIL" : "ok");
  return fail;
}

static int fail_errno(void) {
  switch (g_mode) {
    case 1:
      return EINTR;
    case 3:
      return ENOSPC;
    default:
      return EIO;
  }
}

static void track(int fd, const char* abs) {
  if (fd < 0 || fd >= MAX_FD) return;
  pthread_mutex_lock(&g_mu);
  free(g_fdpath[fd]);
  g_fdpath[fd] = strdup(abs);
  g_tracked[fd] = 1;
  pthread_mutex_unlock(&g_mu);
}

static void untrack(int fd) {
  if (fd < 0 || fd >= MAX_FD) return;
  pthread_mutex_lock(&g_mu);
  g_tracked[fd] = 0;
  free(g_fdpath[fd]);
  g_fdpath[fd] = NULL;
  pthread_mutex_unlock(&g_mu);
}

static const char* tracked(int fd) {
  if (!g_ready || fd < 0 || fd >= MAX_FD || !g_tracked[fd]) return NULL;
  return g_fdpath[fd] ? g_fdpath[fd] : "?";
}

static int writing(int flags) {
  return (flags & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC)) != 0;
}

static int do_open(int dirfd, const char* path, int flags, mode_t mode, int kind) {
  if (!real_open) resolve();
  char abs[PATH_MAX];
  int ours = g_ready && absolute(dirfd, path, abs, sizeof abs) && under_prefix(abs);
  if (ours && writing(flags) && count(1, "open", abs)) {
    errno = fail_errno();
    return -1;
  }
  int fd;
  switch (kind) {
    case 0:
      fd = real_open(path, flags, mode);
      break;
    case 1:
      fd = real_open64(path, flags, mode);
      break;
    case 2:
      fd = real_openat(dirfd, path, flags, mode);
      break;
    default:
      fd = real_openat64(dirfd, path, flags, mode);
      break;
  }
  if (fd >= 0) {
    if (ours)
      track(fd, abs);
    else
      untrack(fd);
  }
  return fd;
}

static mode_t get_mode(int flags, va_list ap) {
  if (flags & (O_CREAT | __O_TMPFILE)) return (mode_t)va_arg(ap, int);
  return 0;
}

int open(const char* path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  mode_t m = get_mode(flags, ap);
  va_end(ap);
  return do_open(AT_FDCWD, path, flags, m, 0);
}
int open64(const char* path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  mode_t m = get_mode(flags, ap);
  va_end(ap);
  return do_open(AT_FDCWD, path, flags, m, 1);
}
int openat(int dirfd, const char* path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  mode_t m = get_mode(flags, ap);
  va_end(ap);
  return do_open(dirfd, path, flags, m, 2);
}
int openat64(int dirfd, const char* path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  mode_t m = get_mode(flags, ap);
  va_end(ap);
  return do_open(dirfd, path, flags, m, 3);
}
int creat(const char* path, mode_t mode) {
  return do_open(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode, 0);
}
int creat64(const char* path, mode_t mode) {
  return do_open(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode, 1);
}

int close(int fd) {
  if (!real_close) resolve();
  if (fd >= 0 && fd < MAX_FD && g_tracked[fd]) untrack(fd);
  return real_close(fd);
}

// Write family. For short mode, the call writes half the bytes (at least 1) for real.
static size_t short_len(size_t n) {
  return n > 1 ? n / 2 : n;
}

ssize_t write(int fd, const void* buf, size_t n) {
  if (!real_write) resolve();
  const char* p = tracked(fd);
  if (p && count(2, "write", p)) {
    if (g_mode == 2 && n > 1) return real_write(fd, buf, short_len(n));
    errno = fail_errno();
    return -1;
  }
  return real_write(fd, buf, n);
}

ssize_t pwrite(int fd, const void* buf, size_t n, off_t off) {
  if (!real_pwrite) resolve();
  const char* p = tracked(fd);
  if (p && count(2, "pwrite", p)) {
    if (g_mode == 2 && n > 1) return real_pwrite(fd, buf, short_len(n), off);
    errno = fail_errno();
    return -1;
  }
  return real_pwrite(fd, buf, n, off);
}

ssize_t pwrite64(int fd, const void* buf, size_t n, off64_t off) {
  if (!real_pwrite64) resolve();
  const char* p = tracked(fd);
  if (p && count(2, "pwrite64", p)) {
    if (g_mode == 2 && n > 1) return real_pwrite64(fd, buf, short_len(n), off);
    errno = fail_errno();
    return -1;
  }
  return real_pwrite64(fd, buf, n, off);
}

static ssize_t iov_short(int fd, const struct iovec* iov, int cnt, off_t off, int positional) {
  size_t total = 0;
  for (int i = 0; i < cnt; ++i) total += iov[i].iov_len;
  if (total <= 1 || cnt <= 0) return -2;
  // Write the first half of the first iovec that has bytes (at least 1 byte).
  for (int i = 0; i < cnt; ++i) {
    if (iov[i].iov_len == 0) continue;
    size_t n = short_len(iov[i].iov_len);
    if (n == iov[i].iov_len && n > 1) n--;
    return positional ? real_pwrite(fd, iov[i].iov_base, n, off)
                      : real_write(fd, iov[i].iov_base, n);
  }
  return -2;
}

ssize_t writev(int fd, const struct iovec* iov, int cnt) {
  if (!real_writev) resolve();
  const char* p = tracked(fd);
  if (p && count(2, "writev", p)) {
    if (g_mode == 2) {
      ssize_t r = iov_short(fd, iov, cnt, 0, 0);
      if (r != -2) return r;
    }
    errno = fail_errno();
    return -1;
  }
  return real_writev(fd, iov, cnt);
}

ssize_t pwritev(int fd, const struct iovec* iov, int cnt, off_t off) {
  if (!real_pwritev) resolve();
  const char* p = tracked(fd);
  if (p && count(2, "pwritev", p)) {
    if (g_mode == 2) {
      ssize_t r = iov_short(fd, iov, cnt, off, 1);
      if (r != -2) return r;
    }
    errno = fail_errno();
    return -1;
  }
  return real_pwritev(fd, iov, cnt, off);
}

ssize_t pwritev64(int fd, const struct iovec* iov, int cnt, off64_t off) {
  if (!real_pwritev64) resolve();
  const char* p = tracked(fd);
  if (p && count(2, "pwritev64", p)) {
    if (g_mode == 2) {
      ssize_t r = iov_short(fd, iov, cnt, off, 1);
      if (r != -2) return r;
    }
    errno = fail_errno();
    return -1;
  }
  return real_pwritev64(fd, iov, cnt, off);
}

int fsync(int fd) {
  if (!real_fsync) resolve();
  const char* p = tracked(fd);
  if (p && count(4, "fsync", p)) {
    errno = g_mode == 1 ? EINTR : EIO;
    return -1;
  }
  return real_fsync(fd);
}

int fdatasync(int fd) {
  if (!real_fdatasync) resolve();
  const char* p = tracked(fd);
  if (p && count(4, "fdatasync", p)) {
    errno = g_mode == 1 ? EINTR : EIO;
    return -1;
  }
  return real_fdatasync(fd);
}

static int rename_counted(int olddir, const char* oldp, int newdir, const char* newp) {
  if (!g_ready) return 0;
  char a[PATH_MAX], b[PATH_MAX];
  int ours = (absolute(olddir, oldp, a, sizeof a) && under_prefix(a)) ||
             (absolute(newdir, newp, b, sizeof b) && under_prefix(b));
  if (!ours) return 0;
  const char* shown = absolute(newdir, newp, b, sizeof b) ? b : newp;
  return count(8, "rename", shown);
}

int rename(const char* oldp, const char* newp) {
  if (!real_rename) resolve();
  if (rename_counted(AT_FDCWD, oldp, AT_FDCWD, newp)) {
    errno = fail_errno();
    return -1;
  }
  return real_rename(oldp, newp);
}

int renameat(int od, const char* oldp, int nd, const char* newp) {
  if (!real_renameat) resolve();
  if (rename_counted(od, oldp, nd, newp)) {
    errno = fail_errno();
    return -1;
  }
  return real_renameat(od, oldp, nd, newp);
}

int renameat2(int od, const char* oldp, int nd, const char* newp, unsigned flags) {
  if (!real_renameat2) resolve();
  if (rename_counted(od, oldp, nd, newp)) {
    errno = fail_errno();
    return -1;
  }
  return real_renameat2(od, oldp, nd, newp, flags);
}

// Read family. In short mode a read returns half the bytes asked for (at least 1), as a read may.
ssize_t read(int fd, void* buf, size_t n) {
  if (!real_read) resolve();
  const char* p = tracked(fd);
  if (p && count(16, "read", p)) {
    if (g_mode == 2 && n > 1) return real_read(fd, buf, short_len(n));
    errno = fail_errno();
    return -1;
  }
  return real_read(fd, buf, n);
}

ssize_t pread(int fd, void* buf, size_t n, off_t off) {
  if (!real_pread) resolve();
  const char* p = tracked(fd);
  if (p && count(16, "pread", p)) {
    if (g_mode == 2 && n > 1) return real_pread(fd, buf, short_len(n), off);
    errno = fail_errno();
    return -1;
  }
  return real_pread(fd, buf, n, off);
}

ssize_t pread64(int fd, void* buf, size_t n, off64_t off) {
  if (!real_pread64) resolve();
  const char* p = tracked(fd);
  if (p && count(16, "pread64", p)) {
    if (g_mode == 2 && n > 1) return real_pread64(fd, buf, short_len(n), off);
    errno = fail_errno();
    return -1;
  }
  return real_pread64(fd, buf, n, off);
}

// The vector reads fail whole, in every mode.
ssize_t readv(int fd, const struct iovec* iov, int cnt) {
  if (!real_readv) resolve();
  const char* p = tracked(fd);
  if (p && count(16, "readv", p)) {
    errno = fail_errno();
    return -1;
  }
  return real_readv(fd, iov, cnt);
}

ssize_t preadv(int fd, const struct iovec* iov, int cnt, off_t off) {
  if (!real_preadv) resolve();
  const char* p = tracked(fd);
  if (p && count(16, "preadv", p)) {
    errno = fail_errno();
    return -1;
  }
  return real_preadv(fd, iov, cnt, off);
}

ssize_t preadv64(int fd, const struct iovec* iov, int cnt, off64_t off) {
  if (!real_preadv64) resolve();
  const char* p = tracked(fd);
  if (p && count(16, "preadv64", p)) {
    errno = fail_errno();
    return -1;
  }
  return real_preadv64(fd, iov, cnt, off);
}

// stdio reads on a stream over a tracked fd: a failed one reads nothing and leaves the stream
// without its end-of-file flag, which is how the caller tells an error from the end.
size_t fread(void* buf, size_t size, size_t n, FILE* stream) {
  if (!real_fread) resolve();
  const char* p = stream ? tracked(fileno(stream)) : NULL;
  if (p && count(16, "fread", p)) {
    errno = fail_errno();
    return 0;
  }
  return real_fread(buf, size, n, stream);
}

#undef fread_unlocked  // glibc's optimising headers make it a macro
size_t fread_unlocked(void* buf, size_t size, size_t n, FILE* stream) {
  if (!real_fread_unlocked) resolve();
  const char* p = stream ? tracked(fileno(stream)) : NULL;
  if (p && count(16, "fread_unlocked", p)) {
    errno = fail_errno();
    return 0;
  }
  return real_fread_unlocked(buf, size, n, stream);
}
