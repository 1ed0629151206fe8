#!/usr/bin/env python3
"""Installs the build into a fresh prefix (cmake --install BUILD --prefix PREFIX) and checks
what a user of the package gets there:

- the headers, libmikros.so (with its SONAME and version links), libmikros.a, the CMake
  package and mikros.pc, and the mikros command with mikros-bench and mikros-generate;
- no installed header names a Xapian, RocksDB or ICU type or includes their headers (comments
  may mention them: they are stripped first);
- the shared library's dynamic symbol table holds the public API only: C++ symbols in
  namespace mikros, C functions mikros_*, and the MIKROS_0 version node;
- pkg-config reads mikros.pc, relative to its folder, needing no other package's .pc file.

The prefix is the fixture that the consumer tests build against.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

failures = []


def check(ok, message):
    if not ok:
        failures.append(message)
        print("FAIL:", message)


def run(cmd, env=None):
    print("$", " ".join(cmd), flush=True)
    r = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if r.returncode != 0:
        print(r.stdout, r.stderr, sep="\n")
        sys.exit(f"command failed ({r.returncode}): {' '.join(cmd)}")
    return r.stdout


def strip_comments(text):
    """C and C++ comments removed; string literals kept (none of them holds '//')."""
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


# Words that would mean a third-party type or header reached the public API.
FORBIDDEN = re.compile(r"\b(xapian|rocksdb|icu|icu_\d+|UChar\w*|U_ICU\w*|unicode/\w+)\b",
                       re.IGNORECASE)


# A class or struct defined at namespace scope (the headers do not indent namespaces).
CLASS = re.compile(r"^(class|struct)\s+(\[\[\w+\]\]\s+)?(MIKROS_EXPORT\s+)?(\w+)[^;]*\{")


def check_thread_safety(path, prefix):
    """Every public class states its thread-safety in the comment above its declaration."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    for n, line in enumerate(lines):
        m = CLASS.match(line)
        if not m:
            continue
        k = n - 1
        if k >= 0 and lines[k].startswith("template"):
            k -= 1
        comment = []
        while k >= 0 and lines[k].startswith("//"):
            comment.append(lines[k])
            k -= 1
        check(any("Thread-safety" in c for c in comment),
              f"{os.path.relpath(path, prefix)}:{n + 1}: {m.group(4)} states no thread-safety")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cmake", required=True)
    ap.add_argument("--build", required=True)
    ap.add_argument("--prefix", required=True)
    ap.add_argument("--version", required=True)
    args = ap.parse_args()
    prefix = os.path.abspath(args.prefix)

    shutil.rmtree(prefix, ignore_errors=True)
    run([args.cmake, "--install", args.build, "--prefix", prefix])

    # Where GNUInstallDirs put the libraries ("lib", or "lib/<multiarch>" for /usr).
    libdirs = [os.path.dirname(os.path.join(dp, f)) for dp, _, fs in os.walk(prefix) for f in fs
               if f == "libmikros.a"]
    check(len(libdirs) == 1, f"one libmikros.a in the prefix, found {libdirs}")
    if not libdirs:
        return
    libdir = libdirs[0]
    major = args.version.split(".")[0]

    expected = [
        "include/mikros/mikros.hpp", "include/mikros/mikros.h", "include/mikros/version.h",
        "include/mikros/version.hpp", "include/mikros/export.hpp", "include/mikros/status.hpp",
        "bin/mikros", "bin/mikros-bench", "bin/mikros-generate", "share/mikros/words.lex",
        "share/man/man1/mikros.1", "share/bash-completion/completions/mikros",
        "share/zsh/site-functions/_mikros",
    ]
    for rel in expected:
        check(os.path.isfile(os.path.join(prefix, rel)), f"installed {rel}")
    for rel in ["cmake/mikros/mikrosConfig.cmake", "cmake/mikros/mikrosConfigVersion.cmake",
                "cmake/mikros/mikrosTargets.cmake", "cmake/mikros/mikrosStaticTargets.cmake",
                "pkgconfig/mikros.pc", f"libmikros.so.{args.version}"]:
        check(os.path.isfile(os.path.join(libdir, rel)), f"installed {libdir}/{rel}")
    check(os.readlink(os.path.join(libdir, "libmikros.so")) == f"libmikros.so.{major}",
          "libmikros.so -> libmikros.so.MAJOR")
    check(os.readlink(os.path.join(libdir, f"libmikros.so.{major}")) ==
          f"libmikros.so.{args.version}", "libmikros.so.MAJOR -> libmikros.so.VERSION")

    # Only public headers are installed, and none exposes a third-party type.
    include = os.path.join(prefix, "include")
    headers = sorted(os.path.join(dp, f) for dp, _, fs in os.walk(include) for f in fs)
    check(all(h.startswith(os.path.join(include, "mikros") + os.sep) for h in headers),
          "every installed header is under include/mikros/")
    check(not any(h.endswith((".in", ".cpp")) for h in headers), "no templates or sources")
    for h in headers:
        with open(h, encoding="utf-8") as f:
            code = strip_comments(f.read())
        for n, line in enumerate(code.splitlines(), 1):
            m = FORBIDDEN.search(line)
            check(not m, f"{os.path.relpath(h, prefix)}: '{m.group(0) if m else ''}' in: "
                         f"{line.strip()}")
        check(not re.search(r"#\s*include\s*[<\"](?!mikros/)(?!std)[a-z_]+/", code),
              f"{os.path.relpath(h, prefix)} includes only standard and mikros headers")
        check(not re.search(r"\bthrow\b", code), f"{os.path.relpath(h, prefix)}: errors are "
                                                  "returned as Status/Result, never thrown")
        if h.endswith(".hpp"):
            check_thread_safety(h, prefix)
    print(f"{len(headers)} headers checked for third-party types")

    # The shared library: SONAME, and nothing but mikros in the dynamic symbol table.
    so = os.path.join(libdir, f"libmikros.so.{args.version}")
    dynamic = run(["objdump", "-p", so])
    check(re.search(rf"SONAME\s+libmikros\.so\.{major}\b", dynamic), "SONAME libmikros.so.MAJOR")
    symbols = run(["nm", "-D", "--defined-only", so])
    demangled = subprocess.run(["c++filt"], input=symbols, capture_output=True, text=True,
                               check=True).stdout
    exported = 0
    for line in demangled.splitlines():
        parts = line.split(" ", 2)
        if len(parts) < 3:
            continue
        name = parts[2]
        exported += 1
        ok = (name.startswith(("mikros::", "mikros_")) or name == "MIKROS_0" or
              re.match(r"(typeinfo|typeinfo name|vtable) for mikros::", name))
        check(ok, f"exported symbol outside the API: {name}")
    c_api = sum(1 for line in demangled.splitlines() if " mikros_" in line)
    check(c_api >= 40, f"the C API is exported ({c_api} mikros_* symbols)")
    print(f"{exported} exported symbols, {c_api} of them the C API")

    # pkg-config reads the installed mikros.pc, which names its directories relative to itself,
    # with nothing else on its search path: a consumer of the shared library needs no .pc file
    # (nor -dev package) of mikros's dependencies, and gets no flags of theirs.
    env = dict(os.environ, PKG_CONFIG_LIBDIR=os.path.join(libdir, "pkgconfig"))
    env.pop("PKG_CONFIG_PATH", None)
    check(run(["pkg-config", "--modversion", "mikros"], env=env).strip() == args.version,
          "pkg-config --modversion mikros")
    with open(os.path.join(libdir, "pkgconfig", "mikros.pc")) as f:
        pc = f.read()
    check("${pcfiledir}" in pc and prefix not in pc, "mikros.pc is relative to its folder")
    check(not re.search(r"^Requires", pc, re.M), "mikros.pc requires no other package")

    def paths(flags, flag):
        return [os.path.normpath(f[len(flag):]) for f in flags if f.startswith(flag)]

    cflags = run(["pkg-config", "--cflags", "mikros"], env=env).split()
    check(paths(cflags, "-I") == [include] and len(cflags) == 1,
          f"pkg-config --cflags is -I{include} only: {cflags}")
    libs = run(["pkg-config", "--libs", "mikros"], env=env).split()
    check(paths(libs, "-L") == [libdir] and "-lmikros" in libs, f"pkg-config --libs: {libs}")
    static = run(["pkg-config", "--static", "--libs", "mikros"], env=env).split()
    for lib in ["-lxapian", "-lrocksdb", "-licuuc", "-lfmt", "-lsimdjson", "-lcsv", "-lstdc++"]:
        check(lib in static, f"pkg-config --static --libs has {lib}: {static}")

    if failures:
        sys.exit(f"{len(failures)} check(s) failed")
    print("installed package OK:", prefix)


if __name__ == "__main__":
    main()
