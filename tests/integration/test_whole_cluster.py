"""Whole-cluster upgrade (SPEC §9, issue 12): with --with-addons and
--with-nodegroups the plan lists every action, apply runs them in order
(control plane, add-ons kube-proxy → vpc-cni → coredns, node groups),
resumably; a failure after something was done is Partial, exit 7."""
import json
import signal
import time
import unittest

from simrun import (Simulator, apply, events, load_scenario, of, scenario_path, started,
                    tool, wait_for)

SCOPE = ("--with-addons", "--with-nodegroups")
ORDER = [("control-plane", "demo"), ("addon", "kube-proxy"), ("addon", "vpc-cni"),
         ("addon", "coredns"), ("nodegroup", "ng-a"), ("nodegroup", "ng-b"),
         ("nodegroup", "ng-c")]


def scenario(**update):
    sc = load_scenario(scenario_path("whole-cluster"))
    sc["update"].update(update)
    return sc


def writes(sim):
    """The update calls in the order they reached EKS: (operation, subject)."""
    return [(q["operation"], q.get("addonName") or q.get("nodegroupName"))
            for q in sim.requests(service="eks")
            if q["operation"] in ("UpdateClusterVersion", "UpdateAddon",
                                  "UpdateNodegroupVersion")]


class Plan(unittest.TestCase):
    def test_plan_lists_every_action(self):
        with Simulator(scenario()) as sim:
            r = tool(sim, "plan", "--cluster", "demo", *SCOPE, "--output", "json")
            self.assertEqual(r.returncode, 0, r.stderr)
            doc = json.loads(r.stdout)
            acts = doc["steps"][0]["actions"]
            self.assertEqual([(a["type"], a["name"]) for a in acts], ORDER)
            self.assertEqual(acts[1], {"type": "addon", "name": "kube-proxy",
                                       "from": "v1.31.3-eksbuild.2", "to": "v1.32.0-eksbuild.2"})
            self.assertEqual(acts[-1], {"type": "nodegroup", "name": "ng-c", "from": "1.31",
                                        "to": "1.32"})
            checks = {c["id"]: c for c in doc["checks"]}
            self.assertEqual(checks["addon-compatibility"]["status"], "pass")
            self.assertIn("ng-custom", [i["name"] for i in checks["nodegroup-skew"]["items"]])
            self.assertEqual(checks["nodegroup-skew"]["status"], "warn")
            self.assertIn("custom AMI", checks["nodegroup-skew"]["message"])
            r = tool(sim, "plan", "--cluster", "demo", *SCOPE)
            self.assertIn("[ℹ] 7 actions, in order:", r.stdout)
            self.assertIn("    2. add-on kube-proxy: v1.31.3-eksbuild.2 → v1.32.0-eksbuild.2",
                          r.stdout)

    def test_a_nodegroup_that_is_not_active_is_named_and_only_updatable_ones_planned(self):
        # audit2 #12: the node group's status was never read.
        sc = scenario()
        sc["cluster"]["nodegroups"][1]["status"] = "CREATE_FAILED"  # ng-b
        sc["cluster"]["nodegroups"][2]["status"] = "DEGRADED"  # ng-c
        with Simulator(sc) as sim:
            r = tool(sim, "plan", "--cluster", "demo", "--with-nodegroups", "--output", "json")
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            doc = json.loads(r.stdout)
            self.assertEqual([a["name"] for a in doc["steps"][0]["actions"]],
                             ["demo", "ng-a", "ng-c"])
            c = {c["id"]: c for c in doc["checks"]}["nodegroup-skew"]
            self.assertEqual(c["status"], "warn")
            self.assertIn("2 managed node groups are not ACTIVE (ng-b is CREATE_FAILED): EKS "
                          "cannot update it", c["message"])
            self.assertEqual(sorted(i["name"] for i in c["items"]), ["ng-b", "ng-custom"])
            # Without --with-nodegroups it is still named.
            r = tool(sim, "plan", "--cluster", "demo", "--output", "json")
            c = {c["id"]: c for c in json.loads(r.stdout)["checks"]}["nodegroup-skew"]
            self.assertEqual(c["status"], "warn")
            self.assertIn("(ng-b is CREATE_FAILED)", c["message"])

    def test_an_addon_without_a_version_for_the_target_blocks_before_anything(self):
        sc = scenario()
        sc["addon_versions"][2]["versions"][0]["clusterVersions"] = ["1.33"]
        sc["addon_versions"][2]["versions"][0]["defaultFor"] = ["1.33"]
        with Simulator(sc) as sim:
            r = apply(sim, *SCOPE, "--approve", "--output", "json")
            self.assertEqual(r.returncode, 3, r.stdout + r.stderr)
            c = {c["id"]: c for c in of(events(self, r), "plan")[0]["checks"]}
            self.assertEqual(c["addon-compatibility"]["status"], "fail")
            self.assertIn("no version for 1.32", c["addon-compatibility"]["message"])
            self.assertEqual(writes(sim), [])


def left_behind(**cluster):
    """multi-step at 1.31 with kube-proxy still at a 1.30 build (its update
    after step 1.31 failed, then a re-run): not compatible with 1.31."""
    sc = load_scenario(scenario_path("multi-step"))
    sc["update"] = {"duration_seconds": 0.5}
    sc["cluster"].update(version="1.31", nodegroups=[],
                         addons=[{"addonName": "kube-proxy", "addonVersion": "v1.30.0-eksbuild.1"}],
                         **cluster)
    sc["addon_versions"] = [{"addonName": "kube-proxy", "versions": [
        {"addonVersion": "v1.32.0-eksbuild.1", "clusterVersions": ["1.32"], "defaultFor": ["1.32"]},
        {"addonVersion": "v1.31.0-eksbuild.1", "clusterVersions": ["1.31"], "defaultFor": ["1.31"]},
        {"addonVersion": "v1.30.0-eksbuild.1", "clusterVersions": ["1.30"],
         "defaultFor": ["1.30"]}]}]
    return sc


class AddonLeftBehind(unittest.TestCase):
    """audit2 #6: an add-on not compatible with the control plane's current
    version moves to its default before the control plane moves on, or
    addon-compatibility fails; before, the control plane went on without it."""

    def test_it_moves_to_the_current_default_before_the_control_plane(self):
        with Simulator(left_behind()) as sim:
            r = tool(sim, "plan", "--cluster", "demo", "--to", "1.32", "--with-addons",
                     "--no-kube-api", "--output", "json")
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            doc = json.loads(r.stdout)
            self.assertEqual([(a["type"], a["from"], a["to"]) for a in doc["steps"][0]["actions"]],
                             [("addon", "v1.30.0-eksbuild.1", "v1.31.0-eksbuild.1"),
                              ("control-plane", "1.31", "1.32"),
                              ("addon", "v1.31.0-eksbuild.1", "v1.32.0-eksbuild.1")])
            c = {c["id"]: c for c in doc["checks"]}["addon-compatibility"]
            self.assertEqual(c["status"], "pass")
            self.assertIn("kube-proxy at v1.30.0-eksbuild.1) is not compatible with the control "
                          "plane's 1.31: it goes to 1.31's default before", c["message"])
            r = apply(sim, "--to", "1.32", "--with-addons", "--no-kube-api", "--approve")
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            self.assertEqual([(q["operation"], q.get("addonVersion"))
                              for q in sim.requests(service="eks")
                              if q["operation"] in ("UpdateClusterVersion", "UpdateAddon")],
                             [("UpdateAddon", "v1.31.0-eksbuild.1"),
                              ("UpdateClusterVersion", None),
                              ("UpdateAddon", "v1.32.0-eksbuild.1")])

    def test_no_version_for_the_current_control_plane_fails(self):
        sc = left_behind()
        sc["addon_versions"][0]["versions"] = sc["addon_versions"][0]["versions"][:1] + \
            sc["addon_versions"][0]["versions"][2:]
        with Simulator(sc) as sim:
            r = apply(sim, "--to", "1.32", "--with-addons", "--no-kube-api", "--approve",
                      "--output", "json")
            self.assertEqual(r.returncode, 3, r.stdout + r.stderr)
            c = {c["id"]: c for c in of(events(self, r), "plan")[0]["checks"]}
            self.assertEqual(c["addon-compatibility"]["status"], "fail")
            self.assertIn("not compatible with the control plane's 1.31 and EKS lists no "
                          "version of it", c["addon-compatibility"]["message"])
            self.assertEqual(writes(sim), [])


class Finishing(unittest.TestCase):
    """apply/plan --to CURRENT with the scope flags (audit2 #7): the actions
    left at the current version are judged like a step's, not with every
    check skipped."""

    def finishing(self):
        sc = scenario()
        sc["cluster"]["nodegroups"][0]["version"] = "1.30"
        sc["cluster"]["nodegroups"][3]["version"] = "1.30"
        sc["cluster"]["podDisruptionBudgets"] = [
            {"namespace": "shop", "name": "checkout", "disruptionsAllowed": 0, "expectedPods": 3}]
        return sc

    def test_custom_ami_and_pdbs_are_named(self):
        with Simulator(self.finishing()) as sim:
            r = tool(sim, "plan", "--cluster", "demo", "--to", "1.31", *SCOPE,
                     "--output", "json")
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            doc = json.loads(r.stdout)
            self.assertEqual([(a["type"], a["name"]) for a in doc["steps"][0]["actions"]],
                             [("nodegroup", "ng-a")])
            c = {c["id"]: c for c in doc["checks"]}
            self.assertEqual(c["nodegroup-skew"]["status"], "warn")
            self.assertIn("custom AMI", c["nodegroup-skew"]["message"])
            self.assertEqual([i["name"] for i in c["nodegroup-skew"]["items"]], ["ng-custom"])
            self.assertEqual(c["pod-disruption"]["status"], "warn")
            self.assertEqual(c["pod-disruption"]["items"],
                             [{"namespace": "shop", "name": "checkout"}])
            self.assertEqual(c["addon-compatibility"]["status"], "pass")
            self.assertEqual(sim.count("ListPodDisruptionBudgets"), 1)

    def test_an_addon_with_no_version_for_the_current_one_is_not_dropped(self):
        sc = self.finishing()
        sc["cluster"]["addons"][0]["addonVersion"] = "v1.11.1-eksbuild.1"  # coredns
        sc["addon_versions"][2]["versions"][1]["clusterVersions"] = ["1.30"]
        sc["addon_versions"][2]["versions"][1]["defaultFor"] = ["1.30"]
        with Simulator(sc) as sim:
            r = apply(sim, "--to", "1.31", *SCOPE, "--approve", "--output", "json")
            self.assertEqual(r.returncode, 3, r.stdout + r.stderr)
            c = {c["id"]: c for c in of(events(self, r), "plan")[0]["checks"]}
            self.assertEqual(c["addon-compatibility"]["status"], "fail")
            self.assertIn("no version for 1.31", c["addon-compatibility"]["message"])
            self.assertEqual(writes(sim), [])

    def test_a_busy_cluster_blocks_when_there_is_something_to_finish(self):
        sc = self.finishing()
        sc["cluster"]["status"] = "UPDATING"
        with Simulator(sc) as sim:
            r = apply(sim, "--to", "1.31", "--with-nodegroups", "--approve")
            self.assertEqual(r.returncode, 3, r.stdout + r.stderr)
            self.assertIn("[✖] cluster-status: cluster status is UPDATING", r.stdout)
            self.assertEqual(writes(sim), [])
            # Nothing to finish: it blocks nothing.
            r = apply(sim, "--to", "1.31", "--approve")
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)


class Apply(unittest.TestCase):
    def test_full_flow_in_order_and_everything_at_the_target(self):
        with Simulator(scenario()) as sim:
            start = time.monotonic()
            r = apply(sim, *SCOPE, "--approve", "--addon-conflicts", "overwrite",
                      "--output", "json")
            took = time.monotonic() - start
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            self.assertEqual(writes(sim), [
                ("UpdateClusterVersion", None), ("UpdateAddon", "kube-proxy"),
                ("UpdateAddon", "vpc-cni"), ("UpdateAddon", "coredns"),
                ("UpdateNodegroupVersion", "ng-a"), ("UpdateNodegroupVersion", "ng-b"),
                ("UpdateNodegroupVersion", "ng-c")])
            evs = events(self, r)
            ended = of(evs, "action-ended")
            self.assertEqual([(e["type"], e["name"], e["status"]) for e in ended],
                             [(t, n, "Successful") for t, n in ORDER[1:]])
            self.assertEqual(evs[-1]["status"], "Successful")
            for q in sim.requests(operation="UpdateAddon"):
                self.assertEqual(q["resolveConflicts"], "OVERWRITE")
            for q in sim.requests(operation="UpdateNodegroupVersion"):
                self.assertEqual((q["version"], q["force"], q["releaseVersion"]),
                                 ("1.32", False, None))
            st = sim.state()["clusters"]["demo"]
            self.assertEqual(st["cluster"]["version"], "1.32")
            self.assertEqual(st["nodegroups"],
                             {"ng-a": "1.32", "ng-b": "1.32", "ng-c": "1.32",
                              "ng-custom": "1.31"})
            self.assertEqual(st["addons"],
                             {"kube-proxy": "v1.32.0-eksbuild.2", "vpc-cni": "v1.19.2-eksbuild.1",
                              "coredns": "v1.11.4-eksbuild.2"})
            print("\nwhole-cluster flow against the simulator (1 s per update): %.1f s" % took)
            # Again: nothing left (idempotent).
            r = apply(sim, "--to", "1.32", *SCOPE, "--approve")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(len(writes(sim)), 7)

    def test_preserve_is_the_default_conflict_policy(self):
        with Simulator(scenario()) as sim:
            r = apply(sim, "--with-addons", "--approve")
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            self.assertEqual({q["resolveConflicts"] for q in sim.requests(operation="UpdateAddon")},
                             {"PRESERVE"})
            self.assertEqual(sim.count("UpdateNodegroupVersion"), 0)

    def test_failing_nodegroup_is_partial_and_a_rerun_finishes(self):
        with Simulator(scenario(nodegroups={"ng-b": {"status": "Failed"}})) as sim:
            r = apply(sim, *SCOPE, "--approve", "--output", "json")
            self.assertEqual(r.returncode, 7, r.stdout + r.stderr)
            res = events(self, r)[-1]
            self.assertEqual((res["status"], res["exitCode"]), ("Partial", 7))
            # It stops at the first failure: ng-c is left for the next run.
            self.assertEqual([(c["type"], c["name"]) for c in res["completed"]], ORDER[:5])
            self.assertEqual(res["errors"][0]["errorCode"], "nodegroup")
            self.assertIn("ng-b", res["errors"][0]["errorMessage"])
            self.assertEqual(res["resumeCommand"],
                             "eks-upgrade apply --cluster demo --region us-west-2 --to 1.32 "
                             "--with-addons --with-nodegroups --addon-conflicts preserve --approve")
            # The failure is fixed; the same command goes on, without a
            # second UpdateClusterVersion.
            sim.set_scenario({"update": {"nodegroups": {}}})
            r = apply(sim, "--to", "1.32", *SCOPE, "--approve")
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            self.assertEqual(sim.count("UpdateClusterVersion"), 1)
            self.assertEqual([s for o, s in writes(sim) if o == "UpdateNodegroupVersion"],
                             ["ng-a", "ng-b", "ng-b", "ng-c"])

    def test_parallelism_two_never_more_than_two_in_flight(self):
        with Simulator(scenario()) as sim:
            r = apply(sim, "--with-nodegroups", "--nodegroup-parallelism", "2", "--approve",
                      "--output", "json")
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            evs = [e for e in events(self, r) if e["event"] in ("action-started",
                                                                "action-ended")]
            in_flight = peak = 0
            for e in evs:
                in_flight += 1 if e["event"] == "action-started" else -1
                peak = max(peak, in_flight)
            self.assertEqual(peak, 2)
            self.assertEqual(sim.count("UpdateNodegroupVersion"), 3)

    def test_ctrl_c_during_an_addon_update_then_poll_follows_it(self):
        with Simulator(scenario(addons={"kube-proxy": {"duration_seconds": 4}})) as sim:
            proc = started(sim, "apply", "--cluster", "demo", "--with-addons", "--approve",
                           "--poll-interval", "200ms")
            wait_for(lambda: sim.count("UpdateAddon") == 1, timeout=20, what="UpdateAddon")
            time.sleep(0.5)
            proc.send_signal(signal.SIGINT)
            out, err = proc.communicate(timeout=20)
            self.assertEqual(proc.returncode, 130, out + err)
            self.assertIn("eks-upgrade poll --cluster demo", out + err)
            # poll finds the add-on's update in progress and follows it (SPEC §9).
            r = tool(sim, "poll", "--cluster", "demo", "--poll-interval", "200ms",
                     "--output", "json")
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            res = events(self, r)[-1]
            self.assertEqual(res["status"], "Successful")
            uid = sim.requests(operation="UpdateAddon")[0]["updateId"]
            self.assertEqual(res["updateId"], uid)
            self.assertEqual(sim.state()["clusters"]["demo"]["addons"]["kube-proxy"],
                             "v1.32.0-eksbuild.2")

    def test_a_nodegroup_the_first_step_would_leave_too_far_behind_goes_first(self):
        # cp 1.30, ng-old 1.27: the rule breaks at 1.31 (four behind), so
        # --with-nodegroups moves it to 1.30 before UpdateClusterVersion
        # (audit2 #3a: it was planned after it, and EKS refused the update).
        sc = load_scenario(scenario_path("multi-step"))
        sc["update"]["duration_seconds"] = 0.5
        sc["cluster"]["nodegroups"] = [{"nodegroupName": "ng-old", "version": "1.27"}]
        with Simulator(sc) as sim:
            r = tool(sim, "plan", "--cluster", "demo", "--to", "1.31", "--with-nodegroups",
                     "--no-kube-api", "--output", "json")
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            doc = json.loads(r.stdout)
            self.assertEqual([(a["type"], a["from"], a["to"]) for a in doc["steps"][0]["actions"]],
                             [("nodegroup", "1.27", "1.30"), ("control-plane", "1.30", "1.31"),
                              ("nodegroup", "1.30", "1.31")])
            ng = {c["id"]: c for c in doc["checks"]}["nodegroup-skew"]
            self.assertEqual(ng["status"], "pass")
            self.assertIn("ng-old at 1.27", ng["message"])
            self.assertIn("updated to 1.30 before the control plane", ng["message"])
            r = apply(sim, "--to", "1.31", "--with-nodegroups", "--no-kube-api", "--approve")
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            self.assertEqual([(o, s) for o, s in writes(sim)],
                             [("UpdateNodegroupVersion", "ng-old"),
                              ("UpdateClusterVersion", None),
                              ("UpdateNodegroupVersion", "ng-old")])
            self.assertEqual([q["version"] for q in sim.requests(operation="UpdateNodegroupVersion")],
                             ["1.30", "1.31"])
            self.assertEqual(sim.state()["clusters"]["demo"]["nodegroups"], {"ng-old": "1.31"})

    def test_rollback_moves_nodegroups_and_addons_first(self):
        sc = load_scenario(scenario_path("rollback"))
        sc["update"] = {"duration_seconds": 1}
        for ng in sc["cluster"]["nodegroups"]:
            ng["version"] = "1.32"
        with Simulator(sc) as sim:
            r = tool(sim, "rollback", "--cluster", "demo", "--with-nodegroups", "--approve",
                     "--poll-interval", "200ms")
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            # The 1.32 kubelets do not block: their node groups go back first.
            self.assertIn("--with-nodegroups rolls their node groups back first", r.stdout)
            self.assertEqual([o for o, _ in writes(sim)],
                             ["UpdateNodegroupVersion", "UpdateNodegroupVersion",
                              "UpdateClusterVersion"])

    def test_a_dot_dot_nodegroup_stays_one_path_segment(self):
        # A name from ListNodegroups is hostile: ".." must not climb out of
        # /node-groups/ in the UpdateNodegroupVersion path.
        sc = scenario(duration_seconds=0.3)
        sc["cluster"]["nodegroups"][2]["nodegroupName"] = ".."
        with Simulator(sc) as sim:
            r = tool(sim, "apply", "--cluster", "demo", "--to", "1.32", "--with-nodegroups",
                     "--approve", "--poll-interval", "200ms")
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            paths = [q["path"] for q in sim.requests(operation="UpdateNodegroupVersion")]
            self.assertIn("/clusters/demo/node-groups/%2E%2E/update-version", paths)


class PartialAfterWork(unittest.TestCase):
    """SPEC §6/§9: whatever ends a run after something was done (apart from a
    timeout or a signal) is Partial, exit 7, with the cluster's version, what
    was completed and the apply command that goes on."""

    def partial(self, r):
        self.assertEqual(r.returncode, 7, r.stdout + r.stderr)
        res = events(self, r)[-1]
        self.assertEqual((res["status"], res["exitCode"]), ("Partial", 7))
        self.assertTrue(res["resumeCommand"].startswith("eks-upgrade apply --cluster demo "),
                        res)
        return res

    def multi_step(self, **cluster):
        sc = load_scenario(scenario_path("multi-step"))
        sc["update"]["duration_seconds"] = 0.5
        sc["cluster"].update(cluster)
        return sc

    def test_a_failed_second_step_is_partial(self):
        sc = self.multi_step()
        sc["update"]["outcomes"] = [{"status": "Successful", "platformVersion": "eks.14"},
                                    {"status": "Failed"}]
        with Simulator(sc) as sim:
            r = apply(sim, "--to", "1.32", "--multi-step", "--no-kube-api", "--approve",
                      "--output", "json")
            res = self.partial(r)
            self.assertEqual(res["version"], "1.31")
            self.assertEqual([(c["type"], c["from"], c["to"]) for c in res["completed"]],
                             [("control-plane", "1.30", "1.31")])
            self.assertEqual(res["errors"][0]["errorCode"], "control-plane")
            self.assertIn("1.31 → 1.32 ended Failed", res["errors"][0]["errorMessage"])
            self.assertIn("--to 1.32 --multi-step", res["resumeCommand"])

    def test_a_refused_second_step_is_partial(self):
        # EKS's older rule (node groups must match) refuses step 2 although
        # the skew rule passes: before, a Blocked (3) with no word of step 1.
        sc = self.multi_step(check_nodegroups="match", nodegroups_follow_cluster=False)
        with Simulator(sc) as sim:
            r = apply(sim, "--to", "1.32", "--multi-step", "--no-kube-api", "--approve",
                      "--output", "json")
            res = self.partial(r)
            self.assertEqual(res["version"], "1.31")
            self.assertEqual(len(res["completed"]), 1)
            self.assertEqual(res["errors"][0]["errorCode"], "nodegroup-skew")
            self.assertIn("must be updated to match", res["errors"][0]["errorMessage"])

    def rollback(self, **update):
        sc = load_scenario(scenario_path("rollback"))
        sc["update"] = {"duration_seconds": 0.5, **update}
        for ng in sc["cluster"]["nodegroups"]:
            ng["version"] = "1.32"
        return sc

    def test_a_failed_rollback_after_its_nodegroups_is_partial(self):
        with Simulator(self.rollback(outcome="Failed")) as sim:
            r = tool(sim, "rollback", "--cluster", "demo", "--with-nodegroups", "--approve",
                     "--poll-interval", "200ms", "--output", "json")
            res = self.partial(r)
            self.assertEqual(res["version"], "1.32")
            self.assertEqual([c["type"] for c in res["completed"]], ["nodegroup", "nodegroup"])
            self.assertIn("control plane demo: 1.32 → 1.31 ended Failed",
                          res["errors"][0]["errorMessage"])
            self.assertIn("--to 1.31 --with-nodegroups", res["resumeCommand"])

    def test_a_refused_start_after_work_is_partial(self):
        # The 7-day window closes while the node groups go back: EKS refuses
        # the control plane's rollback (400), after two actions were done.
        sc = self.rollback(duration_seconds=2.5)
        sc["cluster"]["updates"][1]["createdAgoSeconds"] = 7 * 86400 - 3
        with Simulator(sc) as sim:
            r = tool(sim, "rollback", "--cluster", "demo", "--with-nodegroups", "--approve",
                     "--poll-interval", "200ms", "--output", "json")
            res = self.partial(r)
            self.assertEqual(len(res["completed"]), 2)
            self.assertEqual(res["version"], "1.32")
            self.assertEqual(res["errors"][0]["errorCode"], "InvalidRequestException")
            self.assertIn("rollback window", res["errors"][0]["errorMessage"])


    def test_a_batch_member_that_cannot_start_after_others_did(self):
        # --nodegroup-parallelism 2: ng-a starts, ng-b's start is refused.
        # Before, ng-a was neither followed nor reported (exit 1, Error).
        for to, done in (("1.32", [("control-plane", "demo"), ("nodegroup", "ng-a")]),
                         ("1.31", [("nodegroup", "ng-a")])):
            sc = scenario()
            sc["faults"] = [{"operation": "UpdateNodegroupVersion", "kind": "deny",
                             "after": 1, "count": -1}]
            if to == "1.31":  # the control plane is there already: only the batch
                for ng in sc["cluster"]["nodegroups"]:
                    ng["version"] = "1.30"
            with Simulator(sc) as sim:
                r = apply(sim, "--to", to, "--with-nodegroups", "--nodegroup-parallelism", "2",
                          "--no-kube-api", "--approve", "--output", "json")
                res = self.partial(r)
                evs = events(self, r)
                self.assertEqual([(e["name"], e["status"]) for e in of(evs, "action-ended")],
                                 [("ng-a", "Successful")])
                self.assertEqual([(c["type"], c["name"]) for c in res["completed"]], done)
                self.assertEqual(res["errors"][0]["errorCode"], "AccessDeniedException")
                self.assertIn("ng-b", res["errors"][0]["errorMessage"] + r.stderr)
                self.assertEqual(sim.state()["clusters"]["demo"]["nodegroups"]["ng-a"], to)

class AdoptOnlyTheSameChange(unittest.TestCase):
    """SPEC §9: a re-run adopts an add-on's or node group's update in progress
    only when it makes the planned change; another one is waited for and the
    planned update started after it (before, it was adopted and reported as
    the planned change while the add-on or node group stayed where it went)."""

    def rerun(self, sc, scope, to):
        """A run that times out leaves its update (to 1.31's version) running;
        then apply --to `to` in JSON. Returns (simulator, second run)."""
        sim = Simulator(sc)
        self.addCleanup(sim.stop)
        sim.start()
        r = apply(sim, "--to", "1.31", scope, "--no-kube-api", "--approve", "--timeout", "1s")
        self.assertEqual(r.returncode, 5, r.stdout + r.stderr)
        r = apply(sim, "--to", to, scope, "--no-kube-api", "--approve", "--output", "json")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        return sim, r

    def ng_a_behind(self):
        sc = scenario(nodegroups={"ng-a": {"duration_seconds": 4}})
        sc["cluster"]["nodegroups"][0]["version"] = "1.30"
        return sc

    def test_a_running_addon_update_to_another_version_is_waited_for(self):
        sc = scenario(addons={"kube-proxy": {"duration_seconds": 4}})
        kube_proxy = sc["addon_versions"][1]["versions"]
        kube_proxy.append({"addonVersion": "v1.30.9-eksbuild.1", "clusterVersions": ["1.30"],
                           "defaultFor": ["1.30"]})
        sc["cluster"]["addons"][2]["addonVersion"] = "v1.30.9-eksbuild.1"
        sim = Simulator(sc)
        self.addCleanup(sim.stop)
        sim.start()
        r = apply(sim, "--to", "1.31", "--with-addons", "--no-kube-api", "--approve",
                  "--timeout", "1s")
        self.assertEqual(r.returncode, 5, r.stdout + r.stderr)
        # While kube-proxy's update to v1.31.3 runs, EKS makes a newer build
        # 1.31's default: the re-run moves kube-proxy (behind the control
        # plane's 1.31) to it first, so the running update is not the
        # planned change. It is waited for, not adopted.
        for v in kube_proxy:
            if v["addonVersion"] == "v1.31.3-eksbuild.2":
                v["defaultFor"] = []
        kube_proxy.append({"addonVersion": "v1.31.4-eksbuild.1",
                           "clusterVersions": ["1.31", "1.32"], "defaultFor": ["1.31"]})
        sim.set_scenario({"addon_versions": sc["addon_versions"]})
        r = apply(sim, "--to", "1.32", "--with-addons", "--no-kube-api", "--approve",
                  "--output", "json")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual([q["addonVersion"] for q in sim.requests(operation="UpdateAddon")
                          if q["addonName"] == "kube-proxy" and q.get("updateId")],
                         ["v1.31.3-eksbuild.2", "v1.31.4-eksbuild.1", "v1.32.0-eksbuild.2"])
        ended = [e for e in of(events(self, r), "action-ended") if e["name"] == "kube-proxy"]
        self.assertEqual([(e["to"], e["status"]) for e in ended],
                         [("v1.31.4-eksbuild.1", "Successful"),
                          ("v1.32.0-eksbuild.2", "Successful")])
        self.assertEqual(sim.state()["clusters"]["demo"]["addons"]["kube-proxy"],
                         "v1.32.0-eksbuild.2")
        self.assertIn("waiting for it to end", r.stderr)

    def test_a_running_nodegroup_update_to_another_version_is_waited_for(self):
        sim, r = self.rerun(self.ng_a_behind(), "--with-nodegroups", "1.32")
        self.assertEqual(sim.state()["clusters"]["demo"]["nodegroups"]["ng-a"], "1.32")
        ended = [e for e in of(events(self, r), "action-ended") if e["name"] == "ng-a"]
        self.assertEqual([(e["from"], e["to"], e["status"]) for e in ended],
                         [("1.30", "1.32", "Successful")])
        self.assertIn("waiting for it to end", r.stderr)

    def test_a_running_update_making_the_planned_change_is_adopted(self):
        sim, r = self.rerun(self.ng_a_behind(), "--with-nodegroups", "1.31")
        self.assertNotIn("waiting for it to end", r.stderr)
        self.assertEqual(len([q for q in sim.requests(operation="UpdateNodegroupVersion")
                              if q.get("updateId")]), 1)
        self.assertEqual(sim.state()["clusters"]["demo"]["nodegroups"]["ng-a"], "1.31")

if __name__ == "__main__":
    unittest.main()
