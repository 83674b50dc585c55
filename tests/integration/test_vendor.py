"""vendor/fetch.sh refuses a source whose SHA-256 differs from the pin, with
a clear message, and never hands it to the build (issues 2, 14);
vendor/certdata2pem.pl selects the roots as Debian's ca-certificates does
(issue 14)."""
import glob
import os
import re
import shutil
import ssl
import subprocess
import tempfile
import unittest

from common import ROOT, run


def pem_certificates(text):
    """The DER bytes of every certificate in a PEM text."""
    return [ssl.PEM_cert_to_DER_cert(m) for m in
            re.findall(r"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----", text, re.S)]


def pins(*names):
    out = subprocess.run(["sh", "-c", ". vendor/pins.sh && printf '%s\\n' " + " ".join(f'"${n}"' for n in names)],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return out.splitlines()


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

    def test_tampered_musl_and_ca_certificates_are_refused(self):
        for name, prefix in (("musl", "MUSL"), ("cacerts", "CACERTS")):
            cache = tempfile.mkdtemp(prefix="eks-upgrade-fetch-")
            self.addCleanup(shutil.rmtree, cache)
            os.makedirs(os.path.join(cache, "downloads"))
            orig, sha = pins(f"{prefix}_DEB_ORIG", f"{prefix}_DEB_SHA256")
            bad = os.path.join(cache, "downloads", orig)
            with open(bad, "wb") as f:
                f.write(b"not the release")
            # Upstream and Debian both unreachable: nothing verified is left.
            env = dict(os.environ, EKS_UPGRADE_CACHE=cache, DEBIAN_MIRROR="http://127.0.0.1:9",
                       https_proxy="http://127.0.0.1:9",
                       http_proxy="http://127.0.0.1:9")
            r = subprocess.run(["sh", "vendor/fetch.sh", name], cwd=ROOT, env=env,
                               capture_output=True, text=True, timeout=180)
            self.assertEqual(r.returncode, 1, name)
            self.assertEqual(r.stdout, "", name)
            self.assertIn("SHA-256 mismatch", r.stderr)
            self.assertIn(sha, r.stderr)
            self.assertTrue(os.path.exists(bad + ".rejected"), name)

    def test_unknown_dependency(self):
        r = subprocess.run(["sh", "vendor/fetch.sh", "openssl"], cwd=ROOT, capture_output=True, text=True)
        self.assertEqual(r.returncode, 1)
        self.assertIn("unknown dependency", r.stderr)


OBJECT = """CKA_CLASS CK_OBJECT_CLASS CKO_CERTIFICATE
CKA_LABEL UTF8 "{label}"
CKA_VALUE MULTILINE_OCTAL
{octal}
END

CKA_CLASS CK_OBJECT_CLASS CKO_NSS_TRUST
CKA_LABEL UTF8 "{label}"
CKA_TRUST_SERVER_AUTH CK_TRUST {server}
CKA_TRUST_EMAIL_PROTECTION CK_TRUST CKT_NSS_TRUSTED_DELEGATOR

"""


class CertdataToPem(unittest.TestCase):
    """Debian's rule: a root is in when its trust object says
    CKT_NSS_TRUSTED_DELEGATOR for server authentication and its label is not
    in blacklist.txt; mozilla/extra/*.crt are added."""

    def convert(self, objects, blacklist="", extra=None):
        src = tempfile.mkdtemp(prefix="eks-upgrade-certdata-")
        self.addCleanup(shutil.rmtree, src)
        os.makedirs(os.path.join(src, "mozilla", "extra"))
        body = "".join(OBJECT.format(label=label, server=server,
                                     octal="".join("\\%03o" % b for b in der))
                       for label, server, der in objects)
        with open(os.path.join(src, "mozilla", "certdata.txt"), "w") as f:
            f.write("# header\nBEGINDATA\n\n# a comment\n" + body)
        with open(os.path.join(src, "mozilla", "blacklist.txt"), "w") as f:
            f.write(blacklist)
        for name, der in (extra or {}).items():
            with open(os.path.join(src, "mozilla", "extra", name), "w") as f:
                f.write(ssl.DER_cert_to_PEM_cert(der))
        return subprocess.run(["perl", "vendor/certdata2pem.pl", src], cwd=ROOT, capture_output=True, text=True)

    def test_selection(self):
        der = {n: bytes([0x30, 0x03, 0x02, 0x01, n]) for n in range(1, 7)}
        r = self.convert([("Server Root", "CKT_NSS_TRUSTED_DELEGATOR", der[1]),
                          ("Email Only", "CKT_NSS_MUST_VERIFY_TRUST", der[2]),
                          ("Distrusted", "CKT_NSS_NOT_TRUSTED", der[3]),
                          ("Blacklisted Root", "CKT_NSS_TRUSTED_DELEGATOR", der[4]),
                          ("Second Root", "CKT_NSS_TRUSTED_DELEGATOR", der[5])],
                         blacklist='# comment\n"Blacklisted Root"   # why\n', extra={"Extra.crt": der[6]})
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(pem_certificates(r.stdout), [der[1], der[5], der[6]])

    def test_nothing_trusted_is_an_error(self):
        r = self.convert([("Email Only", "CKT_NSS_MUST_VERIFY_TRUST", b"\x30\x00")])
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("no trusted certificates", r.stderr)


class PinnedRoots(unittest.TestCase):
    """vendor/ca-roots.sh converts the pinned Debian source; the binary holds
    exactly that many roots, never the build machine's."""

    @classmethod
    def setUpClass(cls):
        r = subprocess.run(["sh", "vendor/ca-roots.sh"], cwd=ROOT, capture_output=True, text=True, timeout=300)
        if r.returncode != 0:
            raise AssertionError(r.stderr)
        with open(r.stdout.strip()) as f:
            cls.roots = pem_certificates(f.read())

    def test_the_binary_holds_the_pinned_set(self):
        out = run("version").stdout
        count = int(re.search(r"trust store: (\d+) CA certificates", out).group(1))
        self.assertEqual(count, len(self.roots))
        self.assertGreater(count, 100)

    def test_same_set_as_debian_installs_from_that_version(self):
        """Where the machine has that very ca-certificates installed, its bundle
        minus the local additions (/usr/local/share/ca-certificates) is the set
        Debian's own certdata2pem.py chose: the converter must agree."""
        version, = pins("CACERTS_DEB_VERSION")
        r = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "ca-certificates"], capture_output=True, text=True) \
            if shutil.which("dpkg-query") else None
        if r is None or r.returncode != 0 or r.stdout != version:
            self.skipTest(f"ca-certificates {version} is not the installed package here")
        with open("/etc/ssl/certs/ca-certificates.crt") as f:
            system = set(pem_certificates(f.read()))
        local = set()
        for path in glob.glob("/usr/local/share/ca-certificates/**/*.crt", recursive=True):
            with open(path) as f:
                local |= set(pem_certificates(f.read()))
        self.assertEqual(set(self.roots), system - local)
        self.assertEqual(len(self.roots), len(set(self.roots)))


if __name__ == "__main__":
    unittest.main()
