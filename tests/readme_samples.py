#!/usr/bin/env python3
"""The README's samples of the mikros command, run on the bundled corpus, so they cannot drift.

A sample in README.md is a fenced block right after the marker line `<!-- sample -->`. Its lines
that start with `$ ` are commands, run in order with bash in a folder where `profiles.mikros` is
corpus/profiles.jsonl indexed and `mikros` is the build's; every other line is what the commands
print (standard output and error together). The test fails when a sample's text differs from
what the commands print now; `--write` rewrites the samples in README.md instead.

  readme_samples.py --mikros BIN --source DIR [--write]
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

MARKER = "<!-- sample -->"
BLOCK = re.compile(r"^" + re.escape(MARKER) + r"\n(```\w*\n)(.*?)^```$", re.M | re.S)


def run_sample(text, cwd, env):
    """The sample's commands and what they print now."""
    out = []
    for line in text.splitlines():
        if not line.startswith("$ "):
            continue
        r = subprocess.run(["bash", "-o", "pipefail", "-c", line[2:] + " 2>&1"], cwd=cwd, env=env,
                           capture_output=True, text=True)
        if r.returncode not in (0, 1, 2):
            sys.exit(f"sample command failed ({r.returncode}): {line}\n{r.stdout}{r.stderr}")
        out.append(line)
        out.extend(l.rstrip() for l in r.stdout.rstrip("\n").splitlines())
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mikros", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    readme_path = os.path.join(args.source, "README.md")
    with open(readme_path, encoding="utf-8") as f:
        readme = f.read()
    with tempfile.TemporaryDirectory(prefix="mikros-readme-") as work:
        bindir = os.path.join(work, "bin")
        os.makedirs(bindir)
        os.symlink(os.path.abspath(args.mikros), os.path.join(bindir, "mikros"))
        env = {k: v for k, v in os.environ.items()
               if k not in ("MIKROS_DB", "MIKROS_LEXICON", "MIKROS_DATA_DIR", "COLUMNS")}
        env["PATH"] = bindir + os.pathsep + env.get("PATH", "")
        r = subprocess.run([args.mikros, "index", "--db", "profiles.mikros", "--no-progress",
                            os.path.join(args.source, "corpus", "profiles.jsonl")],
                           cwd=work, env=env, capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(f"indexing the corpus failed: {r.stderr}")

        samples = list(BLOCK.finditer(readme))
        if not samples:
            sys.exit(f"no '{MARKER}' block in {readme_path}")
        differ = []
        rebuilt, at = [], 0
        for m in samples:
            now = run_sample(m.group(2), work, env)
            if now != m.group(2):
                differ.append((m.group(2), now))
            rebuilt += [readme[at:m.start(2)], now]
            at = m.end(2)
        rebuilt.append(readme[at:])

    if args.write:
        with open(readme_path, "w", encoding="utf-8") as f:
            f.write("".join(rebuilt))
        print(f"{len(samples)} samples written, {len(differ)} changed")
        return
    for old, new in differ:
        print(f"--- README.md shows:\n{old}--- the corpus gives:\n{new}")
    if differ:
        sys.exit(f"{len(differ)} of {len(samples)} README samples differ from the bundled corpus: "
                 f"run tests/readme_samples.py --write")
    print(f"{len(samples)} README samples match the bundled corpus")


if __name__ == "__main__":
    main()
