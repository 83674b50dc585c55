"""SPEC §8: secrets never appear in any output, --debug included. Runs the
real binary with --debug under each credential source the simulator can
drive, then scans stdout and stderr for the secret key, the web identity
and container tokens, the SSO access token, refresh token and client secret,
every secret the simulator issued (session tokens also by their fixed
prefix) and anything shaped like a SigV4 signature."""
import os
import re
import subprocess
import sys
import unittest

from common import BINARY, ROOT

sys.path.insert(0, os.path.join(ROOT, "tests", "sim"))
import sso  # noqa: E402
from simctl import Simulator, sso_config, write_sso_token  # noqa: E402

SESSION_TOKEN_PREFIX = "IQoJb3JpZ2luX2VjE"  # tests/sim/store.py issue_session
SIGNATURE = re.compile(r"\b[0-9a-f]{64}\b")


class NoSecretsInOutput(unittest.TestCase):
    def scan(self, sim, env, secrets, *args):
        r = subprocess.run([BINARY, *args, "--debug"], env=env, capture_output=True, text=True, timeout=60)
        out = r.stdout + r.stderr
        self.assertIn("debug:", r.stderr, "the run should have produced debug output")
        for s in secrets:
            self.assertTrue(s, "empty secret in the test's own list")
            self.assertNotIn(s, out, f"secret leaked by {args}")
        self.assertNotIn(SESSION_TOKEN_PREFIX, out)
        self.assertIsNone(SIGNATURE.search(out), f"signature-like value in the output of {args}")
        return r

    def test_static_keys(self):
        with Simulator("demo") as sim:
            env = sim.env()
            secrets = [env["AWS_SECRET_ACCESS_KEY"]]
            for args in (["whoami"], ["plan", "--cluster", "demo"],
                         ["apply", "--cluster", "demo", "--approve", "--poll-interval", "200ms"]):
                r = self.scan(sim, env, secrets, *args)
                self.assertEqual(r.returncode, 0, r.stderr)

    def test_web_identity(self):
        with Simulator("demo") as sim:
            env = sim.web_identity_env()
            with open(env["AWS_WEB_IDENTITY_TOKEN_FILE"]) as f:
                token = f.read()
            r = self.scan(sim, env, [token], "plan", "--cluster", "demo")
            self.assertEqual(r.returncode, 0, r.stderr)

    def test_container(self):
        with Simulator("demo") as sim:
            env = sim.container_env()
            r = self.scan(sim, env, [env["AWS_CONTAINER_AUTHORIZATION_TOKEN"]], "whoami")
            self.assertEqual(r.returncode, 0, r.stderr)

    def test_sso_with_refresh(self):
        """An SSO profile whose token is refreshed, then a plan: the cached
        and the refreshed tokens, the client secret and the role keys."""
        with Simulator("demo") as sim:
            home = os.path.join(sim.state_dir, "sso-home")
            os.makedirs(home)
            config = os.path.join(home, "config")
            with open(config, "w") as f:
                f.write(sso_config())
            write_sso_token(home, "corp", expires_in=-60, refreshable=True)
            env = sim.env(static_credentials=False, HOME=home, AWS_CONFIG_FILE=config,
                          AWS_PROFILE="sso", AWS_EC2_METADATA_DISABLED="true")
            cached = [sso.DEFAULT_TOKEN, sso.DEFAULT_REFRESH_TOKEN, sso.DEFAULT_CLIENT_SECRET]
            r = self.scan(sim, env, cached, "plan", "--cluster", "demo")
            self.assertEqual(r.returncode, 0, r.stderr)
            for s in sim.issued_secrets():  # refreshed tokens, role keys
                self.assertNotIn(s, r.stdout + r.stderr)
            self.assertEqual(sim.count("CreateToken", status=200), 1)

    def test_failed_signature_does_not_echo_the_secret(self):
        with Simulator("demo") as sim:
            env = sim.env(AWS_SECRET_ACCESS_KEY="wrongSecretKeyForThisTest/abcdefghijklmnop")
            r = self.scan(sim, env, ["wrongSecretKeyForThisTest/abcdefghijklmnop"], "whoami")
            self.assertEqual(r.returncode, 1)
            self.assertIn("SignatureDoesNotMatch", r.stderr)


if __name__ == "__main__":
    unittest.main()
