"""vendor/fetch.sh refuses a source whose SHA-256 differs from the pin, with
a clear message, and never hands it to the build (issue 2)."""
import os
import shutil
import subprocess
import tempfile
import unittest

from common import ROOT


class Fetch(unittest.TestCase):
    def test_a_tampered_tarball_is_refused(self):
        cache = tempfile.mkdtemp(prefix="eks-upgrade-fetch-")
        self.addCleanup(shutil.rmtree, cache)
        os.makedirs(os.path.join(cache, "downloads"))
        bad = os.path.join(cache, "downloads", "jsmn_1.1.0.orig.tar.gz")
        with open(bad, "wb") as f:
            f.write(b"not the jsmn release")
        env = dict(os.environ, EKS_UPGRADE_CACHE=cache, DEBIAN_MIRROR="http://127.0.0.1:9")
        r = subprocess.run(["sh", "vendor/fetch.sh", "jsmn"], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stdout, "")
        self.assertIn("SHA-256 mismatch", r.stderr)
        self.assertIn("5f0913a10657fe7ec8d5794ccf00a01000e3e1f2f1e1f143c34a0f7b47edcb38", r.stderr)
        self.assertIn('step "fetch jsmn" failed', r.stderr)
        self.assertFalse(os.path.exists(bad))
        self.assertTrue(os.path.exists(bad + ".rejected"))

    def test_unknown_dependency(self):
        r = subprocess.run(["sh", "vendor/fetch.sh", "openssl"], cwd=ROOT, capture_output=True, text=True)
        self.assertEqual(r.returncode, 1)
        self.assertIn("unknown dependency", r.stderr)


if __name__ == "__main__":
    unittest.main()
