"""The SBOM (issue 14): `make sbom` writes an SPDX 2.3 JSON document with the
fields SPDX 2.3 requires, generated from vendor/pins.sh; `eks-upgrade version
--output json` prints the same component list, on each architecture's binary."""
import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from common import BINARY, ROOT, run

# From the SPDX 2.3 JSON schema (spdx-spec, schemas/spdx-schema-2-3.json).
TOP_REQUIRED = {"SPDXID", "creationInfo", "dataLicense", "name", "spdxVersion"}
TOP_ALLOWED = TOP_REQUIRED | {"annotations", "comment", "externalDocumentRefs", "hasExtractedLicensingInfos",
                              "revieweds", "documentNamespace", "documentDescribes", "packages", "files",
                              "snippets", "relationships"}
PACKAGE_REQUIRED = {"SPDXID", "downloadLocation", "name"}
PACKAGE_ALLOWED = PACKAGE_REQUIRED | {
    "annotations", "attributionTexts", "builtDate", "checksums", "comment", "copyrightText", "description",
    "externalRefs", "filesAnalyzed", "hasFiles", "homepage", "licenseComments", "licenseConcluded",
    "licenseDeclared", "licenseInfoFromFiles", "originator", "packageFileName", "packageVerificationCode",
    "primaryPackagePurpose", "releaseDate", "sourceInfo", "summary", "supplier", "validUntilDate", "versionInfo"}
PURPOSES = {"OTHER", "INSTALL", "ARCHIVE", "FIRMWARE", "APPLICATION", "FRAMEWORK", "LIBRARY", "CONTAINER",
            "SOURCE", "DEVICE", "OPERATING_SYSTEM", "FILE"}
RELATIONSHIP_TYPES = {"DESCRIBES", "CONTAINS", "STATIC_LINK", "DYNAMIC_LINK", "DEPENDS_ON", "GENERATED_FROM",
                      "OTHER"}  # the subset this document may use; all are in the schema's enum
SPDX_ID = re.compile(r"^SPDXRef-[A-Za-z0-9.-]+$")
LICENSE = re.compile(r"^(NOASSERTION|NONE|[A-Za-z0-9.+-]+( (AND|OR) [A-Za-z0-9.+-]+)*)$")


def pins():
    """vendor/pins.sh as the shell sees it."""
    out = subprocess.run(["sh", "-c", "set -a && . vendor/pins.sh && env"], cwd=ROOT, env={"PATH": os.environ["PATH"]},
                         capture_output=True, text=True, check=True).stdout
    return dict(line.split("=", 1) for line in out.splitlines() if "=" in line)


def make_sbom():
    r = subprocess.run(["make", "-s", "sbom"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        raise AssertionError(r.stderr)
    with open(os.path.join(ROOT, "eks-upgrade.spdx.json")) as f:
        return json.load(f)


def component_view(doc):
    """The SBOM's packages as `version --output json` lists components."""
    rel = {r["relatedSpdxElement"]: r["relationshipType"] for r in doc["relationships"]}
    view = []
    for p in doc["packages"]:
        sums = [c["checksumValue"] for c in p.get("checksums", []) if c["algorithm"] == "SHA256"]
        view.append({"spdxId": p["SPDXID"], "name": p["name"], "version": p["versionInfo"],
                     "license": p["licenseDeclared"], "downloadLocation": p["downloadLocation"],
                     "sha256": sums[0] if sums else None, "relationship": rel[p["SPDXID"]]})
    return view


class SpdxDocument(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.doc = make_sbom()
        cls.pins = pins()

    def test_document_fields_spdx_requires(self):
        doc = self.doc
        self.assertLessEqual(TOP_REQUIRED | {"documentNamespace", "packages", "relationships"}, set(doc))
        self.assertLessEqual(set(doc), TOP_ALLOWED, "a field the SPDX 2.3 schema does not allow")
        self.assertEqual(doc["spdxVersion"], "SPDX-2.3")
        self.assertEqual(doc["dataLicense"], "CC0-1.0")
        self.assertEqual(doc["SPDXID"], "SPDXRef-DOCUMENT")
        with open(os.path.join(ROOT, "VERSION")) as f:
            version = f.read().strip()
        self.assertEqual(doc["name"], f"eks-upgrade-{version}")
        self.assertRegex(doc["documentNamespace"], r"^https://[^\s#]+$")
        info = doc["creationInfo"]
        self.assertLessEqual(set(info), {"comment", "created", "creators", "licenseListVersion"})
        self.assertRegex(info["created"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        self.assertGreaterEqual(len(info["creators"]), 1)
        for creator in info["creators"]:
            self.assertRegex(creator, r"^(Tool|Organization|Person): \S")

    def test_packages(self):
        ids = set()
        for p in self.doc["packages"]:
            self.assertLessEqual(PACKAGE_REQUIRED, set(p), p)
            self.assertLessEqual(set(p), PACKAGE_ALLOWED, p)
            self.assertRegex(p["SPDXID"], SPDX_ID)
            self.assertNotIn(p["SPDXID"], ids, "SPDXIDs are unique")
            ids.add(p["SPDXID"])
            self.assertIn(p["primaryPackagePurpose"], PURPOSES)
            self.assertRegex(p["licenseDeclared"], LICENSE)
            self.assertIs(p["filesAnalyzed"], False)
            for c in p.get("checksums", []):
                self.assertEqual(set(c), {"algorithm", "checksumValue"})
                self.assertEqual(c["algorithm"], "SHA256")
                self.assertRegex(c["checksumValue"], r"^[0-9a-f]{64}$")
        names = [p["name"] for p in self.doc["packages"]]
        self.assertEqual(names, ["eks-upgrade", "BearSSL", "curl", "jsmn", "musl", "ca-certificates"])

    def test_relationships(self):
        ids = {p["SPDXID"] for p in self.doc["packages"]} | {"SPDXRef-DOCUMENT"}
        seen = set()
        for r in self.doc["relationships"]:
            self.assertEqual(set(r), {"spdxElementId", "relatedSpdxElement", "relationshipType"})
            self.assertIn(r["relationshipType"], RELATIONSHIP_TYPES)
            self.assertIn(r["spdxElementId"], ids)
            self.assertIn(r["relatedSpdxElement"], ids)
            seen.add(r["relatedSpdxElement"])
        self.assertIn({"spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES",
                       "relatedSpdxElement": "SPDXRef-Package-eks-upgrade"}, self.doc["relationships"])
        self.assertEqual(seen, ids - {"SPDXRef-DOCUMENT"}, "every package is related to eks-upgrade")

    def test_every_component_carries_its_pin(self):
        p = self.pins
        want = {
            "BearSSL": ("BEARSSL", "STATIC_LINK"), "curl": ("CURL", "STATIC_LINK"),
            "jsmn": ("JSMN", "STATIC_LINK"), "musl": ("MUSL", "STATIC_LINK"),
            "ca-certificates": ("CACERTS", "CONTAINS"),
        }
        view = {c["name"]: c for c in component_view(self.doc)}
        for name, (prefix, relationship) in want.items():
            c = view[name]
            self.assertEqual(c["version"], p[prefix + "_VERSION"], name)
            self.assertEqual(c["downloadLocation"], p[prefix + "_URL"], name)
            self.assertEqual(c["sha256"], p[prefix + "_SHA256"], name)
            self.assertEqual(c["license"], p[prefix + "_LICENSE"], name)
            self.assertEqual(c["relationship"], relationship, name)
        self.assertEqual(view["eks-upgrade"]["license"], p["EKS_UPGRADE_LICENSE"])

    def test_same_bytes_twice_and_time_from_source_date_epoch(self):
        env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
        a = subprocess.run(["sh", "vendor/sbom.sh", "spdx"], cwd=ROOT, env=env, capture_output=True,
                           check=True).stdout
        b = subprocess.run(["sh", "vendor/sbom.sh", "spdx"], cwd=ROOT, env=env, capture_output=True,
                           check=True).stdout
        self.assertEqual(a, b)
        self.assertEqual(json.loads(a)["creationInfo"]["created"], "2023-11-14T22:13:20Z")

    def test_a_changed_pin_changes_the_document(self):
        """Generated, not written by hand: a new curl pin shows up at once."""
        tree = tempfile.mkdtemp(prefix="eks-upgrade-sbom-")
        self.addCleanup(shutil.rmtree, tree)
        shutil.copytree(os.path.join(ROOT, "vendor"), os.path.join(tree, "vendor"))
        shutil.copy(os.path.join(ROOT, "VERSION"), tree)
        pins_file = os.path.join(tree, "vendor", "pins.sh")
        with open(pins_file) as f:
            text = f.read()
        with open(pins_file, "w") as f:
            f.write(text.replace("CURL_VERSION=8.14.1", "CURL_VERSION=8.99.0"))
        out = subprocess.run(["sh", "vendor/sbom.sh", "spdx"], cwd=tree, capture_output=True, text=True,
                             check=True).stdout
        curl = [p for p in json.loads(out)["packages"] if p["name"] == "curl"][0]
        self.assertEqual(curl["versionInfo"], "8.99.0")


class VersionJson(unittest.TestCase):
    """`version --output json` prints the SBOM's component list."""

    @classmethod
    def setUpClass(cls):
        cls.sbom = component_view(make_sbom())

    def check(self, out, arch):
        v = json.loads(out)
        self.assertEqual(v["name"], "eks-upgrade")
        self.assertEqual(v["arch"], arch)
        self.assertEqual(v["os"], "linux")
        self.assertEqual(v["components"], self.sbom)
        ts = v["trustStore"]
        self.assertEqual(ts["source"], "Mozilla, from Debian ca-certificates " + pins()["CACERTS_VERSION"])
        self.assertGreater(ts["certificates"], 100)
        self.assertEqual(ts["override"], "AWS_CA_BUNDLE")

    def test_native_binary(self):
        r = run("version", "--output", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        arch = {"x86_64": "amd64", "aarch64": "arm64"}[os.uname().machine]
        self.check(r.stdout, arch)

    def test_arm64_binary_under_qemu(self):
        path = os.path.join(ROOT, "eks-upgrade-arm64")
        if os.uname().machine != "x86_64":
            self.skipTest("the cross-built binary is arm64 only on an amd64 machine")
        if not os.path.exists(path):
            self.skipTest("./eks-upgrade-arm64 is not built (./build.sh --arch arm64)")
        if shutil.which("qemu-aarch64") is None:
            self.skipTest("qemu-aarch64 is not installed")
        r = subprocess.run(["qemu-aarch64", path, "version", "--output", "json"], capture_output=True,
                           text=True, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.check(r.stdout, "arm64")

    def test_text_names_the_root_set(self):
        r = run("version")
        self.assertRegex(r.stdout, r"trust store: \d+ CA certificates \(Mozilla, from Debian ca-certificates "
                         + re.escape(pins()["CACERTS_VERSION"]) + r"; AWS_CA_BUNDLE replaces it\)\n")

    def test_bad_output_value(self):
        r = run("version", "--output", "yaml")
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stdout, "")


if __name__ == "__main__":
    unittest.main()
