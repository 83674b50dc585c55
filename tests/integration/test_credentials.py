"""Every credential provider end to end (SPEC §7, issues 4 and 18): `eks-upgrade
whoami --output json` against the simulator over TLS. The simulator verifies
each signature; the tests check the `source` the binary reports, that the
signed requests carried the expected key, that bad input fails clearly, and
that a profile asked for by name never ends on another identity (container,
IMDS)."""
import json
import os
import stat
import signal
import subprocess
import sys
import tempfile
import time
import unittest

from common import BINARY, ROOT, clean_env, run, with_overrides

sys.path.insert(0, os.path.join(ROOT, "tests", "sim"))
import sso  # noqa: E402
from simctl import SSO_START_URL as START_URL  # noqa: E402
from simctl import Simulator, sso_cache_path, sso_config, write_sso_token  # noqa: E402

ACCOUNT = "111122223333"
DEMO_KEY = ("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
PROFILE_KEY = ("AKIAPROFILEEXAMPLE01", "pr0file/Secret+Key/EXAMPLEKEYEXAMPLEKEY1")
SESSION_KEY = ("ASIASESSIONEXAMPLE01", "sess/Secret+Key/EXAMPLEKEYEXAMPLEKEY12",
               "FwoGZXIvYXdzEXAMPLESESSIONTOKEN+/=abcdef")
CONTAINER_TOKEN = "sim-container-token-with-secret-bits"
WEB_TOKEN = "sim-web-identity-token"
SSO_ROLE = "EksUpgradeAdmin"
# Both forms of an IAM Identity Center profile, [profile sso] (session "corp")
# and [profile legacy], as `aws configure sso` writes them.
SSO_CONFIG = sso_config(ACCOUNT, SSO_ROLE)

SCENARIO = {
    "credentials": {
        "static": [
            {"accessKeyId": DEMO_KEY[0], "secretAccessKey": DEMO_KEY[1],
             "arn": "arn:aws:iam::%s:user/demo" % ACCOUNT},
            {"accessKeyId": PROFILE_KEY[0], "secretAccessKey": PROFILE_KEY[1],
             "arn": "arn:aws:iam::%s:user/profile-user" % ACCOUNT},
            {"accessKeyId": SESSION_KEY[0], "secretAccessKey": SESSION_KEY[1],
             "sessionToken": SESSION_KEY[2],
             "arn": "arn:aws:sts::%s:assumed-role/ci/session" % ACCOUNT},
        ],
        "web_identity": {"token": WEB_TOKEN},
        "container": {"token": CONTAINER_TOKEN},
        "sso": {"assignments": [{"account_id": ACCOUNT, "role_name": SSO_ROLE}]},
    },
}


class Credentials(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.sim = Simulator("demo", overrides=SCENARIO).start()

    @classmethod
    def tearDownClass(cls):
        cls.sim.stop()

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="eks-upgrade-creds-")
        self.addCleanup(self.tmp.cleanup)
        self.mark = len(self.sim.requests())
        self.sim.set_scenario({"faults": [], "credentials": {"sso": {
            "tokens": [sso.DEFAULT_TOKEN], "refresh_tokens": [sso.DEFAULT_REFRESH_TOKEN],
            "role_lifetime_seconds": 3600}}})

    # --- helpers ------------------------------------------------------------
    def env(self, **extra):
        """clean_env + the simulator's endpoints, CA and region; no keys, IMDS
        off, config files in this test's directory (absent until written)."""
        sim_vars = self.sim.env(static_credentials=False)
        env = clean_env(**{k: v for k, v in sim_vars.items() if k in (
            "AWS_ENDPOINT_URL_EKS", "AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL_SSO",
            "AWS_ENDPOINT_URL_SSO_OIDC", "AWS_CA_BUNDLE", "AWS_REGION")})
        env["AWS_CONFIG_FILE"] = self.path("config")
        env["AWS_SHARED_CREDENTIALS_FILE"] = self.path("credentials")
        return with_overrides(env, extra)

    def path(self, name):
        return os.path.join(self.tmp.name, name)

    def write(self, name, text, mode=0o600):
        with open(self.path(name), "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(self.path(name), mode)
        return self.path(name)

    def write_profile_keys(self, section):
        """PROFILE_KEY as the static keys of [section] in the credentials file."""
        return self.write("credentials", "[%s]\naws_access_key_id = %s\n"
                          "aws_secret_access_key = %s\n" % (section, *PROFILE_KEY))

    def new_requests(self, operation=None):
        return [r for r in self.sim.requests()[self.mark:]
                if operation is None or r["operation"] == operation]

    def whoami(self, env, *args):
        r = run("whoami", "--output", "json", *args, env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        return json.loads(r.stdout), r

    def fails(self, env, *args):
        r = run("whoami", "--output", "json", *args, env=env)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertEqual(r.stdout, "")
        return r.stderr

    def assert_signed_by(self, access_key_id, source=None):
        calls = self.new_requests("GetCallerIdentity")
        self.assertEqual(len(calls), 1, calls)
        self.assertIs(calls[0]["signatureOk"], True, calls[0])
        self.assertEqual(calls[0]["status"], 200)
        if access_key_id is not None:
            self.assertEqual(calls[0]["accessKeyId"], access_key_id)
        if source is not None:
            self.assertEqual(calls[0]["credentialSource"], source)
        return calls[0]

    def assert_no_secrets(self, result, *secrets):
        for s in secrets:
            self.assertNotIn(s, result.stdout)
            self.assertNotIn(s, result.stderr)

    def reachable(self, **extra):
        """self.env() with IMDS and container credentials both reachable: a
        provider that falls through would find an identity there."""
        reach = dict(AWS_EC2_METADATA_DISABLED=None,
                     AWS_EC2_METADATA_SERVICE_ENDPOINT="http://localhost:%d" % self.sim.http_port,
                     AWS_CONTAINER_CREDENTIALS_FULL_URI="http://localhost:%d/v1/credentials"
                     % self.sim.http_port,
                     AWS_CONTAINER_AUTHORIZATION_TOKEN=CONTAINER_TOKEN)
        reach.update(extra)
        return self.env(**reach)

    def assert_no_fallthrough(self):
        services = [r["service"] for r in self.new_requests()]
        self.assertNotIn("imds", services)
        self.assertNotIn("container", services)

    # --- IAM Identity Center (SSO) ------------------------------------------
    def sso_env(self, reachable=False, **extra):
        """SSO_CONFIG as the config file, $HOME in this test's directory (the
        token cache is ~/.aws/sso/cache), IMDS and container reachable or not."""
        self.write("config", SSO_CONFIG)
        extra["HOME"] = self.tmp.name
        return self.reachable(**extra) if reachable else self.env(**extra)

    def sso_token(self, key="corp", **kw):
        return write_sso_token(self.tmp.name, key, **kw)

    def sso_fails(self, env, *args):
        """exit 1 naming the profile, no fall-through, no secret echoed."""
        err = self.fails(env, *args)
        self.assert_no_fallthrough()
        self.assert_no_secrets_issued(err)
        return err

    def assert_no_secrets_issued(self, *outputs):
        for secret in self.sim.issued_secrets():
            for out in outputs:
                self.assertNotIn(secret, out)

    def test_sso_session_profile(self):
        self.sso_token(expires_in=3600)
        out, r = self.whoami(self.sso_env(reachable=True), "--profile", "sso", "--debug")
        self.assertEqual(out["source"], "sso:sso")
        self.assertRegex(out["arn"], r"^arn:aws:sts::%s:assumed-role/AWSReservedSSO_%s_\w+/"
                         r"sso-user$" % (ACCOUNT, SSO_ROLE))
        portal = self.new_requests("GetRoleCredentials")
        self.assertEqual(len(portal), 1)
        self.assertEqual((portal[0]["status"], portal[0]["tokenOk"], portal[0]["roleName"],
                          portal[0]["accountId"]), (200, True, SSO_ROLE, ACCOUNT))
        self.assertIsNone(portal[0]["signatureOk"])  # a bearer token, not SigV4
        self.assertEqual(self.new_requests("CreateToken"), [])  # good for an hour: no refresh
        self.assert_signed_by(None, "sso")
        self.assert_no_fallthrough()
        self.assert_no_secrets(r, sso.DEFAULT_TOKEN)
        self.assert_no_secrets_issued(r.stdout, r.stderr)

    def test_sso_legacy_profile_and_text_whoami(self):
        # The legacy form's cache file is named by the SHA-1 of the start URL.
        self.sso_token(START_URL, expires_in=3600)
        r = run("whoami", env=self.sso_env(AWS_PROFILE="legacy"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Source:  sso:legacy\n", r.stdout)
        self.assertIn("AWSReservedSSO_%s_" % SSO_ROLE, r.stdout)
        self.assertEqual(len(self.new_requests("GetRoleCredentials")), 1)

    def test_sso_refreshes_an_expired_session_token_and_saves_it(self):
        path = self.sso_token(expires_in=-60, refreshable=True)
        with open(path) as f:
            before = json.load(f)
        out, r = self.whoami(self.sso_env(reachable=True), "--profile", "sso", "--debug")
        self.assertEqual(out["source"], "sso:sso")
        ops = [(q["operation"], q["status"]) for q in self.new_requests()
               if q["service"] in ("sso", "sso-oidc")]
        self.assertEqual(ops, [("CreateToken", 200), ("GetRoleCredentials", 200)])
        self.assertIs(self.new_requests("GetRoleCredentials")[0]["tokenRefreshed"], True)
        # Written back as the CLI would: the new token, the rotated refresh
        # token, the registration kept; atomically (no temporary file left) and 0600.
        with open(path) as f:
            after = json.load(f)
        self.assertTrue(after["accessToken"].startswith(sso.ISSUED_TOKEN_PREFIX))
        self.assertTrue(after["refreshToken"].startswith(sso.ISSUED_REFRESH_PREFIX))
        for k in ("clientId", "clientSecret", "registrationExpiresAt", "startUrl", "region"):
            self.assertEqual(after[k], before[k], k)
        expires = time.mktime(time.strptime(after["expiresAt"], "%Y-%m-%dT%H:%M:%SZ"))
        self.assertAlmostEqual(expires - time.mktime(time.gmtime()), 28800, delta=120)
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)
        self.assertEqual(os.listdir(os.path.dirname(path)), [os.path.basename(path)])
        self.assert_no_fallthrough()
        self.assert_no_secrets(r, *[before[k] for k in ("accessToken", "refreshToken",
                                                         "clientSecret")])
        self.assert_no_secrets_issued(r.stdout, r.stderr)
        # The next run uses the saved token: no second refresh.
        self.mark = len(self.sim.requests())
        self.whoami(self.sso_env(), "--profile", "sso")
        self.assertEqual(self.new_requests("CreateToken"), [])

    def test_sso_refreshes_a_session_token_about_to_expire(self):
        # botocore refreshes within 15 minutes of expiresAt; old CLIs wrote "...UTC".
        expires = time.strftime("%Y-%m-%dT%H:%M:%SUTC", time.gmtime(time.time() + 300))
        self.sso_token(refreshable=True, expiresAt=expires)
        out, _ = self.whoami(self.sso_env(), "--profile", "sso")
        self.assertEqual(out["source"], "sso:sso")
        self.assertEqual(len(self.new_requests("CreateToken")), 1)

    def test_sso_token_still_valid_when_refresh_fails_is_used(self):
        self.sim.set_scenario({"credentials": {"sso": {"refresh_tokens": []}}})
        self.sso_token(expires_in=300, refreshable=True)
        out, _ = self.whoami(self.sso_env(), "--profile", "sso")
        self.assertEqual(out["source"], "sso:sso")
        self.assertEqual([q["status"] for q in self.new_requests("CreateToken")], [400])

    def test_sso_expired_token_without_refresh_token(self):
        self.sso_token(expires_in=-60)
        err = self.sso_fails(self.sso_env(reachable=True), "--profile", "sso")
        self.assertIn("profile sso (%s)" % self.path("config"), err)
        self.assertIn("the SSO token of session corp expired at", err)
        self.assertIn("the cache holds no refresh token", err)
        self.assertTrue(err.rstrip().endswith("run: aws sso login --profile sso"), err)
        self.assertEqual(self.new_requests(), [])

    def test_sso_legacy_expired_token_is_not_refreshed(self):
        # botocore refreshes only sso_session profiles, even when the cache could.
        self.sso_token(START_URL, expires_in=-60, refreshable=True)
        err = self.sso_fails(self.sso_env(reachable=True, AWS_PROFILE="legacy"))
        self.assertIn("the SSO token of start URL %s expired at" % START_URL, err)
        self.assertIn("run: aws sso login --profile legacy", err)
        self.assertEqual(self.new_requests(), [])

    def test_sso_refresh_refused(self):
        self.sim.set_scenario({"credentials": {"sso": {"refresh_tokens": []}}})
        self.sso_token(expires_in=-60, refreshable=True)
        err = self.sso_fails(self.sso_env(reachable=True), "--profile", "sso")
        self.assertIn("expired at", err)
        self.assertIn("could not be refreshed: CreateToken: InvalidGrantException: "
                      "Invalid refresh token provided", err)
        self.assertIn("run: aws sso login --profile sso", err)
        self.assertEqual(self.new_requests("GetRoleCredentials"), [])

    def test_sso_expired_client_registration_is_not_used(self):
        self.sso_token(expires_in=-60, refreshable=True,
                       registrationExpiresAt="2020-01-01T00:00:00Z")
        err = self.sso_fails(self.sso_env(reachable=True), "--profile", "sso")
        self.assertIn("the client registration in the cache has expired", err)
        self.assertEqual(self.new_requests(), [])

    def test_sso_role_not_granted(self):
        self.write("config", SSO_CONFIG.replace("sso_role_name = %s" % SSO_ROLE,
                                                "sso_role_name = ReadOnly"))
        self.sso_token(expires_in=3600)
        env = self.reachable(HOME=self.tmp.name)
        err = self.sso_fails(env, "--profile", "sso")
        self.assertIn("profile sso (%s): role ReadOnly in account %s is not assigned"
                      % (self.path("config"), ACCOUNT), err)
        self.assertIn("GetRoleCredentials: ForbiddenException: No access", err)
        self.assertNotIn("aws sso login", err)  # a new login would not help
        self.assertEqual([q["status"] for q in self.new_requests("GetRoleCredentials")], [403])

    def test_sso_token_refused_by_the_portal(self):
        self.sso_token(expires_in=3600, access_token="revoked-or-from-another-session")
        err = self.sso_fails(self.sso_env(reachable=True), "--profile", "sso")
        self.assertIn("the SSO portal did not accept the token of session corp: "
                      "GetRoleCredentials: UnauthorizedException: Session token not found or "
                      "invalid", err)
        self.assertIn("run: aws sso login --profile sso", err)
        self.assertNotIn("revoked-or-from-another-session", err)

    def test_sso_portal_errors(self):
        self.sim.set_scenario({"faults": [{"operation": "GetRoleCredentials", "kind": "http500",
                                           "count": -1}]})
        self.sso_token(expires_in=3600)
        err = self.sso_fails(self.sso_env(reachable=True, AWS_MAX_ATTEMPTS="2"),
                             "--profile", "sso")
        self.assertIn("SSO portal (us-east-1): GetRoleCredentials: InternalServerException", err)
        self.assertEqual(len(self.new_requests("GetRoleCredentials")), 2)  # retried
        self.sim.set_scenario({"faults": [{"operation": "GetRoleCredentials",
                                           "kind": "invalid_json", "count": -1}]})
        self.mark = len(self.sim.requests())
        err = self.sso_fails(self.sso_env(reachable=True), "--profile", "sso")
        self.assertIn("GetRoleCredentials response: ", err)

    def test_sso_no_cached_token(self):
        err = self.sso_fails(self.sso_env(reachable=True), "--profile", "sso")
        path = sso_cache_path(self.tmp.name, "corp")
        self.assertIn("no usable SSO token for session corp: SSO token cache %s: No such file"
                      % path, err)
        self.assertIn("run: aws sso login --profile sso", err)
        self.assertEqual(self.new_requests(), [])
        os.makedirs(os.path.dirname(path))
        with open(path, "w") as f:  # not the CLI's JSON
            f.write('{"accessToken": 12}')
        err = self.sso_fails(self.sso_env(reachable=True), "--profile", "sso")
        self.assertIn("SSO token cache %s: accessToken: expected a string" % path, err)

    def test_sso_profiles_missing_keys(self):
        cases = {
            "[profile half]\nsso_start_url = %s\nsso_role_name = R\n" % START_URL:
                "needs sso_region and sso_account_id",
            "[profile half]\nsso_session = nowhere\nsso_account_id = 1\nsso_role_name = R\n":
                "sso_session nowhere: there is no [sso-session nowhere] section",
            "[profile half]\nsso_session = s\nsso_account_id = 1\nsso_role_name = R\n"
            "[sso-session s]\nsso_start_url = %s\n" % START_URL:
                "[sso-session s] in %s has no sso_region" % self.path("config"),
            "[profile half]\nsso_session = s\nsso_region = eu-west-1\nsso_account_id = 1\n"
            "sso_role_name = R\n[sso-session s]\nsso_start_url = %s\n"
            "sso_region = us-east-1\n" % START_URL:
                "sso_region eu-west-1 differs from the us-east-1 of [sso-session s]",
            "[profile half]\nsso_account_id = 1\n":
                "needs sso_start_url, sso_region and sso_role_name",
            "[profile half]\nsso_start_url = %s\nsso_region = us-east-1\n" % START_URL:
                "needs sso_account_id and sso_role_name",
        }
        for text, message in cases.items():
            with self.subTest(message=message):
                self.write("config", text)
                err = self.fails(self.reachable(HOME=self.tmp.name), "--profile", "half")
                self.assertIn("profile half (%s): " % self.path("config"), err)
                self.assertIn(message, err)
                self.assertEqual(self.new_requests(), [])

    def test_sso_keys_without_account_and_role_leave_static_keys_alone(self):
        # botocore's SSO provider wants sso_account_id or sso_role_name; a
        # profile that keeps only an sso_session beside its keys uses the keys.
        self.write_profile_keys("mixed")
        self.write("config", "[profile mixed]\nsso_session = corp\n"
                   "[sso-session corp]\nsso_start_url = %s\nsso_region = us-east-1\n"
                   % START_URL)
        out, _ = self.whoami(self.env(HOME=self.tmp.name), "--profile", "mixed")
        self.assertEqual(out["source"], "profile:mixed")
        self.assertEqual(self.new_requests("GetRoleCredentials"), [])

    def test_sso_endpoint_override_and_http_policy(self):
        self.sso_token(expires_in=3600)
        env = self.sso_env(AWS_ENDPOINT_URL_SSO="http://localhost:%d" % self.sim.http_port)
        out, _ = self.whoami(env, "--profile", "sso")  # plain http to loopback is allowed
        self.assertEqual(out["source"], "sso:sso")
        err = self.fails(self.sso_env(AWS_ENDPOINT_URL_SSO="http://portal.example.com"),
                         "--profile", "sso")
        self.assertIn("AWS_ENDPOINT_URL_SSO: refusing plain http:// to portal.example.com", err)
        self.sso_token(expires_in=-60, refreshable=True)
        self.mark = len(self.sim.requests())
        err = self.fails(self.sso_env(AWS_ENDPOINT_URL_SSO_OIDC="http://oidc.example.com"),
                         "--profile", "sso")
        self.assertIn("AWS_ENDPOINT_URL_SSO_OIDC: refusing plain http://", err)
        self.assertEqual(self.new_requests(), [])

    def test_sso_credentials_carry_their_expiry(self):
        # Role credentials good for 5 minutes are inside the 10-minute refresh
        # window: the credential cache asks for new ones before each batch.
        self.sim.set_scenario({"credentials": {"sso": {"role_lifetime_seconds": 300}}})
        self.sso_token(expires_in=3600)
        r = run("plan", "--cluster", "demo", env=self.sso_env(AWS_PROFILE="sso"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertGreater(len(self.new_requests("GetRoleCredentials")), 1)

    def test_sso_profile_as_source_profile(self):
        self.sso_token(expires_in=3600)
        env = self.sso_env()
        with open(self.path("config"), "a") as f:
            f.write("[profile deploy]\nrole_arn = arn:aws:iam::%s:role/deployer\n"
                    "source_profile = sso\n" % ACCOUNT)
        out, _ = self.whoami(env, "--profile", "deploy")
        self.assertEqual(out["source"], "assume-role:deploy")
        assume = self.new_requests("AssumeRole")
        self.assertEqual(len(assume), 1)
        self.assertEqual(assume[0]["credentialSource"], "sso")
        self.assertIs(assume[0]["signatureOk"], True)

    # --- a profile asked for by name never ends on another identity ----------
    def test_missing_profile_makes_no_imds_request(self):
        self.write("config", "[profile real]\nregion = us-west-2\n")
        for how in (("--profile", "nope"), ()):
            with self.subTest(how=how):
                env = self.reachable(AWS_PROFILE=None if how else "nope")
                err = self.fails(env, *how)
                self.assertIn("profile nope not found", err)
                self.assertEqual(self.new_requests(), [])

    def test_unsupported_profiles_stop_with_the_profile_and_key(self):
        self.write("config", "[profile console]\nregion = us-west-2\n"
                   "login_session = arn:aws:iam::%s:user/someone\n"
                   "[profile odd]\nregion = us-west-2\nfuture_provider = x\n"
                   "[profile settings]\nregion = us-west-2\noutput = json\n"
                   "s3 =\n  max_concurrent_requests = 4\n" % ACCOUNT)
        cases = [
            ("console", "profile console (%s): login_session (the console sign-in of "
                        "`aws login`) is not supported" % self.path("config")),
            ("odd", "profile odd (%s): future_provider is not a credential source "
                    "eks-upgrade supports" % self.path("config")),
            ("settings", "profile settings (%s): the profile holds no credentials"
                         % self.path("config")),
        ]
        for name, message in cases:
            for how in (("--profile", name), ()):
                with self.subTest(profile=name, how=how):
                    self.mark = len(self.sim.requests())
                    env = self.reachable(AWS_PROFILE=None if how else name)
                    err = self.fails(env, *how)
                    self.assertIn(message, err)
                    if name == "settings":
                        self.assertIn("a profile chosen with %s must supply them"
                                      % ("--profile" if how else "AWS_PROFILE"), err)
                    self.assertEqual(self.new_requests(), [])

    def test_default_profile_with_login_session_stops_too(self):
        # Not named, but it holds a provider: botocore would use it, so
        # falling through would change the identity.
        self.write("config", "[default]\nlogin_session = arn:aws:iam::%s:user/x\n" % ACCOUNT)
        err = self.fails(self.reachable())
        self.assertIn("profile default (%s): login_session" % self.path("config"), err)
        self.assertEqual(self.new_requests(), [])

    def test_default_profile_with_only_settings_falls_through(self):
        # The one case that goes on: no profile was named and [default] holds
        # no credentials, only settings (the chain of SPEC §7).
        self.write("config", "[default]\nregion = us-west-2\n")
        out, _ = self.whoami(self.reachable(AWS_CONTAINER_CREDENTIALS_FULL_URI=None))
        self.assertEqual(out["source"], "imds")

    # --- each provider ------------------------------------------------------
    def test_environment_keys(self):
        out, _ = self.whoami(self.env(AWS_ACCESS_KEY_ID=DEMO_KEY[0],
                                      AWS_SECRET_ACCESS_KEY=DEMO_KEY[1]))
        self.assertEqual(out["source"], "environment")
        self.assertEqual(out["arn"], "arn:aws:iam::%s:user/demo" % ACCOUNT)
        call = self.assert_signed_by(DEMO_KEY[0], "static")
        self.assertFalse(call["sessionToken"])

    def test_environment_keys_with_session_token(self):
        out, r = self.whoami(self.env(AWS_ACCESS_KEY_ID=SESSION_KEY[0],
                                      AWS_SECRET_ACCESS_KEY=SESSION_KEY[1],
                                      AWS_SESSION_TOKEN=SESSION_KEY[2]), "--debug")
        self.assertEqual(out["source"], "environment")
        self.assertTrue(self.assert_signed_by(SESSION_KEY[0])["sessionToken"])
        self.assert_no_secrets(r, SESSION_KEY[1], SESSION_KEY[2])

    def test_web_identity(self):
        token_file = self.write("token", WEB_TOKEN)
        role = "arn:aws:iam::%s:role/eks-upgrade-irsa" % ACCOUNT
        out, r = self.whoami(self.env(AWS_WEB_IDENTITY_TOKEN_FILE=token_file, AWS_ROLE_ARN=role,
                                      AWS_ROLE_SESSION_NAME="ci-run"), "--debug")
        self.assertEqual(out["source"], "web-identity")
        self.assertEqual(out["arn"],
                         "arn:aws:sts::%s:assumed-role/eks-upgrade-irsa/ci-run" % ACCOUNT)
        assume = self.new_requests("AssumeRoleWithWebIdentity")
        self.assertEqual(len(assume), 1)
        self.assertEqual(assume[0]["status"], 200)
        self.assertIsNone(assume[0]["signatureOk"])  # unsigned, as botocore sends it
        self.assertEqual(assume[0]["roleArn"], role)
        self.assert_signed_by(None, "web-identity")
        self.assert_no_secrets(r, WEB_TOKEN)

    def test_web_identity_default_session_name(self):
        token_file = self.write("token", WEB_TOKEN)
        out, _ = self.whoami(self.env(AWS_WEB_IDENTITY_TOKEN_FILE=token_file,
                                      AWS_ROLE_ARN="arn:aws:iam::%s:role/irsa" % ACCOUNT))
        self.assertRegex(out["arn"], r"assumed-role/irsa/eks-upgrade-\d+$")

    def test_profile_static_keys(self):
        self.write_profile_keys("ci")
        out, r = self.whoami(self.env(AWS_PROFILE="ci"), "--debug")
        self.assertEqual(out["source"], "profile:ci")
        self.assertEqual(out["arn"], "arn:aws:iam::%s:user/profile-user" % ACCOUNT)
        self.assert_signed_by(PROFILE_KEY[0], "static")
        self.assert_no_secrets(r, PROFILE_KEY[1])

    def test_profile_static_keys_in_config_file(self):
        self.write("config", "[profile cfg]\nregion = us-west-2\n"
                   "aws_access_key_id = %s\naws_secret_access_key = %s\n" % PROFILE_KEY)
        out, _ = self.whoami(self.env(AWS_PROFILE="cfg"))
        self.assertEqual(out["source"], "profile:cfg")
        self.assert_signed_by(PROFILE_KEY[0])

    def test_default_profile_from_credentials_file(self):
        self.write_profile_keys("default")
        out, _ = self.whoami(self.env())
        self.assertEqual(out["source"], "profile:default")

    def test_profile_role_chain(self):
        role = "arn:aws:iam::%s:role/deployer" % ACCOUNT
        self.write_profile_keys("base")
        self.write("config", "[profile deploy]\nrole_arn = %s\nsource_profile = base\n"
                   "role_session_name = pipeline\nduration_seconds = 900\n" % role)
        out, _ = self.whoami(self.env(AWS_PROFILE="deploy"))
        self.assertEqual(out["source"], "assume-role:deploy")
        self.assertEqual(out["arn"], "arn:aws:sts::%s:assumed-role/deployer/pipeline" % ACCOUNT)
        assume = self.new_requests("AssumeRole")
        self.assertEqual(len(assume), 1)
        self.assertIs(assume[0]["signatureOk"], True)
        self.assertEqual(assume[0]["accessKeyId"], PROFILE_KEY[0])
        self.assertEqual(assume[0]["roleArn"], role)
        self.assert_signed_by(None, "assume-role")

    def test_profile_nested_role_chain(self):
        self.write_profile_keys("base")
        self.write("config", "[profile first]\nrole_arn = arn:aws:iam::%s:role/first\n"
                   "source_profile = base\n"
                   "[profile second]\nrole_arn = arn:aws:iam::%s:role/second\n"
                   "source_profile = first\n" % (ACCOUNT, ACCOUNT))
        out, _ = self.whoami(self.env(), "--profile", "second")
        self.assertEqual(out["source"], "assume-role:second")
        self.assertIn(":assumed-role/second/", out["arn"])
        assume = self.new_requests("AssumeRole")
        self.assertEqual([a["roleArn"].rsplit("/", 1)[1] for a in assume], ["first", "second"])
        self.assertTrue(all(a["signatureOk"] is True for a in assume))
        self.assertEqual(assume[0]["accessKeyId"], PROFILE_KEY[0])

    def test_profile_self_source_with_static_keys(self):
        self.write_profile_keys("me")
        self.write("config", "[profile me]\nrole_arn = arn:aws:iam::%s:role/self\n"
                   "source_profile = me\n" % ACCOUNT)
        out, _ = self.whoami(self.env(AWS_PROFILE="me"))
        self.assertEqual(out["source"], "assume-role:me")

    def test_profile_credential_source_environment(self):
        self.write("config", "[profile envrole]\nrole_arn = arn:aws:iam::%s:role/from-env\n"
                   "credential_source = environment\n" % ACCOUNT)
        out, _ = self.whoami(self.env(AWS_ACCESS_KEY_ID=DEMO_KEY[0],
                                      AWS_SECRET_ACCESS_KEY=DEMO_KEY[1]),
                             "--profile", "envrole")
        self.assertEqual(out["source"], "assume-role:envrole")
        assume = self.new_requests("AssumeRole")
        self.assertEqual(assume[0]["accessKeyId"], DEMO_KEY[0])
        self.assertIs(assume[0]["signatureOk"], True)

    def test_profile_web_identity_token_file(self):
        token_file = self.write("token", WEB_TOKEN)
        self.write("config", "[profile wi]\nrole_arn = arn:aws:iam::%s:role/wi\n"
                   "web_identity_token_file = %s\nrole_session_name = from-profile\n"
                   % (ACCOUNT, token_file))
        out, _ = self.whoami(self.env(AWS_PROFILE="wi"))
        self.assertEqual(out["source"], "web-identity")
        self.assertTrue(out["arn"].endswith("assumed-role/wi/from-profile"))

    def test_credential_process(self):
        script = self.write("get creds.sh", "#!/bin/sh\n"
                            "[ \"$1\" = \"--role\" ] && [ \"$2\" = \"a b\" ] || exit 9\n"
                            "cat <<EOF\n"
                            "{\"Version\": 1, \"AccessKeyId\": \"%s\",\n"
                            " \"SecretAccessKey\": \"%s\",\n"
                            " \"Expiration\": \"2099-01-01T00:00:00Z\"}\n"
                            "EOF\n" % PROFILE_KEY, mode=0o700)
        self.write("config", "[profile proc]\ncredential_process = '%s' --role \"a b\"\n"
                   % script)
        out, r = self.whoami(self.env(AWS_PROFILE="proc"), "--debug")
        self.assertEqual(out["source"], "process:proc")
        self.assert_signed_by(PROFILE_KEY[0], "static")
        self.assert_no_secrets(r, PROFILE_KEY[1])

    def test_credential_process_failure_shows_stderr(self):
        script = self.write("fail.sh", "#!/bin/sh\necho 'SSO session expired; run login' >&2\n"
                            "exit 2\n", mode=0o700)
        self.write("config", "[profile proc]\ncredential_process = %s\n" % script)
        err = self.fails(self.env(AWS_PROFILE="proc"))
        self.assertIn("profile proc", err)
        self.assertIn(self.path("config"), err)
        self.assertIn("exited with status 2: SSO session expired; run login", err)

    def test_interrupt_while_credential_process_runs(self):
        """Ctrl-C while a slow credential_process runs: exit 130 at once."""
        script = self.write("slow.sh", "#!/bin/sh\nsleep 30\n", mode=0o700)
        self.write("config", "[profile proc]\ncredential_process = %s\n" % script)
        p = subprocess.Popen([BINARY, "whoami"], env=self.env(AWS_PROFILE="proc"),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(1.0)
        t = time.monotonic()
        p.send_signal(signal.SIGINT)
        _, err = p.communicate(timeout=10)
        self.assertEqual(p.returncode, 130, err)
        self.assertLess(time.monotonic() - t, 3)
        self.assertIn("interrupted", err)

    def test_container_full_uri_with_token_file(self):
        token_file = self.write("pod-token", CONTAINER_TOKEN)
        url = "http://localhost:%d/v1/credentials" % self.sim.http_port
        out, r = self.whoami(self.env(AWS_CONTAINER_CREDENTIALS_FULL_URI=url,
                                      AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE=token_file,
                                      AWS_CONTAINER_AUTHORIZATION_TOKEN="ignored-when-file"),
                             "--debug")
        self.assertEqual(out["source"], "container")
        self.assertIn("assumed-role/eks-upgrade-pod-role/", out["arn"])
        fetch = self.new_requests("ContainerCredentials")
        self.assertEqual([f["status"] for f in fetch], [200])
        self.assert_signed_by(None, "container")
        self.assert_no_secrets(r, CONTAINER_TOKEN)

    def test_container_token_variable_and_wrong_token(self):
        url = "http://127.0.0.1:%d/v1/credentials" % self.sim.http_port
        out, _ = self.whoami(self.env(AWS_CONTAINER_CREDENTIALS_FULL_URI=url,
                                      AWS_CONTAINER_AUTHORIZATION_TOKEN=CONTAINER_TOKEN))
        self.assertEqual(out["source"], "container")
        err = self.fails(self.env(AWS_CONTAINER_CREDENTIALS_FULL_URI=url,
                                  AWS_CONTAINER_AUTHORIZATION_TOKEN="wrong"))
        self.assertIn("container credentials from %s: HTTP 403: AccessDenied" % url, err)

    def test_imds_v2(self):
        out, _ = self.whoami(self.env(
            AWS_EC2_METADATA_DISABLED=None,
            AWS_EC2_METADATA_SERVICE_ENDPOINT="http://localhost:%d/" % self.sim.http_port))
        self.assertEqual(out["source"], "imds")
        self.assertIn("assumed-role/eks-upgrade-node-role/", out["arn"])
        ops = [r["operation"] for r in self.new_requests() if r["service"] == "imds"]
        self.assertEqual(ops, ["ImdsToken", "ImdsRoleList", "ImdsCredentials"])
        self.assert_signed_by(None, "imds")

    def test_imds_v1_fallback_only_when_token_refused(self):
        self.sim.set_scenario({"faults": [{"operation": "ImdsToken", "kind": "deny",
                                           "count": -1}],
                               "credentials": {"imds": {"v1_allowed": True}}})
        self.addCleanup(self.sim.set_scenario, {"credentials": {"imds": {"v1_allowed": False}}})
        env = self.env(AWS_EC2_METADATA_DISABLED=None,
                       AWS_EC2_METADATA_SERVICE_ENDPOINT="http://localhost:%d"
                       % self.sim.http_port)
        out, _ = self.whoami(env)
        self.assertEqual(out["source"], "imds")
        imds = [(r["operation"], r["status"]) for r in self.new_requests()
                if r["service"] == "imds"]
        self.assertEqual(imds, [("ImdsToken", 403), ("ImdsRoleList", 200),
                                ("ImdsCredentials", 200)])
        env["AWS_EC2_METADATA_V1_DISABLED"] = "true"
        err = self.fails(env)
        self.assertIn("refused a session token (HTTP 403) and IMDSv1 is disabled", err)

    def test_imds_token_server_error_is_not_a_v1_fallback(self):
        self.sim.set_scenario({"faults": [{"operation": "ImdsToken", "kind": "http500",
                                           "count": -1}],
                               "credentials": {"imds": {"v1_allowed": True}}})
        self.addCleanup(self.sim.set_scenario, {"credentials": {"imds": {"v1_allowed": False}}})
        err = self.fails(self.env(AWS_EC2_METADATA_DISABLED=None,
                                  AWS_EC2_METADATA_SERVICE_ENDPOINT="http://localhost:%d"
                                  % self.sim.http_port))
        self.assertIn("no AWS credentials found", err)
        ops = [r["operation"] for r in self.new_requests() if r["service"] == "imds"]
        self.assertEqual(set(ops), {"ImdsToken"})

    def test_imds_region_when_none_configured(self):
        out, _ = self.whoami(self.env(
            AWS_REGION=None, AWS_ACCESS_KEY_ID=DEMO_KEY[0], AWS_SECRET_ACCESS_KEY=DEMO_KEY[1],
            AWS_EC2_METADATA_DISABLED=None,
            AWS_EC2_METADATA_SERVICE_ENDPOINT="http://localhost:%d" % self.sim.http_port))
        self.assertEqual(out["region"], "us-west-2")

    # --- precedence -----------------------------------------------------------
    def test_cli_profile_wins_over_env_keys_but_aws_profile_does_not(self):
        self.write_profile_keys("other")
        keys = dict(AWS_ACCESS_KEY_ID=DEMO_KEY[0], AWS_SECRET_ACCESS_KEY=DEMO_KEY[1])
        out, _ = self.whoami(self.env(**keys), "--profile", "other")
        self.assertEqual(out["source"], "profile:other")
        self.assert_signed_by(PROFILE_KEY[0])
        self.mark = len(self.sim.requests())
        out, _ = self.whoami(self.env(AWS_PROFILE="other", **keys))
        self.assertEqual(out["source"], "environment")
        self.assert_signed_by(DEMO_KEY[0])

    # --- bad input ------------------------------------------------------------
    def test_no_credentials_lists_every_source(self):
        err = self.fails(self.env())
        self.assertIn("no AWS credentials found", err)
        pos = [err.find(s) for s in ("environment", "web-identity", "profile", "container",
                                     "imds")]
        self.assertTrue(all(p >= 0 for p in pos), err)
        self.assertEqual(pos, sorted(pos), err)
        self.assertEqual(self.new_requests(), [])

    def test_named_profile_missing(self):
        self.write("config", "[profile real]\n")
        err = self.fails(self.env(AWS_PROFILE="nope"))
        self.assertIn("profile nope not found in %s, %s" % (self.path("config"),
                                                             self.path("credentials")), err)

    def test_malformed_config_file_names_file_and_line(self):
        self.write("config", "[default]\nregion = us-west-2\nthis line is wrong\n")
        err = self.fails(self.env(AWS_ACCESS_KEY_ID=DEMO_KEY[0],
                                  AWS_SECRET_ACCESS_KEY=DEMO_KEY[1]))
        self.assertIn("%s line 3" % self.path("config"), err)

    def test_malformed_credentials_file(self):
        self.write("credentials", "[a]\nkey = 1\n[a]\n")
        err = self.fails(self.env())
        self.assertIn("%s line 3" % self.path("credentials"), err)

    def test_profile_problems_name_profile_and_file(self):
        self.write("config", "[profile loop1]\nrole_arn = arn:aws:iam::%s:role/a\n"
                   "source_profile = loop2\n"
                   "[profile loop2]\nrole_arn = arn:aws:iam::%s:role/b\n"
                   "source_profile = loop1\n"
                   "[profile both]\nrole_arn = arn:aws:iam::%s:role/c\n"
                   "source_profile = loop1\ncredential_source = Environment\n"
                   "[profile halfkey]\naws_access_key_id = AKIAHALF\n"
                   % (ACCOUNT, ACCOUNT, ACCOUNT))
        err = self.fails(self.env(AWS_PROFILE="loop1"))
        self.assertIn("loop", err)
        self.assertIn(self.path("config"), err)
        err = self.fails(self.env(AWS_PROFILE="both"))
        self.assertIn("profile both (%s)" % self.path("config"), err)
        self.assertIn("exactly one of source_profile and credential_source", err)
        err = self.fails(self.env(AWS_PROFILE="halfkey"))
        self.assertIn("profile halfkey", err)
        self.assertIn("aws_secret_access_key", err)
        self.assertEqual(self.new_requests(), [])

    def test_missing_web_identity_token_file(self):
        missing = self.path("no-such-token")
        err = self.fails(self.env(AWS_WEB_IDENTITY_TOKEN_FILE=missing,
                                  AWS_ROLE_ARN="arn:aws:iam::%s:role/x" % ACCOUNT))
        self.assertIn("web identity token file %s" % missing, err)
        self.assertIn("No such file", err)
        self.assertEqual(self.new_requests(), [])

    def test_empty_web_identity_token_file(self):
        empty = self.write("empty-token", "")
        err = self.fails(self.env(AWS_WEB_IDENTITY_TOKEN_FILE=empty,
                                  AWS_ROLE_ARN="arn:aws:iam::%s:role/x" % ACCOUNT))
        self.assertIn("%s: the file is empty" % empty, err)

    def test_bad_imds_json(self):
        self.sim.set_scenario({"faults": [{"operation": "ImdsCredentials",
                                           "kind": "invalid_json", "count": -1}]})
        err = self.fails(self.env(
            AWS_EC2_METADATA_DISABLED=None,
            AWS_EC2_METADATA_SERVICE_ENDPOINT="http://localhost:%d" % self.sim.http_port))
        self.assertIn("IMDS credentials for role eks-upgrade-node-role", err)
        self.assertIn("JSON", err)

    def test_container_full_uri_on_other_http_host_is_refused(self):
        err = self.fails(self.env(
            AWS_CONTAINER_CREDENTIALS_FULL_URI="http://169.254.169.254/latest/creds",
            AWS_CONTAINER_AUTHORIZATION_TOKEN=CONTAINER_TOKEN))
        self.assertIn("AWS_CONTAINER_CREDENTIALS_FULL_URI http://169.254.169.254/latest/creds: "
                      "refused", err)
        self.assertNotIn(CONTAINER_TOKEN, err)
        err = self.fails(self.env(AWS_CONTAINER_CREDENTIALS_FULL_URI="http://example.com/c"))
        self.assertIn("refused", err)

    def test_container_token_with_line_break_is_refused(self):
        token_file = self.write("pod-token", "abc\r\nX-Injected: 1")
        err = self.fails(self.env(
            AWS_CONTAINER_CREDENTIALS_FULL_URI="http://localhost:%d/v1/credentials"
            % self.sim.http_port,
            AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE=token_file))
        self.assertIn("line break", err)
        self.assertEqual(self.new_requests(), [])


if __name__ == "__main__":
    unittest.main()
