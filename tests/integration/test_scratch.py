"""SPEC §1 / issue 7 item 6: the whole demo flow — plan, apply --approve,
poll — run from inside an empty root filesystem that holds only the binary
and the test CA: no /etc (no passwd, hosts, resolv.conf, locale), no /lib,
no $HOME. Proves there is no hidden dependency on files, users or locale."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

from common import BINARY, ROOT

sys.path.insert(0, os.path.join(ROOT, "tests", "sim"))
from simctl import Simulator  # noqa: E402


@unittest.skipIf(shutil.which("chroot") is None, "chroot is not installed")
class ScratchRoot(unittest.TestCase):
    def test_demo_flow_in_an_empty_root(self):
        root = tempfile.mkdtemp(prefix="eks-upgrade-scratch-")
        self.addCleanup(shutil.rmtree, root)
        with Simulator("demo", overrides={"update": {"duration_seconds": 0.5}}) as sim:
            shutil.copy(BINARY, os.path.join(root, "eks-upgrade"))
            shutil.copy(sim.ca_path, os.path.join(root, "ca.pem"))
            env = {k: v for k, v in sim.env().items()
                   if k.startswith("AWS_") and k not in ("AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE")}
            env["AWS_CA_BUNDLE"] = "/ca.pem"
            prefix = [shutil.which("chroot"), root]
            if os.geteuid() != 0:
                prefix = [shutil.which("unshare"), "-r"] + prefix
            runs = [(["plan", "--cluster", "demo"], 0),
                    (["apply", "--cluster", "demo", "--approve", "--poll-interval", "200ms"], 0),
                    (["poll", "--cluster", "demo", "--output", "json"], 0)]
            for args, code in runs:
                r = subprocess.run(prefix + ["/eks-upgrade", *args], env=env, capture_output=True,
                                   text=True, timeout=120)
                if r.returncode != 0 and "Operation not permitted" in r.stderr:
                    self.skipTest("this sandbox forbids chroot: " + r.stderr.strip())
                self.assertEqual(r.returncode, code, (args, r.stderr))
            self.assertIn('"status":"Successful"', r.stdout)
            self.assertEqual(sim.count("UpdateClusterVersion"), 1)
            self.assertEqual(sorted(os.listdir(root)), ["ca.pem", "eks-upgrade"])


if __name__ == "__main__":
    unittest.main()
