"""The data plane through the Kubernetes API (issue 17; SPEC §4 dataplane-skew
and pod-disruption, §8, §11): the real binary against the simulator's API
server. Every node's kubelet against the skew rule (self-managed, Karpenter,
Auto Mode, Fargate, hybrid and managed nodes), for the target and every step
of a --multi-step path; nodes read as Tables page by page in bounded memory,
NodeLists when Tables are not served; PDBs with --with-nodegroups; every way
the API cannot be used is a skip with an actionable reason and exit 0;
--no-kube-api sends nothing; only the cluster's CA is trusted; the bearer
token is never printed."""
import json
import os
import subprocess
import sys
import tempfile
import time
import unittest

from common import BEARER_PREFIX, BINARY, ROOT, assert_no_secrets, run

sys.path.insert(0, os.path.join(ROOT, "tests", "sim"))
from simctl import Simulator  # noqa: E402

# kubectl's Accept header for `get` (SPEC §11).
TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
ACCEPT_TABLE = ("application/json;as=Table;v=v1;g=meta.k8s.io,"
                "application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json")
KUBELET_KEYS = ["version", "count", "nodes"]
# The demo cluster: 1.31 → 1.32, two managed node groups of two nodes each at 1.31.
DEMO_NODES = 4


def nodes(*specs):
    """Scenario override: these nodes besides the node groups' own."""
    return {"cluster": {"nodes": [dict(count=c, version=v, kind=k) for c, v, k in specs]}}


def merge(*parts):
    out = {}
    for p in parts:
        for k, v in p.items():
            if isinstance(v, dict) and isinstance(out.get(k), dict):
                out[k] = merge(out[k], v)
            else:
                out[k] = v
    return out


class DataPlane(unittest.TestCase):
    def sim(self, overrides=None, scenario="demo"):
        sim = Simulator(scenario, overrides=overrides or {})
        sim.start()
        self.addCleanup(sim.stop)
        return sim

    def run_tool(self, sim, *args):
        r = run(*args, env=sim.env(NO_COLOR="1", AWS_EC2_METADATA_DISABLED="true"))
        self.assertLess(r.returncode, 128, r.stderr)
        # The bearer tokens the API server received never show up (SPEC §8).
        for token in sim.issued_secrets():
            self.assertNotIn(token, r.stdout + r.stderr)
        return r

    def plan(self, sim, *args, code=0):
        """plan --output json; returns (plan, checks by id)."""
        r = self.run_tool(sim, "plan", "--cluster", "demo", "--output", "json", *args)
        self.assertEqual(r.returncode, code, r.stdout + r.stderr)
        doc = json.loads(r.stdout)
        return doc, {c["id"]: c for c in doc["checks"]}

    def api_calls(self, sim, operation=None):
        return [e for e in sim.requests(service="apiserver")
                if operation is None or e["operation"] == operation]

    def assert_kubelet_items(self, check):
        for item in check["items"]:
            self.assertEqual(list(item), KUBELET_KEYS, item)
            self.assertLessEqual(len(item["nodes"]), 5)
            self.assertEqual(len(item["nodes"]), min(5, item["count"]))


class SkewRule(DataPlane):
    def test_self_managed_nodes_four_minors_behind_block(self):
        sim = self.sim(nodes((3, "1.28", "self-managed")))
        doc, checks = self.plan(sim, code=3)
        c = checks["dataplane-skew"]
        self.assertEqual(c["status"], "fail", c)
        self.assertIn("3 of 7 nodes (3 self-managed) would be too far behind 1.32", c["message"])
        self.assertIn("kubelet 1.28 allows the control plane up to 1.31", c["message"])
        self.assert_kubelet_items(c)
        self.assertEqual([(i["version"], i["count"]) for i in c["items"]],
                         [("1.28", 3), ("1.31", DEMO_NODES)])
        self.assertTrue(doc["blocked"])
        self.assertEqual(doc["steps"][0]["checks"], doc["checks"])
        r = self.run_tool(sim, "plan", "--cluster", "demo")
        self.assertEqual(r.returncode, 3)
        self.assertIn("[✖] dataplane-skew: 3 of 7 nodes", r.stdout)
        self.assertIn("    - 1.28: 3 nodes (3 self-managed): ", r.stdout)
        self.assertIn("[✖] upgrade blocked by 1 check: dataplane-skew", r.stdout)

    def test_three_minors_behind_warn(self):
        sim = self.sim(nodes((2, "1.29", "fargate")))
        _, checks = self.plan(sim)
        c = checks["dataplane-skew"]
        self.assertEqual(c["status"], "warn", c)
        self.assertEqual(c["message"], "2 of 6 nodes are behind the control plane 1.31; allowed "
                                       "at 1.32 (kubelet 1.29 allows up to 1.32)")

    def test_a_node_newer_than_the_target_blocks(self):
        sim = self.sim(nodes((1, "1.33", "hybrid")))
        _, checks = self.plan(sim, code=3)
        c = checks["dataplane-skew"]
        self.assertEqual(c["status"], "fail", c)
        self.assertIn("1 of 5 nodes (1 hybrid) runs a kubelet newer than 1.32", c["message"])

    def test_managed_nodes_count_at_their_planned_node_group_version(self):
        """1.30 → 1.33 with --with-nodegroups, ng-old at 1.29: the plan moves
        it to 1.32 after step 1.32, so step 1.33 counts its nodes at 1.32,
        as --no-kube-api's nodegroup-skew does (audit2 #3b: the path was
        blocked when the API could be read and allowed without it)."""
        sim = self.sim({"cluster": {"nodegroups": [
            {"nodegroupName": "ng-old", "version": "1.29"}]}}, scenario="multi-step")
        doc, checks = self.plan(sim, "--to", "1.33", "--multi-step", "--with-nodegroups")
        self.assertFalse(doc["blocked"])
        later = {c["id"]: c for c in doc["steps"][2]["checks"]}["dataplane-skew"]
        self.assertEqual(later["status"], "pass", later)
        self.assertEqual(later["message"],
                         "all 2 nodes run kubelet 1.32 (2 managed nodes counted at the version "
                         "--with-nodegroups updates their node groups to first)")
        # The items are the kubelets as they are.
        self.assertEqual([(i["version"], i["count"]) for i in later["items"]], [("1.29", 2)])
        self.assertEqual(checks["dataplane-skew"]["status"], "warn")
        # Without --with-nodegroups nothing moves them: blocked at 1.33.
        doc, _ = self.plan(sim, "--to", "1.33", "--multi-step", code=3)
        later = {c["id"]: c for c in doc["steps"][2]["checks"]}["dataplane-skew"]
        self.assertEqual(later["status"], "fail", later)

    def test_a_managed_node_group_moved_before_the_first_step_does_not_block_it(self):
        """ng-old at 1.27 under a 1.30 control plane: --with-nodegroups moves
        it to 1.30 before UpdateClusterVersion to 1.31."""
        sim = self.sim({"cluster": {"nodegroups": [
            {"nodegroupName": "ng-old", "version": "1.27"}]}}, scenario="multi-step")
        _, checks = self.plan(sim, "--to", "1.31", "--with-nodegroups")
        c = checks["dataplane-skew"]
        self.assertEqual(c["status"], "pass", c)
        self.assertIn("all 2 nodes run kubelet 1.30 (2 managed nodes counted", c["message"])
        self.assertEqual(self.plan(sim, "--to", "1.31", code=3)[1]["dataplane-skew"]["status"],
                         "fail")

    def test_every_kind_of_node_is_counted_and_told_apart(self):
        sim = self.sim(nodes((1, "1.31", "self-managed"), (2, "1.31", "karpenter"),
                             (1, "1.31", "auto"), (3, "1.31", "fargate"), (1, "1.31", "hybrid")))
        r = self.run_tool(sim, "plan", "--cluster", "demo")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("[✔] dataplane-skew: all 12 nodes run kubelet 1.31", r.stdout)
        self.assertIn("    - 1.31: 12 nodes (4 managed, 1 self-managed, 2 Karpenter, 1 Auto Mode, "
                      "3 Fargate, 1 hybrid): ", r.stdout)
        self.assertIn(" and 7 more\n", r.stdout)

    def test_every_step_of_a_multi_step_path_is_forecast(self):
        """1.29 kubelets are within the rule at 1.32 but four behind at 1.33:
        the whole path is blocked before anything starts."""
        sim = self.sim(nodes((1, "1.29", "self-managed")))
        doc, checks = self.plan(sim, "--to", "1.33", "--multi-step", code=3)
        self.assertEqual(doc["path"], ["1.32", "1.33"])
        self.assertEqual(checks["dataplane-skew"]["status"], "warn")
        later = {c["id"]: c for c in doc["steps"][1]["checks"]}
        self.assertEqual(later["dataplane-skew"]["status"], "fail", later["dataplane-skew"])
        self.assertIn("would be too far behind 1.33", later["dataplane-skew"]["message"])
        self.assertTrue(doc["steps"][1]["blocked"])
        r = self.run_tool(sim, "apply", "--cluster", "demo", "--to", "1.33", "--multi-step",
                          "--approve", "--poll-interval", "200ms")
        self.assertEqual(r.returncode, 3, r.stdout + r.stderr)
        self.assertIn("step 1.32 → 1.33 would fail 1 check: dataplane-skew", r.stdout)
        self.assertEqual(sim.count("UpdateClusterVersion"), 0)

    def test_a_rollback_is_not_blocked_by_auto_mode_and_warns_for_fargate(self):
        """SPEC §10: EKS rolls Auto Mode nodes back itself (no block) and
        deletes Fargate pods that come back at N-1 (warn); a self-managed
        kubelet at N still blocks, and the message counts only it."""
        sim = self.sim(nodes((2, "1.32", "auto"), (3, "1.32", "fargate")), scenario="rollback")
        doc, checks = self.plan(sim, "--to", "1.31")
        self.assertEqual(doc["kind"], "rollback")
        c = checks["dataplane-skew"]
        self.assertEqual(c["status"], "warn", c)
        self.assertEqual(c["message"],
                         "3 Fargate nodes run a kubelet newer than 1.31: EKS deletes their pods "
                         "during the rollback and they come back at 1.31; 2 Auto Mode: EKS "
                         "rolls them back itself")
        self.assertEqual([(i["version"], i["count"]) for i in c["items"]],
                         [("1.31", DEMO_NODES), ("1.32", 5)])

        sim = self.sim(nodes((1, "1.32", "auto")), scenario="rollback")
        _, checks = self.plan(sim, "--to", "1.31")
        c = checks["dataplane-skew"]
        self.assertEqual((c["status"], c["message"]),
                         ("pass", "1 of 5 nodes runs a kubelet newer than 1.31, which does not "
                                  "block the rollback: 1 Auto Mode: EKS rolls it back itself"))

        sim = self.sim(nodes((2, "1.32", "auto"), (1, "1.32", "self-managed"),
                             (1, "1.32", "fargate")), scenario="rollback")
        doc, checks = self.plan(sim, "--to", "1.31", code=3)
        c = checks["dataplane-skew"]
        self.assertEqual(c["status"], "fail", c)
        self.assertIn("1 of 8 nodes (1 self-managed) runs a kubelet newer than 1.31",
                      c["message"])
        self.assertTrue(doc["blocked"])

    def test_an_upgrade_counts_auto_mode_and_fargate_nodes_newer_than_its_target(self):
        # Only a rollback is exempt: an upgrade's target below a node is a fail.
        sim = self.sim(nodes((1, "1.33", "auto"), (1, "1.33", "fargate")))
        _, checks = self.plan(sim, code=3)
        c = checks["dataplane-skew"]
        self.assertEqual(c["status"], "fail", c)
        self.assertIn("2 of 6 nodes (1 Auto Mode, 1 Fargate) run a kubelet newer than 1.32",
                      c["message"])

    def test_unreadable_kubelet_version_warns(self):
        sim = self.sim(nodes((1, "bogus", "self-managed")))
        _, checks = self.plan(sim)
        c = checks["dataplane-skew"]
        self.assertEqual(c["status"], "warn")
        self.assertIn("1 node reports a kubelet version that cannot be read", c["message"])
        self.assertEqual(c["items"][-1]["version"], "unknown")


class Reading(DataPlane):
    def test_1200_nodes_over_pages_of_500_all_counted_in_bounded_memory(self):
        sim = self.sim({"cluster": {"nodegroups": [], "nodes": [
            {"count": 1200, "version": "1.31", "kind": "self-managed"}]},
            "apiserver": {"page_max": 500}})
        env = sim.env(NO_COLOR="1", AWS_EC2_METADATA_DISABLED="true")
        with tempfile.NamedTemporaryFile("r") as rss:
            # GNU time: a small C parent, so the figure is the tool's own (a
            # child forked from this Python process starts with its pages).
            timed = [TIME, "-f", "%M", "-o", rss.name] if TIME else []
            r = subprocess.run([*timed, BINARY, "plan", "--cluster", "demo", "--output", "json"],
                               env=env, capture_output=True, text=True, timeout=120)
            peak_kib = int(rss.read().split()[-1]) if TIME else None
        stdout, stderr = r.stdout, r.stderr
        assert_no_secrets(env, stdout, stderr)
        self.assertEqual(r.returncode, 0, stderr)
        checks = {c["id"]: c for c in json.loads(stdout)["checks"]}
        c = checks["dataplane-skew"]
        self.assertEqual(c["message"], "all 1200 nodes run kubelet 1.31")
        self.assertEqual([(i["version"], i["count"]) for i in c["items"]], [("1.31", 1200)])
        calls = self.api_calls(sim, "ListNodes")
        self.assertEqual([e["format"] for e in calls], ["Table"] * 4)
        self.assertEqual([e["items"] for e in calls], [100, 500, 500, 100])
        self.assertEqual([e["limit"] for e in calls], ["100", "500", "500", "500"])
        self.assertTrue(all(e["accept"] == ACCEPT_TABLE for e in calls), calls[0]["accept"])
        self.assertTrue(all("includeObject=Metadata" in e["query"] for e in calls))
        self.assertGreater(max(e["responseBytes"] for e in calls), 1024 * 1024)
        if peak_kib is None:
            self.skipTest("peak RSS not measured: /usr/bin/time (GNU time) is not installed")
        if os.environ.get("EKS_UPGRADE_BIN"):
            self.skipTest("peak RSS is the static binary's figure (this run tests %s)" % BINARY)
        # Under 8 MiB with pages of ~1.7 MiB (tests/bench.sh prints the figure).
        self.assertLess(peak_kib, 8 * 1024, "peak RSS %d KiB" % peak_kib)

    def test_node_lists_when_tables_are_not_served(self):
        sim = self.sim(merge(nodes((230, "1.30", "karpenter")), {"apiserver": {"tables": False}}))
        _, checks = self.plan(sim)
        c = checks["dataplane-skew"]
        self.assertEqual(c["status"], "warn")
        self.assertEqual([(i["version"], i["count"]) for i in c["items"]],
                         [("1.30", 230), ("1.31", DEMO_NODES)])
        calls = self.api_calls(sim, "ListNodes")
        self.assertEqual([e["format"] for e in calls], ["NodeList"] * 3)
        self.assertEqual([e["limit"] for e in calls], ["100", "100", "100"])
        # After the first answer, plain NodeList requests (no Table asked for).
        self.assertEqual([e["accept"] for e in calls[1:]], ["application/json"] * 2)

    def test_406_to_the_table_request_falls_back_to_node_lists(self):
        sim = self.sim({"apiserver": {"tables": "refuse"}})
        _, checks = self.plan(sim)
        self.assertEqual(checks["dataplane-skew"]["status"], "pass")
        calls = self.api_calls(sim, "ListNodes")
        self.assertEqual([e["status"] for e in calls], [406, 200])
        self.assertEqual(calls[1]["format"], "NodeList")

    def test_small_pages_follow_every_continue(self):
        sim = self.sim(merge(nodes((23, "1.30", "self-managed")), {"apiserver": {"page_max": 4}}))
        _, checks = self.plan(sim)
        self.assertEqual(sum(i["count"] for i in checks["dataplane-skew"]["items"]),
                         23 + DEMO_NODES)
        self.assertEqual(len(self.api_calls(sim, "ListNodes")), 7)

    def test_a_page_that_breaks_the_model_is_a_skip_naming_the_field(self):
        body = {"kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": {},
                "columnDefinitions": [{"name": "Name"}, {"name": "Version"}],
                "rows": [{"cells": ["ip-1", "v1.31.2"]}, {"cells": ["ip-2", 131]}]}
        sim = self.sim({"responses": {"ListNodes": {"body": body}}})
        _, checks = self.plan(sim)
        c = checks["dataplane-skew"]
        self.assertEqual(c["status"], "skip")
        self.assertEqual(c["message"], "the API server's node list cannot be read: rows.1: "
                                       "cells.1 (Version): expected a string, found number")

    def test_transient_errors_on_later_pages_are_retried(self):
        sim = self.sim(merge(nodes((150, "1.31", "self-managed")), {
            "faults": [{"operation": "ListNodes", "kind": "http503", "after": 1}]}))
        _, checks = self.plan(sim)
        self.assertEqual(checks["dataplane-skew"]["message"], "all 154 nodes run kubelet 1.31")
        self.assertEqual([e["status"] for e in self.api_calls(sim, "ListNodes")], [200, 503, 200])


class Skipped(DataPlane):
    """Every way the API cannot be used: skip, the reason and what to do, exit 0."""

    def skipped(self, sim, *args):
        doc, checks = self.plan(sim, "--with-nodegroups", *args)
        self.assertFalse(doc["blocked"])
        c = checks["dataplane-skew"]
        self.assertEqual(c["status"], "skip", c)
        self.assertEqual(c["items"], [])
        return c["message"], checks["pod-disruption"]

    def test_403_names_the_rbac_permission(self):
        sim = self.sim({"apiserver": {"forbidden": ["nodes"]}})
        reason, pdb = self.skipped(sim)
        self.assertIn("not allowed to list nodes (403 Forbidden: nodes is forbidden: User "
                      "\"arn:aws:iam::111122223333:user/demo\" cannot list resource \"nodes\"",
                      reason)
        self.assertIn("grant this principal's Kubernetes identity `list nodes` (the ClusterRole "
                      "eks-upgrade-reader in the README), or add --no-kube-api", reason)
        self.assertEqual(pdb["status"], "pass")  # another permission: still asked

    def test_403_for_pdbs_names_their_permission(self):
        sim = self.sim({"apiserver": {"forbidden": ["poddisruptionbudgets"]}})
        doc, checks = self.plan(sim, "--with-nodegroups")
        self.assertEqual(checks["dataplane-skew"]["status"], "pass")
        self.assertEqual(checks["pod-disruption"]["status"], "skip")
        self.assertIn("`list poddisruptionbudgets`", checks["pod-disruption"]["message"])

    def test_401_names_the_access_entry(self):
        sim = self.sim({"apiserver": {"unauthorized": True}})
        reason, pdb = self.skipped(sim)
        self.assertIn("did not accept the EKS token (401 Unauthorized): this IAM principal has "
                      "no access entry on the cluster (aws eks create-access-entry", reason)
        self.assertIn("expired (is the clock right?)", reason)
        self.assertEqual(pdb["message"], reason)
        self.assertEqual([e["status"] for e in self.api_calls(sim)], [401])

    def test_unreachable_endpoint(self):
        sim = self.sim({"apiserver": {"unreachable": True}})
        reason, _ = self.skipped(sim)
        self.assertRegex(reason, r"^cannot reach the cluster's API server localhost:\d+ \(")
        self.assertIn("run from inside the VPC or an allowed network, or add --no-kube-api",
                      reason)

    def test_private_endpoint_says_to_run_inside_the_vpc(self):
        sim = self.sim({"apiserver": {"unreachable": True}, "cluster": {"resourcesVpcConfig": {
            "endpointPublicAccess": False, "endpointPrivateAccess": True,
            "subnetIds": ["subnet-1"], "securityGroupIds": [], "vpcId": "vpc-1"}}})
        reason, _ = self.skipped(sim)
        self.assertIn("its endpoint is private (endpointPublicAccess false): run eks-upgrade "
                      "from inside the cluster's VPC (or a network joined to it), or add "
                      "--no-kube-api", reason)

    def test_timeout(self):
        """The API server answers after 6 s; --timeout 3s bounds the plan (it did
        not before: plan's requests ignored --timeout)."""
        sim = self.sim({"faults": [{"operation": "ListNodes", "kind": "delay", "seconds": 6,
                                    "count": -1}]})
        started = time.monotonic()
        reason, _ = self.skipped(sim, "--timeout", "3s")
        self.assertLess(time.monotonic() - started, 5.5)
        self.assertRegex(reason, r"^the cluster's API server localhost:\d+ did not answer in "
                                 r"time \(")
        self.assertIn("or add --no-kube-api", reason)

    def test_a_certificate_not_from_the_cluster_ca_is_refused(self):
        """The simulator's certificate is trusted by AWS_CA_BUNDLE (EKS and STS
        are reached with it), but the cluster's CA from DescribeCluster is
        another one: the API server must be refused, and nothing sent."""
        sim = self.sim({"apiserver": {"ca": "other"}})
        reason, _ = self.skipped(sim)
        self.assertRegex(reason, r"^the API server localhost:\d+ is not verified by the "
                                 r"cluster's own CA from DescribeCluster \(")
        self.assertIn("so nothing was sent to it", reason)
        self.assertEqual(self.api_calls(sim), [])

    def test_no_kube_api_sends_nothing(self):
        sim = self.sim(nodes((1, "1.20", "self-managed")))
        doc, checks = self.plan(sim, "--no-kube-api", "--with-nodegroups")
        self.assertEqual(checks["dataplane-skew"]["status"], "skip")
        self.assertEqual(checks["dataplane-skew"]["message"],
                         "--no-kube-api: the nodes were not read")
        self.assertEqual(checks["pod-disruption"]["status"], "skip")
        self.assertFalse(doc["blocked"])
        r = self.run_tool(sim, "apply", "--cluster", "demo", "--no-kube-api")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("[ℹ] dataplane-skew: skipped: --no-kube-api", r.stdout)
        self.assertEqual(self.api_calls(sim), [])

    def test_nothing_to_do_asks_nothing(self):
        sim = self.sim()
        doc, checks = self.plan(sim, "--to", "1.31")
        self.assertEqual(checks["dataplane-skew"]["status"], "skip")
        self.assertEqual(self.api_calls(sim), [])


class Tokens(DataPlane):
    def test_the_token_goes_only_to_the_api_server_and_is_never_printed(self):
        sim = self.sim(merge(nodes((1, "1.29", "self-managed")), {"cluster": {
            "podDisruptionBudgets": [{"name": "web", "disruptionsAllowed": 0}]}}))
        for extra in ([], ["--output", "json"]):
            r = self.run_tool(sim, "plan", "--cluster", "demo", "--with-nodegroups", "--debug",
                              *extra)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("debug: ListNodes GET https://localhost:", r.stderr)
            self.assertIn("debug: ListPodDisruptionBudgets GET", r.stderr)
        self.assertTrue([t for t in sim.issued_secrets() if t.startswith(BEARER_PREFIX)])
        self.assertEqual([e["status"] for e in self.api_calls(sim)], [200] * 4)

    def test_refused_tokens_are_not_echoed(self):
        sim = self.sim({"apiserver": {"unauthorized": True}})
        r = self.run_tool(sim, "plan", "--cluster", "demo", "--debug")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(any(t.startswith(BEARER_PREFIX) for t in sim.issued_secrets()))


class PodDisruption(DataPlane):
    PDBS = {"cluster": {"podDisruptionBudgets": [
        {"namespace": "shop", "name": "checkout", "disruptionsAllowed": 0, "expectedPods": 3},
        {"namespace": "kube-system", "name": "coredns", "disruptionsAllowed": 1},
        {"namespace": "shop", "name": "idle", "disruptionsAllowed": 0, "expectedPods": 0},
        {"namespace": "shop", "name": "just-created", "status": False}]}}

    def test_with_nodegroups_warns_naming_each_pdb_that_allows_no_disruption(self):
        sim = self.sim(self.PDBS)
        doc, checks = self.plan(sim, "--with-nodegroups")
        c = checks["pod-disruption"]
        self.assertEqual(c["status"], "warn")
        self.assertEqual(c["message"], "2 of 4 PodDisruptionBudgets allow no disruption now: "
                                       "draining a node that runs their pods stalls (a managed "
                                       "node group update fails with PodEvictionFailure after "
                                       "15 minutes)")
        self.assertEqual(c["items"], [{"namespace": "shop", "name": "checkout"},
                                      {"namespace": "shop", "name": "just-created"}])
        self.assertFalse(doc["blocked"])
        self.assertEqual([ch["id"] for ch in doc["checks"]][-2:],
                         ["dataplane-skew", "pod-disruption"])
        calls = self.api_calls(sim, "ListPodDisruptionBudgets")
        self.assertEqual(len(calls), 1)
        self.assertEqual(calls[0]["query"], "limit=500")
        r = self.run_tool(sim, "plan", "--cluster", "demo", "--with-nodegroups")
        self.assertIn("[!] pod-disruption: 2 of 4 PodDisruptionBudgets", r.stdout)
        self.assertIn("    - shop/checkout\n    - shop/just-created\n", r.stdout)

    def test_without_nodegroups_no_pdb_is_read(self):
        sim = self.sim(self.PDBS)
        _, checks = self.plan(sim)
        self.assertNotIn("pod-disruption", checks)
        self.assertEqual(self.api_calls(sim, "ListPodDisruptionBudgets"), [])


class KubectlAgrees(DataPlane):
    """kubectl itself against the simulator's API server, authenticated by
    `eks-upgrade token` as its exec plugin: the Accept header the tool sends
    is kubectl's, and the Tables the simulator serves are ones kubectl reads."""

    def kubeconfig(self, sim):
        import base64
        with open(sim.ca_path, "rb") as f:
            ca = base64.b64encode(f.read()).decode()
        env = sim.env()
        config = {
            "apiVersion": "v1", "kind": "Config", "current-context": "demo",
            "clusters": [{"name": "demo", "cluster": {
                "server": sim.https_url, "certificate-authority-data": ca}}],
            "contexts": [{"name": "demo", "context": {"cluster": "demo", "user": "demo"}}],
            "users": [{"name": "demo", "user": {"exec": {
                "apiVersion": "client.authentication.k8s.io/v1beta1", "command": BINARY,
                "args": ["token", "--cluster", "demo"], "interactiveMode": "Never",
                "env": [{"name": k, "value": v} for k, v in env.items()
                        if k.startswith("AWS_")]}}}]}
        path = os.path.join(sim.state_dir, "kubeconfig")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(config, f)
        return path

    def kubectl(self, sim, *args):
        r = subprocess.run(["kubectl", "--kubeconfig", self.kubeconfig(sim), *args],
                           capture_output=True, text=True, timeout=60,
                           env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"),
                                "HOME": sim.state_dir})
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout

    def setUp(self):
        if subprocess.run(["sh", "-c", "command -v kubectl"], capture_output=True).returncode:
            self.skipTest("kubectl is not installed")

    def test_kubectl_reads_the_simulated_tables_with_the_same_accept_header(self):
        sim = self.sim(merge(nodes((2, "1.29", "fargate")), {"cluster": {
            "podDisruptionBudgets": [{"namespace": "shop", "name": "web",
                                      "disruptionsAllowed": 0}]}}))
        out = self.kubectl(sim, "get", "nodes")
        lines = out.splitlines()
        self.assertEqual(lines[0].split(), ["NAME", "STATUS", "ROLES", "AGE", "VERSION"])
        self.assertEqual(len(lines), 1 + DEMO_NODES + 2)
        self.assertEqual(sum("v1.29." in ln for ln in lines), 2)
        kubectl_accept = self.api_calls(sim, "ListNodes")[-1]["accept"]
        self.assertEqual(kubectl_accept, ACCEPT_TABLE)
        wide = self.kubectl(sim, "get", "nodes", "-o", "wide", "--show-labels")
        self.assertIn("eks.amazonaws.com/compute-type=fargate", wide)
        self.assertIn("web", self.kubectl(sim, "get", "pdb", "-A"))
        self.run_tool(sim, "plan", "--cluster", "demo")
        self.assertEqual(self.api_calls(sim, "ListNodes")[-1]["accept"], kubectl_accept)


if __name__ == "__main__":
    unittest.main()
