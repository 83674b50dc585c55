"""Tests of modelgen.py (answers generated from ../shared/aws-models) and of
the simulator's answer overrides (responses.py).

    python3 -m unittest discover -s tests/sim -p 'test_*.py'

The generator tests skip when ../shared/aws-models is absent; the override
tests do not need it.
"""

import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import botocore.session  # noqa: E402
from botocore.config import Config  # noqa: E402

import modelgen  # noqa: E402
import responses  # noqa: E402
from simctl import Simulator  # noqa: E402

MODELS = modelgen.models_dir()
NO_MODELS = "../shared/aws-models is absent: the generator reads the EKS model from there"
MODEL = modelgen.load(MODELS) if MODELS else None
# Enums the scenario itself decides (pinned), rotated by the integration tests.
DECIDED_ENUMS = {"ClusterStatus", "UpdateStatus", "Category", "InsightsRefreshStatus",
                 "VersionStatus", "ClusterVersionStatus", "NodegroupStatus"}


def botocore_eks(sim):
    env = sim.env()
    return botocore.session.Session().create_client(
        "eks", region_name="us-west-2", endpoint_url=sim.url, verify=sim.ca_path,
        aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
        config=Config(retries={"mode": "standard", "total_max_attempts": 1}))


@unittest.skipIf(MODEL is None, NO_MODELS)
class TestModel(unittest.TestCase):
    def test_sdk_js_additions_are_merged(self):
        self.assertIn("cancellation", MODEL.members("Update"))
        self.assertEqual(MODEL.member_shape("Update", "cancellation"), "Cancellation")
        self.assertIn("kubeApiServerConfig", MODEL.members("Cluster"))
        self.assertIn("controlPlaneScalingTiers", MODEL.members("ClusterVersionInformation"))
        for shape, value in (("UpdateType", "VersionRollback"), ("UpdateType", "VersionUpdate"),
                             ("UpdateParamType", "KubeApiServerConfig"),
                             ("Category", "ROLLBACK_READINESS"),
                             ("CancellationStatus", "InProgress")):
            self.assertIn(value, MODEL.enum(shape), shape)
        self.assertGreaterEqual(len(MODEL.enum("UpdateParamType")), 60)
        self.assertEqual(MODEL.unresolved, [], "sdk-js member types not found")
        kinds = {a[0] for a in MODEL.added}
        self.assertEqual(kinds, {"shape", "member", "enum"})

    def test_every_tool_operation_is_in_the_model(self):
        for op in modelgen.TOOL_OPERATIONS:
            self.assertEqual(MODEL.shape(MODEL.output(op))["type"], "structure", op)


@unittest.skipIf(MODEL is None, NO_MODELS)
class TestGenerator(unittest.TestCase):
    def test_outputs_are_model_valid_and_maximal(self):
        gen = modelgen.Generator(MODEL)
        for op in modelgen.TOOL_OPERATIONS:
            shape = MODEL.output(op)
            value = gen.structure(shape)
            found = modelgen.validate(MODEL, shape, value, allow_null=False)
            self.assertEqual(found.problems, [], op)
            self.assertTrue(found.unknown_members, op)  # unknown members everywhere
            self.assertEqual(set(value) - set(gen.extras(shape)), set(MODEL.members(shape)), op)
            json.dumps(value)

    def test_every_member_present_at_every_depth(self):
        gen = modelgen.Generator(MODEL)
        value = gen.structure("Cluster")

        def walk(shape, v, path):
            s = MODEL.shape(shape)
            if s["type"] == "structure":
                missing = set(s["members"]) - set(v)
                self.assertEqual(missing, set(), path)
                for k, ref in s["members"].items():
                    walk(ref["shape"], v[k], path + "." + k)
            elif s["type"] == "list":
                self.assertTrue(v, path)  # lists are never empty
                walk(s["member"]["shape"], v[0], path + "[0]")
        walk("Cluster", value, "cluster")

    def test_long_strings_and_bounds(self):
        gen = modelgen.Generator(MODEL)
        c = gen.structure("Cluster")
        self.assertGreaterEqual(len(c["roleArn"].encode()), 2048)
        self.assertLessEqual(len(c["roleArn"].encode()), 10240)
        for k, v in c["tags"].items():  # TagKey max 128, TagValue max 256
            self.assertLessEqual(len(k), 128)
            self.assertLessEqual(len(v), 256)
        name = gen.string("ClusterName", "name")
        self.assertEqual(len(name), 100)
        self.assertEqual(modelgen.validate(MODEL, "ClusterName", name).problems, [])

    def test_nulls_variant(self):
        gen = modelgen.Generator(MODEL, nulls=True)
        v = gen.structure("Nodegroup", {"Nodegroup.nodegroupName": "ng"})
        self.assertEqual(v["nodegroupName"], "ng")
        self.assertIsNone(v["version"])
        self.assertEqual(modelgen.validate(MODEL, "Nodegroup", v).problems, [])

    def test_validate_finds_breaks(self):
        f = modelgen.validate(MODEL, "DescribeUpdateResponse",
                              {"update": {"id": 5, "status": "Successful", "createdAt": "x",
                                          "errors": "none", "params": [{"type": "Nope"}],
                                          "brandNew": 1}})
        self.assertEqual(sorted(p for p, _ in f.problems),
                         ["update.createdAt", "update.errors", "update.id"])
        self.assertEqual(f.unknown_members, ["update.brandNew"])
        self.assertEqual(f.unknown_enums, [("update.params[0].type", "Nope")])

    def test_unknown_enum_values_keep_the_enum_style(self):
        self.assertEqual(modelgen.unknown_enum_value(MODEL.enum("ClusterStatus")),
                         "FUTURE_VALUE_2030")
        self.assertEqual(modelgen.unknown_enum_value(MODEL.enum("UpdateStatus")),
                         "FutureValue2030")
        self.assertEqual(modelgen.unknown_enum_value(MODEL.enum("ClusterVersionStatus")),
                         "future-value-2030")
        for shape in ("ClusterStatus", "UpdateStatus", "ClusterVersionStatus", "LogType"):
            self.assertNotIn(modelgen.unknown_enum_value(MODEL.enum(shape)), MODEL.enum(shape))


@unittest.skipIf(MODEL is None, NO_MODELS)
class TestUpdateHistory(unittest.TestCase):
    def test_every_type_param_and_error_code(self):
        gen = modelgen.Generator(MODEL)
        history = modelgen.update_history(gen)
        types = [u["type"] for u in history]
        self.assertEqual(types[:-1], MODEL.enum("UpdateType"))
        self.assertNotIn(types[-1], MODEL.enum("UpdateType"))
        params = {p["type"] for u in history for p in u["params"]}
        self.assertTrue(set(MODEL.enum("UpdateParamType")) <= params)
        self.assertEqual(len(params - set(MODEL.enum("UpdateParamType"))), 1)  # unknown
        codes = {e["errorCode"] for u in history for e in u["errors"]}
        self.assertTrue(set(MODEL.enum("ErrorCode")) <= codes)
        self.assertEqual(len(codes - set(MODEL.enum("ErrorCode"))), 1)
        for u in history:
            shaped = {k: v for k, v in u.items() if k != "version"}
            found = modelgen.validate(MODEL, "Update", shaped, allow_null=False)
            self.assertEqual(found.problems, [], u["type"])
            if u["errors"]:
                self.assertEqual(u["status"], "Failed")
                self.assertGreater(max(len(e["errorMessage"].encode()) for e in u["errors"]),
                                   2048)
        self.assertEqual([u["createdAt"] for u in history],
                         sorted(u["createdAt"] for u in history))

    def test_params_are_realistic(self):
        gen = modelgen.Generator(MODEL)
        by_type = {p["type"]: p["value"] for u in modelgen.update_history(gen)
                   for p in u["params"]}
        logging = json.loads(by_type["ClusterLogging"])
        self.assertEqual(modelgen.validate(MODEL, "Logging", logging).problems, [])
        self.assertIn("clusterLogging", logging)
        self.assertEqual(len(json.loads(by_type["PublicAccessCidrs"])), 40)
        self.assertEqual(by_type["Version"], "1.31")
        for ptype, shape in modelgen.PARAM_SHAPES.items():
            if ptype in by_type:
                doc = json.loads(by_type[ptype])
                self.assertEqual(modelgen.validate(MODEL, shape, doc).problems, [], ptype)
        self.assertGreater(len(by_type["ConfigurationValues"]), 2000)


@unittest.skipIf(MODEL is None, NO_MODELS)
class TestScenario(unittest.TestCase):
    def test_consistent_and_model_valid(self):
        gen = modelgen.Generator(MODEL)
        sc = modelgen.maximal_scenario(gen)
        c = sc["cluster"]
        self.assertEqual((c["name"], c["version"], c["status"]), ("demo", "1.31", "ACTIVE"))
        shaped = {k: v for k, v in c.items() if k not in ("nodegroups", "addons", "insights",
                                                           "updates")}
        self.assertEqual(modelgen.validate(MODEL, "Cluster", shaped).problems, [])
        for kind, shape in (("nodegroups", "Nodegroup"), ("addons", "Addon"),
                            ("insights", "Insight")):
            self.assertGreater(len(c[kind]), 0, kind)
            for item in c[kind]:
                self.assertEqual(modelgen.validate(MODEL, shape, item).problems, [], kind)
        self.assertGreater(len(c["nodegroups"]), 10)  # more than one page
        self.assertEqual({n["version"] for n in c["nodegroups"]}, {"1.31"})
        self.assertEqual({i["kubernetesVersion"] for i in c["insights"]}, {"1.32"})
        self.assertNotIn("ERROR", {i["insightStatus"]["status"] for i in c["insights"]})
        for rule in sc["responses"]["DescribeAddonVersions"]:
            body = rule["body"]
            self.assertEqual(modelgen.validate(MODEL, "DescribeAddonVersionsResponse",
                                               body).problems, [])
            self.assertEqual([a["addonName"] for a in body["addons"]],
                             [rule["match"]["addonName"]])
        self.assertEqual(set(sc["responses"]), set(modelgen.TOOL_OPERATIONS))
        self.assertLess(len(json.dumps(sc)), 6 << 20)

    def test_six_scenarios_hand_out_every_enum_value(self):
        gen = modelgen.Generator(MODEL)
        for _ in range(6):
            modelgen.maximal_scenario(gen)
        reachable = set()
        for op in modelgen.TOOL_OPERATIONS:
            reachable |= MODEL.enums_under(MODEL.output(op))
        cov = modelgen.coverage(gen)
        for shape in sorted(reachable - DECIDED_ENUMS):
            total, used, unknown = cov.get(shape, (len(MODEL.enum(shape)), 0, 0))
            self.assertEqual((used, unknown >= 1), (total, True), shape)


class TestMerge(unittest.TestCase):
    def test_under_over_and_templates(self):
        live = {"a": 1, "b": {"c": 2}, "items": [{"id": 1}, {"id": 2, "x": 0}], "n": None}
        patch = {"a": 9, "b": {"d": 3}, "items": {"*": {"x": 5}}, "new": [1], "n": 4}
        self.assertEqual(responses.merge(live, patch, over=False),
                         {"a": 1, "b": {"c": 2, "d": 3}, "items": [{"id": 1, "x": 5},
                                                                  {"id": 2, "x": 0}],
                          "new": [1], "n": None})
        self.assertEqual(responses.merge(live, patch, over=True),
                         {"a": 9, "b": {"c": 2, "d": 3}, "items": [{"id": 1, "x": 5},
                                                                  {"id": 2, "x": 5}],
                          "new": [1], "n": 4})
        self.assertEqual(responses.merge({}, {"items": {"*": {"x": 1}}}, over=True), {})

    def test_bad_rules_are_refused(self):
        class St:
            import threading
            lock = threading.Lock()
        for bad in ({"DescribeCluster": {}}, {"DescribeCluster": {"body": {}, "over": {}}},
                    {"DescribeCluster": {"under": {}, "when": 1}}, []):
            with self.assertRaises(ValueError):
                responses.configure(St(), bad)


class TestOverridesInTheSimulator(unittest.TestCase):
    def test_body_under_over_match_count_and_extra_routes(self):
        rules = {
            "DescribeCluster": [
                {"count": 1, "over": {"cluster": {"platformVersion": "eks.99"}}},
                {"under": {"cluster": {"version": "0.0", "brandNew": 1}, "top": True}},
            ],
            "DescribeNodegroup": {"match": {"nodegroupName": "ng-spot"}, "status": 200,
                                  "body": {"nodegroup": {"nodegroupName": "ng-spot",
                                                         "version": "1.30"}}},
            "StartInsightsRefresh": {"body": {"message": "started", "status": "IN_PROGRESS"}},
        }
        with Simulator("demo", overrides={"responses": rules}) as sim:
            eks = botocore_eks(sim)
            first = eks.describe_cluster(name="demo")["cluster"]
            self.assertEqual(first["platformVersion"], "eks.99")
            second = eks.describe_cluster(name="demo")["cluster"]
            self.assertEqual((second["platformVersion"], second["version"]), ("eks.12", "1.31"))
            ng = eks.describe_nodegroup(clusterName="demo", nodegroupName="ng-spot")
            self.assertEqual(ng["nodegroup"], {"nodegroupName": "ng-spot", "version": "1.30"})
            ng = eks.describe_nodegroup(clusterName="demo", nodegroupName="ng-general")
            self.assertEqual(ng["nodegroup"]["version"], "1.31")
            out = eks.start_insights_refresh(clusterName="demo")
            self.assertEqual(out["status"], "IN_PROGRESS")
            log = [(r["operation"], r.get("responseOverride"), r["signatureOk"])
                   for r in sim.requests(service="eks")]
            self.assertEqual(log, [("DescribeCluster", "over", True),
                                   ("DescribeCluster", "under", True),
                                   ("DescribeNodegroup", "body", True),
                                   ("DescribeNodegroup", None, True),
                                   ("StartInsightsRefresh", "body", True)])
            body = json.loads(sim_raw(sim, "/clusters/demo"))
            self.assertIs(body["top"], True)
            self.assertEqual(body["cluster"]["brandNew"], 1)
            # the admin endpoint replaces the rules; without one the simulator's
            # own StartInsightsRefresh answers
            sim.set_scenario({"responses": {}})
            self.assertEqual(eks.start_insights_refresh(clusterName="demo")["status"],
                             "IN_PROGRESS")

    @unittest.skipIf(MODEL is None, NO_MODELS)
    def test_botocore_parses_every_generated_answer(self):
        gen = modelgen.Generator(MODEL)
        sc = modelgen.maximal_scenario(gen, nodegroups=2, addons=2, insights=2)
        with Simulator(sc) as sim:
            eks = botocore_eks(sim)
            c = eks.describe_cluster(name="demo")["cluster"]
            self.assertEqual(c["version"], "1.31")
            raw = json.loads(sim_raw(sim, "/clusters/demo"))
            # sdk-js members (botocore 1.43.11 drops them when parsing) and unknown ones
            self.assertTrue("kubeApiServerConfig" in raw["cluster"])
            self.assertTrue("futureMember0Cluster" in raw["cluster"])
            self.assertTrue("futureMember0DescribeClusterResponse" in raw)
            ids = [i for page in eks.get_paginator("list_updates").paginate(name="demo")
                   for i in page["updateIds"]]
            self.assertEqual(len(ids), len(sc["cluster"]["updates"]))
            for uid in ids[:4]:
                u = eks.describe_update(name="demo", updateId=uid)["update"]
                self.assertEqual(u["createdAt"].year, 2024)
            raw = json.loads(sim_raw(sim, "/clusters/demo/updates/" + ids[0]))
            self.assertTrue("cancellation" in raw["update"])
            for ng in eks.list_nodegroups(clusterName="demo")["nodegroups"]:
                eks.describe_nodegroup(clusterName="demo", nodegroupName=ng)
            for a in eks.list_addons(clusterName="demo")["addons"]:
                eks.describe_addon(clusterName="demo", addonName=a)
                av = eks.describe_addon_versions(kubernetesVersion="1.32", addonName=a)
                self.assertEqual([x["addonName"] for x in av["addons"]], [a])
            for i in eks.list_insights(clusterName="demo")["insights"]:
                eks.describe_insight(clusterName="demo", id=i["id"])
            vers = eks.describe_cluster_versions(includeAll=True)["clusterVersions"]
            self.assertEqual(vers[0]["clusterVersion"], "1.34")
            raw = json.loads(sim_raw(sim, "/cluster-versions"))
            self.assertTrue("controlPlaneScalingTiers" in raw["clusterVersions"][-1])
            eks.start_insights_refresh(clusterName="demo")
            states = [eks.describe_insights_refresh(clusterName="demo")["status"]
                      for _ in range(3)]
            self.assertEqual(states, ["IN_PROGRESS", "IN_PROGRESS", "COMPLETED"])
            up = eks.update_cluster_version(name="demo", version="1.32")["update"]
            self.assertEqual(up["status"], "InProgress")


def sim_raw(sim, path):
    """GET an EKS path signed with botocore; the raw body."""
    import urllib.request
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    import ssl
    env = sim.env()
    req = AWSRequest(method="GET", url=sim.url + path)
    SigV4Auth(Credentials(env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"]), "eks",
              "us-west-2").add_auth(req)
    prepared = req.prepare()
    ctx = ssl.create_default_context(cafile=sim.ca_path)
    r = urllib.request.urlopen(urllib.request.Request(prepared.url, headers=dict(
        prepared.headers)), context=ctx, timeout=10)
    return r.read()


if __name__ == "__main__":
    unittest.main()
