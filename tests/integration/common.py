"""Shared helpers for the black-box tests: where the binary is, how to run it
with a clean environment (no developer AWS config leaks in)."""
import glob
import json
import os
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.environ.get("EKS_UPGRADE_BIN", os.path.join(ROOT, "eks-upgrade"))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")

_home = tempfile.mkdtemp(prefix="eks-upgrade-home-")


def clean_env(**extra):
    """An environment with no AWS settings of the developer's, no proxies,
    and IMDS off unless a test turns it on."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": _home,
        "AWS_CONFIG_FILE": os.path.join(_home, "no-config"),
        "AWS_SHARED_CREDENTIALS_FILE": os.path.join(_home, "no-credentials"),
        "AWS_EC2_METADATA_DISABLED": "true",
        "NO_COLOR": "1",
    }
    env.update({k: v for k, v in extra.items() if v is not None})
    return env


def with_overrides(env, extra):
    """env updated by extra, where VAR=None removes VAR; returns env."""
    for k, v in extra.items():
        if v is None:
            env.pop(k, None)
        else:
            env[k] = v
    return env


SECRET_VARIABLES = ("AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_CONTAINER_AUTHORIZATION_TOKEN")
SECRET_FILES = ("AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")
# The members of an `aws sso login` token cache file that are credentials.
SSO_CACHE_SECRETS = ("accessToken", "refreshToken", "clientSecret")


def sso_cache_secrets(env):
    """The access tokens, refresh tokens and client secrets in the SSO token
    cache under the environment's $HOME (~/.aws/sso/cache/*.json)."""
    found = []
    home = env.get("HOME") or ""
    for path in glob.glob(os.path.join(home, ".aws", "sso", "cache", "*.json")) if home else []:
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                token = json.load(f)
        except (OSError, ValueError):
            continue
        if isinstance(token, dict):
            found += [token[k] for k in SSO_CACHE_SECRETS
                      if isinstance(token.get(k), str) and len(token[k]) >= 8]
    return found


def secrets_of(env):
    """The secret values an environment hands the tool (SPEC §8): secret
    variables, files named by variables, the SSO token cache."""
    found = [env[k] for k in SECRET_VARIABLES if len(env.get(k) or "") >= 8]
    for k in SECRET_FILES:
        try:
            with open(env.get(k) or "", encoding="utf-8", errors="replace") as f:
                value = f.read().strip()
        except OSError:
            continue
        if len(value) >= 8:
            found.append(value)
    return found + sso_cache_secrets(env)


# Every EKS bearer token starts so (SPEC §8: sent to the cluster's API
# server, never printed; only `eks-upgrade token` prints one, by design).
BEARER_PREFIX = "k8s-aws-v1."


def assert_no_secrets(env, *outputs, also=(), bearer_ok=False):
    """Every black-box run is scanned: no secret of its environment (as it
    is now, and `also`: what it held before the run, since a refresh
    rewrites the SSO token cache) may appear in anything the tool printed,
    nor any EKS bearer token unless `bearer_ok` (the token command)."""
    text = "".join(o or "" for o in outputs)
    for secret in list(also) + secrets_of(env):
        if secret in text:
            raise AssertionError("a secret from the environment appears in the output")
    if not bearer_ok and BEARER_PREFIX in text:
        raise AssertionError("an EKS bearer token appears in the output")


def run(*args, env=None, timeout=60, input=None):
    """Runs the binary; returns CompletedProcess with text stdout/stderr.
    Fails if the output carries a secret of the environment."""
    env = env if env is not None else clean_env()
    before = secrets_of(env)
    r = subprocess.run(
        [BINARY, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        input=input,
    )
    assert_no_secrets(env, r.stdout, r.stderr, also=before, bearer_ok=args[:1] == ("token",))
    return r
