"""The build is reproducible (issues 8 and 14): `make dist` run again on a copy
of the tracked sources in another directory, with a different CA store on the
build machine, gives byte-identical release files for each architecture: the
binaries do not depend on where they are built nor on the machine's
/etc/ssl/certs (the roots come from the pinned ca-certificates source), and the
SBOM and SHA256SUMS are the same bytes. The build writes the eks-upgrade.sha256
file that matches the binary."""
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from common import BINARY, ROOT

NATIVE = {"x86_64": "amd64", "aarch64": "arm64"}.get(os.uname().machine, os.uname().machine)


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def copy_tracked_tree(dst):
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                           check=True).stdout.decode().split("\0")
    for rel in filter(None, files):
        src = os.path.join(ROOT, rel)
        if not os.path.isfile(src):
            continue  # deleted in the working tree
        os.makedirs(os.path.dirname(os.path.join(dst, rel)), exist_ok=True)
        shutil.copy2(src, os.path.join(dst, rel))


def one_certificate(path):
    """The first certificate of a PEM bundle: a CA store unlike the pinned one."""
    with open(path) as f:
        m = re.search(r"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----\n", f.read(), re.S)
    return m.group(0)


class Reproducible(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        epoch = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True,
                               text=True).stdout.strip() or "0"
        env = dict(os.environ, SOURCE_DATE_EPOCH=epoch)
        cls.first = subprocess.run(["sh", "vendor/dist.sh"], cwd=ROOT, env=env, capture_output=True,
                                   text=True, timeout=1200)
        cls.tree = tempfile.mkdtemp(prefix="eks-upgrade-rebuild-")
        copy_tracked_tree(cls.tree)
        # The second run sees a different system store: /etc/ssl/certs holds one
        # certificate, in a private mount namespace (the machine's own is untouched).
        store = os.path.join(cls.tree, "one-ca.crt")
        with open(store, "w") as f:
            f.write(one_certificate("/etc/ssl/certs/ca-certificates.crt"))
        script = ("mount -t tmpfs tmpfs /etc/ssl/certs && cp one-ca.crt /etc/ssl/certs/ca-certificates.crt && "
                  "echo \"store: $(grep -c 'BEGIN CERTIFICATE' /etc/ssl/certs/ca-certificates.crt)\" && "
                  "sh vendor/dist.sh")
        cls.store_replaced = False
        cls.why_not = ""
        unshare = shutil.which("unshare")
        if unshare and os.geteuid() == 0:
            probe = subprocess.run([unshare, "-m", "sh", "-c", "mount -t tmpfs tmpfs /etc/ssl/certs"],
                                   capture_output=True, text=True)
            cls.store_replaced = probe.returncode == 0
            cls.why_not = probe.stderr.strip()
        else:
            cls.why_not = "needs root and unshare for a private mount namespace"
        cmd = [unshare, "-m", "sh", "-c", script] if cls.store_replaced else ["sh", "vendor/dist.sh"]
        cls.second = subprocess.run(cmd, cwd=cls.tree, env=env, capture_output=True, text=True, timeout=1200)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tree)

    def test_checksum_file_matches_the_binary(self):
        with open(os.path.join(ROOT, "eks-upgrade.sha256")) as f:
            digest, name = f.read().split()
        self.assertEqual(name, "eks-upgrade")
        self.assertEqual(digest, sha256(BINARY))

    def test_dist_twice_is_identical(self):
        self.assertEqual(self.first.returncode, 0, self.first.stderr[-3000:])
        self.assertEqual(self.second.returncode, 0, self.second.stderr[-3000:])
        a, b = os.path.join(ROOT, "dist"), os.path.join(self.tree, "dist")
        with open(os.path.join(ROOT, "VERSION")) as f:
            version = f.read().strip()
        names = sorted(os.listdir(a))
        self.assertEqual(names, sorted(["SHA256SUMS", f"eks-upgrade-{version}.spdx.json",
                                        f"eks-upgrade-{version}-linux-amd64", f"eks-upgrade-{version}-linux-arm64"]))
        self.assertEqual(sorted(os.listdir(b)), names)
        for name in names:
            self.assertEqual(sha256(os.path.join(a, name)), sha256(os.path.join(b, name)),
                             f"{name} differs between two builds")
        # The release binaries are the ones ./build.sh made for each architecture.
        for arch in ("amd64", "arm64"):
            built = "eks-upgrade" if arch == NATIVE else f"eks-upgrade-{arch}"
            self.assertEqual(sha256(os.path.join(a, f"eks-upgrade-{version}-linux-{arch}")),
                             sha256(os.path.join(ROOT, built)))

    def test_sha256sums_verify(self):
        self.assertEqual(self.first.returncode, 0, self.first.stderr[-3000:])
        r = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=os.path.join(ROOT, "dist"),
                           capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(r.stdout.count(": OK\n"), 3)

    def test_second_build_saw_a_different_system_store(self):
        if not self.store_replaced:
            self.skipTest("cannot replace /etc/ssl/certs in a mount namespace here: " + self.why_not)
        self.assertIn("store: 1\n", self.second.stdout)
        with open("/etc/ssl/certs/ca-certificates.crt") as f:
            self.assertGreater(f.read().count("BEGIN CERTIFICATE"), 1, "the machine's store was left alone")


if __name__ == "__main__":
    unittest.main()
