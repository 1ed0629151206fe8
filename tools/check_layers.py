#!/usr/bin/env python3
"""Checks that the source tree keeps its layers (docs/design.md, "Source layout").

Reads the include lines of every C and C++ file of the library and the tools and fails when:
  - a file includes a header of a layer above its own, or of a layer beside it that it does not
    use (the build fails on most of these too; this says which rule was broken, and catches
    what a target's link line would let through);
  - the layers, or the headers within one layer, include each other in a circle;
  - a public header (include/mikros/) includes anything but the standard library and other
    public headers;
  - a program of tools/ that must use the public API only includes anything else.
Run by CTest (the `layers` test) and so by CI. Usage: check_layers.py [--root DIR]
"""
import argparse
import pathlib
import re
import sys

# Each layer, its folder, and the layers it may use directly. What a layer may include is
# everything it may use, and what those may use, down to util.
LAYERS = {
    "util": ("engine/util", []),
    "model": ("engine/model", ["util"]),
    "analysis": ("engine/analysis", ["model"]),
    "analytics": ("engine/analytics", ["model"]),
    "storage": ("engine/storage", ["analysis", "analytics"]),
    "indexer": ("indexer", ["storage"]),
    "query": ("query", ["storage"]),
    "api": ("engine/api", ["indexer", "query"]),
}
# Programs that may include public headers (mikros/...) and their own folder's only.
PUBLIC_ONLY = ["tools/cli", "tools/eval", "tools/generate", "engine/examples"]
SOURCE_SUFFIXES = {".c", ".cc", ".cpp", ".h", ".hpp"}
# The C headers the C API's header may use; C++ headers have no suffix.
C_HEADERS = {"stddef.h", "stdint.h", "stdbool.h", "stdio.h", "stdlib.h", "string.h", "inttypes.h"}
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)


def reachable(layer):
    seen, todo = set(), [layer]
    while todo:
        for used in LAYERS[todo.pop()][1]:
            if used not in seen:
                seen.add(used)
                todo.append(used)
    return seen


def includes(path):
    return INCLUDE.findall(path.read_text(encoding="utf-8", errors="replace"))


def find_cycle(graph):
    """A list of nodes forming a circle in {node: {successors}}, or None."""
    state = {}

    def visit(node, stack):
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt, stack)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node, [])
            if found:
                return found
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", default=pathlib.Path(__file__).resolve().parent.parent)
    root = pathlib.Path(parser.parse_args().root)
    problems = []
    layer_graph = {name: set() for name in LAYERS}
    for name, (folder, _) in LAYERS.items():
        allowed = reachable(name) | {name}
        header_graph = {}
        for path in sorted((root / folder).rglob("*")):
            if path.suffix not in SOURCE_SUFFIXES:
                continue
            rel = path.relative_to(root)
            public = "include" in path.relative_to(root / folder).parts
            for kind, target in includes(path):
                top = target.split("/")[0]
                if public:
                    if kind == '"' and top != "mikros":
                        problems.append(f"{rel}: public header includes {target}")
                    elif kind == "<" and target.endswith(".h") and target not in C_HEADERS:
                        problems.append(f"{rel}: public header includes {target} (not the "
                                        f"standard library)")
                    continue
                if kind != '"' or top not in LAYERS:
                    continue
                if top != name:
                    layer_graph[name].add(top)
                if top not in allowed:
                    problems.append(f"{rel}: the {name} layer includes {target}, from the "
                                    f"{top} layer, which it may not use")
                elif top == name and path.suffix in (".h", ".hpp"):
                    header_graph.setdefault(str(rel), set()).add(f"{folder}/{target[len(top) + 1:]}")
        cycle = find_cycle(header_graph)
        if cycle:
            problems.append(f"{folder}: headers include each other: {' -> '.join(cycle)}")
    cycle = find_cycle(layer_graph)
    if cycle:
        problems.append(f"the layers include each other: {' -> '.join(cycle)}")
    for folder in PUBLIC_ONLY:
        for path in sorted((root / folder).rglob("*")):
            if path.suffix not in SOURCE_SUFFIXES:
                continue
            for kind, target in includes(path):
                if kind == '"' and "/" in target and target.split("/")[0] in LAYERS:
                    problems.append(f"{path.relative_to(root)}: a program on the public API "
                                    f"includes the internal header {target}")
    for p in problems:
        print(p)
    layers = ", ".join(f"{n} <- {', '.join(u) or '-'}" for n, (_, u) in LAYERS.items())
    if problems:
        print(f"{len(problems)} problems with the layers ({layers})")
        return 1
    print(f"layers kept: {layers}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
