"""Black-box tests of `poll` (SPEC §2, §5, §6, issue 6): following an update
started elsewhere, reporting the newest version update's outcome, NoUpdate,
unknown update ids, and timeouts while polling through errors."""
import time
import unittest

from simrun import FAST, Simulator, apply, events, load_scenario, of, poll, scenario_path


class Poll(unittest.TestCase):
    def test_no_update_ever(self):
        with Simulator("demo", overrides={"cluster": {"updates": []}}) as sim:
            r = poll(sim, "--output", "json")
            self.assertEqual(r.returncode, 0, r.stderr)
            evs = events(self, r)
            self.assertEqual([e["event"] for e in evs], ["result"])
            self.assertEqual(evs[0]["status"], "NoUpdate")
            self.assertIsNone(evs[0]["updateId"])
            r = poll(sim)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("no update in progress on cluster demo", r.stdout)

    def test_unknown_update_id_is_exit_1_with_aws_message(self):
        with Simulator("demo") as sim:
            r = poll(sim, "--update-id", "00000000-0000-4000-8000-000000000000")
            self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
            self.assertIn("ResourceNotFoundException", r.stderr)
            self.assertIn("No update found for ID: 00000000-0000-4000-8000-000000000000",
                          r.stderr)
            r = poll(sim, "--update-id", "00000000-0000-4000-8000-000000000000",
                     "--output", "json")
            self.assertEqual(r.returncode, 1)
            for line in r.stdout.splitlines():
                self.assertTrue(line.startswith("{"), line)

    def test_after_a_failed_update_exit_4(self):
        with Simulator("failed-update", overrides=FAST) as sim:
            r = apply(sim, "--approve", "--no-wait")
            self.assertEqual(r.returncode, 0, r.stderr)
            uid = sim.requests(operation="UpdateClusterVersion")[0]["updateId"]
            r = poll(sim)  # follows it to the end
            self.assertEqual(r.returncode, 4, r.stdout + r.stderr)
            self.assertIn("InsufficientFreeAddresses", r.stdout)
            r = poll(sim, "--output", "json")  # ended: reports the newest version update
            self.assertEqual(r.returncode, 4, r.stderr)
            res = events(self, r)[-1]
            self.assertEqual((res["updateId"], res["status"]), (uid, "Failed"))
            self.assertEqual(res["errors"][0]["errorCode"], "InsufficientFreeAddresses")
            self.assertEqual(res["errors"][0]["resourceIds"], ["subnet-0a1b2c3d4e5f60001"])
            self.assertEqual(sim.count("UpdateClusterVersion"), 1)

    def test_newest_version_update_outcome_when_none_in_progress(self):
        # update-in-progress.json's older history: newest is a Successful 1.31.
        sc = load_scenario(scenario_path("update-in-progress"))
        sc["cluster"]["updates"].pop()
        with Simulator(sc) as sim:
            r = poll(sim, "--output", "json")
            self.assertEqual(r.returncode, 0, r.stderr)
            res = events(self, r)[-1]
            self.assertEqual(res["updateId"], "0f1e2d3c-0000-4000-8000-00000000a004")
            self.assertEqual(res["status"], "Successful")
            self.assertEqual(sim.count("UpdateClusterVersion"), 0)

    def test_follows_update_started_elsewhere(self):
        sc = load_scenario(scenario_path("update-in-progress"))
        sc["cluster"]["updates"][-1]["remaining_seconds"] = 1
        with Simulator(sc) as sim:
            r = poll(sim, "--output", "json")
            self.assertEqual(r.returncode, 0, r.stderr)
            evs = events(self, r)
            self.assertEqual(evs[0]["event"], "progress")
            self.assertEqual(evs[0]["status"], "InProgress")
            self.assertEqual(evs[-1]["updateId"], "0f1e2d3c-0000-4000-8000-00000000a005")
            self.assertEqual(evs[-1]["status"], "Successful")
            self.assertEqual(evs[-1]["version"], "1.32")
            self.assertEqual(sim.count("UpdateClusterVersion"), 0)

    def test_timeout_while_polling_through_throttling(self):
        faults = [{"operation": "DescribeUpdate", "kind": "throttle", "after": 1,
                   "count": -1}]
        with Simulator("demo", overrides={"update": {"duration_seconds": 1},
                                          "faults": faults}) as sim:
            t0 = time.monotonic()
            r = apply(sim, "--approve", "--timeout", "1s", "--output", "json")
            self.assertLess(time.monotonic() - t0, 6.0)
            self.assertEqual(r.returncode, 5, r.stderr)
            self.assertIn("Rate exceeded", r.stderr)
            evs = events(self, r)
            uid = sim.requests(operation="UpdateClusterVersion")[0]["updateId"]
            self.assertEqual(evs[-1]["status"], "TimedOut")
            self.assertEqual(evs[-1]["updateId"], uid)
            # every poll went to the update's own path
            for q in sim.requests(operation="DescribeUpdate")[1:]:
                self.assertTrue(q["path"].endswith("/updates/" + uid), q["path"])

    def test_poll_denied_is_runtime_error(self):
        faults = [{"operation": "DescribeUpdate", "kind": "deny", "count": -1}]
        with Simulator("demo", overrides={"faults": faults}) as sim:
            r = poll(sim, "--update-id", "0f1e2d3c-0000-4000-8000-00000000a001")
            self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
            self.assertIn("AccessDeniedException", r.stderr)
            self.assertEqual(sim.count("DescribeUpdate"), 1)  # not retried forever


class SubjectUpdateId(unittest.TestCase):
    def test_update_id_of_an_addon_or_nodegroup_update_is_followed(self):
        # SPEC §9: poll follows whatever update of the cluster, its add-ons
        # or node groups; action-started prints their ids. Before, DescribeUpdate
        # without addonName/nodegroupName answered 404: exit 1.
        sc = load_scenario(scenario_path("whole-cluster"))
        sc["update"].update(addons={"kube-proxy": {"duration_seconds": 3}},
                            nodegroups={"ng-a": {"duration_seconds": 3}})
        sc["cluster"]["version"] = "1.32"
        with Simulator(sc) as sim:
            for scope, name in (("--with-addons", "kube-proxy"), ("--with-nodegroups", "ng-a")):
                r = apply(sim, "--to", "1.32", scope, "--no-kube-api", "--approve",
                          "--timeout", "1s", "--output", "json")
                self.assertEqual(r.returncode, 5, r.stdout + r.stderr)
                uid = of(events(self, r), "action-started")[0]["updateId"]
                r = poll(sim, "--update-id", uid, "--output", "json")
                self.assertEqual(r.returncode, 0, (name, r.stdout + r.stderr))
                res = events(self, r)[-1]
                self.assertEqual((res["updateId"], res["status"]), (uid, "Successful"))
                # A node group's VersionUpdate is not the cluster's: no rollback offer.
                self.assertIsNone(res["rollbackUntil"], name)
            st = sim.state()["clusters"]["demo"]
            self.assertEqual((st["addons"]["kube-proxy"], st["nodegroups"]["ng-a"]),
                             ("v1.32.0-eksbuild.2", "1.32"))


if __name__ == "__main__":
    unittest.main()
