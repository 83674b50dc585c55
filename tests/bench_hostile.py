#!/usr/bin/env python3
"""Figures for issue 13 (run by tests/bench.sh; prints, asserts nothing).

  (d) the memory attack: a cluster with 64 managed node groups whose
      DescribeNodegroup answers are each padded to about 8 MiB (the
      simulator's `oversized` fault). Peak RSS of `eks-upgrade plan` (GNU
      time's %M), its exit code and wall time.
  (e) a DNS server that never answers: `eks-upgrade whoami --timeout 3s`
      against an endpoint whose name must be looked up, in a private user,
      mount and network namespace (unshare -rmn) whose /etc/resolv.conf names
      a local UDP socket that reads queries and never replies. Time to exit.

    python3 tests/bench_hostile.py [--binary ./eks-upgrade] [--only d|e]
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "sim"))
from simctl import Simulator  # noqa: E402

NODEGROUPS = 64
MIB = 8


def client_env(sim):
    env = {k: v for k, v in sim.env().items() if k.startswith("AWS_")}
    env.update(PATH=os.environ.get("PATH", "/usr/bin:/bin"),
               HOME=tempfile.mkdtemp(prefix="bench-home-"), NO_COLOR="1",
               AWS_EC2_METADATA_DISABLED="true")
    return env


def peak_rss(binary, overrides, count_op):
    """Peak RSS (KiB), exit code, seconds, answers counted, the plan's text."""
    with Simulator("demo", overrides=overrides) as sim:
        with tempfile.NamedTemporaryFile("r") as t:
            start = time.monotonic()
            r = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", t.name, binary, "plan",
                                "--cluster", "demo", "--timeout", "5m"],
                               env=client_env(sim), capture_output=True, text=True)
            took = time.monotonic() - start
            rss = int(t.read().strip().splitlines()[-1])
        return rss, r.returncode, took, sim.count(count_op), r.stdout


def memory_attack(binary):
    if not os.path.exists("/usr/bin/time"):
        print("== (d) memory attacks: not measured (/usr/bin/time missing)")
        return
    names = ["x-%02d" % i for i in range(NODEGROUPS)]
    attacks = [
        ("(d) %d node groups, each DescribeNodegroup padded to %d MiB" % (NODEGROUPS, MIB),
         {"cluster": {"nodegroups": names},
          "faults": [{"operation": "DescribeNodegroup", "kind": "oversized", "mib": MIB,
                      "count": -1}]},
         "DescribeNodegroup", "nodegroup-skew"),
        ("(d2) %d add-ons, each DescribeAddonVersions padded to 7 MiB (under its own cap)"
         % NODEGROUPS,
         {"cluster": {"addons": names},
          "faults": [{"operation": "DescribeAddonVersions", "kind": "oversized", "mib": 7,
                      "count": -1}]},
         "DescribeAddonVersions", "addon-compatibility"),
    ]
    for title, overrides, op, check in attacks:
        print("== " + title)
        rss, code, took, answered, out = peak_rss(binary, overrides, op)
        line = [ln for ln in out.splitlines() if check in ln]
        print("peak RSS: %.1f MiB (%d KiB); exit %d in %.1f s; %d %s answered"
              % (rss / 1024, rss, code, took, answered, op))
        print("%s" % (line[0][:160] if line else "(no %s line)" % check))


DNS_HANG = r'''
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 53))
print("ready", flush=True)
while True:
    s.recvfrom(4096)  # read every query, answer none
'''


def dns_hang_run(binary, timeout="3s"):
    """Runs `whoami --timeout TIMEOUT` where every DNS query goes unanswered
    (see the module's help). Returns (seconds, output lines), or None when
    the namespaces cannot be made here."""
    if shutil.which("unshare") is None or shutil.which("ip") is None:
        return None
    d = tempfile.mkdtemp(prefix="bench-dns-")
    with open(os.path.join(d, "resolv.conf"), "w") as f:
        # A blocking lookup would wait timeout × attempts per query.
        f.write("nameserver 127.0.0.1\noptions timeout:30 attempts:5\n")
    with open(os.path.join(d, "dns.py"), "w") as f:
        f.write(DNS_HANG)
    inner = (
        "set -e; ip link set lo up; mount --bind %(d)s/resolv.conf /etc/resolv.conf; "
        "python3 %(d)s/dns.py >%(d)s/dns.out 2>&1 </dev/null & dns=$!; "
        "while ! grep -q ready %(d)s/dns.out 2>/dev/null; do sleep 0.05; done; "
        "s=$(date +%%s%%N); "
        "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE AWS_SECRET_ACCESS_KEY=x AWS_REGION=us-west-2 "
        "AWS_EC2_METADATA_DISABLED=true AWS_CONFIG_FILE=/nonexistent "
        "AWS_SHARED_CREDENTIALS_FILE=/nonexistent "
        "AWS_ENDPOINT_URL_STS=https://sts.hang.invalid timeout 200 %(bin)s whoami "
        "--timeout %(t)s >%(d)s/out 2>&1 || echo \"exit $?\" >>%(d)s/out; "
        "e=$(date +%%s%%N); echo $(( (e - s) / 1000000 )) >%(d)s/ms; kill $dns"
        % {"d": d, "bin": os.path.abspath(binary), "t": timeout})
    try:
        subprocess.run(["unshare", "-rmn", "sh", "-c", inner], timeout=300,
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        with open(os.path.join(d, "ms")) as f:
            ms = int(f.read().strip())
        with open(os.path.join(d, "out")) as f:
            return ms / 1000, f.read().strip().splitlines()
    except (subprocess.TimeoutExpired, OSError, ValueError):
        return None
    finally:
        shutil.rmtree(d, ignore_errors=True)


def dns_hang(binary):
    print("== (e) a DNS server that never answers: whoami --timeout 3s")
    got = dns_hang_run(binary)
    if got is None:
        print("time to exit: not measured (no user/mount/network namespaces here)")
        return
    print("time to exit: %.1f s (--timeout 3s): %s" % (got[0], " / ".join(got[1])[:200]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=os.path.join(ROOT, "eks-upgrade"))
    ap.add_argument("--only", choices=("d", "e"))
    a = ap.parse_args()
    if a.only in (None, "d"):
        memory_attack(a.binary)
    if a.only in (None, "e"):
        dns_hang(a.binary)


if __name__ == "__main__":
    main()
