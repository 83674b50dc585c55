"""Dockerfile.alpine (issue 14), read as text since there is no Docker engine
here: the build stage only runs ./build.sh (so the image uses vendor/pins.sh,
nothing pinned twice), the final stage is FROM scratch with the binary and its
SBOM, runs as 65534:65534, and carries the OCI labels, whose version and
licences agree with the repository."""
import os
import re
import subprocess
import tempfile
import unittest

from common import ROOT

DOCKERFILE = os.path.join(ROOT, "Dockerfile.alpine")


def instructions():
    """(INSTRUCTION, arguments) per instruction, continuation lines joined."""
    with open(DOCKERFILE) as f:
        text = f.read()
    text = re.sub(r"\\\n\s*", " ", text)
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        word, _, rest = line.partition(" ")
        out.append((word.upper(), rest.strip()))
    return out


def stages():
    result, current = [], None
    for word, rest in instructions():
        if word == "FROM":
            current = {"from": rest, "steps": []}
            result.append(current)
        elif current is not None:
            current["steps"].append((word, rest))
    return result


def labels(steps):
    found = {}
    for word, rest in steps:
        if word == "LABEL":
            for key, value in re.findall(r'([\w.-]+)="([^"]*)"', rest):
                found[key] = value
    return found


def args(steps):
    found = {}
    for word, rest in steps:
        if word == "ARG" and "=" in rest:
            key, value = rest.split("=", 1)
            found[key] = value
    return found


class Dockerfile(unittest.TestCase):
    def setUp(self):
        self.stages = stages()
        self.assertEqual(len(self.stages), 2)
        self.build, self.final = self.stages

    def test_build_stage_runs_build_sh_only(self):
        self.assertRegex(self.build["from"], r"^alpine:\d+\.\d+ AS build$")
        runs = [rest for word, rest in self.build["steps"] if word == "RUN"]
        self.assertIn("./build.sh && make sbom", runs)
        # No dependency is pinned or installed here a second time: only tools.
        for rest in runs:
            self.assertNotRegex(rest, r"curl-dev|bearssl|musl|jsmn|\.tar\.|sha256|wget ")

    def test_final_stage_is_scratch_running_as_nobody(self):
        self.assertEqual(self.final["from"], "scratch")
        words = [w for w, _ in self.final["steps"]]
        self.assertEqual(words.count("USER"), 1)
        user = [rest for w, rest in self.final["steps"] if w == "USER"][0]
        self.assertEqual(user, "65534:65534")
        # USER comes before the entry point, so nothing runs as root.
        self.assertLess(words.index("USER"), words.index("ENTRYPOINT"))
        copies = [rest for w, rest in self.final["steps"] if w == "COPY"]
        self.assertEqual(copies, ["--from=build /src/eks-upgrade /eks-upgrade",
                                  "--from=build /src/eks-upgrade.spdx.json /eks-upgrade.spdx.json"])
        self.assertIn(("ENTRYPOINT", '["/eks-upgrade"]'), self.final["steps"])

    def test_oci_labels(self):
        found = labels(self.final["steps"])
        for key in ("source", "version", "licenses", "revision"):
            self.assertIn(f"org.opencontainers.image.{key}", found)
        defaults = args(self.final["steps"])
        self.assertEqual(found["org.opencontainers.image.version"], "${VERSION}")
        self.assertEqual(found["org.opencontainers.image.revision"], "${REVISION}")
        self.assertEqual(found["org.opencontainers.image.source"], "${SOURCE}")
        with open(os.path.join(ROOT, "VERSION")) as f:
            self.assertEqual(defaults["VERSION"], f.read().strip(), "ARG VERSION follows the VERSION file")
        pins = subprocess.run(["sh", "-c", ". vendor/pins.sh && echo $EKS_UPGRADE_SOURCE"], cwd=ROOT,
                              capture_output=True, text=True, check=True).stdout.strip()
        self.assertEqual(defaults["SOURCE"], pins)

    def test_licenses_label_is_the_sbom_expression(self):
        want = subprocess.run(["sh", "vendor/sbom.sh", "licenses"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
        self.assertEqual(labels(self.final["steps"])["org.opencontainers.image.licenses"], want)


class LicenceExpression(unittest.TestCase):
    """vendor/sbom.sh licenses: NOASSERTION while eks-upgrade has no licence,
    otherwise every component's licence once."""

    def expression(self, project_licence):
        env = {"PATH": os.environ["PATH"]}
        script = (f"sed 's/^EKS_UPGRADE_LICENSE=.*/EKS_UPGRADE_LICENSE={project_licence}/' vendor/pins.sh "
                  "> \"$T/pins.sh\" && cp vendor/sbom.sh \"$T/\" && cp VERSION \"$T/..\" && sh \"$T/sbom.sh\" licenses")
        with tempfile.TemporaryDirectory() as tmp:
            os.mkdir(os.path.join(tmp, "vendor"))
            env["T"] = os.path.join(tmp, "vendor")
            return subprocess.run(["sh", "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                                  check=True).stdout.strip()

    def test_unknown_project_licence(self):
        self.assertEqual(self.expression("NOASSERTION"), "NOASSERTION")

    def test_known_project_licence(self):
        self.assertEqual(self.expression("Apache-2.0"), "Apache-2.0 AND MIT AND curl AND MPL-2.0")


if __name__ == "__main__":
    unittest.main()
