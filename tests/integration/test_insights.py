"""Upgrade insights in detail (SPEC §4 "Insights detail", issue 15):
DescribeInsight for every insight that is not PASSING, deprecated APIs with
their replacement and busiest clients in text and JSON, stale insights, and
--refresh-insights (StartInsightsRefresh, then DescribeInsightsRefresh)."""
import json
import time
import unittest

from simrun import Simulator, load_scenario, scenario_path, tool


def plan(sim, *args):
    return tool(sim, "plan", "--cluster", "demo", *args)


def insights_check(doc):
    return [c for c in doc["checks"] if c["id"] == "upgrade-insights"][0]


class Details(unittest.TestCase):
    def test_deprecated_api_with_replacement_and_clients(self):
        with Simulator("insights-error") as sim:
            r = plan(sim, "--output", "json")
            self.assertEqual(r.returncode, 3, r.stderr)
            check = insights_check(json.loads(r.stdout))
            item = [i for i in check["items"] if i["status"] == "ERROR"][0]
            self.assertEqual(item["recommendation"],
                             "Update manifests and API clients to use newer Kubernetes APIs "
                             "if applicable before upgrading to Kubernetes v1.32.")
            self.assertEqual(item["deprecations"], [{
                "usage": "/apis/flowcontrol.apiserver.k8s.io/v1beta3/flowschemas",
                "replacedWith": "/apis/flowcontrol.apiserver.k8s.io/v1/flowschemas",
                "startServingReplacementVersion": "1.29",
                "stopServingVersion": "1.32",
                "clientStats": [{"userAgent": "kubectl", "numberOfRequestsLast30Days": 42,
                                 "lastRequestTime": "2025-10-10T08:00:00Z"}]}])
            self.assertEqual(item["resources"],
                             ["/apis/flowcontrol.apiserver.k8s.io/v1beta3/flowschemas"])
            self.assertEqual(item["resourceCount"], 1)
            self.assertRegex(item["lastRefreshTime"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
            self.assertIsNone(item["detailError"])
            # DescribeInsight only for those not PASSING: the ERROR and the UNKNOWN one.
            described = sorted(q["path"].rsplit("/", 1)[1]
                               for q in sim.requests(operation="DescribeInsight"))
            self.assertEqual(described, ["a1b2c3d4-0001-4000-8000-000000000001",
                                         "a1b2c3d4-0006-4000-8000-000000000006"])
            r = plan(sim)
            self.assertEqual(r.returncode, 3)
            self.assertIn("      deprecated: /apis/flowcontrol.apiserver.k8s.io/v1beta3/flowschemas"
                          " → /apis/flowcontrol.apiserver.k8s.io/v1/flowschemas, removed in 1.32",
                          r.stdout)
            self.assertIn("        client kubectl: 42 requests in 30 days, last 2025-10-10 "
                          "08:00 UTC", r.stdout)

    def test_busiest_clients_first(self):
        with Simulator("demo") as sim:
            r = plan(sim, "--output", "json")
            self.assertEqual(r.returncode, 0, r.stderr)
            item = insights_check(json.loads(r.stdout))["items"][0]
            self.assertEqual([c["userAgent"] for c in item["deprecations"][0]["clientStats"]],
                             ["prometheus-operator/v0.68.0", "cluster-autoscaler/v1.28.2"])

    def test_describe_insight_denied_keeps_the_check(self):
        faults = [{"operation": "DescribeInsight", "kind": "deny", "count": -1}]
        with Simulator("insights-error", overrides={"faults": faults}) as sim:
            r = plan(sim, "--output", "json")
            self.assertEqual(r.returncode, 3, r.stderr)
            check = insights_check(json.loads(r.stdout))
            self.assertEqual(check["status"], "fail")
            self.assertTrue(all("AccessDenied" in i["detailError"] for i in check["items"]))
            r = plan(sim)
            self.assertIn("details unavailable: DescribeInsight: AccessDeniedException", r.stdout)

    def test_stale_insights_say_so(self):
        sc = load_scenario(scenario_path("demo"))
        for ins in sc["cluster"]["insights"]:
            ins["lastRefreshTime"] = time.time() - 3 * 86400
        with Simulator(sc) as sim:
            r = plan(sim, "--output", "json")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertRegex(insights_check(json.loads(r.stdout))["message"],
                             r"\(last refreshed 7\d h ago; --refresh-insights asks for new ones\)")


class Refresh(unittest.TestCase):
    def test_refresh_then_plan(self):
        with Simulator("demo", overrides={"insights_refresh": {"seconds": 2.5}}) as sim:
            r = plan(sim, "--refresh-insights", "--output", "json")
            self.assertEqual(r.returncode, 0, r.stderr)
            ops = [q["operation"] for q in sim.requests(service="eks")]
            self.assertEqual(ops[0], "StartInsightsRefresh")
            self.assertGreaterEqual(ops.count("DescribeInsightsRefresh"), 1)
            self.assertLess(ops.index("DescribeInsightsRefresh"), ops.index("ListInsights"))
            self.assertNotIn("refresh", insights_check(json.loads(r.stdout))["message"])

    def test_failed_refresh_is_a_warning_and_stored_insights_are_used(self):
        with Simulator("demo", overrides={"insights_refresh": {"outcome": "FAILED"}}) as sim:
            r = plan(sim, "--refresh-insights", "--output", "json")
            self.assertEqual(r.returncode, 0, r.stderr)
            check = insights_check(json.loads(r.stdout))
            self.assertEqual(check["status"], "warn")
            self.assertIn("insights refresh FAILED: Insights refresh failed.; using the stored "
                          "insights", check["message"])

    def test_denied_refresh_is_a_warning(self):
        faults = [{"operation": "StartInsightsRefresh", "kind": "deny", "count": -1}]
        with Simulator("demo", overrides={"faults": faults}) as sim:
            r = plan(sim, "--refresh-insights", "--output", "json")
            self.assertEqual(r.returncode, 0, r.stderr)
            check = insights_check(json.loads(r.stdout))
            self.assertIn("insights refresh failed (StartInsightsRefresh: AccessDeniedException",
                          check["message"])
            self.assertEqual(sim.count("DescribeInsightsRefresh"), 0)

    def test_strict_makes_a_failed_refresh_block(self):
        with Simulator("demo", overrides={"insights_refresh": {"outcome": "FAILED"}}) as sim:
            r = plan(sim, "--refresh-insights", "--strict", "--output", "json")
            self.assertEqual(r.returncode, 3, r.stderr)
            self.assertEqual(insights_check(json.loads(r.stdout))["status"], "fail")


class Strict(unittest.TestCase):
    def test_every_warning_blocks_skips_stay(self):
        faults = [{"operation": "ListInsights", "kind": "deny", "count": -1}]
        with Simulator("demo", overrides={"faults": faults}) as sim:
            r = plan(sim, "--output", "json")
            self.assertEqual(r.returncode, 0, r.stderr)
            r = plan(sim, "--strict", "--output", "json")
            self.assertEqual(r.returncode, 3, r.stderr)
            doc = json.loads(r.stdout)
            status = {c["id"]: c["status"] for c in doc["checks"]}
            self.assertEqual(status["addon-compatibility"], "fail")
            self.assertEqual(status["version-support"], "fail")
            self.assertEqual(status["upgrade-insights"], "skip")
            self.assertTrue(doc["blocked"])

    def test_support_warn_days(self):
        with Simulator("demo") as sim:
            r = plan(sim, "--support-warn-days", "0", "--output", "json")
            self.assertEqual(r.returncode, 0, r.stderr)
            sup = [c for c in json.loads(r.stdout)["checks"] if c["id"] == "version-support"][0]
            self.assertEqual(sup["status"], "pass", sup)


if __name__ == "__main__":
    unittest.main()
