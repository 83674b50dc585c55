"""Tolerant reading (SPEC §4, issue 15): a real cluster's update history and
long, new or unknown values in EKS's answers never make a command fail.
Only the fields a decision is made on are strict.

The update types and param types below are those of the EKS model
(../shared/aws-models: UpdateType, UpdateParamType); the values are what
real clusters return (a ClusterLogging document, CIDR lists, encryption
configs), well past the 63 bytes the decoder once copied them into."""
import json
import unittest

from simrun import FAST, Simulator, apply, events, poll, tool

LOGGING = json.dumps({"clusterLogging": [
    {"types": ["api", "audit", "authenticator", "controllerManager", "scheduler"],
     "enabled": True}]})
CIDRS = json.dumps(["203.0.113.%d/32" % i for i in range(40)])
ENCRYPTION = json.dumps([{"resources": ["secrets"], "provider": {
    "keyArn": "arn:aws:kms:us-west-2:111122223333:key/" + "0" * 36}}])
LONG_MESSAGE = "The control plane update failed: " + "x" * 3000 + " END"

HISTORY = [
    {"id": "a0000000-0000-4000-8000-000000000001", "type": "LoggingUpdate",
     "status": "Successful", "createdAt": "2025-01-01T10:00:00Z",
     "params": [{"type": "ClusterLogging", "value": LOGGING}]},
    {"id": "a0000000-0000-4000-8000-000000000002", "type": "EndpointAccessUpdate",
     "status": "Successful", "createdAt": "2025-02-01T10:00:00Z",
     "params": [{"type": "EndpointPublicAccess", "value": "true"},
                {"type": "EndpointPrivateAccess", "value": "true"},
                {"type": "PublicAccessCidrs", "value": CIDRS}]},
    {"id": "a0000000-0000-4000-8000-000000000003", "type": "AssociateEncryptionConfig",
     "status": "Successful", "createdAt": "2025-03-01T10:00:00Z",
     "params": [{"type": "EncryptionConfig", "value": ENCRYPTION}]},
    {"id": "a0000000-0000-4000-8000-000000000004", "type": "VpcConfigUpdate",
     "status": "Failed", "createdAt": "2025-04-01T10:00:00Z",
     "params": [{"type": "SubnetIds", "value": json.dumps(["subnet-%017d" % i
                                                            for i in range(16)])},
                {"type": "SecurityGroupIds", "value": json.dumps(["sg-%017d" % i
                                                                  for i in range(5)])}],
     "errors": [{"errorCode": "SubnetNotFound", "errorMessage": LONG_MESSAGE,
                 "resourceIds": ["subnet-%017d" % i for i in range(12)]}]},
    {"id": "a0000000-0000-4000-8000-000000000005", "type": "SomeUpdateTypeFrom2030",
     "status": "Successful", "createdAt": "2025-05-01T10:00:00Z",
     "params": [{"type": "SomethingNew", "value": "y" * 5000}]},
]


class UpdateHistory(unittest.TestCase):
    def test_plan_apply_poll_on_a_real_history(self):
        with Simulator("demo", overrides={"cluster": {"updates": HISTORY}, **FAST}) as sim:
            r = tool(sim, "plan", "--cluster", "demo", "--output", "json")
            self.assertEqual(r.returncode, 0, r.stderr)
            checks = {c["id"]: c for c in json.loads(r.stdout)["checks"]}
            self.assertEqual(checks["update-in-progress"]["status"], "pass", checks)
            self.assertIn("5 earlier updates", checks["update-in-progress"]["message"])
            r = poll(sim, "--output", "json")  # no version update: NoUpdate
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(events(self, r)[-1]["status"], "NoUpdate")
            r = apply(sim, "--approve", "--output", "json")
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            self.assertEqual(events(self, r)[-1]["status"], "Successful")
            r = poll(sim)  # the newest version update now
            self.assertEqual(r.returncode, 0, r.stderr)

    def test_long_error_message_of_a_failed_update_is_exit_4_cut_not_exit_1(self):
        failed = dict(HISTORY[3], type="VersionUpdate", version="1.32",
                      id="a0000000-0000-4000-8000-0000000000ff",
                      params=[{"type": "Version", "value": "1.32"},
                              {"type": "PlatformVersion", "value": "eks.1"}])
        with Simulator("demo", overrides={"cluster": {"updates": [failed]}}) as sim:
            r = poll(sim, "--output", "json")
            self.assertEqual(r.returncode, 4, r.stdout + r.stderr)
            err = events(self, r)[-1]["errors"][0]
            self.assertEqual(err["errorCode"], "SubnetNotFound")
            self.assertTrue(err["errorMessage"].startswith("The control plane update failed"))
            self.assertTrue(err["errorMessage"].endswith("…"), err["errorMessage"][-20:])
            self.assertLess(len(err["errorMessage"].encode()), 1024)
            self.assertEqual(len(err["resourceIds"]), 8)  # the first 8 of 12
            r = poll(sim)
            self.assertEqual(r.returncode, 4, r.stderr)
            self.assertIn("SubnetNotFound", r.stdout)


class LongAndUnknownValues(unittest.TestCase):
    def test_long_names_and_unknown_enums_are_shown_not_fatal(self):
        insight = {"id": "b0000000-0000-4000-8000-000000000001",
                   "name": "An insight with a very long name " + "n" * 600,
                   "status": "SOME_STATUS_FROM_2030", "kubernetesVersion": "1.32"}
        overrides = {"cluster": {"platformVersion": "eks." + "9" * 200,
                                 "insights": [insight]}}
        with Simulator("demo", overrides=overrides) as sim:
            r = tool(sim, "plan", "--cluster", "demo", "--output", "json")
            self.assertEqual(r.returncode, 0, r.stderr)
            plan = json.loads(r.stdout)
            self.assertTrue(plan["platformVersion"].endswith("…"), plan["platformVersion"])
            ins = {c["id"]: c for c in plan["checks"]}["upgrade-insights"]
            self.assertEqual(ins["status"], "warn")
            self.assertEqual(ins["items"][0]["status"], "SOME_STATUS_FROM_2030")
            self.assertTrue(ins["items"][0]["name"].endswith("…"))


class SuccessThenDescribeFails(unittest.TestCase):
    def test_successful_update_is_exit_0_when_the_cluster_cannot_be_read_after(self):
        # DescribeCluster answers the plan, then fails every attempt (503 x 3)
        # once the update has ended Successful.
        faults = [{"operation": "DescribeCluster", "kind": "http503", "after": 1,
                   "count": 30}]
        with Simulator("demo", overrides=dict(FAST, faults=faults)) as sim:
            r = apply(sim, "--approve", "--output", "json")
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            res = events(self, r)[-1]
            self.assertEqual((res["status"], res["exitCode"]), ("Successful", 0))
            self.assertEqual(res["version"], "1.32")
            self.assertIn("could not be read afterwards", r.stderr)


if __name__ == "__main__":
    unittest.main()
