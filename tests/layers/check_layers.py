#!/usr/bin/env python3
"""The dependency rule of src/ (README "Source layout"), as a test.

Folders are layers; an #include may point at the same layer or one below,
never up:

    main.c → cmd/ → upgrade/ → aws/creds/ → aws/ → net/ → util/

Also: every project include names its folder ("util/buf.h"), libcurl is
included only in net/, jsmn only in util/json.c.

    python3 tests/layers/check_layers.py          check src/, print a count line
    python3 tests/layers/check_layers.py --graph  the folder graph, from #include lines
    python3 tests/layers/check_layers.py --self-test
                                                  prove that a bad tree fails
"""
import os
import re
import sys
import tempfile

RANKS = {"util": 0, "net": 1, "aws": 2, "aws/creds": 3, "upgrade": 4, "cmd": 5, ".": 6}
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)
ONLY_IN = [  # (system header prefix, the folders or files allowed to include it)
    ("curl/", ("net/",)),
    ("jsmn.h", ("util/json.c",)),
]


def layer_of(rel):
    folder = os.path.dirname(rel) or "."
    return folder if folder in RANKS else None


def sources(root):
    for top, _dirs, files in os.walk(root):
        for name in sorted(files):
            if name.endswith((".c", ".h")):
                path = os.path.join(top, name)
                yield os.path.relpath(path, root).replace(os.sep, "/"), path


def check(root):
    """Returns (number of includes checked, list of violations)."""
    checked, problems = 0, []
    for rel, path in sources(root):
        mine = layer_of(rel)
        if mine is None:
            problems.append(f"{rel}: not in a layer folder ({', '.join(RANKS)})")
            continue
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        for kind, target in INCLUDE.findall(text):
            checked += 1
            if kind == "<":
                for prefix, allowed in ONLY_IN:
                    if target.startswith(prefix) and not any(
                            rel == a or rel.startswith(a) for a in allowed):
                        problems.append(f"{rel}: includes <{target}>, allowed only in "
                                        f"{', '.join(allowed)}")
                continue
            if rel.startswith("build/") or target == "trust_anchors.c":
                continue
            theirs = layer_of(target)
            if "/" not in target or theirs is None or theirs == ".":
                problems.append(f'{rel}: #include "{target}" does not name a layer folder')
                continue
            if RANKS[theirs] > RANKS[mine]:
                problems.append(f'{rel} ({mine}) includes "{target}" ({theirs}): '
                                f"points up a layer")
    return checked, problems


def graph(root):
    edges = {}
    for rel, path in sources(root):
        mine = layer_of(rel) or "?"
        with open(path, encoding="utf-8", errors="replace") as f:
            for kind, target in INCLUDE.findall(f.read()):
                if kind == '"' and "/" in target:
                    theirs = layer_of(target) or "?"
                    if theirs != mine:
                        edges.setdefault(mine, set()).add(theirs)
    for node in sorted(edges, key=lambda n: -RANKS.get(n, -1)):
        print(f"{'main.c' if node == '.' else node + '/'} → "
              f"{', '.join(sorted(t + '/' for t in edges[node]))}")


def self_test():
    """A tree with one include pointing up, one unqualified and one stray
    libcurl user must give exactly three problems; a clean one none."""
    with tempfile.TemporaryDirectory() as d:
        for rel, text in {
            "util/buf.h": "",
            "util/buf.c": '#include "util/buf.h"\n',
            "aws/client.c": '#include "util/buf.h"\n#include "net/http.h"\n',
            "net/http.h": '#include "util/buf.h"\n',
            "net/http.c": '#include <curl/curl.h>\n',
        }.items():
            os.makedirs(os.path.join(d, os.path.dirname(rel)), exist_ok=True)
            with open(os.path.join(d, rel), "w") as f:
                f.write(text)
        clean = check(d)[1]
        with open(os.path.join(d, "util/str.c"), "w") as f:
            f.write('#include "aws/client.h"\n#include "buf.h"\n#include <curl/curl.h>\n')
        dirty = check(d)[1]
    return clean == [] and len(dirty) == 3, clean, dirty


def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src")
    if "--graph" in sys.argv:
        graph(root)
        return 0
    ok, clean, dirty = self_test()
    if not ok:
        print("layers: self-test failed:", clean, dirty)
    checked, problems = check(root)
    for p in problems:
        print("layers:", p)
    failed = len(problems) + (0 if ok else 1)
    print(f"layers: {checked} includes checked; {2 - (1 if problems else 0) - (0 if ok else 1)} passed, "
          f"{(1 if problems else 0) + (0 if ok else 1)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
