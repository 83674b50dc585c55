"""The build is reproducible (issue 8): the tracked sources built again in
another directory give a byte-identical binary, and the build writes the
eks-upgrade.sha256 file that matches it."""
import hashlib
import os
import shutil
import subprocess
import tempfile
import unittest

from common import BINARY, ROOT


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


class Reproducible(unittest.TestCase):
    def test_checksum_file_matches_the_binary(self):
        with open(os.path.join(ROOT, "eks-upgrade.sha256")) as f:
            digest, name = f.read().split()
        self.assertEqual(name, "eks-upgrade")
        self.assertEqual(digest, sha256(BINARY))

    def test_second_build_elsewhere_is_identical(self):
        deps = subprocess.run(["sh", "vendor/build-deps.sh", "musl"], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout.strip()
        files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                               check=True).stdout.decode().split("\0")
        tree = tempfile.mkdtemp(prefix="eks-upgrade-rebuild-")
        try:
            for rel in filter(None, files):
                src = os.path.join(ROOT, rel)
                if not os.path.isfile(src):
                    continue  # deleted in the working tree
                dst = os.path.join(tree, rel)
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                shutil.copy2(src, dst)
            r = subprocess.run(["make", "-s", "-j2", "binary", f"DEPS={deps}"], cwd=tree,
                               capture_output=True, text=True, timeout=600)
            self.assertEqual(r.returncode, 0, r.stderr[-2000:])
            self.assertEqual(sha256(os.path.join(tree, "eks-upgrade")), sha256(BINARY),
                             "two builds of the same sources differ")
        finally:
            shutil.rmtree(tree)


if __name__ == "__main__":
    unittest.main()
