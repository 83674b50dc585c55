"""Test CA and server certificate, made with the openssl CLI.

The server certificate names DNS:localhost (clients use https://localhost:PORT;
BearSSL cannot check IP-address names) and also IP:127.0.0.1 for other clients.
Generation takes a fraction of a second; a cache directory lets a test process
reuse one CA for all the simulators it starts.
"""

import fcntl
import os
import shutil
import subprocess
import tempfile

FILES = ("ca.pem", "server.pem", "server.key")

SERVER_EXT = """\
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
"""


class CertError(Exception):
    pass


def _openssl(args, cwd):
    if shutil.which("openssl") is None:
        raise CertError("the openssl command is needed to make the simulator's test CA")
    proc = subprocess.run(["openssl"] + args, cwd=cwd, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, check=False)
    if proc.returncode != 0:
        raise CertError("openssl %s failed: %s" % (args[0], proc.stderr.strip()))


def generate(out_dir):
    """Write ca.pem, server.pem, server.key into out_dir (ECDSA P-256, valid 30 days)."""
    work = tempfile.mkdtemp(prefix="simcert-", dir=out_dir)
    try:
        key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        _openssl(["req", "-x509"] + key + [
            "-keyout", "ca.key", "-out", "ca.pem", "-days", "30", "-sha256",
            "-subj", "/O=eks-upgrade tests/CN=eks-upgrade simulator test CA",
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            "-addext", "subjectKeyIdentifier=hash"], work)
        _openssl(["req", "-x509"] + key + [
            "-keyout", "server.key", "-out", "server.pem", "-days", "30", "-sha256",
            "-CA", "ca.pem", "-CAkey", "ca.key",
            "-subj", "/O=eks-upgrade tests/CN=localhost"]
            + [a for line in SERVER_EXT.splitlines() for a in ("-addext", line)], work)
        for name in FILES:
            os.replace(os.path.join(work, name), os.path.join(out_dir, name))
        os.chmod(os.path.join(out_dir, "server.key"), 0o600)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def ensure(cache_dir):
    """Certificates in cache_dir, made once (safe with concurrent callers)."""
    os.makedirs(cache_dir, exist_ok=True)
    with open(os.path.join(cache_dir, ".lock"), "w", encoding="ascii") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not all(os.path.exists(os.path.join(cache_dir, n)) for n in FILES):
            generate(cache_dir)
    return tuple(os.path.join(cache_dir, n) for n in FILES)


def other_ca(cache_dir):
    """A second CA (other-ca.pem in cache_dir, made once) that signed nothing the
    simulator serves: a client trusting only it must refuse the server."""
    os.makedirs(cache_dir, exist_ok=True)
    path = os.path.join(cache_dir, "other-ca.pem")
    with open(os.path.join(cache_dir, ".lock"), "w", encoding="ascii") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not os.path.exists(path):
            work = tempfile.mkdtemp(prefix="simcert-", dir=cache_dir)
            try:
                _openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt",
                          "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "other.key",
                          "-out", "other-ca.pem", "-days", "30", "-sha256",
                          "-subj", "/O=eks-upgrade tests/CN=another cluster CA",
                          "-addext", "basicConstraints=critical,CA:TRUE",
                          "-addext", "keyUsage=critical,keyCertSign,cRLSign"], work)
                os.replace(os.path.join(work, "other-ca.pem"), path)
            finally:
                shutil.rmtree(work, ignore_errors=True)
    return path
