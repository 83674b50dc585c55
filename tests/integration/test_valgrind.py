"""valgrind over plan, apply and poll of the tool built for the host (issue 7):
no memory errors and no leaks. The static musl binary cannot be checked for
leaks (valgrind cannot replace a static binary's malloc), so tests/run.sh
builds the same sources against glibc and names it in EKS_UPGRADE_HOST_BIN."""
import os
import shutil
import subprocess
import sys
import unittest

from common import ROOT

sys.path.insert(0, os.path.join(ROOT, "tests", "sim"))
from simctl import Simulator, sso_config, write_sso_token  # noqa: E402

HOST_BIN = os.environ.get("EKS_UPGRADE_HOST_BIN")
VALGRIND = ["valgrind", "--quiet", "--error-exitcode=99", "--leak-check=full",
            "--show-leak-kinds=definite,indirect,possible",
            "--errors-for-leak-kinds=definite,indirect,possible", "--track-origins=yes"]


@unittest.skipIf(HOST_BIN is None, "EKS_UPGRADE_HOST_BIN is not set (tests/run.sh sets it)")
@unittest.skipIf(shutil.which("valgrind") is None, "valgrind is not installed")
class Valgrind(unittest.TestCase):
    def vg(self, env, *args):
        r = subprocess.run(VALGRIND + [HOST_BIN, *args], env=env, capture_output=True, text=True,
                           timeout=300)
        self.assertNotEqual(r.returncode, 99, f"valgrind found errors in {args}:\n{r.stderr[-4000:]}")
        return r

    def test_plan_apply_poll(self):
        with Simulator("demo", overrides={"update": {"duration_seconds": 1}}) as sim:
            env = sim.env()
            self.assertEqual(self.vg(env, "plan", "--cluster", "demo").returncode, 0)
            r = self.vg(env, "apply", "--cluster", "demo", "--approve", "--poll-interval", "300ms",
                        "--output", "json")
            self.assertEqual(r.returncode, 0, r.stderr[-2000:])
            self.assertEqual(self.vg(env, "poll", "--cluster", "demo").returncode, 0)

    def test_data_plane(self):
        """The Kubernetes reads (issue 17): Table pages, NodeList pages, PDBs, and
        the ways they end early (403, a malformed row, a certificate refused)."""
        nodes = {"cluster": {"nodes": [{"count": 9, "version": "1.29", "kind": "fargate"}],
                             "podDisruptionBudgets": [{"name": "web", "disruptionsAllowed": 0}]},
                 "apiserver": {"page_max": 4}}
        with Simulator("demo", overrides=nodes) as sim:
            env = sim.env()
            self.assertEqual(self.vg(env, "plan", "--cluster", "demo", "--with-nodegroups",
                                     "--output", "json").returncode, 0)
            sim.set_scenario({"apiserver": {"tables": False, "forbidden": ["poddisruptionbudgets"]}})
            self.assertEqual(self.vg(env, "plan", "--cluster", "demo",
                                     "--with-nodegroups").returncode, 0)
            sim.set_scenario({"responses": {"ListNodes": {"body": {
                "kind": "Table", "columnDefinitions": [{"name": "Version"}],
                "rows": [{"cells": ["v1.31.1"]}, {"cells": [7]}]}}}})
            self.assertEqual(self.vg(env, "plan", "--cluster", "demo").returncode, 0)
        with Simulator("demo", overrides={"apiserver": {"ca": "other"}}) as sim:
            self.assertEqual(self.vg(sim.env(), "plan", "--cluster", "demo").returncode, 0)

    def test_error_paths(self):
        with Simulator("blocked-nodegroup") as sim:
            env = sim.env()
            self.assertEqual(self.vg(env, "apply", "--cluster", "demo", "--approve").returncode, 3)
            self.assertEqual(self.vg(env, "plan", "--cluster", "nope").returncode, 1)
            self.assertEqual(self.vg(env, "plan", "--bogus").returncode, 2)

    def test_credential_sources(self):
        with Simulator("demo") as sim:
            self.assertEqual(self.vg(sim.web_identity_env(), "whoami").returncode, 0)
            self.assertEqual(self.vg(sim.container_env(), "token", "--cluster", "demo").returncode, 0)
            env = sim.env(static_credentials=False)  # IMDS from the simulator
            self.assertEqual(self.vg(env, "whoami", "--output", "json").returncode, 0)
            # IAM Identity Center: a refresh and write-back, then a refused refresh.
            home = os.path.join(sim.state_dir, "sso-home")
            os.makedirs(home)
            config = os.path.join(home, "config")
            with open(config, "w") as f:
                f.write(sso_config())
            env = sim.env(static_credentials=False, HOME=home, AWS_CONFIG_FILE=config,
                          AWS_EC2_METADATA_DISABLED="true")
            write_sso_token(home, "corp", expires_in=-60, refreshable=True)
            self.assertEqual(self.vg(env, "whoami", "--profile", "sso").returncode, 0)
            write_sso_token(home, "corp", expires_in=-60, refreshable=True)  # used up
            self.assertEqual(self.vg(env, "whoami", "--profile", "sso").returncode, 1)


if __name__ == "__main__":
    unittest.main()
