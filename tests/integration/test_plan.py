"""Black-box tests of `eks-upgrade plan` (SPEC §3-6, issue 5): the real static
binary against the local AWS simulator over TLS. One scenario per check
outcome; the JSON plan is checked field by field, the text output for its key
lines, and the simulator's request log for what was sent (signed, read-only,
every page followed)."""
import http.client
import http.server
import json
import os
import pty
import re
import select
import subprocess
import sys
import tempfile
import threading
import time
import unittest

from common import BINARY, ROOT, assert_no_secrets, clean_env, with_overrides

sys.path.insert(0, os.path.join(ROOT, "tests", "sim"))
from simctl import Simulator  # noqa: E402

CHECK_IDS = [
    "cluster-status",
    "update-in-progress",
    "version-target",
    "version-support",
    "nodegroup-skew",
    "addon-compatibility",
    "upgrade-insights",
    "dataplane-skew",
]
# pod-disruption comes last, with --with-nodegroups only.
POD_DISRUPTION = "pod-disruption"
PLAN_KEYS = [
    "schemaVersion", "cluster", "region", "arn", "status", "currentVersion",
    "platformVersion", "targetVersion", "path", "upgradeAvailable", "blocked",
    "updateInProgress", "checks", "kind", "support", "steps",
]
# Schema 2 (SPEC §5): what an insight item carries besides id, name, status.
INSIGHT_DETAIL_KEYS = ["lastRefreshTime", "recommendation", "deprecations", "resources",
                       "resourceCount", "additionalInfo", "detailError"]
ARN = "arn:aws:eks:us-west-2:111122223333:cluster/demo"
COREDNS_ITEM = {"name": "coredns", "version": "v1.11.3-eksbuild.1",
                "defaultVersion": "v1.11.4-eksbuild.2"}
DEMO_DEPRECATED_API_INSIGHT = {"id": "a1b2c3d4-0001-4000-8000-000000000001",
                               "name": "Deprecated APIs removed in Kubernetes v1.32",
                               "status": "WARNING"}
DEMO_WARNING_INSIGHT = {"id": "a1b2c3d4-0003-4000-8000-000000000003",
                        "name": "Amazon EKS add-on version compatibility", "status": "WARNING"}
ANSI = re.compile(r"\x1b\[")


def sim_env(sim, **extra):
    """clean_env (no developer settings, no GITHUB_ACTIONS leaking in from a CI
    runner) plus the simulator's AWS_* variables; extra VAR=None removes."""
    env = clean_env(**{k: v for k, v in sim.env().items() if k.startswith("AWS_")})
    return with_overrides(env, extra)


def run_bin(args, env, timeout=60):
    r = subprocess.run([BINARY, *args], env=env, capture_output=True, text=True,
                       timeout=timeout)
    assert_no_secrets(env, r.stdout, r.stderr)
    return r


class PlanTestCase(unittest.TestCase):
    """Helpers: start a simulator for one test, run the binary, check the plan's
    shape and the request log."""

    def start(self, scenario="demo", overrides=None, tls=True):
        sim = Simulator(scenario, overrides=overrides, tls=tls)
        sim.start()
        self.addCleanup(sim.stop)
        # Cleanups run last-in first-out: the log is checked before the stop.
        self.addCleanup(self.assert_clean_log, sim)
        return sim

    def run_plan(self, sim, *args, env=None, output="json", command=("plan",)):
        argv = [*command, *args]
        if output:
            argv += ["--output", output]
        r = run_bin(argv, env if env is not None else sim_env(sim))
        self.assertLess(r.returncode, 128, f"crashed: {r.returncode} {r.stderr}")
        self.assertGreaterEqual(r.returncode, 0, f"killed by a signal: {r.stderr}")
        return r

    def plan_json(self, sim, *args, code=0, **kw):
        """Runs plan --output json, checks the exit code and the shape; returns
        (plan dict, checks by id, CompletedProcess)."""
        r = self.run_plan(sim, *args, **kw)
        self.assertEqual(r.returncode, code, f"stdout={r.stdout}\nstderr={r.stderr}")
        self.assertEqual(r.stdout.count("\n"), 1, "one JSON object on one line")
        doc = json.loads(r.stdout)
        self.assert_shape(doc)
        return doc, {c["id"]: c for c in doc["checks"]}, r

    def assert_shape(self, doc):
        self.assertEqual(list(doc), PLAN_KEYS)
        self.assertEqual(doc["schemaVersion"], 2)
        self.assertIn(doc["kind"], ("upgrade", "rollback", "none"))
        self.assertEqual(list(doc["support"]), ["supportType", "endOfStandardSupport",
                                                "endOfExtendedSupport",
                                                "daysToEndOfStandardSupport"])
        self.assertEqual([st["version"] for st in doc["steps"]], doc["path"])
        for i, st in enumerate(doc["steps"]):
            self.assertEqual(list(st), ["version", "blocked", "checks", "actions"], st)
            self.assertEqual(st["blocked"], any(c["status"] == "fail" for c in st["checks"]))
            self.assertEqual(st["actions"][0], {
                "type": "control-plane", "name": "demo",
                "from": doc["currentVersion"] if i == 0 else doc["path"][i - 1],
                "to": st["version"]})
            if i == 0:
                self.assertEqual(st["checks"], doc["checks"])
            elif st["checks"]:  # forecast: the live checks are judged again before the step
                self.assertEqual([c["id"] for c in st["checks"] if c["id"] != POD_DISRUPTION],
                                 CHECK_IDS[2:])
            else:  # no valid target: nothing forecast
                self.assertTrue(doc["blocked"])
        self.assertEqual(doc["cluster"], "demo")
        self.assertEqual(doc["region"], "us-west-2")
        self.assertEqual(doc["arn"], ARN)
        self.assertIsInstance(doc["path"], list)
        self.assertIsInstance(doc["upgradeAvailable"], bool)
        self.assertIsInstance(doc["blocked"], bool)
        ids = CHECK_IDS[:7] + (["rollback-window"] if doc["kind"] == "rollback" else []) + \
            CHECK_IDS[7:]
        self.assertIn([c["id"] for c in doc["checks"]], (ids, ids + [POD_DISRUPTION]))
        for c in doc["checks"]:
            self.assertEqual(list(c), ["id", "status", "message", "items"], c)
            self.assertIn(c["status"], ("pass", "warn", "fail", "skip"), c)
            self.assertTrue(c["message"], c)
            self.assertIsInstance(c["items"], list)
        self.assertEqual(doc["blocked"], any(c["status"] == "fail" for c in doc["checks"]) or
                         any(st["blocked"] for st in doc["steps"]))
        for c in doc["checks"]:
            for item in c["items"] if c["id"] == "upgrade-insights" else ():
                self.assertEqual(list(item), ["id", "name", "status"] + INSIGHT_DETAIL_KEYS)
            for item in c["items"] if c["id"] == "dataplane-skew" else ():
                self.assertEqual(list(item), ["version", "count", "nodes"])
            for item in c["items"] if c["id"] == POD_DISRUPTION else ():
                self.assertEqual(list(item), ["namespace", "name"])
        uip = doc["updateInProgress"]
        if uip is not None:
            self.assertEqual(list(uip), ["id", "type", "status", "version"])

    def assert_check(self, checks, cid, status, message=None, items=()):
        c = checks[cid]
        self.assertEqual(c["status"], status, c)
        if message is not None:
            self.assertRegex(c["message"], message)
        # Insight items carry details (INSIGHT_DETAIL_KEYS) checked elsewhere:
        # compare the keys the test names.
        got = [{k: v for k, v in item.items() if k not in INSIGHT_DETAIL_KEYS}
               for item in c["items"]]
        self.assertEqual(got, list(items), cid)

    def assert_clean_log(self, sim):
        """Every request signed correctly; a plan never changes anything."""
        entries = sim.requests(service="eks")
        self.assertTrue(entries, "no EKS request reached the simulator")
        for e in entries:
            self.assertIs(e["signatureOk"], True, e)
        self.assertEqual(sim.count("UpdateClusterVersion"), 0)

    def text_lines(self, r):
        self.assertNotRegex(r.stdout, ANSI)
        return r.stdout.splitlines()


class Demo(PlanTestCase):
    """The demo cluster: 1.31 → 1.32, ready, one add-on to update, one WARNING
    insight. One simulator for all these read-only runs."""

    @classmethod
    def setUpClass(cls):
        cls.sim = Simulator("demo")
        cls.sim.start()

    @classmethod
    def tearDownClass(cls):
        cls.sim.stop()

    def tearDown(self):
        self.assert_clean_log(self.sim)

    def assert_demo_ready(self, doc, checks):
        self.assertEqual(doc["status"], "ACTIVE")
        self.assertEqual(doc["currentVersion"], "1.31")
        self.assertEqual(doc["platformVersion"], "eks.12")
        self.assertEqual(doc["targetVersion"], "1.32")
        self.assertEqual(doc["path"], ["1.32"])
        self.assertIs(doc["upgradeAvailable"], True)
        self.assertIs(doc["blocked"], False)
        self.assertIsNone(doc["updateInProgress"])
        self.assert_check(checks, "cluster-status", "pass", "ACTIVE")
        self.assert_check(checks, "update-in-progress", "pass", r"no update in progress \(1 ")
        self.assert_check(checks, "version-target", "pass", r"1\.32 is one minor version up")
        # The demo's catalog ends 1.31's standard support in about 40 days,
        # inside the default 60; the cluster's supportType is EXTENDED (SPEC §4).
        self.assert_check(checks, "version-support", "warn",
                          r"^1\.31: extended-support pricing starts \d{4}-\d\d-\d\d "
                          r"\(\d+ days\); 1\.32 until \d{4}-\d\d-\d\d$")
        days = int(re.search(r"\((\d+) days\)", checks["version-support"]["message"]).group(1))
        self.assertTrue(0 < days <= 60, days)
        self.assertEqual(doc["support"]["supportType"], "EXTENDED")
        self.assertEqual(doc["support"]["daysToEndOfStandardSupport"], days)
        self.assertRegex(doc["support"]["endOfStandardSupport"], r"^\d{4}-\d\d-\d\dT")
        self.assert_check(checks, "nodegroup-skew", "pass", "all 2 managed node groups are at 1.31")
        self.assert_check(checks, "addon-compatibility", "warn",
                          r"1 of 3 add-ons does not list 1\.32", [COREDNS_ITEM])
        self.assert_check(checks, "upgrade-insights", "warn",
                          r"2 upgrade insights for 1\.32 need attention",
                          [DEMO_DEPRECATED_API_INSIGHT, DEMO_WARNING_INSIGHT])

    def test_json_ready_field_by_field(self):
        doc, checks, r = self.plan_json(self.sim, "--cluster", "demo")
        self.assert_demo_ready(doc, checks)
        self.assertEqual(r.stderr, "")

    def test_text_key_lines(self):
        r = self.run_plan(self.sim, "--cluster", "demo", output=None)
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = self.text_lines(r)
        self.assertEqual(lines[0],
                         '[ℹ] cluster "demo" in us-west-2: version 1.31 (eks.12), status ACTIVE')
        self.assertEqual(lines[1], "[ℹ] target version 1.32")
        marks = [(m.group(1), m.group(2)) for m in
                 (re.match(r"^(\[.\]) ([a-z-]+): ", ln) for ln in lines) if m]
        self.assertEqual(marks, [("[✔]", "cluster-status"), ("[✔]", "update-in-progress"),
                                 ("[✔]", "version-target"), ("[!]", "version-support"),
                                 ("[✔]", "nodegroup-skew"), ("[!]", "addon-compatibility"),
                                 ("[!]", "upgrade-insights"), ("[✔]", "dataplane-skew")])
        self.assertIn("    - coredns: v1.11.3-eksbuild.1 (target default v1.11.4-eksbuild.2)",
                      lines)
        self.assertIn("    - Amazon EKS add-on version compatibility [WARNING] "
                      "(a1b2c3d4-0003-4000-8000-000000000003)", lines)
        self.assertEqual(lines[-1], "[✔] ready to upgrade 1.31 → 1.32")

    def test_detailed_exitcode_is_6_when_upgrade_available(self):
        doc, checks, _ = self.plan_json(self.sim, "--cluster", "demo", "--detailed-exitcode",
                                        code=6)
        self.assert_demo_ready(doc, checks)
        r = self.run_plan(self.sim, "--cluster", "demo", "--detailed-exitcode", output=None)
        self.assertEqual(r.returncode, 6, r.stderr)

    def test_eksctl_habits(self):
        # No command + --name plans; --version is --to; v1.32 is accepted.
        r = self.run_plan(self.sim, "--name", "demo", output=None, command=())
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.text_lines(r)[-1], "[✔] ready to upgrade 1.31 → 1.32")
        for args in (("--name", "demo", "--version", "1.32"),
                     ("--name", "demo", "--version", "v1.32")):
            for command in ((), ("plan",)):
                with self.subTest(args=args, command=command):
                    doc, checks, _ = self.plan_json(self.sim, *args, command=command)
                    self.assert_demo_ready(doc, checks)
        doc, checks, _ = self.plan_json(self.sim, "--name", "demo", "--version", "1.31",
                                        command=())
        self.assertIsNone(doc["targetVersion"])

    def test_to_current_version_is_nothing_to_do(self):
        for extra in ((), ("--detailed-exitcode",)):
            doc, checks, _ = self.plan_json(self.sim, "--cluster", "demo", "--to", "1.31",
                                            *extra, code=0)
            self.assertIsNone(doc["targetVersion"])
            self.assertEqual(doc["path"], [])
            self.assertIs(doc["upgradeAvailable"], False)
            self.assertIs(doc["blocked"], False)
            self.assert_check(checks, "version-target", "pass", "already at 1.31; nothing to do")
            for cid in ("nodegroup-skew", "addon-compatibility", "upgrade-insights"):
                self.assert_check(checks, cid, "skip", "nothing to upgrade")
        r = self.run_plan(self.sim, "--cluster", "demo", "--to", "1.31", output=None)
        self.assertEqual(r.returncode, 0)
        self.assertIn("[✔] cluster is already at 1.31; nothing to do", self.text_lines(r))

    def test_to_two_minors_ahead_is_blocked(self):
        doc, checks, _ = self.plan_json(self.sim, "--cluster", "demo", "--to", "1.33", code=3)
        self.assertEqual(doc["targetVersion"], "1.33")
        self.assertIs(doc["blocked"], True)
        # No step was forecast: none is listed, and no upgrade is available
        # (as for two down; audit1 #7: steps[1] was {"blocked": false, "checks": []}).
        self.assertEqual((doc["path"], doc["steps"]), ([], []))
        self.assertIs(doc["upgradeAvailable"], False)
        self.assert_check(checks, "version-target", "fail",
                          r"1\.33 is 2 minor versions ahead of 1\.31.*upgrade to 1\.32 first"
                          r".*--multi-step")
        r = self.run_plan(self.sim, "--cluster", "demo", "--to", "1.33", output=None)
        self.assertEqual(r.returncode, 3)
        lines = self.text_lines(r)
        self.assertTrue(any(ln.startswith("[✖] version-target: ") and "1.32 first" in ln
                            for ln in lines), lines)
        self.assertEqual(lines[-1], "[✖] upgrade blocked by 1 check: version-target")

    def test_to_two_minors_ahead_with_multi_step(self):
        doc, checks, _ = self.plan_json(self.sim, "--cluster", "demo", "--to", "1.33",
                                        "--multi-step")
        self.assertEqual(doc["targetVersion"], "1.33")
        self.assertEqual(doc["path"], ["1.32", "1.33"])
        self.assertIs(doc["upgradeAvailable"], True)
        self.assertIs(doc["blocked"], False)
        self.assert_check(checks, "version-target", "pass", "2 steps")
        # The checks of the first step: the add-on and insight findings for 1.32.
        self.assert_check(checks, "addon-compatibility", "warn", "1.32", [COREDNS_ITEM])
        self.plan_json(self.sim, "--cluster", "demo", "--to", "1.33", "--multi-step",
                       "--detailed-exitcode", code=6)
        r = self.run_plan(self.sim, "--cluster", "demo", "--to", "1.33", "--multi-step",
                          output=None)
        self.assertEqual(self.text_lines(r)[-1], "[✔] ready to upgrade 1.31 → 1.32 → 1.33")

    def test_to_lower_version_is_blocked(self):
        # One minor down is a rollback (SPEC §3, §10): the demo cluster's
        # upgrade to 1.31 is months old, so the rollback window check blocks it.
        doc, checks, _ = self.plan_json(self.sim, "--cluster", "demo", "--to", "1.30", code=3)
        self.assertEqual(doc["kind"], "rollback")
        self.assertIs(doc["blocked"], True)
        self.assert_check(checks, "version-target", "pass", r"1\.30 is one minor version down")
        self.assert_check(checks, "rollback-window", "fail",
                          r"^the upgrade to 1\.31 \(update \S+\) started \d{4}-\d\d-\d\d "
                          r"\d\d:\d\d UTC; the 7-day rollback window closed")
        self.plan_json(self.sim, "--cluster", "demo", "--to", "1.30", "--detailed-exitcode",
                       code=3)
        # Two minors down: never.
        doc, checks, _ = self.plan_json(self.sim, "--cluster", "demo", "--to", "1.29", code=3)
        self.assertIs(doc["upgradeAvailable"], False)
        self.assert_check(checks, "version-target", "fail",
                          r"1\.29 is 2 minor versions below the current version 1\.31; EKS "
                          r"rolls back one minor version only")

    def test_unknown_cluster_exits_1_with_aws_message(self):
        for output in ("json", None):
            r = self.run_plan(self.sim, "--cluster", "nope", output=output)
            self.assertEqual(r.returncode, 1)
            self.assertEqual(r.stdout, "")
            self.assertIn("ResourceNotFoundException", r.stderr)
            self.assertIn("No cluster found for name: nope.", r.stderr)
            self.assertEqual(r.stderr.count("\n"), 1, r.stderr)

    def test_plan_does_not_take_force(self):
        r = self.run_plan(self.sim, "--cluster", "demo", "--force", output=None)
        self.assertEqual(r.returncode, 2)
        self.assertIn("plan does not take --force", r.stderr)

    def test_no_ansi_when_not_a_terminal(self):
        env = sim_env(self.sim, NO_COLOR=None)
        r = self.run_plan(self.sim, "--cluster", "demo", env=env, output=None)
        self.assertEqual(r.returncode, 0)
        self.assertIn("[✔] ready to upgrade", r.stdout)
        self.assertNotRegex(r.stdout + r.stderr, ANSI)

    def run_on_tty(self, env, *args):
        """Runs plan with stdout on a pseudo-terminal; returns (exit code, output)."""
        master, slave = pty.openpty()
        p = subprocess.Popen([BINARY, "plan", "--cluster", "demo", *args], env=env,
                             stdin=subprocess.DEVNULL, stdout=slave, stderr=subprocess.PIPE)
        os.close(slave)
        out = b""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 1)
            if not ready:
                if p.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        os.close(master)
        p.stderr.close()
        return p.wait(timeout=30), out.decode("utf-8", "replace")

    def test_colour_only_on_a_terminal_without_no_color(self):
        code, out = self.run_on_tty(sim_env(self.sim, NO_COLOR=None))
        self.assertEqual(code, 0)
        self.assertRegex(out, ANSI, "a terminal without NO_COLOR gets colour")
        code, out = self.run_on_tty(sim_env(self.sim, NO_COLOR=""))
        self.assertNotRegex(out, ANSI, "NO_COLOR set, even empty, turns colour off (SPEC §5)")
        code, out = self.run_on_tty(sim_env(self.sim, NO_COLOR="1"))
        self.assertEqual(code, 0)
        self.assertIn("ready to upgrade", out)
        self.assertNotRegex(out, ANSI)
        code, out = self.run_on_tty(sim_env(self.sim, NO_COLOR=None), "--no-color")
        self.assertIn("ready to upgrade", out)
        self.assertNotRegex(out, ANSI)


class GitHubActions(PlanTestCase):
    def github_env(self, sim, summary):
        return sim_env(sim, GITHUB_ACTIONS="true", GITHUB_STEP_SUMMARY=summary)

    def test_annotations_and_step_summary(self):
        sim = self.start("blocked-nodegroup")
        with tempfile.TemporaryDirectory() as d:
            summary = os.path.join(d, "summary.md")
            with open(summary, "w", encoding="utf-8") as f:
                f.write("earlier step\n")
            r = self.run_plan(sim, "--cluster", "demo", env=self.github_env(sim, summary),
                              output=None)
            self.assertEqual(r.returncode, 3, r.stderr)
            lines = self.text_lines(r)
            errors = [ln for ln in lines if ln.startswith("::error")]
            warnings = [ln for ln in lines if ln.startswith("::warning")]
            self.assertEqual(len(errors), 2, lines)
            self.assertRegex(errors[0],
                             r"^::error title=eks-upgrade nodegroup-skew::1 of 2 managed node "
                             r"groups would be too far behind 1\.32")
            self.assertRegex(errors[1], r"^::error title=eks-upgrade dataplane-skew::2 of 4 nodes")
            self.assertEqual(sorted(re.sub(r"::.*", "", w.split("title=eks-upgrade ")[1])
                                    for w in warnings),
                             ["addon-compatibility", "upgrade-insights", "version-support"])
            with open(summary, encoding="utf-8") as f:
                md = f.read()
        self.assertTrue(md.startswith("earlier step\n"), "the summary is appended to")
        self.assertIn("| Check | Status | Message |", md)
        self.assertIn("| --- | --- | --- |", md)
        rows = [ln for ln in md.splitlines() if ln.startswith("| ") and "---" not in ln][1:]
        self.assertEqual([row.split(" | ")[0][2:] for row in rows], CHECK_IDS)
        self.assertRegex(md, r"\| nodegroup-skew \| ✖ fail \| .*ng-legacy: 1\.28")
        self.assertIn("1.31 → 1.32", md)

    def test_a_later_step_forecast_to_fail_is_annotated_and_summarised(self):
        # 1.30 → 1.32 in two steps; ng-old at 1.28 is within the rule at 1.31
        # but too far behind at 1.32: only the second step fails, and that
        # blocks the path. It was neither an ::error:: nor a summary row.
        sim = self.start("multi-step", overrides={"cluster": {"nodegroups": [
            {"nodegroupName": "ng-old", "version": "1.28", "releaseVersion": "1.28.1-2025"}]}})
        with tempfile.TemporaryDirectory() as d:
            summary = os.path.join(d, "summary.md")
            r = self.run_plan(sim, "--cluster", "demo", "--to", "1.32", "--multi-step",
                              "--no-kube-api", env=self.github_env(sim, summary), output=None)
            self.assertEqual(r.returncode, 3, r.stdout + r.stderr)
            errors = [ln for ln in self.text_lines(r) if ln.startswith("::error")]
            self.assertEqual(len(errors), 1, errors)
            self.assertRegex(errors[0], r"^::error title=eks-upgrade nodegroup-skew \(step "
                                        r"1\.31 → 1\.32\)::1 of 1 managed node group would be "
                                        r"too far behind 1\.32")
            with open(summary, encoding="utf-8") as f:
                md = f.read()
        self.assertIn("#### step 1.31 → 1.32 (forecast: blocked)", md)
        later = md.split("#### step 1.31 → 1.32")[1]
        self.assertRegex(later, r"\| nodegroup-skew \| ✖ fail \| .*ng-old: 1\.28")

    def test_json_mode_keeps_annotations_off_stdout(self):
        sim = self.start("blocked-nodegroup")
        with tempfile.TemporaryDirectory() as d:
            summary = os.path.join(d, "summary.md")
            doc, checks, r = self.plan_json(sim, "--cluster", "demo", code=3,
                                            env=self.github_env(sim, summary))
            self.assertIn("::error title=eks-upgrade nodegroup-skew::", r.stderr)
            with open(summary, encoding="utf-8") as f:
                self.assertIn("| Check | Status | Message |", f.read())

    def test_no_annotations_outside_github_actions(self):
        sim = self.start("blocked-nodegroup")
        r = self.run_plan(sim, "--cluster", "demo", env=sim_env(sim, GITHUB_ACTIONS="false"),
                          output=None)
        self.assertEqual(r.returncode, 3)
        self.assertNotIn("::error", r.stdout + r.stderr)


class CheckOutcomes(PlanTestCase):
    """A scenario per check outcome (SPEC §4)."""

    def test_nodegroups_behind_say_how_far_they_may_fall(self):
        # SPEC §4 "name them, say how far they may fall" (audit1 #8).
        sim = self.start("demo", overrides={"cluster": {"nodegroups": [
            {"nodegroupName": "ng-mid", "version": "1.30"},
            {"nodegroupName": "ng-old", "version": "1.29"}]}})
        _, checks, _ = self.plan_json(sim, "--cluster", "demo", "--no-kube-api")
        self.assert_check(checks, "nodegroup-skew", "warn",
                          r"^2 of 2 managed node groups are behind the control plane 1\.31; "
                          r"allowed at 1\.32 \(.*\); the oldest, ng-old at 1\.29 allows the "
                          r"control plane up to 1\.32$",
                          [{"name": "ng-mid", "version": "1.30"},
                           {"name": "ng-old", "version": "1.29"}])

    def test_nodegroup_lagging_fails(self):
        sim = self.start("blocked-nodegroup")
        doc, checks, _ = self.plan_json(sim, "--cluster", "demo", code=3)
        self.assertEqual(doc["targetVersion"], "1.32")
        self.assertIs(doc["upgradeAvailable"], True)
        self.assertIs(doc["blocked"], True)
        # 1.28 → 1.32 is four minors: beyond EKS's skew rule (SPEC §4).
        self.assert_check(checks, "nodegroup-skew", "fail",
                          r"^1 of 2 managed node groups would be too far behind 1\.32 "
                          r"\(kubelets may be at most 3 minor versions behind",
                          [{"name": "ng-legacy", "version": "1.28"}])
        for cid in ("cluster-status", "update-in-progress", "version-target"):
            self.assert_check(checks, cid, "pass")
        self.plan_json(sim, "--cluster", "demo", "--detailed-exitcode", code=3)
        r = self.run_plan(sim, "--cluster", "demo", output=None)
        self.assertEqual(r.returncode, 3)
        lines = self.text_lines(r)
        self.assertIn("    - ng-legacy: 1.28", lines)
        self.assertTrue(any(ln.startswith("[✖] nodegroup-skew: 1 of 2") for ln in lines))
        # The node group's nodes are counted by dataplane-skew too (SPEC §4).
        self.assertEqual(lines[-1],
                         "[✖] upgrade blocked by 2 checks: nodegroup-skew, dataplane-skew")
        self.assertEqual(checks["dataplane-skew"]["status"], "fail")
        self.assertRegex(checks["dataplane-skew"]["message"],
                         r"^2 of 4 nodes \(2 managed\) would be too far behind 1\.32")
        self.assertEqual([(i["version"], i["count"]) for i in checks["dataplane-skew"]["items"]],
                         [("1.28", 2), ("1.31", 2)])

    def test_error_insight_fails(self):
        sim = self.start("insights-error")
        doc, checks, _ = self.plan_json(sim, "--cluster", "demo", code=3)
        self.assertIs(doc["blocked"], True)
        self.assert_check(checks, "upgrade-insights", "fail",
                          r"1 upgrade insight for 1\.32 is ERROR.*--force", [
                              {"id": "a1b2c3d4-0001-4000-8000-000000000001",
                               "name": "Deprecated APIs removed in Kubernetes v1.32",
                               "status": "ERROR"},
                              {"id": "a1b2c3d4-0006-4000-8000-000000000006",
                               "name": "Cluster health issues", "status": "UNKNOWN"}])
        self.assert_check(checks, "nodegroup-skew", "pass")
        r = self.run_plan(sim, "--cluster", "demo", output=None)
        self.assertEqual(r.returncode, 3)
        lines = self.text_lines(r)
        self.assertIn("    - Deprecated APIs removed in Kubernetes v1.32 [ERROR] "
                      "(a1b2c3d4-0001-4000-8000-000000000001)", lines)
        self.assertEqual(lines[-1], "[✖] upgrade blocked by 1 check: upgrade-insights")
        for e in sim.requests(operation="ListInsights"):
            self.assertEqual(e["filter"], {"categories": ["UPGRADE_READINESS", "ROLLBACK_READINESS"]})

    def test_addon_incompatible_warns_with_default_version(self):
        sim = self.start("demo", overrides={"cluster": {"addons": [
            {"addonName": "vpc-cni", "addonVersion": "v1.18.6-eksbuild.1"},
            {"addonName": "kube-proxy", "addonVersion": "v1.31.3-eksbuild.2"},
            {"addonName": "coredns", "addonVersion": "v1.11.3-eksbuild.1"}]}})
        doc, checks, _ = self.plan_json(sim, "--cluster", "demo")
        self.assertIs(doc["blocked"], False)
        self.assert_check(checks, "addon-compatibility", "warn",
                          r"2 of 3 add-ons do not list 1\.32 as compatible", [
                              {"name": "vpc-cni", "version": "v1.18.6-eksbuild.1",
                               "defaultVersion": "v1.19.2-eksbuild.1"},
                              COREDNS_ITEM])
        self.assertEqual(sim.count("DescribeAddonVersions"), 3)
        for e in sim.requests(operation="DescribeAddonVersions"):
            self.assertRegex(e["query"],
                             r"^kubernetesVersion=1\.32&addonName=[a-z-]+&maxResults=100$")

    def test_all_addons_compatible_passes(self):
        sim = self.start("demo", overrides={"cluster": {"addons": [
            {"addonName": "coredns", "addonVersion": "v1.11.4-eksbuild.2"}]}})
        doc, checks, _ = self.plan_json(sim, "--cluster", "demo")
        self.assert_check(checks, "addon-compatibility", "pass", r"the 1 add-on supports 1\.32")

    def test_extended_support_warns(self):
        sim = self.start("extended-support")
        doc, checks, _ = self.plan_json(sim, "--cluster", "demo")
        self.assertEqual(doc["currentVersion"], "1.29")
        self.assertEqual(doc["platformVersion"], "eks.20")
        self.assertEqual(doc["targetVersion"], "1.30")
        self.assertEqual(doc["path"], ["1.30"])
        self.assertIs(doc["blocked"], False)
        self.assert_check(checks, "version-support", "warn",
                          r"^1\.29 is in extended support \(extra cost\) since \d{4}-\d\d-\d\d, "
                          r"until \d{4}-\d\d-\d\d; 1\.30 is in extended support too$")
        self.assert_check(checks, "version-target", "pass")
        self.assert_check(checks, "nodegroup-skew", "pass")
        self.assert_check(checks, "addon-compatibility", "pass")
        self.assert_check(checks, "upgrade-insights", "pass",
                          r"1 upgrade insight for 1\.30, passing")
        r = self.run_plan(sim, "--cluster", "demo", output=None)
        self.assertTrue(any(ln.startswith("[!] version-support: 1.29 is in extended support")
                            for ln in self.text_lines(r)))

    def test_version_update_to_same_target_in_progress_is_reported(self):
        # page size 2: the five updates take three ListUpdates pages.
        with open(os.path.join(ROOT, "tests", "sim", "scenarios", "update-in-progress.json"),
                  encoding="utf-8") as f:
            updates = json.load(f)["cluster"]["updates"]
        self.assertEqual(updates[-1]["status"], "InProgress")
        # The update never ends here, so a slow machine cannot race it.
        updates[-1]["remaining_seconds"] = None
        sim = self.start("update-in-progress",
                         overrides={"page_size": 2, "cluster": {"updates": updates}})
        doc, checks, _ = self.plan_json(sim, "--cluster", "demo")
        self.assertEqual(doc["status"], "UPDATING")
        self.assertEqual(doc["targetVersion"], "1.32")
        self.assertIs(doc["blocked"], False)
        self.assertEqual(doc["updateInProgress"], {
            "id": "0f1e2d3c-0000-4000-8000-00000000a005", "type": "VersionUpdate",
            "status": "InProgress", "version": "1.32"})
        self.assert_check(checks, "update-in-progress", "warn",
                          r"0f1e2d3c-0000-4000-8000-00000000a005 to 1\.32 is already in progress")
        self.assert_check(checks, "cluster-status", "warn", "UPDATING")
        self.assertEqual(sim.count("ListUpdates"), 3)
        self.assertEqual(sim.count("DescribeUpdate"), 5)

    def test_update_of_another_kind_in_progress_fails(self):
        sim = self.start("demo", overrides={"cluster": {"updates": [
            {"id": "0f1e2d3c-0000-4000-8000-00000000a001", "type": "VersionUpdate",
             "status": "Successful", "version": "1.31", "createdAt": "2025-01-20T10:00:00Z"},
            {"id": "u-logging", "type": "LoggingUpdate", "status": "InProgress",
             "remaining_seconds": None}]}})
        doc, checks, _ = self.plan_json(sim, "--cluster", "demo", code=3)
        self.assertIs(doc["blocked"], True)
        uip = doc["updateInProgress"]
        self.assertEqual((uip["id"], uip["type"], uip["status"]),
                         ("u-logging", "LoggingUpdate", "InProgress"))
        self.assertFalse(uip["version"], "a LoggingUpdate has no version")
        self.assert_check(checks, "update-in-progress", "fail",
                          r"update u-logging \(LoggingUpdate\) is in progress")
        r = self.run_plan(sim, "--cluster", "demo", output=None)
        self.assertEqual(r.returncode, 3)
        self.assertEqual(self.text_lines(r)[-1],
                         "[✖] upgrade blocked by 1 check: update-in-progress")

    def test_busy_cluster_already_at_target_is_not_blocked(self):
        """SPEC §3: --to the current version is nothing to do (exit 0), even
        while another kind of update keeps the cluster busy."""
        sim = self.start("demo", overrides={"cluster": {"status": "UPDATING", "updates": [
            {"id": "u-logging", "type": "LoggingUpdate", "status": "InProgress",
             "remaining_seconds": None}]}})
        doc, checks, _ = self.plan_json(sim, "--cluster", "demo", "--to", "1.31", code=0)
        self.assertIs(doc["blocked"], False)
        self.assertIsNone(doc["targetVersion"])
        self.assert_check(checks, "update-in-progress", "warn", r"blocks nothing")

    def test_denied_list_insights_is_skip_with_reason(self):
        sim = self.start("demo", overrides={"faults": [
            {"operation": "ListInsights", "kind": "deny", "count": -1}]})
        doc, checks, _ = self.plan_json(sim, "--cluster", "demo")
        self.assertIs(doc["blocked"], False)
        self.assertEqual(doc["targetVersion"], "1.32")
        self.assert_check(checks, "upgrade-insights", "skip",
                          r"^ListInsights is not allowed for these credentials "
                          r"\(AccessDeniedException\)$")
        self.assert_check(checks, "nodegroup-skew", "pass")
        self.assert_check(checks, "addon-compatibility", "warn", None, [COREDNS_ITEM])
        self.assertEqual(sim.count("ListInsights", status=403), 1, "denied is not retried")
        r = self.run_plan(sim, "--cluster", "demo", output=None)
        self.assertEqual(r.returncode, 0)
        self.assertIn("[ℹ] upgrade-insights: skipped: ListInsights is not allowed for these "
                      "credentials (AccessDeniedException)", self.text_lines(r))

    def test_denied_describe_cluster_versions_assumes_next_minor(self):
        sim = self.start("demo", overrides={"faults": [
            {"operation": "DescribeClusterVersions", "kind": "deny", "count": -1}]})
        doc, checks, _ = self.plan_json(sim, "--cluster", "demo")
        self.assertEqual(doc["targetVersion"], "1.32")
        self.assertEqual(doc["path"], ["1.32"])
        self.assertIs(doc["blocked"], False)
        self.assert_check(checks, "version-target", "warn",
                          r"cannot read the versions EKS offers \(AccessDeniedException: .*"
                          r"eks:DescribeClusterVersions.*\); assuming 1\.32$")
        self.assert_check(checks, "version-support", "skip", "DescribeClusterVersions")
        self.assert_check(checks, "addon-compatibility", "warn", None, [COREDNS_ITEM])
        self.plan_json(sim, "--cluster", "demo", "--detailed-exitcode", code=6)

    def test_newest_version_is_nothing_to_do(self):
        sim = self.start("demo", overrides={"cluster": {
            "version": "1.34", "nodegroups": [{"nodegroupName": "ng-general", "version": "1.34"}]}})
        for extra in ((), ("--detailed-exitcode",)):
            doc, checks, _ = self.plan_json(sim, "--cluster", "demo", *extra, code=0)
            self.assertEqual(doc["currentVersion"], "1.34")
            self.assertIsNone(doc["targetVersion"])
            self.assertEqual(doc["path"], [])
            self.assertIs(doc["upgradeAvailable"], False)
            self.assertIs(doc["blocked"], False)
            self.assert_check(checks, "version-target", "pass",
                              r"1\.34 is the newest version EKS offers; nothing to do")
            self.assert_check(checks, "cluster-status", "pass")
        r = self.run_plan(sim, "--cluster", "demo", output=None)
        self.assertIn("[✔] cluster is already at 1.34; nothing to do", self.text_lines(r))
        # Asking for a version EKS does not offer is blocked.
        doc, checks, _ = self.plan_json(sim, "--cluster", "demo", "--to", "1.35", code=3)
        self.assert_check(checks, "version-target", "fail", r"1\.35 is not offered by EKS")
        self.assertIs(doc["upgradeAvailable"], False)

    def test_multi_step_path_of_every_step(self):
        sim = self.start("multi-step")
        doc, checks, _ = self.plan_json(sim, "--cluster", "demo", "--to", "1.33",
                                        "--multi-step")
        self.assertEqual(doc["currentVersion"], "1.30")
        self.assertEqual(doc["targetVersion"], "1.33")
        self.assertEqual(doc["path"], ["1.31", "1.32", "1.33"])
        self.assertIs(doc["blocked"], False)
        self.assert_check(checks, "version-target", "pass", "3 steps")
        # --to beyond what EKS offers (1.34 is removed in this scenario).
        doc, checks, _ = self.plan_json(sim, "--cluster", "demo", "--to", "1.34",
                                        "--multi-step", code=3)
        self.assert_check(checks, "version-target", "fail", r"1\.34 is not offered")
        self.assertEqual((doc["path"], doc["steps"], doc["upgradeAvailable"]), ([], [], False))
        doc, checks, _ = self.plan_json(sim, "--cluster", "demo", "--to", "1.33", code=3)
        self.assert_check(checks, "version-target", "fail", r"upgrade to 1\.31 first")


class Pagination(PlanTestCase):
    """Every page of every list is read, and the checks see every item
    (the offending ones sit on the last pages)."""

    def assert_paged_plan(self, doc, checks):
        self.assertIs(doc["blocked"], True)
        self.assert_check(checks, "update-in-progress", "pass", r"\(5 earlier updates\)")
        # 1.30 under a 1.32 control plane is within EKS's skew rule: a warning.
        self.assert_check(checks, "nodegroup-skew", "warn", r"^1 of 5 managed node groups is "
                          r"behind the control plane 1\.31; allowed at 1\.32",
                          [{"name": "ng-e", "version": "1.30"}])
        self.assert_check(checks, "addon-compatibility", "warn", r"^1 of 5 add-ons", [
            {"name": "snapshot-controller", "version": "v8.0.0-eksbuild.1",
             "defaultVersion": "v8.1.0-eksbuild.2"}])
        self.assert_check(checks, "upgrade-insights", "fail",
                          r"^1 upgrade insight for 1\.32 is ERROR", [
            {"id": "p0000000-0003-4000-8000-000000000003", "name": "Insight three",
             "status": "WARNING"},
            {"id": "p0000000-0006-4000-8000-000000000006", "name": "Insight six",
             "status": "UNKNOWN"},
            {"id": "p0000000-0007-4000-8000-000000000007", "name": "Insight seven",
             "status": "ERROR"}])

    def test_every_page_is_followed(self):
        for page_size in (2, 3):
            with self.subTest(page_size=page_size):
                sim = self.start("plan-paged", overrides={"page_size": page_size})
                doc, checks, _ = self.plan_json(sim, "--cluster", "demo", code=3)
                self.assert_paged_plan(doc, checks)
                pages = -(-5 // page_size)  # five of each
                for op, path in (("ListUpdates", "/clusters/demo/updates"),
                                 ("ListNodegroups", "/clusters/demo/node-groups"),
                                 ("ListAddons", "/clusters/demo/addons")):
                    reqs = sim.requests(operation=op)
                    self.assertEqual(len(reqs), pages, op)
                    self.assertEqual([r["query"] for r in reqs if "nextToken" not in r["query"]],
                                     ["maxResults=100"], op)
                    self.assertEqual(sum(r["query"].startswith("maxResults=100&nextToken=")
                                         for r in reqs), pages - 1, op)
                    self.assertTrue(all(r["path"] == path and r["status"] == 200
                                        for r in reqs), op)
                self.assertEqual(sim.count("ListInsights"), -(-7 // page_size))
                self.assertEqual(
                    sorted(r["path"] for r in sim.requests(operation="DescribeNodegroup")),
                    ["/clusters/demo/node-groups/ng-" + c for c in "abcde"])
                self.assertEqual(
                    sorted(r["path"] for r in sim.requests(operation="DescribeUpdate")),
                    ["/clusters/demo/updates/u-000%d" % i for i in range(1, 6)])
                addons = ["aws-ebs-csi-driver", "coredns", "kube-proxy", "snapshot-controller",
                          "vpc-cni"]
                self.assertEqual(
                    sorted(r["path"] for r in sim.requests(operation="DescribeAddon")),
                    ["/clusters/demo/addons/" + a for a in addons])
                self.assertEqual(
                    sorted(re.search(r"addonName=([^&]+)", r["query"]).group(1)
                           for r in sim.requests(operation="DescribeAddonVersions")), addons)
                for op in ("DescribeUpdate", "DescribeNodegroup", "DescribeAddon",
                           "DescribeAddonVersions", "ListInsights", "DescribeClusterVersions"):
                    self.assertEqual(sim.count(op), sim.count(op, status=200), op)


class _Recorder(http.server.BaseHTTPRequestHandler):
    """A loopback HTTP relay that records each request (with its body) and
    passes it unchanged (same Host header, so the signature still verifies) to
    the plain-HTTP simulator."""
    protocol_version = "HTTP/1.1"
    upstream = None
    seen = None

    def log_message(self, *args):
        pass

    def relay(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n) if n else b""
        self.seen.append({"method": self.command, "path": self.path, "body": body})
        conn = http.client.HTTPConnection(*self.upstream, timeout=30)
        conn.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
        for k, v in self.headers.items():
            conn.putheader(k, v)
        conn.endheaders(body)
        resp = conn.getresponse()
        data = resp.read()
        self.send_response(resp.status)
        for k, v in resp.getheaders():
            if k.lower() not in ("content-length", "connection", "transfer-encoding", "date",
                                 "server"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        conn.close()

    do_GET = do_POST = do_PUT = do_DELETE = relay


class RequestBodies(PlanTestCase):
    def test_list_insights_asks_for_100_per_page(self):
        """ListInsights carries its parameters in the body, which the request
        log does not keep: relay through a recorder over plain HTTP (allowed
        for loopback endpoints) to see them."""
        sim = self.start("plan-paged", tls=False)
        m = re.match(r"http://([^:/]+):(\d+)", sim.url)
        handler = type("Recorder", (_Recorder,), {"upstream": (m.group(1), int(m.group(2))),
                                                  "seen": []})
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        url = "http://127.0.0.1:%d" % server.server_address[1]
        env = sim_env(sim, AWS_ENDPOINT_URL_EKS=url, AWS_CA_BUNDLE=None)
        doc, checks, _ = self.plan_json(sim, "--cluster", "demo", code=3, env=env)
        Pagination.assert_paged_plan(self, doc, checks)
        bodies = [json.loads(s["body"]) for s in handler.seen
                  if s["method"] == "POST" and s["path"] == "/clusters/demo/insights"]
        self.assertEqual(len(bodies), 4)  # 7 insights, page size 2
        for i, b in enumerate(bodies):
            self.assertEqual(b["maxResults"], 100)
            self.assertEqual(b["filter"], {"categories": ["UPGRADE_READINESS", "ROLLBACK_READINESS"]})
            self.assertEqual("nextToken" in b, i > 0, b)
        self.assertEqual(len({b.get("nextToken") for b in bodies}), 4)
        # Every other list asks for 100 per page in its query.
        for s in handler.seen:
            if s["method"] == "GET" and re.search(r"/(updates|node-groups|addons)$|"
                                                  r"^/cluster-versions|supported-versions",
                                                  s["path"].split("?")[0]):
                self.assertRegex(s["path"], r"[?&]maxResults=100(&|$)", s["path"])


class BadInput(PlanTestCase):
    """Malformed, truncated, oversized or odd responses: exit 1 with a clear
    one-line message (never a crash), or the odd value shown as it came."""

    def test_broken_describe_cluster_responses(self):
        sim = self.start("demo")
        cases = [
            ({"kind": "truncated"}, r"DescribeCluster"),
            ({"kind": "invalid_json"}, r"DescribeCluster.*malformed response"),
            ({"kind": "invalid_json", "body": "{\"cluster\": {\"name\": 5}}"},
             r"DescribeCluster.*malformed response.*cluster\.name.*expected a string"),
            ({"kind": "invalid_json", "body": "[1, 2, 3]"},
             r"DescribeCluster.*malformed response"),
            ({"kind": "invalid_json", "body": "{\"cluster\": {\"name\": \"demo\"}}"},
             r"DescribeCluster.*malformed response.*version"),
            ({"kind": "invalid_json", "body": "\x00\xff garbage"},
             r"DescribeCluster.*malformed response"),
            ({"kind": "oversized", "mib": 12}, r"DescribeCluster.*larger than"),
            ({"kind": "reset"}, r"DescribeCluster"),
        ]
        for fault, message in cases:
            with self.subTest(fault=fault):
                sim.set_scenario({"faults": [dict(fault, operation="DescribeCluster",
                                                  count=-1)]})
                for output in ("json", None):
                    r = self.run_plan(sim, "--cluster", "demo", output=output)
                    self.assertEqual(r.returncode, 1, r.stderr)
                    self.assertEqual(r.stdout, "")
                    self.assertEqual(r.stderr.count("\n"), 1, r.stderr)
                    self.assertRegex(r.stderr, r"^eks-upgrade: " + message)

    def test_one_truncated_answer_is_retried(self):
        sim = self.start("demo", overrides={"faults": [
            {"operation": "DescribeCluster", "kind": "truncated", "count": 1}]})
        doc, checks, _ = self.plan_json(sim, "--cluster", "demo")
        self.assertEqual(doc["targetVersion"], "1.32")
        self.assertEqual(sim.count("DescribeCluster"), 2)

    def test_other_calls_failing_are_skips(self):
        sim = self.start("plan-paged", overrides={"faults": [
            {"operation": "ListNodegroups", "kind": "http500", "count": -1},
            {"operation": "DescribeAddonVersions", "kind": "deny", "count": -1},
            {"operation": "DescribeUpdate", "kind": "deny", "count": 1}]})
        doc, checks, _ = self.plan_json(sim, "--cluster", "demo", code=3)
        self.assert_check(checks, "nodegroup-skew", "skip",
                          r"^ListNodegroups failed: ServerException")
        self.assert_check(checks, "addon-compatibility", "skip",
                          r"^DescribeAddonVersions is not allowed for these credentials "
                          r"\(AccessDeniedException\)$")
        self.assert_check(checks, "update-in-progress", "skip",
                          r"^could not describe 1 of 5 updates \(AccessDeniedException\)$")
        self.assertEqual(checks["upgrade-insights"]["status"], "fail")

    def test_unknown_enum_values_are_shown_as_they_come(self):
        sim = self.start("demo", overrides={"cluster": {
            "status": "PENDING_SOMETHING",
            "insights": [{"id": "x-1", "name": "Something new", "kubernetesVersion": "1.32",
                          "status": "NEWSTATUS"}],
            "updates": [{"id": "u-future", "type": "FutureKindUpdate", "status": "InProgress",
                         "remaining_seconds": None}]}})
        doc, checks, _ = self.plan_json(sim, "--cluster", "demo", code=3)
        self.assertEqual(doc["status"], "PENDING_SOMETHING")
        self.assert_check(checks, "cluster-status", "fail", "PENDING_SOMETHING")
        self.assert_check(checks, "upgrade-insights", "warn", None,
                          [{"id": "x-1", "name": "Something new", "status": "NEWSTATUS"}])
        self.assert_check(checks, "update-in-progress", "fail", r"u-future \(FutureKindUpdate\)")
        self.assertEqual(doc["updateInProgress"]["type"], "FutureKindUpdate")
        r = self.run_plan(sim, "--cluster", "demo", output=None)
        self.assertEqual(r.returncode, 3)
        lines = self.text_lines(r)
        self.assertEqual(lines[0], '[ℹ] cluster "demo" in us-west-2: version 1.31 (eks.12), '
                                   'status PENDING_SOMETHING')
        self.assertIn("    - Something new [NEWSTATUS] (x-1)", lines)
        self.assertEqual(lines[-1], "[✖] upgrade blocked by 2 checks: cluster-status, "
                                    "update-in-progress")


if __name__ == "__main__":
    unittest.main()
