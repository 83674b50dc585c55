"""The fault matrix (issue 7 item 3): each fault the simulator can inject,
against the real binary, asserting the exit code, the message and what the
request log shows. Invariants checked on every run: the exit code is never
a crash (>= 128 other than 130/143), never more than one
UpdateClusterVersion per apply, and the update id is printed once known."""
import os
import sys
import time
import unittest

from common import ROOT, run

sys.path.insert(0, os.path.join(ROOT, "tests", "sim"))
from simctl import Simulator  # noqa: E402

FAST = {"update": {"duration_seconds": 0.5}}


def fault(op, kind, count=1, **extra):
    return dict(operation=op, kind=kind, count=count, **extra)


class FaultMatrix(unittest.TestCase):
    def tool(self, sim, *args, env=None, timeout=120):
        r = run(*args, env=env or sim.env(), timeout=timeout)
        self.assertTrue(r.returncode < 128 or r.returncode in (130, 143),
                        f"crash-like exit {r.returncode}: {r.stderr[-2000:]}")
        if args and args[0] == "apply":
            updates = sim.requests(operation="UpdateClusterVersion")
            self.assertLessEqual(len({u.get("clientRequestToken") for u in updates}), 1)
            started = [u["updateId"] for u in updates if u.get("updateId")]
            for update_id in started:
                self.assertIn(update_id, r.stdout + r.stderr, "update id not printed")
        return r

    def plan(self, faults, env_extra=None, **overrides):
        sim = Simulator("demo", overrides={"faults": faults, **overrides})
        sim.start()
        self.addCleanup(sim.stop)
        env = sim.env(**(env_extra or {}))
        return sim, self.tool(sim, "plan", "--cluster", "demo", env=env)

    # --- throttling and 5xx ------------------------------------------------
    def test_throttling_storm_beyond_the_retry_budget(self):
        sim, r = self.plan([fault("DescribeCluster", "throttle", -1)])
        self.assertEqual(r.returncode, 1)
        self.assertIn("ThrottlingException", r.stderr)
        self.assertEqual(sim.count("DescribeCluster"), 3)  # AWS_MAX_ATTEMPTS default

    def test_throttling_within_a_larger_budget_succeeds(self):
        sim, r = self.plan([fault("DescribeCluster", "throttle", 4)],
                           env_extra={"AWS_MAX_ATTEMPTS": "5"})
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(sim.count("DescribeCluster"), 5)

    def test_500_and_503_bursts_are_retried(self):
        sim, r = self.plan([fault("ListNodegroups", "http500", 2), fault("DescribeNodegroup", "http503", 2)])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(sim.count("ListNodegroups", status=500), 2)
        self.assertEqual(sim.count("ListNodegroups", status=200), 1)

    def test_persistent_5xx_on_a_list_skips_its_check(self):
        sim, r = self.plan([fault("ListAddons", "http503", -1)], env_extra={"AWS_MAX_ATTEMPTS": "2"})
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout, r"addon-compatibility: skipped: ListAddons failed: ServiceUnavailableException")
        self.assertEqual(sim.count("ListAddons"), 2)

    def test_a_plan_cut_short_by_timeout_is_an_error_not_ready(self):
        # ListUpdates answers after 5 s; --timeout 2s cuts it. Its check was
        # a skip, so the plan said "ready" (and apply would have started).
        # Exit 1, not 5: no update runs that poll could follow.
        sim = Simulator("demo", overrides={"faults": [fault("ListUpdates", "delay", -1,
                                                            seconds=5)]})
        sim.start()
        self.addCleanup(sim.stop)
        r = self.tool(sim, "plan", "--cluster", "demo", "--timeout", "2s", env=sim.env())
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("--timeout reached while the cluster was read", r.stderr)
        self.assertNotIn("ready to upgrade", r.stdout)
        r = self.tool(sim, "apply", "--cluster", "demo", "--approve", "--timeout", "2s",
                      env=sim.env())
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertEqual(sim.count("UpdateClusterVersion"), 0)

    # --- broken transport and bodies ----------------------------------------
    def test_connection_reset_is_retried(self):
        sim, r = self.plan([fault("DescribeCluster", "reset", 2)])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(sim.count("DescribeCluster"), 3)

    def test_truncated_body_every_time(self):
        sim, r = self.plan([fault("DescribeCluster", "truncated", -1)])
        self.assertEqual(r.returncode, 1)
        self.assertIn("DescribeCluster", r.stderr)
        self.assertEqual(sim.count("DescribeCluster"), 3)

    def test_invalid_json(self):
        _, r = self.plan([fault("DescribeCluster", "invalid_json", -1)])
        self.assertEqual(r.returncode, 1)
        self.assertIn("malformed response", r.stderr)
        self.assertIn("JSON", r.stderr)

    def test_invalid_json_in_a_list_is_exit_1(self):
        # SPEC §8: malformed JSON is exit 1, from any call (a skip of the
        # check reading it blocked nothing, so the plan said "ready").
        _, r = self.plan([fault("ListNodegroups", "invalid_json", -1)])
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("ListNodegroups: malformed response", r.stderr)
        self.assertNotIn("ready to upgrade", r.stdout)

    def test_oversized_response_is_capped(self):
        _, r = self.plan([fault("DescribeCluster", "oversized", -1, mib=12)])
        self.assertEqual(r.returncode, 1)
        self.assertIn("larger than 8388608 bytes", r.stderr)

    def test_invalid_sts_xml(self):
        with Simulator("demo", overrides={"faults": [fault("GetCallerIdentity", "invalid_json", -1)]}) as sim:
            r = self.tool(sim, "whoami")
            self.assertEqual(r.returncode, 1)
            self.assertIn("GetCallerIdentity", r.stderr)

    # --- where the server is not ---------------------------------------------
    def test_dns_failure(self):
        with Simulator("demo") as sim:
            env = sim.env(AWS_ENDPOINT_URL_EKS="https://eks.nonexistent.invalid", AWS_MAX_ATTEMPTS="1")
            r = self.tool(sim, "plan", "--cluster", "demo", env=env)
            self.assertEqual(r.returncode, 1)
            self.assertIn("eks.nonexistent.invalid", r.stderr)
            self.assertIn("resolve", r.stderr)

    def test_connection_refused(self):
        with Simulator("demo") as sim:
            env = sim.env(AWS_ENDPOINT_URL_EKS="https://localhost:1", AWS_MAX_ATTEMPTS="2")
            t = time.monotonic()
            r = self.tool(sim, "plan", "--cluster", "demo", env=env)
            self.assertEqual(r.returncode, 1)
            self.assertIn("localhost", r.stderr)
            self.assertLess(time.monotonic() - t, 20)

    def test_slow_responses_past_the_timeout(self):
        # No earlier update: the plan reads no DescribeUpdate (one cut by the
        # deadline there stops apply before it starts, test above); the
        # follow's are slow.
        over = {**FAST, "update": {"duration_seconds": 30}, "cluster": {"updates": []}}
        with Simulator("demo", overrides={**over, "faults": [fault("DescribeUpdate", "delay", -1, seconds=10)]}) as sim:
            t = time.monotonic()
            r = self.tool(sim, "apply", "--cluster", "demo", "--approve", "--timeout", "4s",
                          "--poll-interval", "200ms")
            elapsed = time.monotonic() - t
            self.assertEqual(r.returncode, 5, r.stderr)
            self.assertIn("eks-upgrade poll --cluster demo", r.stdout)
            self.assertLess(elapsed, 12, "the deadline did not cut the slow request")

    # --- clocks and credentials ------------------------------------------------
    def test_clock_skew_is_corrected(self):
        with Simulator("demo", overrides={"clock_offset_seconds": 900}) as sim:
            r = self.tool(sim, "plan", "--cluster", "demo")
            self.assertEqual(r.returncode, 0, r.stderr)
            log = [e for e in sim.requests() if e["service"] != "apiserver"]
            skewed = [e for e in log if e["authError"] == "skewed"]
            # The first round goes out at once, so each of its requests meets
            # the skew; after the correction every signature is accepted.
            self.assertGreaterEqual(len(skewed), 1)
            self.assertLessEqual(len(skewed), 6)
            self.assertEqual(log[:len(skewed)], skewed)
            self.assertTrue(all(e["signatureOk"] for e in log[len(skewed):]))
            # The EKS token for the cluster's API server is presigned with the
            # corrected clock too.
            self.assertEqual([e["status"] for e in sim.requests(operation="ListNodes")], [200])

    def test_sts_outage_during_refresh_keeps_valid_credentials(self):
        """Credentials need a refresh (less than 10 min left) but STS is down:
        the run goes on with the ones it has, which are still valid."""
        over = {"update": {"duration_seconds": 3}, "credentials": {"session_lifetime_seconds": 600.5},
                "faults": [fault("AssumeRoleWithWebIdentity", "http503", -1, after=1)]}
        with Simulator("demo", overrides=over) as sim:
            r = self.tool(sim, "apply", "--cluster", "demo", "--approve", "--poll-interval", "200ms",
                          env=sim.web_identity_env(AWS_MAX_ATTEMPTS="1"))
            self.assertEqual(r.returncode, 0, r.stderr)
            failed_refreshes = sim.count("AssumeRoleWithWebIdentity", status=503)
            self.assertGreaterEqual(failed_refreshes, 1)
            self.assertLessEqual(failed_refreshes, 2, "a failed refresh is not retried on every call")
            self.assertEqual(sim.count("UpdateClusterVersion"), 1)

    def test_sts_outage_with_expired_credentials_is_an_error(self):
        over = {**FAST, "faults": [fault("AssumeRoleWithWebIdentity", "http503", -1, after=1)]}
        with Simulator("demo", overrides=over) as sim:
            env = sim.web_identity_env(AWS_MAX_ATTEMPTS="1")
            sim.set_scenario({"update": {"duration_seconds": 5}})
            proc_env = dict(env)
            # Expire everything once the update runs: the refresh then fails.
            import subprocess
            p = subprocess.Popen([os.environ.get("EKS_UPGRADE_BIN", os.path.join(ROOT, "eks-upgrade")),
                                  "apply", "--cluster", "demo", "--approve", "--poll-interval", "300ms"],
                                 env=proc_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            deadline = time.monotonic() + 10
            while sim.count("UpdateClusterVersion") == 0 and time.monotonic() < deadline:
                time.sleep(0.1)
            sim.expire_credentials()
            out, err = p.communicate(timeout=60)
            self.assertEqual(p.returncode, 1, err)
            self.assertIn("ExpiredToken", err + out)
            self.assertIn("eks-upgrade poll --cluster demo", out)  # the update id and how to resume
            self.assertEqual(sim.count("UpdateClusterVersion"), 1)


if __name__ == "__main__":
    unittest.main()
