"""Rollback (SPEC §10, issue 16): `eks-upgrade rollback` and `apply --to
N-1` roll the control plane back one minor version inside EKS's 7-day
window; every precondition is the rollback-window check or the check it
names; `poll` follows a VersionRollback; a successful upgrade says until
when it can be rolled back."""
import datetime
import json
import shlex
import time
import unittest

from simrun import Simulator, apply, events, load_scenario, of, poll, scenario_path, tool

FAST = {"update": {"duration_seconds": 1}}
POLL = ("--poll-interval", "200ms")


def rollback(sim, *args):
    return tool(sim, "rollback", "--cluster", "demo", *POLL, *args)


def checks(doc):
    return {c["id"]: c for c in doc["checks"]}


def scenario(**cluster):
    sc = load_scenario(scenario_path("rollback"))
    sc.update(FAST)
    sc["cluster"].update(cluster)
    return sc


class ExtendedSupport(unittest.TestCase):
    """rollback-window reads "N-1 in extended support" as version-support
    does (versionStatus, or endOfStandardSupportDate passed), and an empty
    supportType as EXTENDED (audit2 #11)."""

    def window(self, sc):
        with Simulator(sc) as sim:
            r = tool(sim, "plan", "--cluster", "demo", "--to", "1.31", "--output", "json")
            return r.returncode, checks(json.loads(r.stdout))["rollback-window"]

    def test_standard_support_ended_by_date_needs_extended(self):
        sc = scenario(upgradePolicy={"supportType": "STANDARD"})
        sc["cluster_versions"] = {"1.31": {"endOfStandardSupportDate": "2026-01-01T00:00:00Z"}}
        code, c = self.window(sc)
        self.assertEqual((code, c["status"]), (3, "fail"), c)
        self.assertIn("1.31 is in extended support and the cluster's support type is STANDARD",
                      c["message"])

    def test_an_empty_support_type_is_read_as_extended(self):
        sc = scenario(upgradePolicy={})
        sc["cluster_versions"] = {"1.31": {"versionStatus": "EXTENDED_SUPPORT"}}
        code, c = self.window(sc)
        self.assertEqual(c["status"], "pass", c)


class InsideTheWindow(unittest.TestCase):
    def test_plan_approve_follow(self):
        with Simulator(scenario()) as sim:
            r = tool(sim, "rollback", "--cluster", "demo", "--output", "json")
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            doc = events(self, r)[0]
            self.assertEqual((doc["kind"], doc["currentVersion"], doc["targetVersion"]),
                             ("rollback", "1.32", "1.31"))
            window = checks(doc)["rollback-window"]
            self.assertEqual(window["status"], "pass", window)
            self.assertRegex(window["message"], r"^rollback possible until \d{4}-\d\d-\d\d "
                                                r"\d\d:\d\d UTC \(7 days after update "
                                                r"0f1e2d3c-0000-4000-8000-00000000b002 to 1\.32")
            self.assertEqual(events(self, r)[-1]["status"], "NotApproved")
            # Nodes at 1.31 are where a rollback to 1.31 wants them (not "behind"),
            # and the message names their kubelets, not the control plane (audit2 #12).
            self.assertEqual(checks(doc)["dataplane-skew"]["status"], "pass",
                             checks(doc)["dataplane-skew"])
            self.assertEqual(checks(doc)["dataplane-skew"]["message"],
                             "all 4 nodes run kubelet 1.31")
            self.assertEqual(sim.count("UpdateClusterVersion"), 0)

            r = rollback(sim, "--approve", "--output", "json")
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            res = events(self, r)[-1]
            self.assertEqual((res["status"], res["version"]), ("Successful", "1.31"))
            self.assertIsNone(res["rollbackUntil"])  # no hint after a rollback
            call = sim.requests(operation="UpdateClusterVersion")[0]
            self.assertEqual((call["requestedVersion"], call["force"]), ("1.31", False))
            self.assertIsNone(call.get("rollbackTimeoutMinutes"))
            upd = [u for u in sim.state()["clusters"]["demo"]["updates"]
                   if u["id"] == res["updateId"]][0]
            self.assertEqual(upd["type"], "VersionRollback")
            # poll reports the newest version change: the rollback.
            r = poll(sim, "--output", "json")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(events(self, r)[-1]["updateId"], res["updateId"])
            # One step back only.
            r = tool(sim, "plan", "--cluster", "demo", "--to", "1.30", "--output", "json")
            self.assertEqual(r.returncode, 3, r.stderr)
            self.assertIn("already rolled back", checks(json.loads(r.stdout))["rollback-window"]
                          ["message"])

    def test_apply_to_the_previous_minor_is_a_rollback(self):
        with Simulator(scenario()) as sim:
            r = apply(sim, "--to", "1.31", "--approve", "--output", "json")
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            evs = events(self, r)
            self.assertEqual(of(evs, "plan")[0]["kind"], "rollback")
            self.assertEqual(evs[-1]["version"], "1.31")
            r = apply(sim, "--to", "1.31")  # now at 1.31: nothing to do
            self.assertEqual(r.returncode, 0, r.stderr)

    def test_poll_follows_a_rollback_started_without_waiting(self):
        with Simulator(scenario()) as sim:
            r = rollback(sim, "--approve", "--no-wait", "--output", "json")
            self.assertEqual(r.returncode, 0, r.stderr)
            uid = events(self, r)[-1]["updateId"]
            r = poll(sim, "--output", "json")
            self.assertEqual(r.returncode, 0, r.stderr)
            res = events(self, r)[-1]
            self.assertEqual((res["updateId"], res["status"], res["version"]),
                             (uid, "Successful", "1.31"))

    def test_rollback_timeout_reaches_the_request(self):
        with Simulator(scenario()) as sim:
            r = rollback(sim, "--approve", "--rollback-timeout", "3h")
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            call = sim.requests(operation="UpdateClusterVersion")[0]
            self.assertEqual(call["rollbackTimeoutMinutes"], 180)
            # The bound as SPEC §10 writes it is no usage error (the
            # cluster is at 1.31 now, so the plan itself is blocked: 3).
            r = rollback(sim, "--rollback-timeout", "7d")
            self.assertEqual(r.returncode, 3, r.stdout + r.stderr)
            self.assertNotIn("--rollback-timeout", r.stderr)
            for bad in ("1h", "8d", "7d1m", "soon"):
                r = tool(sim, "rollback", "--cluster", "demo", "--rollback-timeout", bad)
                self.assertEqual(r.returncode, 2, (bad, r.stderr))
                self.assertIn("--rollback-timeout must be a duration from 2h to 7d", r.stderr)


class Blocked(unittest.TestCase):
    def test_outside_the_window(self):
        ups = load_scenario(scenario_path("rollback"))["cluster"]["updates"]
        ups[-1]["createdAgoSeconds"] = 8 * 86400
        with Simulator(scenario(updates=ups)) as sim:
            r = rollback(sim, "--approve", "--output", "json")
            self.assertEqual(r.returncode, 3, r.stdout + r.stderr)
            window = checks(events(self, r)[0])["rollback-window"]
            self.assertEqual(window["status"], "fail")
            self.assertRegex(window["message"], r"the 7-day rollback window closed "
                                                r"\d{4}-\d\d-\d\d \d\d:\d\d UTC$")
            self.assertEqual(sim.count("UpdateClusterVersion"), 0)

    def test_created_at_the_current_version(self):
        with Simulator(scenario(updates=[])) as sim:
            r = rollback(sim, "--output", "json")
            self.assertEqual(r.returncode, 3, r.stderr)
            self.assertIn("a cluster created at 1.32 cannot roll back",
                          checks(events(self, r)[0])["rollback-window"]["message"])

    def test_node_groups_at_the_current_version(self):
        ngs = [{"nodegroupName": "ng-general", "version": "1.32"},
               {"nodegroupName": "ng-batch", "version": "1.31"}]
        with Simulator(scenario(nodegroups=ngs)) as sim:
            r = rollback(sim, "--approve", "--output", "json")
            self.assertEqual(r.returncode, 3, r.stderr)
            skew = checks(events(self, r)[0])["nodegroup-skew"]
            self.assertEqual(skew["status"], "fail")
            self.assertEqual(skew["items"], [{"name": "ng-general", "version": "1.32"}])
            self.assertIn("roll it back first (UpdateNodegroupVersion to 1.31)", skew["message"])
            self.assertEqual(sim.count("UpdateClusterVersion"), 0)

    def test_rollback_readiness_error_and_unknown_block_and_force_passes(self):
        for status in ("ERROR", "UNKNOWN"):
            ins = [{"id": "a1b2c3d4-0101-4000-8000-000000000101", "name": "Kubelet version skew",
                    "category": "ROLLBACK_READINESS", "kubernetesVersion": "1.31",
                    "status": status}]
            with Simulator(scenario(insights=ins)) as sim:
                r = rollback(sim, "--approve", "--output", "json")
                self.assertEqual(r.returncode, 3, (status, r.stderr))
                c = checks(events(self, r)[0])["upgrade-insights"]
                self.assertEqual(c["status"], "fail", c)
                self.assertIn("rollback insight for 1.31 is ERROR or UNKNOWN", c["message"])
                r = rollback(sim, "--approve", "--force", "--output", "json")
                self.assertEqual(r.returncode, 0, (status, r.stdout + r.stderr))
                call = sim.requests(operation="UpdateClusterVersion")[0]
                self.assertIs(call["force"], True)

    def test_two_minors_down_is_blocked(self):
        with Simulator(scenario()) as sim:
            r = tool(sim, "plan", "--cluster", "demo", "--to", "1.30", "--output", "json")
            self.assertEqual(r.returncode, 3, r.stderr)
            target = checks(json.loads(r.stdout))["version-target"]
            self.assertIn("EKS rolls back one minor version only", target["message"])

    def test_eks_refusing_outside_its_window_is_exit_3(self):
        # ListUpdates denied: the window cannot be judged here (skip), and
        # EKS's own refusal is exit 3 with its message.
        ups = load_scenario(scenario_path("rollback"))["cluster"]["updates"]
        ups[-1]["createdAgoSeconds"] = 8 * 86400
        sc = scenario(updates=ups)
        sc["faults"] = [{"operation": "ListUpdates", "kind": "deny", "count": -1}]
        with Simulator(sc) as sim:
            r = rollback(sim, "--approve")
            self.assertEqual(r.returncode, 3, r.stdout + r.stderr)
            self.assertIn("rollback window for the upgrade to version 1.32 has expired",
                          r.stderr)

    def test_a_rerun_adopts_its_rollback_after_the_window_closed(self):
        # The rollback started at day 6.99 (EKS accepted it); the CI job is
        # re-run after day 7. Before, rollback-window failed: exit 3.
        sc = scenario(status="UPDATING")
        ups = sc["cluster"]["updates"]
        ups[1]["createdAgoSeconds"] = 7 * 86400 + 600
        ups.append({"id": "0f1e2d3c-0000-4000-8000-00000000b003", "type": "VersionRollback",
                    "status": "InProgress", "version": "1.31", "createdAgoSeconds": 1200,
                    "remaining_seconds": 1})
        with Simulator(sc) as sim:
            r = rollback(sim, "--approve", "--no-kube-api", "--output", "json")
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            evs = events(self, r)
            self.assertEqual(checks(evs[0])["rollback-window"]["status"], "pass")
            self.assertIn("already running", checks(evs[0])["rollback-window"]["message"])
            self.assertEqual(of(evs, "update-adopted")[0]["updateId"],
                             "0f1e2d3c-0000-4000-8000-00000000b003")
            self.assertEqual(sim.count("UpdateClusterVersion"), 0)


class AddOns(unittest.TestCase):
    """--with-addons moves add-ons before the control plane (SPEC §10), while
    it is still at N: EKS takes only a version that supports N, so the
    version must support both N and N-1."""

    def sc(self, coredns_versions):
        sc = scenario()
        sc["cluster"]["addons"] = [
            {"addonName": "vpc-cni", "addonVersion": "v1.19.2-eksbuild.1"},
            {"addonName": "kube-proxy", "addonVersion": "v1.32.0-eksbuild.2"},
            {"addonName": "coredns", "addonVersion": "v1.11.4-eksbuild.2"}]
        for a in sc["addon_versions"]:
            if a["addonName"] == "coredns":
                a["versions"] += coredns_versions
        return sc

    def test_each_moves_to_a_version_for_both_before_the_rollback(self):
        # kube-proxy: 1.31's default supports 1.32 too. coredns: its 1.31
        # default does not; of the two that support both, the newest
        # (eksbuild.10 after eksbuild.9: numbers compare as numbers).
        both = [{"addonVersion": "v1.11.3-eksbuild.%d" % n, "clusterVersions": ["1.31", "1.32"]}
                for n in (9, 10)]
        with Simulator(self.sc(both)) as sim:
            r = rollback(sim, "--with-addons", "--output", "json")
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            c = checks(events(self, r)[0])["addon-compatibility"]
            self.assertEqual(c["status"], "pass", c)
            self.assertIn("2 of 3 add-ons will be updated before the rollback to a version "
                          "that supports both 1.32 and 1.31", c["message"])
            # Every version is asked for: a filtered answer need not list
            # a version's other compatibilities.
            for q in sim.requests(operation="DescribeAddonVersions"):
                self.assertNotIn("kubernetesVersion", q["query"], q)
            r = rollback(sim, "--with-addons", "--approve", "--output", "json")
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            self.assertEqual([(q["operation"], q.get("addonName"), q.get("addonVersion"))
                              for q in sim.requests()
                              if q["operation"] in ("UpdateAddon", "UpdateClusterVersion")],
                             [("UpdateAddon", "kube-proxy", "v1.31.3-eksbuild.2"),
                              ("UpdateAddon", "coredns", "v1.11.3-eksbuild.10"),
                              ("UpdateClusterVersion", None, None)])

    def test_no_version_for_both_blocks_before_anything_moves(self):
        with Simulator(self.sc([])) as sim:
            r = rollback(sim, "--with-addons", "--approve", "--output", "json")
            self.assertEqual(r.returncode, 3, r.stdout + r.stderr)
            c = checks(events(self, r)[0])["addon-compatibility"]
            self.assertEqual(c["status"], "fail", c)
            self.assertIn("1 of 3 add-ons has no version that supports both 1.32 and 1.31",
                          c["message"])
            self.assertEqual(sim.count("UpdateAddon") + sim.count("UpdateClusterVersion"), 0)


class AfterAnUpgrade(unittest.TestCase):
    def test_success_says_until_when_and_how_to_roll_back(self):
        with Simulator("demo", overrides=FAST) as sim:
            before = time.time()
            r = apply(sim, "--approve", "--output", "json")
            self.assertEqual(r.returncode, 0, r.stderr)
            until = events(self, r)[-1]["rollbackUntil"]
            at = datetime.datetime.strptime(until, "%Y-%m-%dT%H:%M:%SZ").replace(
                tzinfo=datetime.timezone.utc).timestamp()
            self.assertAlmostEqual(at, before + 7 * 86400, delta=120)
            sim.set_scenario({"clusters": {"demo": {"cluster": {"version": "1.31"}}}})
            r = apply(sim, "--approve")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertRegex(r.stdout, r"\[ℹ\] a rollback is possible until \d{4}-\d\d-\d\dT"
                                       r"\d\d:\d\d:\d\dZ: eks-upgrade rollback --cluster demo "
                                       r"--region us-west-2\n")


    def test_no_hint_once_the_window_has_closed(self):
        # poll reports demo's last upgrade, from 2025: its window closed long ago.
        with Simulator("demo") as sim:
            r = poll(sim, "--output", "json")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(events(self, r)[-1]["status"], "Successful")
            self.assertIsNone(events(self, r)[-1]["rollbackUntil"])
            r = poll(sim)
            self.assertNotIn("rollback is possible", r.stdout + r.stderr)
        # Six days after an upgrade, poll still offers it.
        ups = load_scenario(scenario_path("rollback"))["cluster"]["updates"]
        ups[-1]["createdAgoSeconds"] = 6 * 86400
        with Simulator(scenario(updates=ups)) as sim:
            r = poll(sim)
            self.assertIn("a rollback is possible until", r.stdout)


class ContinueCommand(unittest.TestCase):
    def test_the_printed_command_goes_on_with_every_flag(self):
        # SPEC §9: Partial prints "the apply command that continues"; it must
        # repeat what changes the run. Before, --force, --rollback-timeout and
        # --nodegroup-parallelism were dropped: run as printed, the UNKNOWN
        # readiness insight blocked it (exit 3).
        sc = scenario()
        sc["update"]["nodegroups"] = {"ng-batch": {"status": "Failed"}}
        for ng in sc["cluster"]["nodegroups"]:
            ng["version"] = "1.32"
        sc["cluster"]["insights"][0]["status"] = "UNKNOWN"
        with Simulator(sc) as sim:
            r = rollback(sim, "--with-nodegroups", "--nodegroup-parallelism", "2", "--force",
                         "--rollback-timeout", "3h", "--no-kube-api", "--support-warn-days",
                         "30", "--approve", "--output", "json")
            self.assertEqual(r.returncode, 7, r.stdout + r.stderr)
            command = events(self, r)[-1]["resumeCommand"]
            sim.set_scenario({"update": {"nodegroups": {}}})
            # As printed (only polling faster than the default 20 s).
            r = tool(sim, *shlex.split(command)[1:], *POLL)
            self.assertEqual(r.returncode, 0, command + "\n" + r.stdout + r.stderr)
            call = sim.requests(operation="UpdateClusterVersion")[0]
            self.assertEqual((call["requestedVersion"], call["force"],
                              call["rollbackTimeoutMinutes"]), ("1.31", True, 180))
            self.assertEqual(sim.state()["clusters"]["demo"]["cluster"]["version"], "1.31")
            self.assertEqual(command,
                             "eks-upgrade apply --cluster demo --region us-west-2 --to 1.31 "
                             "--with-nodegroups --nodegroup-parallelism 2 --force "
                             "--rollback-timeout 180m --no-kube-api --support-warn-days 30 "
                             "--approve")

if __name__ == "__main__":
    unittest.main()
