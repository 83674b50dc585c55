#!/usr/bin/env python3
"""The plan benchmark of issue 5 (run by tests/bench.sh; prints figures, asserts
nothing).

Scenario many.json: 30 node groups, 10 add-ons, 12 insights, 100 ms latency on
every request, page size 10. Measures `eks-upgrade plan` (median of N runs):
wall time, requests (from the simulator's request log), TLS handshakes (TCP
connections to the simulator's TLS port, counted with strace in one extra,
untimed run) and peak RSS (GNU time's %M). Then gathers the
same information with the `aws` CLI, one command per call, one after another,
against the same simulator, and prints the ratio.

    python3 tests/bench_plan.py [--runs 5] [--binary ./eks-upgrade] [--no-aws]
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "sim"))
from simctl import Simulator  # noqa: E402

CLUSTER = "demo"


def client_env(sim, **extra):
    """Only what a client needs: the simulator's AWS_* variables, no developer
    config, no proxies, no colour, no GitHub Actions side effects."""
    home = tempfile.mkdtemp(prefix="bench-home-")
    env = {k: v for k, v in sim.env().items() if k.startswith("AWS_")}
    env.update(PATH=os.environ.get("PATH", "/usr/bin:/bin"), HOME=home, NO_COLOR="1",
               AWS_EC2_METADATA_DISABLED="true", AWS_DEFAULT_REGION=env["AWS_REGION"])
    env.update(extra)
    return env


TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def timed(argv, env):
    """Runs argv; returns (exit code, wall seconds, peak RSS KiB or None).

    The peak RSS comes from /usr/bin/time (GNU time, %M): a small C parent,
    so the figure is the program's own. (ru_maxrss seen from this Python
    process would include the forked Python image before exec.)"""
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


def aws_cli():
    """The aws CLI's own entry point: a pyenv shim adds a shell and
    `pyenv exec` to every command, which is not the CLI's cost."""
    found = shutil.which("aws")
    if found and "/shims/" in found and shutil.which("pyenv"):
        r = subprocess.run(["pyenv", "which", "aws"], capture_output=True, text=True)
        if r.returncode == 0 and r.stdout.strip():
            return r.stdout.strip()
    return found


def eks_requests(sim):
    return sim.requests(service="eks")


def count_handshakes(binary, env, port):
    """TCP connections the plan opens to the simulator's TLS port (IPv4: the
    simulator listens on 127.0.0.1 only; the ::1 attempts curl makes first are
    refused and carry no handshake). Without strace, the count --debug prints."""
    if shutil.which("strace") is None:
        # The tool's own count (--debug: "N HTTP requests, M new connections").
        r = subprocess.run([binary, "plan", "--cluster", CLUSTER, "--debug"], env=env,
                           capture_output=True, text=True, timeout=120)
        m = re.search(r"(\d+) new connections", r.stderr)
        return int(m.group(1)) if m else None
    with tempfile.TemporaryDirectory() as d:
        trace = os.path.join(d, "trace")
        subprocess.run(["strace", "-f", "-qq", "-e", "trace=connect", "-o", trace, binary,
                        "plan", "--cluster", CLUSTER], env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=120)
        with open(trace, encoding="utf-8", errors="replace") as f:
            text = f.read()
    return len(re.findall(r'AF_INET, sin_port=htons\(%d\), sin_addr=inet_addr\("127\.0\.0\.1"\)'
                          % port, text))


def aws_commands(sim_names):
    """One AWS CLI command per call a plan makes, in the plan's order."""
    ngs, addons, updates = sim_names
    c = ["--cluster-name", CLUSTER]
    cmds = [["describe-cluster", "--name", CLUSTER], ["list-updates", "--name", CLUSTER]]
    cmds += [["describe-update", "--name", CLUSTER, "--update-id", u] for u in updates]
    cmds += [["list-nodegroups", *c]]
    cmds += [["describe-nodegroup", *c, "--nodegroup-name", n] for n in ngs]
    cmds += [["list-addons", *c]]
    cmds += [["describe-addon", *c, "--addon-name", a] for a in addons]
    cmds += [["describe-addon-versions", "--kubernetes-version", "1.32", "--addon-name", a]
             for a in addons]
    cmds += [["list-insights", *c, "--filter", "categories=UPGRADE_READINESS"],
             ["describe-cluster-versions", "--include-all"]]
    return cmds


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--binary", default=os.path.join(ROOT, "eks-upgrade"))
    ap.add_argument("--no-aws", action="store_true", help="skip the AWS CLI comparison")
    args = ap.parse_args()

    with Simulator("many") as sim:
        with open(os.path.join(ROOT, "tests", "sim", "scenarios", "many.json"),
                  encoding="utf-8") as f:
            scenario = json.load(f)
        env = client_env(sim)
        port = int(re.search(r":(\d+)$", sim.https_url).group(1))
        walls, rss, reqs = [], [], []
        for _ in range(args.runs):
            before = len(eks_requests(sim))
            code, wall, maxrss = timed([args.binary, "plan", "--cluster", CLUSTER], env)
            if code not in (0, 6):
                print("bench: plan exited %d" % code, file=sys.stderr)
            walls.append(wall)
            rss.append(maxrss)
            reqs.append(len(eks_requests(sim)) - before)
        by_op = {}
        for e in eks_requests(sim)[-reqs[-1]:]:
            by_op[e["operation"]] = by_op.get(e["operation"], 0) + 1
        handshakes = count_handshakes(args.binary, env, port)

        aws = None
        aws_bin = aws_cli()
        if not args.no_aws and aws_bin:
            names = (
                sorted({re.sub(r".*/", "", e["path"]) for e in eks_requests(sim)
                        if e["operation"] == "DescribeNodegroup"}),
                sorted({re.sub(r".*/", "", e["path"]) for e in eks_requests(sim)
                        if e["operation"] == "DescribeAddon"}),
                sorted({re.sub(r".*/", "", e["path"]) for e in eks_requests(sim)
                        if e["operation"] == "DescribeUpdate"}),
            )
            cmds = aws_commands(names)
            before = len(eks_requests(sim))
            total, peak, failed = 0.0, 0, 0
            for cmd in cmds:
                code, wall, maxrss = timed([aws_bin, "eks", *cmd, "--output", "json"], env)
                total += wall
                peak = max(peak, maxrss or 0)
                failed += code != 0
            aws = {"commands": len(cmds), "wall": total, "requests":
                   len(eks_requests(sim)) - before, "rss": peak, "failed": failed}

    med = statistics.median(walls)
    print("plan benchmark: scenario many.json (30 node groups, 10 add-ons, 12 insights), "
          "%s ms latency per request, page size %s" %
          (scenario.get("latency_ms", 100), scenario.get("page_size", 10)))
    print()
    print("| measure | eks-upgrade plan | aws CLI, one command per call |")
    print("| --- | --- | --- |")
    aws_wall = "%.2f s (sum of %d commands, sequential)" % (aws["wall"], aws["commands"]) \
        if aws else "not measured"
    print("| wall time | %.3f s, median of %d (min %.3f, max %.3f) | %s |" %
          (med, len(walls), min(walls), max(walls), aws_wall))
    print("| requests | %d | %s |" % (statistics.median(reqs),
                                     aws["requests"] if aws else "-"))
    print("| TLS handshakes | %s | %s |" %
          (handshakes if handshakes is not None else "not measured",
           ">= %d (one process per command)" % aws["commands"] if aws else "-"))
    rss = [r for r in rss if r is not None]
    print("| peak RSS | %s | %s |" %
          ("%.2f MiB (%d KiB, max of runs)" % (max(rss) / 1024.0, max(rss)) if rss
           else "not measured (no /usr/bin/time)",
           "%.1f MiB (largest command)" % (aws["rss"] / 1024.0) if aws and aws["rss"] else "-"))
    if aws:
        print("| ratio | 1 | %.1fx slower |" % (aws["wall"] / med))
        if aws["failed"]:
            print("(aws CLI: %d of %d commands failed)" % (aws["failed"], aws["commands"]))
    print()
    print("requests per operation (one plan): " +
          ", ".join("%s %d" % kv for kv in sorted(by_op.items())))
    print("wall of each run: " + ", ".join("%.3f s" % w for w in walls))
    print("round trips at 100 ms: the median wall is about %.1f x the latency" % (med / 0.1))


if __name__ == "__main__":
    main()
