#!/usr/bin/env python3
"""The data-plane benchmark of issue 17 (run by tests/bench.sh; prints figures,
asserts nothing; tests/integration/test_dataplane.py holds the 8 MiB bound).

A cluster of 1,200 self-managed nodes (~10 KiB each as full Node objects)
behind the simulator's API server, pages of at most 500: `eks-upgrade plan`
reads every node as Table rows, then again with Tables turned off (NodeList
pages). For each: wall time (median of N runs), peak RSS (GNU time's %M),
pages, and bytes per row as the simulator sent them.

    python3 tests/bench_dataplane.py [--runs 5] [--nodes 1200] [--binary ./eks-upgrade]
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "sim"))
from simctl import Simulator  # noqa: E402

TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def timed(argv, env):
    """(exit code, wall seconds, peak RSS KiB or None); GNU time measures the
    program itself, not a forked copy of this Python process."""
    with tempfile.NamedTemporaryFile(mode="r") as rss_file:
        cmd = [TIME, "-f", "%M", "-o", rss_file.name, *argv] if TIME else list(argv)
        start = time.perf_counter()
        p = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall = time.perf_counter() - start
        rss = None
        if TIME:
            m = re.search(r"(\d+)\s*$", rss_file.read())
            rss = int(m.group(1)) if m else None
    return p.returncode, wall, rss


def measure(binary, nodes, runs, tables):
    over = {"cluster": {"nodegroups": [], "nodes": [
        {"count": nodes, "version": "1.31", "kind": "self-managed"}]},
        "apiserver": {"page_max": 500, "tables": tables}}
    with Simulator("demo", overrides=over) as sim:
        env = {k: v for k, v in sim.env().items() if k.startswith("AWS_")}
        env.update(PATH=os.environ.get("PATH", "/usr/bin:/bin"), HOME=sim.state_dir,
                   NO_COLOR="1", AWS_EC2_METADATA_DISABLED="true")
        argv = [binary, "plan", "--cluster", "demo"]
        timed(argv, env)  # the simulator builds and caches its nodes once
        before = len(sim.requests(operation="ListNodes"))
        results = [timed(argv, env) for _ in range(runs)]
        calls = sim.requests(operation="ListNodes")[before:]
    codes = {c for c, _, _ in results}
    per_run = [e for e in calls][: len(calls) // runs]
    rows = sum(e.get("items") or 0 for e in per_run)
    body = sum(e.get("responseBytes") or 0 for e in per_run)
    rss = [r for _, _, r in results if r is not None]
    return {
        "codes": codes,
        "wall": statistics.median(w for _, w, _ in results),
        "rss": max(rss) if rss else None,
        "pages": len(per_run),
        "limits": [e.get("limit") for e in per_run],
        "rows": rows,
        "bytes_per_row": body / rows if rows else 0,
        "largest_page": max((e.get("responseBytes") or 0) for e in per_run) if per_run else 0,
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--nodes", type=int, default=1200)
    ap.add_argument("--binary", default=os.path.join(ROOT, "eks-upgrade"))
    args = ap.parse_args()
    for label, tables in (("Table rows (includeObject=Metadata)", True),
                          ("NodeList fallback (full nodes)", False)):
        m = measure(args.binary, args.nodes, args.runs, tables)
        rss = "%d KiB (%.2f MiB)" % (m["rss"], m["rss"] / 1024) if m["rss"] else "not measured"
        print("%s, %d nodes: %d pages (limits %s), %d rows counted, %.0f bytes per row, "
              "largest page %.2f MiB" % (label, args.nodes, m["pages"], ",".join(m["limits"]),
                                         m["rows"], m["bytes_per_row"],
                                         m["largest_page"] / 1048576))
        print("  plan: %.2f s wall (median of %d), peak RSS %s, exit %s" % (
            m["wall"], args.runs, rss, ",".join(str(c) for c in sorted(m["codes"]))))


if __name__ == "__main__":
    main()
