#!/usr/bin/env python3
"""Start, drive and stop the simulator from tests (and print its env for shells).

    from simctl import Simulator
    with Simulator("tests/sim/scenarios/demo.json") as sim:
        env = sim.env()                      # standard AWS_* variables only
        subprocess.run(["./eks-upgrade", "plan", "--cluster", "demo"], env=env)
        assert sim.count("UpdateClusterVersion") == 0

CLI:
    python3 tests/sim/simctl.py env --state-dir DIR     # prints `export VAR=...` lines
"""

import argparse
import atexit
import hashlib
import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import sso  # noqa: E402
from store import deep_merge, iso8601, load_scenario  # noqa: E402
SIMULATOR = os.path.join(HERE, "simulator.py")
SCENARIOS = os.path.join(HERE, "scenarios")

_LIVE = set()
_CERT_CACHE = None


def _cert_cache():
    """One CA per test process: generating it is the slow part of startup."""
    global _CERT_CACHE
    if _CERT_CACHE is None:
        _CERT_CACHE = tempfile.mkdtemp(prefix="eks-sim-ca-")
        atexit.register(shutil.rmtree, _CERT_CACHE, True)
    return _CERT_CACHE


def _stop_all():
    for sim in list(_LIVE):
        sim.stop()


atexit.register(_stop_all)


def scenario_path(name):
    """`demo` -> tests/sim/scenarios/demo.json"""
    return os.path.join(SCENARIOS, name if name.endswith(".json") else name + ".json")


def client_env(state_dir, home=None, static_credentials=True, base=None, **extra):
    """Environment for a client process: inherited non-AWS variables + the simulator's."""
    with open(os.path.join(state_dir, "env.json"), encoding="utf-8") as f:
        info = json.load(f)
    src = os.environ if base is None else base
    env = {k: v for k, v in src.items()
           if not k.startswith("AWS_") and k.lower() not in
           ("http_proxy", "https_proxy", "all_proxy", "no_proxy")}
    env.update(info["env"])
    if not static_credentials:
        for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
            env.pop(k, None)
    home = home or os.path.join(state_dir, "home")
    os.makedirs(home, exist_ok=True)
    env["HOME"] = home
    env["AWS_CONFIG_FILE"] = os.path.join(home, "no-such-dir", "config")
    env["AWS_SHARED_CREDENTIALS_FILE"] = os.path.join(home, "no-such-dir", "credentials")
    for k, v in extra.items():
        if v is None:
            env.pop(k, None)
        else:
            env[k] = str(v)
    return env


SSO_START_URL = "https://sim.awsapps.com/start"


def sso_config(account="111122223333", role=sso.DEFAULT_ROLE, region=None):
    """Config-file text with both forms of an IAM Identity Center profile, as
    `aws configure sso` writes them: [profile sso] with `sso_session = corp`
    and its [sso-session corp] section (the token cache key is "corp"), and
    [profile legacy] with sso_start_url (the key is SSO_START_URL); both for
    `role` in `account`, SSO region us-east-1, `region` if given."""
    extra = "region = %s\n" % region if region else ""
    return ("[profile sso]\nsso_session = corp\nsso_account_id = {a}\nsso_role_name = {r}\n{x}"
            "[sso-session corp]\nsso_start_url = {u}\nsso_region = us-east-1\n"
            "sso_registration_scopes = sso:account:access\n"
            "[profile legacy]\nsso_start_url = {u}\nsso_region = us-east-1\n"
            "sso_account_id = {a}\nsso_role_name = {r}\n{x}").format(
                a=account, r=role, u=SSO_START_URL, x=extra)


def sso_cache_path(home, key):
    """Where `aws sso login` caches the token of a session name (sso_session
    profiles) or of a start URL (legacy profiles): botocore's SHA-1 rule."""
    name = hashlib.sha1(key.encode("utf-8")).hexdigest() + ".json"
    return os.path.join(home, ".aws", "sso", "cache", name)


def write_sso_token(home, key, expires_in=3600, refreshable=False,
                    access_token=sso.DEFAULT_TOKEN, start_url=SSO_START_URL,
                    region="us-east-1", **fields):
    """Writes the token cache file as the AWS CLI does after `aws sso login`:
    an access token valid `expires_in` seconds from now (negative: expired),
    with the client registration and refresh token of the simulator's OIDC
    when `refreshable`. `fields` add or replace members (None removes one).
    Returns the path."""
    now = time.time()
    token = {"startUrl": start_url, "region": region, "accessToken": access_token,
             "expiresAt": iso8601(now + expires_in)}
    if refreshable:
        token.update({"clientId": sso.DEFAULT_CLIENT_ID, "clientSecret": sso.DEFAULT_CLIENT_SECRET,
                      "registrationExpiresAt": iso8601(now + 90 * 86400),
                      "refreshToken": sso.DEFAULT_REFRESH_TOKEN})
    for k, v in fields.items():
        if v is None:
            token.pop(k, None)
        else:
            token[k] = v
    path = sso_cache_path(home, key)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(token, f)
    os.chmod(path, 0o600)
    return path


class SimulatorError(Exception):
    pass


class Simulator:
    """A simulator process with its own temporary state directory."""

    def __init__(self, scenario, tls=True, overrides=None, state_dir=None, keep=False):
        if isinstance(scenario, str) and not os.path.exists(scenario):
            scenario = scenario_path(scenario)
        self.scenario = deep_merge(load_scenario(scenario), overrides or {})
        self.tls = tls
        self.keep = keep or bool(os.environ.get("SIM_KEEP"))
        self._own_dir = state_dir is None
        self.state_dir = state_dir or tempfile.mkdtemp(prefix="eks-sim-")
        self.proc = None
        self.pid = None

    # ---- lifecycle --------------------------------------------------------
    def start(self, timeout=15.0):
        os.makedirs(self.state_dir, exist_ok=True)
        path = os.path.join(self.state_dir, "scenario.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(self.scenario, f, indent=2)
        cmd = [sys.executable, SIMULATOR, "--scenario", path, "--state-dir", self.state_dir,
               "--watch-pid", str(os.getpid())]
        if self.tls:
            cmd += ["--cert-cache", _cert_cache()]
        else:
            cmd.append("--no-tls")
        self._log = open(os.path.join(self.state_dir, "server.log"), "ab")  # noqa: SIM115
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=self._log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        self.pid = self.proc.pid
        _LIVE.add(self)
        deadline = time.monotonic() + timeout
        ready = os.path.join(self.state_dir, "ready")
        while not os.path.exists(ready):
            if self.proc.poll() is not None:
                log = self.server_log()
                self.stop()
                raise SimulatorError("simulator exited with %s:\n%s" % (self.proc.returncode, log))
            if time.monotonic() > deadline:
                log = self.server_log()
                self.stop()
                raise SimulatorError("simulator not ready after %.0f s:\n%s" % (timeout, log))
            time.sleep(0.02)
        self.http_port = int(self._read("http_port"))
        self.https_port = int(self._read("https_port")) if self.tls else None
        self.admin_token = self._read("admin_token")
        return self

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.kill(self.pid, signal.SIGTERM)
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                os.kill(self.pid, signal.SIGKILL)
                self.proc.wait(5)
            except ProcessLookupError:
                pass
        if getattr(self, "_log", None):
            self._log.close()
            self._log = None
        _LIVE.discard(self)
        if self._own_dir and not self.keep and os.path.isdir(self.state_dir):
            shutil.rmtree(self.state_dir, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        return False

    # ---- where it is --------------------------------------------------------
    def _read(self, name):
        with open(os.path.join(self.state_dir, name), encoding="utf-8") as f:
            return f.read().strip()

    @property
    def https_url(self):
        return "https://localhost:%d" % self.https_port if self.https_port else None

    @property
    def http_url(self):
        return "http://127.0.0.1:%d" % self.http_port

    @property
    def url(self):
        """The EKS/STS endpoint: https_url, or plain http with --no-tls."""
        return self.https_url or "http://localhost:%d" % self.http_port

    @property
    def ca_path(self):
        return os.path.join(self.state_dir, "ca.pem") if self.tls else None

    def info(self):
        with open(os.path.join(self.state_dir, "env.json"), encoding="utf-8") as f:
            return json.load(f)

    def env(self, static_credentials=True, **extra):
        """Client environment: AWS_ENDPOINT_URL_EKS/_STS, AWS_CA_BUNDLE,
        AWS_EC2_METADATA_SERVICE_ENDPOINT, AWS_REGION, the scenario's static keys
        (unless static_credentials=False), HOME in the state dir, and config files
        that do not exist.  extra: VAR=value to add, VAR=None to remove."""
        return client_env(self.state_dir, static_credentials=static_credentials, **extra)

    def container_env(self, **extra):
        """env() without static keys, with container credentials variables set."""
        e = self.env(static_credentials=False)
        e.update(self.info()["container"])
        e.update({k: str(v) for k, v in extra.items() if v is not None})
        return e

    def web_identity_env(self, token_dir=None, **extra):
        """env() without static keys, with a web identity token file and role."""
        wi = self.info()["web_identity"]
        path = os.path.join(token_dir or self.state_dir, "web-identity-token")
        with open(path, "w", encoding="utf-8") as f:
            f.write(wi["token"])
        e = self.env(static_credentials=False)
        e.update({"AWS_WEB_IDENTITY_TOKEN_FILE": path, "AWS_ROLE_ARN": wi["AWS_ROLE_ARN"],
                  "AWS_ROLE_SESSION_NAME": "eks-upgrade-test"})
        e.update({k: str(v) for k, v in extra.items() if v is not None})
        return e

    # ---- what happened ------------------------------------------------------
    def requests(self, service=None, operation=None):
        path = os.path.join(self.state_dir, "requests.jsonl")
        out = []
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                for line in f:
                    if line.strip():
                        out.append(json.loads(line))
        return [r for r in out if (service is None or r["service"] == service)
                and (operation is None or r["operation"] == operation)]

    def count(self, operation, status=None):
        return sum(1 for r in self.requests(operation=operation)
                   if status is None or r["status"] == status)

    def server_log(self):
        try:
            with open(os.path.join(self.state_dir, "server.log"), encoding="utf-8",
                      errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    # ---- change it while running ------------------------------------------------
    def _admin(self, method, path, payload=None):
        data = None if payload is None else json.dumps(payload).encode()
        req = urllib.request.Request(self.http_url + path, data=data, method=method,
                                     headers={"X-Sim-Admin-Token": self.admin_token,
                                              "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as resp:
            return json.loads(resp.read())

    def set_scenario(self, patch):
        """Patch the running scenario (keys: see README, 'Admin endpoint')."""
        return self._admin("POST", "/__sim/scenario", patch)

    def state(self):
        return self._admin("GET", "/__sim/state")

    def issued_secrets(self):
        """Every secret the simulator handed out: the secret keys and session
        tokens of temporary credentials, the SSO tokens CreateToken issued."""
        return self._admin("GET", "/__sim/issued-secrets")["secrets"]

    def expire_credentials(self):
        """Make every issued temporary credential expire now."""
        return self._admin("POST", "/__sim/expire-credentials", {})


def _cli(argv):
    ap = argparse.ArgumentParser(prog="simctl.py")
    sub = ap.add_subparsers(dest="cmd", required=True)
    e = sub.add_parser("env", help="print `export VAR=value` lines for a running simulator")
    e.add_argument("--state-dir", required=True)
    e.add_argument("--no-static-credentials", action="store_true")
    e.add_argument("--container", action="store_true",
                   help="add container-credentials variables (implies no static keys)")
    args = ap.parse_args(argv)
    env = client_env(args.state_dir, base={},
                     static_credentials=not (args.no_static_credentials or args.container))
    if args.container:
        with open(os.path.join(args.state_dir, "env.json"), encoding="utf-8") as f:
            env.update(json.load(f)["container"])
    for k in sorted(env):
        print("export %s=%s" % (k, shlex.quote(env[k])))
    return 0


if __name__ == "__main__":
    sys.exit(_cli(sys.argv[1:]))
