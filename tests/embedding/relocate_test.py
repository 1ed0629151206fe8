#!/usr/bin/env python3
"""An installed mikros works wherever its prefix is moved, without the build tree.

Installs the build into a temporary prefix outside the build tree, moves the prefix, and
checks that:

- the moved `mikros` indexes the sample corpus and answers a set of queries exactly as the
  build's `mikros` does (the hashtag dictionary changes these answers: without it they differ,
  which the test checks too, so it cannot pass by accident);
- it uses the dictionary of the moved prefix (`mikros stats --json`), not the build tree's;
- with that dictionary gone, it fails with a message naming where it looked, although the build
  tree's copy still exists, and MIKROS_DATA_DIR points it at a dictionary elsewhere;
- its niche vocabulary (niches.tsv) is found in the same data folder, and its absence is an
  error naming the place;
- pkg-config names the moved prefix's directories;
- the moved libmikros.so, loaded through ctypes, finds the dictionary beside itself and gives
  the same count; without it, mikros_open reports MIKROS_NOT_FOUND.

  relocate_test.py --cmake CMAKE --build BUILD --source SOURCE --configured-data DIR
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

QUERIES = ["slow fashion", '"plus size"', "#slowfashion", "thrift tier:micro",
           "vintage OR denim", "country:US sort:followers"]

failures = []


def check(ok, message):
    if not ok:
        failures.append(message)
        print("FAIL:", message, flush=True)
    return ok


def run(cmd, env=None, expect=0):
    r = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if expect is not None and r.returncode != expect:
        print(r.stdout[-3000:], r.stderr[-3000:], sep="\n")
        sys.exit(f"exit {r.returncode}, expected {expect}: {' '.join(cmd)}")
    return r


def answers(cli, db, corpus, env=None):
    """Indexes the corpus into a new database and returns each query's total and hit keys."""
    run([cli, "index", "--db", db, "--no-progress", corpus], env=env)
    out = {}
    for q in QUERIES:
        r = json.loads(run([cli, "search", "--db", db, "--json", "--limit", "100", q],
                           env=env).stdout)
        out[q] = (r["total"], [f"{h['platform']}:{h['handle']}" for h in r["hits"]])
    return out


CTYPES = r"""
import ctypes as C, sys
lib = C.CDLL(sys.argv[1])
P, PP = C.c_void_p, C.POINTER(C.c_void_p)
lib.mikros_open.argtypes = [C.c_char_p, P, PP, PP]
lib.mikros_search.argtypes = [P, C.c_char_p, P, PP, PP]
lib.mikros_result_total.restype = C.c_uint64
lib.mikros_result_total.argtypes = [P]
lib.mikros_error_string.restype = C.c_char_p
lib.mikros_error_string.argtypes = [P]
db, err, result = P(), P(), P()
code = lib.mikros_open(sys.argv[2].encode(), None, C.byref(db), C.byref(err))
if code != 0:
    print(code, lib.mikros_error_string(err).decode())
    sys.exit(0)
code = lib.mikros_search(db, sys.argv[3].encode(), None, C.byref(result), C.byref(err))
print(code, lib.mikros_result_total(result) if code == 0 else lib.mikros_error_string(err).decode())
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cmake", required=True)
    ap.add_argument("--build", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--configured-data", required=True,
                    help="<install prefix>/share/mikros as configured (the last place looked)")
    args = ap.parse_args()
    build = os.path.realpath(args.build)
    corpus = os.path.join(args.source, "corpus", "profiles.jsonl")
    env = {k: v for k, v in os.environ.items()
           if k not in ("MIKROS_LEXICON", "MIKROS_DATA_DIR", "MIKROS_NICHES")}

    work = os.path.realpath(tempfile.mkdtemp(prefix="mikros-relocate-"))
    try:
        check(not work.startswith(build + os.sep), f"{work} is outside the build tree")
        first = os.path.join(work, "first")
        run([args.cmake, "--install", build, "--prefix", first])
        moved = os.path.join(work, "moved")
        os.rename(first, moved)
        cli = os.path.join(moved, "bin", "mikros")
        lex = os.path.join(moved, "share", "mikros", "words.lex")
        check(os.path.isfile(lex), f"installed {lex}")

        expected = answers(os.path.join(build, "tools", "mikros"), os.path.join(work, "db-build"),
                           corpus, env)
        got = answers(cli, os.path.join(work, "db-moved"), corpus, env)
        for q in QUERIES:
            check(got[q] == expected[q], f"{q!r}: moved install {got[q][0]} matches "
                                         f"{got[q][1][:5]}, build {expected[q][0]} "
                                         f"{expected[q][1][:5]}")
        without = answers(cli, os.path.join(work, "db-none"), corpus,
                          dict(env, MIKROS_LEXICON="none"))
        check(without != expected, "the dictionary changes the answers (else this test proves "
                                   "nothing)")
        print("answers:", {q: expected[q][0] for q in QUERIES},
              "without a dictionary:", {q: without[q][0] for q in QUERIES})

        stats = json.loads(run([cli, "stats", "--db", os.path.join(work, "db-moved"), "--json"],
                               env=env).stdout)
        check(stats.get("dictionary") == lex, f"the moved install uses {lex}: {stats}")

        lib = next(os.path.join(dp, f) for dp, _, fs in os.walk(moved) for f in fs
                   if f == "libmikros.so")
        pc_env = dict(env, PKG_CONFIG_LIBDIR=os.path.join(os.path.dirname(lib), "pkgconfig"))
        pc_libdir = run(["pkg-config", "--variable=libdir", "mikros"], env=pc_env).stdout
        check(os.path.normpath(pc_libdir.strip()) == os.path.dirname(lib),
              f"mikros.pc of the moved prefix names its libdir: {pc_libdir.strip()}")
        db = os.path.join(work, "db-moved")
        r = run([sys.executable, "-c", CTYPES, lib, db, "slow fashion"], env=env)
        check(r.stdout.split() == ["0", str(expected["slow fashion"][0])],
              f"libmikros.so of the moved prefix: {r.stdout.strip()} {r.stderr.strip()}")

        # The dictionary taken away: an error naming the place, though the build tree has one.
        elsewhere = os.path.join(work, "elsewhere")
        os.makedirs(elsewhere)
        os.rename(lex, os.path.join(elsewhere, "words.lex"))
        # The niche vocabulary lives in the same data folder.
        niches = os.path.join(moved, "share", "mikros", "niches.tsv")
        check(os.path.isfile(niches), f"installed {niches}")
        shutil.copy(niches, os.path.join(elsewhere, "niches.tsv"))
        if os.path.exists(os.path.join(args.configured_data, "words.lex")):
            print(f"note: {args.configured_data}/words.lex exists: not checking the error")
        else:
            r = run([cli, "search", "--db", db, "slow fashion"], env=env, expect=1)
            check("no hashtag dictionary" in r.stderr and lex in r.stderr and
                  build not in r.stderr, f"missing dictionary reported: {r.stderr.strip()}")
            r = run([sys.executable, "-c", CTYPES, lib, db, "slow fashion"], env=env)
            check(r.stdout.startswith("2 ") and "no hashtag dictionary" in r.stdout,
                  f"mikros_open without a dictionary: {r.stdout.strip()}")
        r = run([cli, "search", "--db", db, "--json", "slow fashion"],
                env=dict(env, MIKROS_DATA_DIR=elsewhere))
        check(json.loads(r.stdout)["total"] == expected["slow fashion"][0],
              "MIKROS_DATA_DIR names the data folder")
        r = run([cli, "search", "--db", db, "slow fashion"],
                env=dict(env, MIKROS_DATA_DIR=os.path.join(work, "nowhere")), expect=1)
        check(os.path.join(work, "nowhere", "words.lex") in r.stderr,
              f"MIKROS_DATA_DIR without a dictionary: {r.stderr.strip()}")
        # A data folder with the dictionary but no niche vocabulary: an error naming it.
        os.remove(os.path.join(elsewhere, "niches.tsv"))
        r = run([cli, "search", "--db", db, "slow fashion"],
                env=dict(env, MIKROS_DATA_DIR=elsewhere), expect=1)
        check("no niche vocabulary" in r.stderr and
              os.path.join(elsewhere, "niches.tsv") in r.stderr,
              f"MIKROS_DATA_DIR without a niche vocabulary: {r.stderr.strip()}")
    finally:
        shutil.rmtree(work, ignore_errors=True)

    if failures:
        sys.exit(f"{len(failures)} check(s) failed")
    print("the moved install answers as the build does")


if __name__ == "__main__":
    main()
