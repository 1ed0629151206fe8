#!/usr/bin/env python3
"""Builds the example host application (engine/examples/host) against the *installed* mikros
(the prefix install_test.py made), the way a user would, and runs it.

  consumer_test.py cmake ...       find_package(mikros): the C++ and the C host on
                                   libmikros.so (mikros::mikros), the C host on libmikros.a
                                   (mikros::mikros_static, a C program linking C++ code)
  consumer_test.py pkg-config ...  pkg-config mikros: the C host on libmikros.so, the C++ host
                                   on libmikros.a (pkg-config --static)

Every host indexes the same profiles and answers the same requests. The test checks the
answers, that every host prints the same bytes (C++ API and C API, shared and static), that
the JSON of a search is the one `mikros search --json` prints, and that each binary loaded
the library it was meant to (ldd). Consumers are compiled with -Wall -Wextra -Werror
-pedantic, and with the sanitizers the library was built with (--sanitize).
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys

REQUESTS = """count
list "slow fashion"
search "slow fashion" tier:micro country:US
list tier:micro sort:followers
search er:>3x
get instagram:maya_slowstyle
get tiktok:nobody
add {"platform":"youtube","handle":"stitch_sam","name":"Sam","bio":"slow fashion sewing","country":"GB","followers":12000,"engagement_rate":0.05}
add {"platform":"youtube","handle":"bad","followers":-1}
delete tiktok:haulqueen
count
bogus request
# a comment, then an empty line

search "slow fashion" sort:followers
quit
count
"""
FINAL_QUERY = '"slow fashion" sort:followers'

failures = []


def check(ok, message):
    if not ok:
        failures.append(message)
        print("FAIL:", message, flush=True)
    return ok


def run(cmd, env=None, input=None, cwd=None):
    print("$", " ".join(cmd), flush=True)
    r = subprocess.run(cmd, capture_output=True, text=True, env=env, input=input, cwd=cwd)
    if r.returncode != 0:
        print(r.stdout[-4000:], r.stderr[-4000:], sep="\n")
        sys.exit(f"command failed ({r.returncode}): {' '.join(cmd)}")
    return r


def check_links(binary, libdir, shared):
    """ldd: a shared consumer loads libmikros.so.N from the prefix, a static one none."""
    out = run(["ldd", binary]).stdout
    line = next((l for l in out.splitlines() if "libmikros" in l), None)
    if shared:
        check(line is not None and os.path.join(libdir, "libmikros.so.") in line,
              f"{binary} loads libmikros from {libdir}: {line}")
    else:
        check(line is None, f"{binary} is linked with libmikros.a: {line}")


def session(binary, work, profiles):
    db = os.path.join(work, "db-" + os.path.basename(binary))
    shutil.rmtree(db, ignore_errors=True)
    r = run([binary, db, profiles], input=REQUESTS)
    return db, r.stdout, r.stderr


def check_answers(out, err, profiles, name):
    """The answers of one host to REQUESTS."""
    lines = out.splitlines()
    pos = 0

    def take():
        nonlocal pos
        if pos >= len(lines):
            check(False, f"{name}: answer missing after line {pos}")
            return ""
        pos += 1
        return lines[pos - 1]

    def take_list():
        rows = []
        while True:
            line = take()
            if re.fullmatch(r"\d+ of (about )?\d+ matches", line) or not line:
                return rows, line
            rows.append(line)

    check(take() == "indexed 10 records: 9 accepted, 1 rejected", f"{name}: index summary")
    check(err.startswith(f"{profiles}:7: followers: expected a non-negative integer") and
          err.count("\n") == 1,
          f"{name}: rejection on stderr: {err!r}")
    check(take() == "9", f"{name}: count")

    rows, summary = take_list()
    keys = {row.split(" ")[1] for row in rows}
    check(keys == {"instagram:maya_slowstyle", "instagram:tokyo_furugi",
                   "instagram:sofia_moda_lenta"}, f"{name}: phrase hits {keys}")
    check(summary == "3 of 3 matches", f"{name}: {summary}")
    maya = next((r for r in rows if "maya_slowstyle" in r), "")
    check(re.fullmatch(r"\d\. instagram:maya_slowstyle \| micro \| 23400 followers \| US \| "
                       r"er 4\.1% \| score \d+\.\d\d", maya) and not maya.endswith("0.00"),
          f"{name}: hit line {maya!r}")
    tokyo = next((r for r in rows if "tokyo_furugi" in r), "")
    check("| nano | 4999 followers | JP | er - |" in tokyo, f"{name}: hit line {tokyo!r}")

    result = json.loads(take())
    check(result["query"] == '"slow fashion" tier:micro country:US' and result["total"] == 1 and
          result["total_exact"] is True, f"{name}: search JSON {result}")
    hit = result["hits"][0] if result["hits"] else {}
    check(hit.get("handle") == "maya_slowstyle" and hit.get("followers") == 23400 and
          hit.get("engagement_rate") == 0.041 and hit.get("tier") == "micro" and
          hit.get("languages") == ["en"] and hit.get("score", 0) > 0, f"{name}: hit {hit}")

    rows, summary = take_list()
    check(rows == [
        "1. tiktok:haulqueen | micro | 45000 followers | US | er 2.1% | score 0.00",
        "2. instagram:sofia_moda_lenta | micro | 31000 followers | ES | er 5.2% | score 0.00",
        "3. instagram:maya_slowstyle | micro | 23400 followers | US | er 4.1% | score 0.00",
        "4. twitch:cozy_kat | micro | 12500 followers | CA | er 3.5% | score 0.00",
        "5. instagram:lena.naehwerk | micro | 8200 followers | DE | er 6.3% | score 0.00",
    ] and summary == "5 of 5 matches", f"{name}: tier list {rows} {summary}")

    check(take().startswith("error 7 query syntax: at 4: "), f"{name}: query error")
    profile = json.loads(take())
    check(profile.get("handle") == "maya_slowstyle" and profile.get("city") == "Portland" and
          profile.get("hashtags") == ["slowfashion", "thrifted"], f"{name}: get {profile}")
    check(take() == "error 2 not found: no profile tiktok:nobody", f"{name}: get missing")
    check(take() == "ok", f"{name}: add")
    check(take().startswith("error 1 invalid argument: followers"), f"{name}: add invalid")
    check(take() == "ok", f"{name}: delete")
    check(take() == "9", f"{name}: count after add and delete")
    check(take() == 'error 1 invalid argument: unknown request "bogus" '
                    '(search, list, get, add, delete, count, quit)', f"{name}: unknown request")
    final = take()
    result = json.loads(final) if final.startswith("{") else {}
    handles = [h["handle"] for h in result.get("hits", [])]
    check(handles == ["sofia_moda_lenta", "maya_slowstyle", "stitch_sam", "tokyo_furugi"],
          f"{name}: final search {handles}")
    check(pos == len(lines), f"{name}: nothing answered after quit: {lines[pos:]}")
    return final


def sanitizer_flags(sanitize):
    return [f"-fsanitize={sanitize}", "-fno-omit-frame-pointer"] if sanitize else []


def build_cmake(args, work, warn):
    """The example's own CMakeLists.txt, configured against the prefix only."""
    flags = " ".join(warn + sanitizer_flags(args.sanitize))
    source = os.path.join(args.source, "engine", "examples", "host")
    binaries = []
    for variant, static in (("shared", False), ("static", True)):
        build = os.path.join(work, variant)
        shutil.rmtree(build, ignore_errors=True)
        run([args.cmake, "-S", source, "-B", build, f"-DCMAKE_PREFIX_PATH={args.prefix}",
             "-DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF", "-DCMAKE_BUILD_TYPE=RelWithDebInfo",
             f"-DCMAKE_C_COMPILER={args.cc}", f"-DCMAKE_CXX_COMPILER={args.cxx}",
             f"-DCMAKE_C_FLAGS={flags}", f"-DCMAKE_CXX_FLAGS={flags}",
             f"-DCMAKE_EXE_LINKER_FLAGS={' '.join(sanitizer_flags(args.sanitize))}",
             f"-DMIKROS_HOST_STATIC={'ON' if static else 'OFF'}"])
        with open(os.path.join(build, "CMakeCache.txt")) as f:
            cache = f.read()
        found = re.search(r"^mikros_DIR:PATH=(.*)$", cache, re.M)
        check(found and found.group(1).startswith(args.prefix),
              f"find_package(mikros) found the test prefix: {found and found.group(1)}")
        # The static variant builds the C host only: a C program that links C++ code.
        targets = ["mikros-host-c"] if static else ["mikros-host", "mikros-host-c"]
        run([args.cmake, "--build", build, "-j2", "--target"] + targets)
        binaries += [(os.path.join(build, t), not static) for t in targets]
    return binaries


def build_pkg_config(args, work, warn):
    """Plain compiler command lines with pkg-config's flags."""
    pc_dir = next(os.path.join(dp) for dp, _, fs in os.walk(args.prefix) if "mikros.pc" in fs)
    # Nothing but mikros.pc on pkg-config's path: what a consumer needs is documented in it.
    env = dict(os.environ, PKG_CONFIG_LIBDIR=pc_dir)
    env.pop("PKG_CONFIG_PATH", None)

    def pkg(*a):
        return run(["pkg-config", *a, "mikros"], env=env).stdout.split()

    libdir = os.path.normpath(pkg("--variable=libdir")[0])  # relative to mikros.pc
    san = sanitizer_flags(args.sanitize)
    source = os.path.join(args.source, "engine", "examples", "host")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    c_host = os.path.join(work, "mikros-host-c")
    run([args.cc, "-std=c99", *warn, *san, os.path.join(source, "host.c"), "-o", c_host,
         *pkg("--cflags", "--libs"), f"-Wl,-rpath,{libdir}"])
    # Static: libmikros.a by name (the .so beside it would win over -lmikros), then what
    # Libs.private and Requires.private add.
    static_libs = ["-l:libmikros.a" if f == "-lmikros" else f for f in pkg("--static", "--libs")]
    check("-l:libmikros.a" in static_libs, f"pkg-config --static --libs: {static_libs}")
    cxx_host = os.path.join(work, "mikros-host")
    run([args.cxx, "-std=c++20", *warn, *san, os.path.join(source, "host.cpp"), "-o", cxx_host,
         *pkg("--cflags"), *static_libs])
    return [(c_host, True), (cxx_host, False)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["cmake", "pkg-config"])
    ap.add_argument("--prefix", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--profiles", required=True)
    ap.add_argument("--cmake", default="cmake")
    ap.add_argument("--cc", default="cc")
    ap.add_argument("--cxx", default="c++")
    ap.add_argument("--sanitize", default="")
    args = ap.parse_args()
    args.prefix = os.path.abspath(args.prefix)
    work = os.path.abspath(args.work)
    os.makedirs(work, exist_ok=True)
    if not os.path.isdir(args.prefix):
        sys.exit(f"{args.prefix}: no installed mikros (the embedding_install test makes it)")

    warn = ["-Wall", "-Wextra", "-Werror", "-pedantic"]
    if args.mode == "cmake":
        binaries = build_cmake(args, work, warn)
    else:
        binaries = build_pkg_config(args, work, warn)
    libdir = os.path.dirname(next(os.path.join(dp, f) for dp, _, fs in os.walk(args.prefix)
                                  for f in fs if f == "libmikros.a"))

    outputs = {}
    final_db, final_json = None, None
    for binary, shared in binaries:
        check_links(binary, libdir, shared)
        db, out, err = session(binary, work, args.profiles)
        name = os.path.relpath(binary, work)
        final_json = check_answers(out, err, args.profiles, name)
        final_db = db
        outputs[name] = (out, err)
        print(f"--- {name} answered:\n{out}", flush=True)
    first = next(iter(outputs))
    for name, answer in outputs.items():
        check(answer == outputs[first], f"{name} answers as {first} does")

    # The host's JSON is the command's JSON (one library function writes both).
    cli = os.path.join(args.prefix, "bin", "mikros")
    r = run([cli, "search", "--db", final_db, "--json", FINAL_QUERY])
    check(r.stdout.rstrip("\n") == final_json, f"mikros search --json gives the host's JSON:\n"
                                               f"{r.stdout}\n{final_json}")

    # The sample corpus, when the checkout has it: every record indexes, and micro
    # influencers are found.
    corpus = os.path.join(args.source, "corpus", "profiles.jsonl")
    if args.mode == "cmake" and os.path.isfile(corpus):
        binary = binaries[0][0]
        db = os.path.join(work, "db-corpus")
        shutil.rmtree(db, ignore_errors=True)
        r = run([binary, db, corpus], input="count\nlist tier:micro\n")
        m = re.match(r"indexed (\d+) records: (\d+) accepted, 0 rejected\n(\d+)\n", r.stdout)
        check(m and m.group(1) == m.group(2) == m.group(3), f"corpus indexed: {r.stdout[:200]}")
        check(re.search(r"^1\. .* \| micro \|", r.stdout, re.M), "corpus has micro influencers")
        print(r.stdout[:2000])
    elif args.mode == "cmake":
        print(f"note: {corpus} is absent; only the test profiles were indexed")

    if failures:
        sys.exit(f"{len(failures)} check(s) failed")
    print(f"{len(binaries)} consumers built with {args.mode} answered alike")


if __name__ == "__main__":
    main()
