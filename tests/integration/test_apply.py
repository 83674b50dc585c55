"""Black-box tests of `apply` (SPEC §2–6, issue 6): the real static binary
against the local AWS simulator over TLS. Start or adopt, follow to the end,
timeouts, signals, retries with the same clientRequestToken, credential
refresh, multi-step, --force, --no-wait, the NDJSON stream, and
UpdateClusterVersion refusals."""
import signal
import subprocess
import time
import unittest

from simrun import (FAST, POLL, UUID4, Simulator, apply, env_for, events, load_scenario,
                    new_updates, of, ops_after, poll, resume_command, scenario_path, started,
                    updates, wait_for)

NOT_APPLIED = "no changes were applied, run again with --approve to apply them"


class HappyPath(unittest.TestCase):
    def test_apply_then_nothing_to_do(self):
        with Simulator("demo", overrides=FAST) as sim:
            r = apply(sim, "--approve", "--to", "1.32")
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            self.assertIn("Successful: cluster demo is at 1.32 (eks.1)", r.stdout)
            self.assertRegex(r.stdout, r"resume with: eks-upgrade poll --cluster demo "
                                       r"--region us-west-2 --update-id [0-9a-f-]{36}")
            calls = sim.requests(operation="UpdateClusterVersion")
            self.assertEqual(len(calls), 1)
            self.assertRegex(calls[0]["clientRequestToken"] or "", UUID4)
            self.assertEqual(calls[0]["requestedVersion"], "1.32")
            self.assertIs(calls[0]["force"], False)
            self.assertEqual(len(new_updates(sim)), 1)
            self.assertIn(new_updates(sim)[0]["id"], r.stdout)

            # Again, as JSON: nothing to do, no new update.
            r = apply(sim, "--approve", "--to", "1.32", "--output", "json")
            self.assertEqual(r.returncode, 0, r.stderr)
            evs = events(self, r)
            self.assertIsNone(evs[0]["targetVersion"])
            self.assertEqual(evs[-1]["status"], "UpToDate")
            self.assertEqual(evs[-1]["version"], "1.32")
            self.assertEqual(sim.count("UpdateClusterVersion"), 1)
            self.assertFalse(of(evs, "update-started"))

    def test_json_stream(self):
        with Simulator("demo", overrides=FAST) as sim:
            r = apply(sim, "--approve", "--output", "json")
            self.assertEqual(r.returncode, 0, r.stderr)
            evs = events(self, r)
            self.assertEqual(evs[0]["event"], "plan")
            self.assertEqual(evs[0]["targetVersion"], "1.32")
            self.assertEqual(evs[1]["event"], "update-started")
            uid = evs[1]["updateId"]
            self.assertEqual(evs[1]["targetVersion"], "1.32")
            self.assertEqual(evs[1]["resumeCommand"],
                             "eks-upgrade poll --cluster demo --region us-west-2 --update-id "
                             + uid)
            progress = of(evs, "progress")
            self.assertTrue(progress)
            self.assertEqual(progress[0]["status"], "InProgress")
            self.assertTrue(all(p["updateId"] == uid for p in progress))
            # no repeated lines for an unchanged status (not a terminal)
            statuses = [p["status"] for p in progress]
            self.assertEqual(statuses, ["InProgress", "Successful"])
            res = evs[-1]
            self.assertEqual((res["updateId"], res["status"], res["version"],
                              res["platformVersion"], res["errors"], res["exitCode"]),
                             (uid, "Successful", "1.32", "eks.1", [], 0))
            self.assertEqual(sim.requests(operation="UpdateClusterVersion")[0]["updateId"], uid)


class NotApproved(unittest.TestCase):
    def test_without_approve_changes_nothing(self):
        with Simulator("demo", overrides=FAST) as sim:
            r = apply(sim)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn(NOT_APPLIED, r.stdout)
            r = apply(sim, "--output", "json")
            self.assertEqual(r.returncode, 0, r.stderr)
            evs = events(self, r)
            self.assertEqual([e["event"] for e in evs], ["plan", "result"])
            self.assertEqual(evs[-1]["status"], "NotApproved")
            self.assertEqual(sim.count("UpdateClusterVersion"), 0)


class Adopt(unittest.TestCase):
    def test_same_update_in_progress_is_adopted(self):
        sc = load_scenario(scenario_path("update-in-progress"))
        sc["cluster"]["updates"][-1]["remaining_seconds"] = 1.5
        with Simulator(sc) as sim:
            r = apply(sim, "--approve", "--output", "json")
            self.assertEqual(r.returncode, 0, r.stderr)
            evs = events(self, r)
            self.assertEqual(evs[0]["updateInProgress"]["id"],
                             "0f1e2d3c-0000-4000-8000-00000000a005")
            adopted = of(evs, "update-adopted")
            self.assertEqual(len(adopted), 1)
            self.assertEqual(adopted[0]["updateId"], "0f1e2d3c-0000-4000-8000-00000000a005")
            self.assertEqual(adopted[0]["targetVersion"], "1.32")
            self.assertFalse(of(evs, "update-started"))
            self.assertEqual(evs[-1]["status"], "Successful")
            self.assertEqual(evs[-1]["version"], "1.32")
            self.assertEqual(sim.count("UpdateClusterVersion"), 0)


class FailedAndCancelled(unittest.TestCase):
    def test_failed_prints_errors_and_exits_4(self):
        with Simulator("failed-update", overrides=FAST) as sim:
            r = apply(sim, "--approve")
            self.assertEqual(r.returncode, 4, r.stdout + r.stderr)
            self.assertIn("Failed", r.stdout)
            self.assertIn("InsufficientFreeAddresses: One or more of the subnets", r.stdout)
            self.assertIn("subnet-0a1b2c3d4e5f60001", r.stdout)

            r = apply(sim, "--approve", "--output", "json")
            self.assertEqual(r.returncode, 4, r.stderr)
            res = events(self, r)[-1]
            self.assertEqual(res["status"], "Failed")
            self.assertEqual(len(res["errors"]), 1)
            e = res["errors"][0]
            self.assertEqual(e["errorCode"], "InsufficientFreeAddresses")
            self.assertTrue(e["errorMessage"].startswith("One or more of the subnets"))
            self.assertEqual(e["resourceIds"], ["subnet-0a1b2c3d4e5f60001"])
            self.assertEqual(sim.count("UpdateClusterVersion"), 2)

    def test_cancelled_exits_4(self):
        with Simulator("cancelled-update", overrides=FAST) as sim:
            r = apply(sim, "--approve", "--output", "json")
            self.assertEqual(r.returncode, 4, r.stderr)
            self.assertEqual(events(self, r)[-1]["status"], "Cancelled")


class TimeoutAndResume(unittest.TestCase):
    def test_timeout_exit_5_then_poll_finishes(self):
        with Simulator("demo", overrides={"update": {"duration_seconds": 2}}) as sim:
            t0 = time.monotonic()
            r = apply(sim, "--approve", "--timeout", "600ms")
            self.assertLess(time.monotonic() - t0, 3.0)
            self.assertEqual(r.returncode, 5, r.stdout + r.stderr)
            uid = new_updates(sim)[0]["id"]
            argv = resume_command(r.stdout)
            self.assertEqual(argv[1:], ["poll", "--cluster", "demo", "--region", "us-west-2",
                                        "--update-id", uid])
            self.assertIn("still running", r.stdout)

            r = poll(sim, "--output", "json")  # no --update-id: finds the one in progress
            self.assertEqual(r.returncode, 0, r.stderr)
            evs = events(self, r)
            self.assertEqual(evs[-1]["updateId"], uid)
            self.assertEqual(evs[-1]["status"], "Successful")
            self.assertEqual(evs[-1]["version"], "1.32")

            r = subprocess.run(argv + list(POLL), env=env_for(sim), capture_output=True,
                               text=True, timeout=30)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            self.assertIn("Successful: cluster demo is at 1.32", r.stdout)
            self.assertEqual(sim.count("UpdateClusterVersion"), 1)

    def test_timeout_json_result(self):
        with Simulator("demo", overrides={"update": {"duration_seconds": 2}}) as sim:
            r = apply(sim, "--approve", "--timeout", "300ms", "--output", "json")
            self.assertEqual(r.returncode, 5, r.stderr)
            evs = events(self, r)
            self.assertEqual(evs[-1]["status"], "TimedOut")
            self.assertEqual(evs[-1]["updateId"], of(evs, "update-started")[0]["updateId"])


class Signals(unittest.TestCase):
    def _interrupt(self, sim, proc, sig, expect):
        wait_for(lambda: ops_after(sim, "DescribeUpdate", "UpdateClusterVersion"),
                 what="polling to start")
        t0 = time.monotonic()
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=10)
        self.assertLess(time.monotonic() - t0, 2.0, "slow to stop")
        self.assertEqual(proc.returncode, expect, out + err)
        return out, err

    def test_sigterm_then_sigint_then_poll_resumes(self):
        with Simulator("demo", overrides={"update": {"duration_seconds": 3}}) as sim:
            proc = started(sim, "apply", "--cluster", "demo", "--approve", *POLL)
            out, _ = self._interrupt(sim, proc, signal.SIGTERM, 143)
            uid = new_updates(sim)[0]["id"]
            self.assertEqual(resume_command(out)[-1], uid)
            self.assertIn("interrupted", out)

            n = sim.count("DescribeUpdate")
            proc = started(sim, "poll", "--cluster", "demo", *POLL, "--output", "json")
            # poll reads the 2 updates, then follows the one in progress
            wait_for(lambda: sim.count("DescribeUpdate") >= n + 3, what="poll to poll")
            t0 = time.monotonic()
            proc.send_signal(signal.SIGINT)
            out, err = proc.communicate(timeout=10)
            self.assertLess(time.monotonic() - t0, 2.0, "slow to stop")
            self.assertEqual(proc.returncode, 130, out + err)
            r = subprocess.CompletedProcess([], 130, out, err)
            evs = events(self, r)
            self.assertEqual(evs[-1]["status"], "Interrupted")
            self.assertEqual(evs[-1]["updateId"], uid)

            r = poll(sim)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            self.assertIn("Successful: cluster demo is at 1.32", r.stdout)
            self.assertEqual(sim.count("UpdateClusterVersion"), 1)
            self.assertEqual(len(new_updates(sim)), 1)


class TransientErrors(unittest.TestCase):
    def test_throttling_and_resets_while_polling(self):
        faults = [
            # call 1 is the plan's read of the seeded update; polling starts at call 2
            {"operation": "DescribeUpdate", "kind": "throttle", "after": 1, "count": 4},
            {"operation": "DescribeUpdate", "kind": "reset", "after": 5, "count": 2},
            {"operation": "DescribeUpdate", "kind": "http503", "after": 7, "count": 1},
        ]
        with Simulator("demo", overrides={"update": {"duration_seconds": 1},
                                          "faults": faults}) as sim:
            r = apply(sim, "--approve", "--output", "json")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(events(self, r)[-1]["status"], "Successful")
            described = sim.requests(operation="DescribeUpdate")
            self.assertEqual([d["status"] for d in described[1:9]],
                             [429, 429, 429, 429, None, None, 503, 200])
            self.assertEqual(sim.count("UpdateClusterVersion"), 1)
            self.assertEqual(len(new_updates(sim)), 1)

    def test_update_call_retried_with_the_same_token(self):
        faults = [
            # the update is created, then the answer is lost to throttling
            {"operation": "UpdateClusterVersion", "kind": "throttle", "phase": "after"},
            {"operation": "UpdateClusterVersion", "kind": "reset", "phase": "after", "after": 1},
        ]
        with Simulator("demo", overrides={"update": {"duration_seconds": 1},
                                          "faults": faults}) as sim:
            r = apply(sim, "--approve", "--output", "json")
            self.assertEqual(r.returncode, 0, r.stderr)
            evs = events(self, r)
            calls = sim.requests(operation="UpdateClusterVersion")
            self.assertEqual([c["status"] for c in calls], [429, None, 200])
            tokens = {c["clientRequestToken"] for c in calls}
            self.assertEqual(len(tokens), 1, tokens)
            self.assertRegex(tokens.pop(), UUID4)
            self.assertTrue(calls[-1].get("idempotentReplay"))
            self.assertEqual(len(new_updates(sim)), 1)
            self.assertEqual(of(evs, "update-started")[0]["updateId"], new_updates(sim)[0]["id"])
            self.assertEqual(evs[-1]["status"], "Successful")


class Credentials(unittest.TestCase):
    def test_short_lived_web_identity_refreshed_mid_poll(self):
        # Sessions live 601.5 s; the tool refreshes when fewer than 600 s remain.
        with Simulator("demo", overrides={"update": {"duration_seconds": 2.5},
                                          "credentials": {"session_lifetime_seconds": 601.5}}
                       ) as sim:
            r = apply(sim, "--approve", env=sim.web_identity_env(NO_COLOR="1"))
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            self.assertGreaterEqual(sim.count("AssumeRoleWithWebIdentity", status=200), 2)
            eks = sim.requests(service="eks")
            self.assertTrue(all(q["status"] == 200 for q in eks), [
                (q["operation"], q["status"], q["authError"]) for q in eks if q["status"] != 200])
            self.assertGreater(len({q["accessKeyId"] for q in eks}), 1)
            self.assertEqual(sim.count("UpdateClusterVersion"), 1)

    def test_expired_token_mid_poll_refreshed_and_retried(self):
        with Simulator("demo", overrides={"update": {"duration_seconds": 2}}) as sim:
            proc = started(sim, "apply", "--cluster", "demo", "--approve", *POLL,
                           env=sim.web_identity_env(NO_COLOR="1"))
            wait_for(lambda: ops_after(sim, "DescribeUpdate", "UpdateClusterVersion"),
                     what="polling to start")
            sim.expire_credentials()
            out, err = proc.communicate(timeout=30)
            self.assertEqual(proc.returncode, 0, out + err)
            self.assertIn("Successful: cluster demo is at 1.32", out)
            eks = sim.requests(service="eks")
            expired = [q for q in eks if q["authError"] == "expired_token"]
            self.assertTrue(expired, "the expiry was never hit")
            self.assertEqual(sim.count("AssumeRoleWithWebIdentity", status=200), 2)
            last = eks.index(expired[-1])
            self.assertEqual(eks[last + 1]["operation"], expired[-1]["operation"])
            self.assertEqual(eks[last + 1]["status"], 200)
            self.assertEqual(sim.count("UpdateClusterVersion"), 1)


class MultiStep(unittest.TestCase):
    def test_three_steps_in_order(self):
        with Simulator("multi-step", overrides=FAST) as sim:
            r = apply(sim, "--approve", "--multi-step", "--to", "1.33", "--output", "json")
            self.assertEqual(r.returncode, 0, r.stderr)
            evs = events(self, r)
            calls = sim.requests(operation="UpdateClusterVersion")
            self.assertEqual([c["requestedVersion"] for c in calls], ["1.31", "1.32", "1.33"])
            self.assertEqual(len({c["clientRequestToken"] for c in calls}), 3)
            self.assertEqual([e["targetVersion"] for e in of(evs, "update-started")],
                             ["1.31", "1.32", "1.33"])
            # every check re-run before each step
            self.assertEqual([e["currentVersion"] for e in of(evs, "plan")],
                             ["1.30", "1.31", "1.32"])
            self.assertEqual(evs[-1]["status"], "Successful")
            self.assertEqual((evs[-1]["version"], evs[-1]["platformVersion"]), ("1.33", "eks.5"))
            self.assertEqual(evs[-1]["updateId"], calls[-1]["updateId"])

    def test_waits_for_active_between_steps(self):
        """The cluster reads UPDATING a moment after each update ends: the
        next step is planned only once it is ACTIVE again, not blocked."""
        with Simulator("multi-step", overrides={**FAST, "cluster": {"active_lag_seconds": 1}}) as sim:
            r = apply(sim, "--approve", "--multi-step", "--to", "1.32")
            self.assertEqual(r.returncode, 0, r.stderr)
            calls = sim.requests(operation="UpdateClusterVersion")
            self.assertEqual([c["requestedVersion"] for c in calls], ["1.31", "1.32"])

    def test_node_groups_within_the_skew_rule_do_not_stop_the_path(self):
        # Node groups stay at 1.30 while the control plane goes 1.30 → 1.33:
        # three minors behind at the end, which EKS allows since 1.28 (SPEC §4).
        # The v1 rule stopped at step 2 after the cluster had already moved.
        with Simulator("multi-step", overrides={**FAST,
                                                "cluster": {"nodegroups_follow_cluster": False}}
                       ) as sim:
            r = apply(sim, "--approve", "--multi-step", "--to", "1.33", "--output", "json")
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            calls = sim.requests(operation="UpdateClusterVersion")
            self.assertEqual([c["requestedVersion"] for c in calls], ["1.31", "1.32", "1.33"])
            evs = events(self, r)
            skew = [c for c in of(evs, "plan")[-1]["checks"] if c["id"] == "nodegroup-skew"][0]
            self.assertEqual(skew["status"], "warn", skew)
            self.assertEqual(skew["items"], [{"name": "ng-general", "version": "1.30"}])

    def test_a_later_step_forecast_blocked_starts_nothing(self):
        # ng-old at 1.29 allows the control plane up to 1.32: 1.33 (step 3 of
        # 3) would break the rule, so the whole path is blocked up front.
        ngs = [{"nodegroupName": "ng-old", "version": "1.29",
                "releaseVersion": "1.29.10-20250103"}]
        with Simulator("multi-step", overrides={**FAST, "cluster": {
                "nodegroups_follow_cluster": False, "nodegroups": ngs}}) as sim:
            r = apply(sim, "--approve", "--multi-step", "--to", "1.33")
            self.assertEqual(r.returncode, 3, r.stdout + r.stderr)
            self.assertIn("step 3 of 3, 1.32 → 1.33 (forecast: blocked):", r.stdout)
            self.assertIn("[✖] nodegroup-skew: 1 of 1 managed node group would be too far "
                          "behind 1.33", r.stdout)
            # The node group's nodes break the rule too (dataplane-skew).
            self.assertIn("upgrade blocked: step 1.32 → 1.33 would fail 2 checks: "
                          "nodegroup-skew, dataplane-skew; nothing is started", r.stdout)
            self.assertEqual(sim.count("UpdateClusterVersion"), 0)
            r = apply(sim, "--approve", "--multi-step", "--to", "1.33", "--output", "json")
            self.assertEqual(r.returncode, 3, r.stderr)
            evs = events(self, r)
            self.assertEqual(evs[-1]["status"], "Blocked")
            self.assertEqual([e["errorCode"] for e in evs[-1]["errors"]],
                             ["nodegroup-skew", "dataplane-skew"])
            self.assertTrue(evs[-1]["errors"][0]["errorMessage"].startswith("step 1.32 → 1.33: "))
            plan = of(evs, "plan")[0]
            self.assertEqual([st["blocked"] for st in plan["steps"]], [False, False, True])
            self.assertEqual(sim.count("UpdateClusterVersion"), 0)
            # --to 1.32 is fine: ng-old is three minors behind at the end.
            r = apply(sim, "--approve", "--multi-step", "--to", "1.32")
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            self.assertEqual(sim.count("UpdateClusterVersion"), 2)

    def test_too_far_without_multi_step_is_blocked(self):
        with Simulator("multi-step", overrides=FAST) as sim:
            r = apply(sim, "--approve", "--to", "1.33")
            self.assertEqual(r.returncode, 3, r.stdout + r.stderr)
            self.assertIn("1.31", r.stdout)
            self.assertEqual(sim.count("UpdateClusterVersion"), 0)


class Force(unittest.TestCase):
    def test_error_insight_blocks_unless_forced(self):
        with Simulator("insights-error", overrides=FAST) as sim:
            r = apply(sim, "--approve", "--output", "json")
            self.assertEqual(r.returncode, 3, r.stderr)
            evs = events(self, r)
            self.assertEqual(evs[-1]["status"], "Blocked")
            self.assertEqual([e["errorCode"] for e in evs[-1]["errors"]], ["upgrade-insights"])
            self.assertEqual(sim.count("UpdateClusterVersion"), 0)

            r = apply(sim, "--approve", "--force")
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            calls = sim.requests(operation="UpdateClusterVersion")
            self.assertEqual(len(calls), 1)
            self.assertIs(calls[0]["force"], True)
            self.assertEqual(calls[0]["status"], 200)


class NoWait(unittest.TestCase):
    def test_no_wait_returns_in_progress(self):
        with Simulator("demo", overrides=FAST) as sim:
            r = apply(sim, "--approve", "--no-wait", "--output", "json")
            self.assertEqual(r.returncode, 0, r.stderr)
            evs = events(self, r)
            self.assertEqual([e["event"] for e in evs], ["plan", "update-started", "result"])
            self.assertEqual(evs[-1]["status"], "InProgress")
            self.assertEqual(evs[-1]["updateId"], evs[1]["updateId"])
            self.assertEqual(sim.count("UpdateClusterVersion"), 1)
            self.assertEqual(ops_after(sim, "DescribeUpdate", "UpdateClusterVersion"), [])
            self.assertEqual(updates(sim)[-1]["status"], "InProgress")


class Rejected(unittest.TestCase):
    """UpdateClusterVersion refused by EKS. The tool's own check for each cause
    is bypassed by denying the call it relies on (the check becomes `skip`),
    and --no-kube-api keeps dataplane-skew from judging the same nodes."""

    def _rejected(self, scenario, deny, code, message, patch=None):
        overrides = {"update": {"duration_seconds": 1},
                     "faults": [{"operation": deny, "kind": "deny", "count": -1}]}
        overrides.update(patch or {})
        with Simulator(scenario, overrides=overrides) as sim:
            r = apply(sim, "--approve", "--no-kube-api")
            self.assertEqual(r.returncode, 3, r.stdout + r.stderr)
            self.assertIn("UpdateClusterVersion", r.stderr)
            self.assertIn(code, r.stderr)
            self.assertIn(message, r.stderr)
            calls = sim.requests(operation="UpdateClusterVersion")
            self.assertEqual([(c["status"], c["errorCode"]) for c in calls],
                             [(calls[0]["status"], code)])
            r = apply(sim, "--approve", "--no-kube-api", "--output", "json")
            self.assertEqual(r.returncode, 3)
            self.assertIn(code, r.stderr)
            for line in r.stdout.splitlines():  # stdout stays JSON
                self.assertTrue(line.startswith("{"), line)

    def test_invalid_parameter_nodegroups_behind(self):
        self._rejected("blocked-nodegroup", "ListNodegroups", "InvalidParameterException",
                       "must be updated to match cluster version 1.31")

    def test_invalid_state_upgrade_readiness(self):
        self._rejected("insights-error", "ListInsights", "InvalidStateException",
                       "Upgrade readiness issues detected")

    def test_resource_in_use_other_update_running_until_the_deadline(self):
        # A LoggingUpdate that never ends holds the cluster: the tool waits for
        # it (SPEC §7) and gives up at --timeout, exit 3, naming it.
        other = {"id": "11111111-0000-4000-8000-000000000001", "type": "LoggingUpdate",
                 "status": "InProgress", "remaining_seconds": None}
        overrides = {"update": {"duration_seconds": 1}, "cluster": {"updates": [other]},
                     "faults": [{"operation": "ListUpdates", "kind": "deny", "count": -1}]}
        with Simulator("demo", overrides=overrides) as sim:
            r = apply(sim, "--approve", "--timeout", "2s")
            self.assertEqual(r.returncode, 3, r.stdout + r.stderr)
            self.assertIn("ResourceInUseException", r.stderr)
            self.assertIn("update 11111111-0000-4000-8000-000000000001 still holds the cluster",
                          r.stderr)
            self.assertIn("waiting for it to end", r.stderr)
            self.assertGreaterEqual(sim.count("DescribeUpdate"), 1)
            self.assertEqual(sim.count("UpdateClusterVersion"), 1)


class ResourceInUse(unittest.TestCase):
    """409 ResourceInUseException on UpdateClusterVersion (SPEC §7,
    containers-roadmap #2677): take the id from the message, adopt or wait,
    retry with the same clientRequestToken."""

    def test_waits_for_the_named_update_then_starts_with_the_same_token(self):
        other = {"id": "22222222-0000-4000-8000-000000000002", "type": "LoggingUpdate",
                 "status": "InProgress", "remaining_seconds": 1.5}
        overrides = {"update": {"duration_seconds": 1}, "cluster": {"updates": [other]},
                     # ListUpdates is denied, so the plan cannot see it: EKS's 409 can.
                     "faults": [{"operation": "ListUpdates", "kind": "deny", "count": -1}]}
        with Simulator("demo", overrides=overrides) as sim:
            r = apply(sim, "--approve", "--output", "json")
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            self.assertEqual(events(self, r)[-1]["status"], "Successful")
            calls = sim.requests(operation="UpdateClusterVersion")
            self.assertEqual([c["status"] for c in calls], [409, 200])
            self.assertEqual(len({c["clientRequestToken"] for c in calls}), 1)
            self.assertIn("waiting for it to end", r.stderr)

    def test_the_named_update_is_the_same_version_change_and_is_adopted(self):
        mine = {"id": "33333333-0000-4000-8000-000000000003", "type": "VersionUpdate",
                "status": "InProgress", "version": "1.32", "remaining_seconds": 1}
        # The cluster reads ACTIVE for a while (status lag), so only EKS's 409
        # tells of the update.
        overrides = {"cluster": {"updates": [mine], "status_lag_seconds": 30},
                     "faults": [{"operation": "ListUpdates", "kind": "deny", "count": -1}]}
        with Simulator("demo", overrides=overrides) as sim:
            r = apply(sim, "--approve", "--output", "json")
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            evs = events(self, r)
            self.assertEqual(of(evs, "update-adopted")[0]["updateId"], mine["id"])
            self.assertEqual(evs[-1]["updateId"], mine["id"])
            self.assertEqual(sim.count("UpdateClusterVersion"), 1)

    def test_a_hidden_409_without_an_id_is_retried(self):
        # EKS says busy although nothing is listed (right after another update
        # ended): a bounded retry, then the start goes through.
        faults = [{"operation": "UpdateClusterVersion", "kind": "in_use", "count": 1}]
        with Simulator("demo", overrides={"update": {"duration_seconds": 1},
                                          "faults": faults}) as sim:
            r = apply(sim, "--approve")
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            self.assertIn("trying again in 5 s (1 of 5)", r.stderr)
            calls = sim.requests(operation="UpdateClusterVersion")
            self.assertEqual([c["status"] for c in calls], [409, 200])
            self.assertEqual(len({c["clientRequestToken"] for c in calls}), 1)

    def test_nodegroup_rejection_by_eks_is_nodegroup_skew(self):
        # EKS enforcing the API reference's older rule (node groups must match):
        # the tool's check passes ng-legacy (1.30, within the skew rule), EKS
        # refuses, and that is nodegroup-skew failing (SPEC §4), exit 3.
        ngs = [{"nodegroupName": "ng-general", "version": "1.31"},
               {"nodegroupName": "ng-legacy", "version": "1.30"}]
        overrides = {"update": {"duration_seconds": 1},
                     "cluster": {"check_nodegroups": "match", "nodegroups": ngs}}
        with Simulator("demo", overrides=overrides) as sim:
            r = apply(sim, "--approve")
            self.assertEqual(r.returncode, 3, r.stdout + r.stderr)
            self.assertIn("[✖] nodegroup-skew: EKS refused the update: Nodegroups ng-legacy "
                          "must be updated to match cluster version 1.31", r.stdout)
            r = apply(sim, "--approve", "--output", "json")
            self.assertEqual(r.returncode, 3, r.stderr)
            res = events(self, r)[-1]
            self.assertEqual((res["status"], res["exitCode"]), ("Blocked", 3))
            self.assertEqual(res["errors"][0]["errorCode"], "nodegroup-skew")
        # AWS documents the message, not its code: another client error code
        # with the same words is the same refusal.
        overrides["cluster"]["nodegroup_refusal_code"] = "InvalidRequestException"
        with Simulator("demo", overrides=overrides) as sim:
            r = apply(sim, "--approve")
            self.assertEqual(r.returncode, 3, r.stdout + r.stderr)
            self.assertIn("[✖] nodegroup-skew: EKS refused the update: Nodegroups ng-legacy",
                          r.stdout)
            self.assertIn("ng-legacy", res["errors"][0]["errorMessage"])

if __name__ == "__main__":
    unittest.main()
