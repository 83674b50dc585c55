"""Shared helpers for the black-box tests: where the binary is, how to run it
with a clean environment (no developer AWS config leaks in)."""
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


def run(*args, env=None, timeout=60, input=None):
    """Runs the binary; returns CompletedProcess with text stdout/stderr."""
    return subprocess.run(
        [BINARY, *args],
        env=env if env is not None else clean_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        input=input,
    )
