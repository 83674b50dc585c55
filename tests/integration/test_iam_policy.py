"""The IAM policy in the README lists exactly the EKS actions that plan,
apply and poll call (issue 8): run them against the simulator and compare
with the request log, so the policy cannot drift from the code."""
import json
import os
import re
import sys
import unittest

from common import ROOT, run

sys.path.insert(0, os.path.join(ROOT, "tests", "sim"))
from simctl import Simulator  # noqa: E402


def readme_policy():
    with open(os.path.join(ROOT, "README.md")) as f:
        text = f.read()
    m = re.search(r"<!-- iam-policy:begin -->\s*```json\n(.*?)```\s*<!-- iam-policy:end -->", text, re.S)
    if m is None:
        raise AssertionError("README.md has no iam-policy block")
    return json.loads(m.group(1))


class IamPolicy(unittest.TestCase):
    def test_policy_matches_the_calls_made(self):
        policy = readme_policy()
        allowed = {a for st in policy["Statement"] for a in st["Action"]}
        with Simulator("demo", overrides={"update": {"duration_seconds": 0.5}}) as sim:
            env = sim.env()
            for args in (["plan", "--cluster", "demo"],
                         ["plan", "--cluster", "demo", "--refresh-insights"],
                         ["apply", "--cluster", "demo", "--approve", "--poll-interval", "200ms",
                          "--with-addons", "--with-nodegroups"],
                         ["poll", "--cluster", "demo", "--poll-interval", "200ms"]):
                r = run(*args, env=env)
                self.assertEqual(r.returncode, 0, (args, r.stderr))
            used = {"eks:" + e["operation"] for e in sim.requests(service="eks")}
        self.assertEqual(used, allowed)

    def test_apply_statement_holds_the_only_write(self):
        policy = readme_policy()
        writes = [st for st in policy["Statement"] if "eks:UpdateClusterVersion" in st["Action"]]
        self.assertEqual(len(writes), 1)
        self.assertEqual(writes[0]["Action"], ["eks:UpdateClusterVersion"])


if __name__ == "__main__":
    unittest.main()
