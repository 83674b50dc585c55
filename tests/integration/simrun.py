"""Helpers shared by test_apply.py and test_poll.py: run the real binary
against the simulator, parse and validate the NDJSON event stream (SPEC §5)."""
import json
import os
import re
import shlex
import subprocess
import sys
import time

from common import BINARY, ROOT, assert_no_secrets, secrets_of

sys.path.insert(0, os.path.join(ROOT, "tests", "sim"))
from simctl import Simulator, scenario_path  # noqa: E402,F401
from store import load_scenario  # noqa: E402,F401

POLL = ("--poll-interval", "200ms")
FAST = {"update": {"duration_seconds": 1}}
UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
RESUME = re.compile(r"(eks-upgrade poll --cluster \S+(?: --\S+ \S+)*)")


def env_for(sim, **extra):
    return sim.env(NO_COLOR="1", AWS_EC2_METADATA_DISABLED="true", **extra)


def tool(sim, *args, env=None, timeout=60):
    env = env or env_for(sim)
    before = secrets_of(env)
    r = subprocess.run([BINARY, *args], env=env, capture_output=True, text=True, timeout=timeout)
    assert_no_secrets(env, r.stdout, r.stderr, also=before, bearer_ok=args[:1] == ("token",))
    return r


def apply(sim, *extra, env=None, cluster="demo"):
    return tool(sim, "apply", "--cluster", cluster, *POLL, *extra, env=env)


def poll(sim, *extra, env=None, cluster="demo"):
    return tool(sim, "poll", "--cluster", cluster, *POLL, *extra, env=env)


def started(sim, *args, env=None):
    """Starts the binary in the background (for signals)."""
    return subprocess.Popen([BINARY, *args], env=env or env_for(sim), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def wait_for(predicate, timeout=10.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.02)
    raise AssertionError("timed out waiting for " + what)


def ops_after(sim, operation, after):
    """Operations logged after the first request named `after`."""
    ops = [r["operation"] for r in sim.requests(service="eks")]
    return [o for o in ops[ops.index(after) + 1:] if o == operation] if after in ops else []


def updates(sim, cluster="demo"):
    return sim.state()["clusters"][cluster]["updates"]


def new_updates(sim, seeded=1, cluster="demo"):
    return updates(sim, cluster)[seeded:]


def resume_command(text):
    """The resume command printed in text output, as argv for the real binary."""
    m = RESUME.search(text)
    if m is None:
        raise AssertionError("no resume command in:\n" + text)
    argv = shlex.split(m.group(1))
    return [BINARY] + argv[1:]


def events(tc, r):
    """Parses and validates an apply/poll NDJSON stream (SPEC §5); returns the
    list of events. Every stdout line is one JSON object, the last is the
    result and its exitCode matches the process's."""
    tc.assertTrue(r.stdout.endswith("\n"), r.stdout)
    evs = []
    for line in r.stdout.splitlines():
        try:
            ev = json.loads(line)
        except ValueError:
            tc.fail("stdout line is not JSON: %r\nstderr: %s" % (line, r.stderr))
        tc.assertIsInstance(ev, dict, line)
        tc.assertIn(ev.get("event"), ("plan", "update-started", "update-adopted", "progress",
                                      "action-started", "action-ended", "result"), line)
        evs.append(ev)
    tc.assertTrue(evs, "no events; stderr: " + r.stderr)
    for ev in evs:
        kind = ev["event"]
        if kind == "plan":
            for k in ("schemaVersion", "cluster", "region", "currentVersion", "targetVersion",
                      "path", "blocked", "checks", "updateInProgress"):
                tc.assertIn(k, ev)
        elif kind in ("update-started", "update-adopted"):
            tc.assertEqual(set(ev), {"event", "updateId", "targetVersion", "resumeCommand"})
            tc.assertTrue(ev["resumeCommand"].startswith("eks-upgrade poll --cluster "))
            tc.assertIn("--update-id " + ev["updateId"], ev["resumeCommand"])
        elif kind in ("action-started", "action-ended"):
            tc.assertEqual(list(ev), ["event", "type", "name", "from", "to", "updateId",
                                      "status"])
            tc.assertIn(ev["type"], ("addon", "nodegroup"))
        elif kind == "progress":
            tc.assertEqual(set(ev), {"event", "updateId", "status", "elapsedSeconds"})
            tc.assertIsInstance(ev["elapsedSeconds"], int)
        else:
            keys = {"event", "updateId", "status", "version", "platformVersion", "errors",
                    "exitCode", "rollbackUntil"}
            if ev["status"] == "Partial":  # SPEC §9: what was done, and how to go on
                keys |= {"completed", "resumeCommand"}
            tc.assertEqual(set(ev), keys)
            tc.assertIsInstance(ev["errors"], list)
    tc.assertEqual(evs[-1]["event"], "result", "the last event is the result")
    tc.assertEqual([e["event"] for e in evs].count("result"), 1)
    tc.assertEqual(evs[-1]["exitCode"], r.returncode)
    return evs


def of(evs, kind):
    return [e for e in evs if e["event"] == kind]
