"""Hostile servers and hostile environments (issue 13): the real binary
against a simulator that answers with control bytes, workflow commands and
markup, against variables and files meant to inject headers or block it,
with its stdout closed or broken, and under signals. Each test names the
item of the issue it covers; every one of them failed on the binary before
the fix."""
import json
import os
import re
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
import unittest

from common import BINARY, ROOT, assert_no_secrets, clean_env, secrets_of, with_overrides

sys.path.insert(0, os.path.join(ROOT, "tests", "sim"))
from simctl import Simulator  # noqa: E402

# What a hostile answer carries: a line break that starts a workflow command,
# the legacy command form GitHub honours anywhere in a line, an OSC title
# change, a CSI colour (7-bit and as the C1 byte), a bidi override, markup.
EVIL = ("X\n::error::INJECTED\r\n::add-mask::eks\x1b]0;pwned\x07\x1b[31m##[error]legacy"
        "\u009b1m\u202eevil<img src=x onerror=alert(1)>*bold*[link](http://x)|cell")
# Names are at most 127 bytes.
SHORT_EVIL = "ng\n::error::X\x1b[31m##[error]y"
OUR_COMMAND = re.compile(r"^::(error|warning) title=eks-upgrade [a-z-]+::")


def sim_env(sim, **extra):
    env = clean_env(**{k: v for k, v in sim.env().items() if k.startswith("AWS_")})
    return with_overrides(env, extra)


def special(path):
    """A FIFO or a device: the secrets scan must not open it either."""
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def run(args, env, timeout=60, **kw):
    scanned = {k: v for k, v in env.items() if not (k.endswith("_FILE") and special(v))}
    before = secrets_of(scanned)
    r = subprocess.run([BINARY, *args], env=env, capture_output=True, timeout=timeout, **kw)
    out = r.stdout.decode("utf-8", "replace")
    err = r.stderr.decode("utf-8", "replace")
    assert_no_secrets(scanned, out, err, also=before)
    return r.returncode, out, err, r


STS_IDENTITY = (b"<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                b"<GetCallerIdentityResult><Arn>arn:aws:iam::111122223333:user/demo</Arn>"
                b"<UserId>AIDAEXAMPLE</UserId><Account>111122223333</Account>"
                b"</GetCallerIdentityResult><ResponseMetadata><RequestId>r-1</RequestId>"
                b"</ResponseMetadata></GetCallerIdentityResponse>")


class Recorder:
    """A plain-TCP server on 127.0.0.1 that records every byte it receives
    per connection and answers each request head with `answer` (an HTTP/1.1
    200 with the given body, kept alive), or nothing at all (hang=True).
    Stands for an STS endpoint, a proxy or a credentials endpoint."""

    def __init__(self, body=STS_IDENTITY, hang=False, content_type="text/xml"):
        self.body, self.hang, self.content_type = body, hang, content_type
        self.connections = []  # bytes received, per connection
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.url = "http://127.0.0.1:%d" % self.port
        self.lock = threading.Lock()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._conn, args=(conn,), daemon=True).start()

    def _conn(self, conn):
        with self.lock:
            index = len(self.connections)
            self.connections.append(b"")
        pending = b""
        conn.settimeout(30)
        try:
            while True:
                data = conn.recv(65536)
                if not data:
                    return
                with self.lock:
                    self.connections[index] += data
                pending += data
                while b"\r\n\r\n" in pending and not self.hang:
                    head, pending = pending.split(b"\r\n\r\n", 1)
                    m = re.search(rb"(?i)content-length:\s*(\d+)", head)
                    need = int(m.group(1)) if m else 0
                    while len(pending) < need:
                        more = conn.recv(65536)
                        if not more:
                            return
                        with self.lock:
                            self.connections[index] += more
                        pending += more
                    pending = pending[need:]
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: " +
                                 self.content_type.encode() + b"\r\nContent-Length: " +
                                 str(len(self.body)).encode() + b"\r\n\r\n" + self.body)
        except OSError:
            return
        finally:
            conn.close()

    def received(self):
        with self.lock:
            return b"".join(self.connections)

    def close(self):
        self.sock.close()


def keys_env(**extra):
    """Static keys, no simulator: for runs against a Recorder."""
    env = clean_env(AWS_ACCESS_KEY_ID="AKIAIOSFODNN7EXAMPLE",
                    AWS_SECRET_ACCESS_KEY="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                    AWS_REGION="us-west-2")
    return with_overrides(env, extra)


class Case(unittest.TestCase):
    sims = []

    def start(self, scenario="demo", **overrides):
        sim = Simulator(scenario, overrides=overrides or None)
        sim.start()
        self.addCleanup(sim.stop)
        return sim

    def recorder(self, **kw):
        r = Recorder(**kw)
        self.addCleanup(r.close)
        return r

    def write(self, name, text, mode=0o600):
        d = getattr(self, "_dir", None)
        if d is None:
            d = self._dir = tempfile.mkdtemp(prefix="eks-upgrade-hostile-")
        path = os.path.join(d, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(path, mode)
        return path

    def assertSafeText(self, text, where):
        """No byte that drives a terminal, no workflow command of anyone
        else's, no legacy command anywhere."""
        for bad in ("\x1b", "\x07", "\u009b", "\u202e", "\r", "##["):
            self.assertNotIn(bad, text, "%s carries %r:\n%s" % (where, bad, text))
        for line in text.splitlines():
            if line.lstrip().startswith("::"):
                self.assertRegex(line, OUR_COMMAND, "%s: a workflow command: %r" % (where, line))


class ServerStringsAreEscaped(Case):
    """Item 1: every server string in text output and on stderr is escaped;
    annotations get GitHub's escaping, the step summary Markdown's."""

    def test_plan_text_annotations_and_summary(self):
        sim = self.start(responses={
            "DescribeCluster": {"over": {"cluster": {"platformVersion": "eks.12" + EVIL}}},
            "ListInsights": {"over": {"insights": {"*": {"name": "Insight" + EVIL}}}},
        })
        with tempfile.TemporaryDirectory() as d:
            summary = os.path.join(d, "summary.md")
            env = sim_env(sim, GITHUB_ACTIONS="true", GITHUB_STEP_SUMMARY=summary)
            code, out, err, _ = run(["plan", "--cluster", "demo"], env)
            self.assertEqual(code, 0, err)
            self.assertIn("::error::INJECTED ::add-mask::eks\\x1b]0;pwned", out)
            self.assertIn("\\u009b1m\\u202eevil", out)
            self.assertSafeText(out, "stdout")
            self.assertSafeText(err, "stderr")
            with open(summary, encoding="utf-8") as f:
                md = f.read()
        self.assertSafeText(md, "the step summary")
        self.assertNotIn("<img", md)
        self.assertIn("&lt;img src=x onerror=alert(1)&gt;", md)
        self.assertIn("\\*bold\\*\\[link\\](http://x)\\|cell", md)
        rows = [ln for ln in md.splitlines() if ln.startswith("| ")]
        checks = re.findall(r"^\[[^\]]+\] ([a-z][a-z-]+): ", out, re.M)
        self.assertGreaterEqual(len(checks), 7, out)
        # header, rule, one row per check: no row broken
        self.assertEqual(len(rows), 2 + len(checks), md)
        for row in rows:
            self.assertEqual(row.count(" | ") - row.count("\\| "), 2, row)

    def test_check_messages_and_items(self):
        # A node group EKS cannot describe: its name is in the skip reason.
        sim = self.start("blocked-nodegroup", responses={
            "ListNodegroups": {"body": {"nodegroups": ["ng-legacy", SHORT_EVIL]}},
            "DescribeNodegroup": {"match": {"nodegroupName": "ng-legacy"},
                                  "over": {"nodegroup": {"version": "1.29"}}}})
        env = sim_env(sim, GITHUB_ACTIONS="true", GITHUB_STEP_SUMMARY=os.devnull)
        code, out, err, _ = run(["plan", "--cluster", "demo"], env)
        # The scenario's 1.28 kubelets block the upgrade (dataplane-skew), read
        # from the nodes even though the node group could not be described.
        self.assertEqual(code, 3, out + err)
        self.assertIn("[✖] dataplane-skew:", out)
        self.assertIn("nodegroup-skew: skipped: DescribeNodegroup failed", out)
        self.assertSafeText(out, "stdout")

    def test_json_keeps_the_value_and_spells_it_safely(self):
        sim = self.start(responses={
            "DescribeCluster": {"over": {"cluster": {"platformVersion": "eks.12\u009b##[x]"}}}})
        code, out, err, _ = run(["plan", "--cluster", "demo", "--output", "json"],
                                sim_env(sim, GITHUB_ACTIONS="true",
                                        GITHUB_STEP_SUMMARY=os.devnull))
        self.assertEqual(code, 0, err)
        self.assertEqual(json.loads(out)["platformVersion"], "eks.12\u009b##[x]")
        self.assertSafeText(out, "JSON stdout")
        self.assertSafeText(err, "stderr")

    def test_aws_error_message_on_stderr(self):
        sim = self.start(responses={"DescribeCluster": {"status": 400, "body": {
            "__type": "ClientException" + EVIL, "message": "denied" + EVIL}}})
        code, out, err, _ = run(["plan", "--cluster", "demo"],
                                sim_env(sim, GITHUB_ACTIONS="true",
                                        GITHUB_STEP_SUMMARY=os.devnull))
        self.assertEqual(code, 1, err)
        self.assertIn("denied", err)
        self.assertSafeText(err, "stderr")
        self.assertEqual(len(err.strip().splitlines()), 1, err)

    def test_update_errors_of_a_failed_update(self):
        sim = self.start("failed-update", update={
            "duration_seconds": 0.5,
            "errors": [{"errorCode": "Unknown" + EVIL, "errorMessage": "boom" + EVIL,
                        "resourceIds": ["id" + EVIL]}]})
        code, out, err, _ = run(["apply", "--cluster", "demo", "--approve",
                                 "--poll-interval", "200ms"],
                                sim_env(sim, GITHUB_ACTIONS="true",
                                        GITHUB_STEP_SUMMARY=os.devnull))
        self.assertEqual(code, 4, out + err)
        self.assertIn("boom", out)
        self.assertSafeText(out, "stdout")
        self.assertSafeText(err, "stderr")

    def test_debug_lines(self):
        sim = self.start(responses={"ListInsights": {"status": 403, "body": {
            "__type": "Denied\x1b]0;t\x07\nX", "message": "no" + EVIL}}})
        code, out, err, _ = run(["plan", "--cluster", "demo", "--debug"], sim_env(sim))
        self.assertEqual(code, 0, err)
        self.assertIn("debug: ", err)
        self.assertSafeText(out + err, "output")


class Proxies(Case):
    """Item 2: plain-http targets allowed by the policy never go through a
    proxy; a 127.* name that is no address literal is refused."""

    def test_signed_request_to_loopback_is_not_proxied(self):
        proxy, sts = self.recorder(hang=True), self.recorder()
        env = keys_env(AWS_ENDPOINT_URL_STS=sts.url, http_proxy=proxy.url,
                       HTTP_PROXY=proxy.url, ALL_PROXY=proxy.url, all_proxy=proxy.url,
                       AWS_SESSION_TOKEN="FwoGZXIvYXdzEXAMPLETOKEN")
        code, out, err, _ = run(["whoami", "--timeout", "5s"], env)
        self.assertEqual(code, 0, err)
        self.assertEqual(proxy.received(), b"", "the proxy saw the signed request")
        self.assertIn(b"X-Amz-Security-Token: FwoGZXIvYXdzEXAMPLETOKEN", sts.received())

    def test_container_credentials_are_not_proxied(self):
        proxy = self.recorder(hang=True)
        body = json.dumps({"AccessKeyId": "AKIAIOSFODNN7EXAMPLE",
                           "SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                           "Token": "container-session-token",
                           "Expiration": "2099-01-01T00:00:00Z"}).encode()
        creds, sts = self.recorder(body=body, content_type="application/json"), self.recorder()
        env = keys_env(AWS_ACCESS_KEY_ID=None, AWS_SECRET_ACCESS_KEY=None,
                       AWS_CONTAINER_CREDENTIALS_FULL_URI=creds.url + "/v1/credentials",
                       AWS_CONTAINER_AUTHORIZATION_TOKEN="pod-identity-token-secret",
                       AWS_ENDPOINT_URL_STS=sts.url, http_proxy=proxy.url, ALL_PROXY=proxy.url)
        code, out, err, _ = run(["whoami", "--timeout", "5s"], env)
        self.assertEqual(code, 0, err)
        self.assertEqual(proxy.received(), b"")
        self.assertIn(b"Authorization: pod-identity-token-secret", creds.received())

    def test_loopback_name_that_is_no_address_is_refused(self):
        env = keys_env(AWS_ENDPOINT_URL_STS="http://127.0.0.1.5:9")
        code, out, err, _ = run(["whoami", "--timeout", "5s"], env)
        self.assertEqual(code, 1, err)
        self.assertIn("refusing plain http:// to 127.0.0.1.5", err)


class HeaderInjection(Case):
    """Item 3: a CR/LF (or any control byte) in a value that becomes a header
    or a URL part stops the run naming its source; nothing is sent."""

    INJECT = "abc\r\nX-Injected: yes"

    def assertRefused(self, env, args, code, *words):
        sts = self.recorder()
        env = with_overrides(dict(env), {"AWS_ENDPOINT_URL_STS": sts.url})
        got, out, err, _ = run(["whoami", "--timeout", "5s", *args], env)
        self.assertEqual(got, code, err)
        for w in words:
            self.assertIn(w, err)
        self.assertNotIn(b"X-Injected", sts.received())
        self.assertEqual(len(err.strip().splitlines()), 1, err)

    def test_session_token_variable(self):
        self.assertRefused(keys_env(AWS_SESSION_TOKEN=self.INJECT), [], 1, "AWS_SESSION_TOKEN")

    def test_access_key_id_variable(self):
        self.assertRefused(keys_env(AWS_ACCESS_KEY_ID="AKIA" + self.INJECT), [], 1,
                           "AWS_ACCESS_KEY_ID")

    def test_region_option_and_variable(self):
        self.assertRefused(keys_env(), ["--region", "us-west-2" + self.INJECT], 2, "--region")
        self.assertRefused(keys_env(AWS_REGION="us-west-2" + self.INJECT), [], 1, "AWS_REGION")

    def test_credential_process_session_token(self):
        script = self.write("creds.sh", "#!/bin/sh\ncat <<'EOF'\n" + json.dumps({
            "Version": 1, "AccessKeyId": "AKIAIOSFODNN7EXAMPLE",
            "SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "SessionToken": self.INJECT}) + "\nEOF\n", mode=0o700)
        config = self.write("config", "[profile proc]\ncredential_process = %s\n" % script)
        env = keys_env(AWS_ACCESS_KEY_ID=None, AWS_SECRET_ACCESS_KEY=None,
                       AWS_CONFIG_FILE=config, AWS_PROFILE="proc")
        self.assertRefused(env, [], 1, "session token", "process:proc")

    def test_container_token(self):
        body = json.dumps({"AccessKeyId": "AKIAIOSFODNN7EXAMPLE",
                           "SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                           "Token": self.INJECT, "Expiration": "2099-01-01T00:00:00Z"}).encode()
        creds = self.recorder(body=body, content_type="application/json")
        env = keys_env(AWS_ACCESS_KEY_ID=None, AWS_SECRET_ACCESS_KEY=None,
                       AWS_CONTAINER_CREDENTIALS_FULL_URI=creds.url + "/v1/credentials")
        self.assertRefused(env, [], 1, "session token", "container")

    def test_container_authorization_token_and_endpoint_url(self):
        env = keys_env(AWS_ACCESS_KEY_ID=None, AWS_SECRET_ACCESS_KEY=None,
                       AWS_CONTAINER_CREDENTIALS_FULL_URI="http://127.0.0.1:9/v1",
                       AWS_CONTAINER_AUTHORIZATION_TOKEN="Bearer\x01x")
        self.assertRefused(env, [], 1, "AWS_CONTAINER_AUTHORIZATION_TOKEN")
        self.assertRefused(keys_env(AWS_ENDPOINT_URL_EKS="http://127.0.0.1:9/\r\nX-Injected: 1"),
                           [], 1, "AWS_ENDPOINT_URL_EKS")


class PathInjection(Case):
    """Item 4: ids are validated, and every path segment is percent-encoded,
    dot segments included, so no id changes the API called."""

    def test_update_id_option(self):
        for bad in ("..", ".", "", "a/b", "x?y=1"):
            code, out, err, _ = run(["poll", "--cluster", "demo", "--update-id", bad],
                                    keys_env())
            self.assertEqual(code, 2, (bad, err))
            self.assertIn("--update-id", err)

    def test_update_id_from_the_server(self):
        sim = self.start("update-in-progress", responses={
            "ListUpdates": {"body": {"updateIds": [".."]}}})
        code, out, err, _ = run(["poll", "--cluster", "demo", "--poll-interval", "200ms",
                                 "--timeout", "10s"], sim_env(sim))
        paths = [r["path"] for r in sim.requests(service="eks")]
        self.assertIn("/clusters/demo/updates/%2E%2E", paths, paths)
        self.assertEqual([p for p in paths if p.rstrip("/") == "/clusters/demo"], [],
                         "DescribeCluster was called through the dot segment")

    def test_imds_role_name(self):
        sim = self.start(credentials={"imds": {"role": ".."}})
        env = sim_env(sim, AWS_ACCESS_KEY_ID=None, AWS_SECRET_ACCESS_KEY=None,
                      AWS_EC2_METADATA_DISABLED=None)
        code, out, err, _ = run(["whoami", "--timeout", "10s"], env)
        paths = [r["path"] for r in sim.requests(service="imds")]
        self.assertIn("/latest/meta-data/iam/security-credentials/%2E%2E", paths, paths)
        self.assertNotIn("/latest/meta-data/iam/", paths)


class StandardStreams(Case):
    """Item 7: fds 0-2 are open before anything else is; every verb checks
    its writes."""

    def test_closed_stdout_never_reaches_a_connection(self):
        sts = self.recorder()
        env = keys_env(AWS_ENDPOINT_URL_STS=sts.url)
        p = subprocess.run([BINARY, "whoami"], env=env, stdin=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, timeout=30,
                           preexec_fn=lambda: os.close(1))
        self.assertNotIn(b"Account:", sts.received())
        self.assertNotIn(b"111122223333\n", sts.received())

    def test_writes_to_a_full_device_fail(self):
        if not os.path.exists("/dev/full"):
            self.skipTest("no /dev/full")
        for args in (["help"], ["help", "plan"], ["version"], ["whoami", "--debug"],
                     ["whoami", "--output", "json", "--debug"]):
            sts = self.recorder()  # one per run: a fresh connection each time
            env = keys_env(AWS_ENDPOINT_URL_STS=sts.url)
            with open("/dev/full", "w") as full:
                p = subprocess.run([BINARY, *args], env=env, stdout=full,
                                   stderr=subprocess.PIPE, timeout=30)
            self.assertEqual(p.returncode, 1, (args, p.stderr, sts.connections))
            self.assertRegex(p.stderr, rb"(?m)^eks-upgrade: .*writ", (args, sts.connections))


def timed(args, env, limit, **kw):
    """Runs the binary; (code, stdout, stderr, seconds). A run past `limit`
    seconds is killed and fails the test: the bug was that it never ended."""
    t = time.monotonic()
    try:
        code, out, err, _ = run(args, env, timeout=limit, **kw)
    except subprocess.TimeoutExpired:
        raise AssertionError("%s still running after %d s" % (" ".join(args), limit))
    return code, out, err, time.monotonic() - t


class SpecialFiles(Case):
    """Item 5: a FIFO or a device named as a token file, config file, CA
    bundle neither blocks the open nor is read for ever."""

    def fifo(self):
        path = os.path.join(tempfile.mkdtemp(prefix="eks-upgrade-fifo-"), "fifo")
        os.mkfifo(path)
        return path

    def test_ca_bundle_dev_zero_and_fifo(self):
        for bundle in ("/dev/zero", self.fifo()):
            code, out, err, took = timed(["whoami", "--timeout", "3s"],
                                         keys_env(AWS_CA_BUNDLE=bundle), 15)
            self.assertEqual(code, 1, err)
            self.assertIn("not a regular file", err)
            self.assertLess(took, 5)

    def test_token_files(self):
        for extra in ({"AWS_WEB_IDENTITY_TOKEN_FILE": self.fifo(),
                       "AWS_ROLE_ARN": "arn:aws:iam::111122223333:role/x"},
                      {"AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:9/v1",
                       "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": self.fifo()},
                      {"AWS_WEB_IDENTITY_TOKEN_FILE": "/dev/zero",
                       "AWS_ROLE_ARN": "arn:aws:iam::111122223333:role/x"}):
            env = keys_env(AWS_ACCESS_KEY_ID=None, AWS_SECRET_ACCESS_KEY=None, **extra)
            code, out, err, took = timed(["whoami", "--timeout", "3s"], env, 15)
            self.assertEqual(code, 1, err)
            self.assertIn("not a regular file", err)
            self.assertLess(took, 5)

    def test_step_summary_fifo(self):
        sim = self.start()
        env = sim_env(sim, GITHUB_ACTIONS="true", GITHUB_STEP_SUMMARY=self.fifo())
        code, out, err, took = timed(["plan", "--cluster", "demo", "--timeout", "20s"], env, 25)
        self.assertEqual(code, 0, err)
        self.assertIn("cannot write the step summary", err)
        self.assertLess(took, 10)

    def test_config_file_fifo_is_not_read(self):
        sts = self.recorder()
        env = keys_env(AWS_CONFIG_FILE=self.fifo(), AWS_SHARED_CREDENTIALS_FILE=self.fifo(),
                       AWS_ENDPOINT_URL_STS=sts.url)
        code, out, err, took = timed(["whoami", "--timeout", "3s"], env, 15)
        self.assertEqual(code, 0, err)
        self.assertLess(took, 5)


class CredentialProcess(Case):
    """Item 6: --timeout bounds credential_process; a finished process is
    not held up by a background child holding its stdout."""

    def profile(self, script_text):
        script = self.write("creds.sh", script_text, mode=0o700)
        config = self.write("config", "[profile proc]\ncredential_process = %s\n" % script)
        return keys_env(AWS_ACCESS_KEY_ID=None, AWS_SECRET_ACCESS_KEY=None,
                        AWS_CONFIG_FILE=config, AWS_PROFILE="proc")

    def test_timeout_bounds_it(self):
        env = self.profile("#!/bin/sh\nsleep 30\n")
        for verb in (["whoami"], ["token", "--cluster", "demo"]):
            code, out, err, took = timed([*verb, "--timeout", "2s"], env, 20)
            self.assertEqual(code, 1, err)
            self.assertIn("did not finish", err)
            self.assertLess(took, 4)

    def test_background_child_holding_stdout(self):
        sts = self.recorder()
        env = self.profile("#!/bin/sh\nsleep 30 &\ncat <<'EOF'\n" + json.dumps({
            "Version": 1, "AccessKeyId": "AKIAIOSFODNN7EXAMPLE",
            "SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}) + "\nEOF\n")
        env["AWS_ENDPOINT_URL_STS"] = sts.url
        code, out, err, took = timed(["whoami", "--timeout", "20s"], env, 25)
        self.assertEqual(code, 0, err)
        self.assertLess(took, 5)


class Timeouts(Case):
    """Item 13: --timeout bounds plan, whoami and token, whatever hangs."""

    def test_plan_against_a_slow_server(self):
        sim = self.start(faults=[{"operation": "DescribeCluster", "kind": "delay",
                                  "seconds": 30, "count": -1}])
        code, out, err, took = timed(["plan", "--cluster", "demo", "--timeout", "2s"],
                                     sim_env(sim), 20)
        self.assertEqual(code, 1, err)
        self.assertLess(took, 5)

    def test_whoami_against_a_hung_server(self):
        sts = self.recorder(hang=True)
        code, out, err, took = timed(["whoami", "--timeout", "2s"],
                                     keys_env(AWS_ENDPOINT_URL_STS=sts.url), 20)
        self.assertEqual(code, 1, err)
        self.assertLess(took, 5)

    def test_region_from_a_hung_imds(self):
        imds = self.recorder(hang=True)
        env = keys_env(AWS_REGION=None, AWS_EC2_METADATA_DISABLED=None,
                       AWS_EC2_METADATA_SERVICE_ENDPOINT=imds.url,
                       AWS_METADATA_SERVICE_TIMEOUT="20")
        code, out, err, took = timed(["plan", "--cluster", "demo", "--timeout", "2s"], env, 30)
        self.assertNotEqual(code, 0, err)
        self.assertLess(took, 5)


class BrokenOutputAndSignals(Case):
    """Item 8: SIGPIPE does not kill apply after the update started (stderr
    gets the resume command, exit 1); a signal while UpdateClusterVersion is
    in flight says an update may have started and how to find it."""

    def apply_until(self, sim, marker):
        """apply --approve in the background, its stdout read until `marker`."""
        p = subprocess.Popen([BINARY, "apply", "--cluster", "demo", "--approve",
                              "--poll-interval", "200ms"], env=sim_env(sim),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        seen = b""
        while marker not in seen:
            chunk = p.stdout.read1(65536)
            if not chunk:
                break
            seen += chunk
        return p

    def test_closed_pipe_after_the_update_started(self):
        sim = self.start(update={"duration_seconds": 2})
        p = self.apply_until(sim, b"resume with:")
        p.stdout.close()
        _, err = p.communicate(timeout=30)
        err = err.decode()
        self.assertEqual(p.returncode, 1, err)
        self.assertRegex(err, r"Resume with: eks-upgrade poll --cluster demo --region "
                              r"us-west-2 --update-id [0-9a-f-]{36}")

    def test_signal_while_the_start_is_in_flight(self):
        sim = self.start(faults=[{"operation": "UpdateClusterVersion", "kind": "delay",
                                  "seconds": 10}])
        p = self.apply_until(sim, b"ready to upgrade")
        time.sleep(1.0)
        p.send_signal(signal.SIGTERM)
        out, err = p.communicate(timeout=15)
        err = err.decode()
        self.assertEqual(p.returncode, 143, err)
        self.assertIn("UpdateClusterVersion was in flight: an update may have started", err)
        self.assertIn("eks-upgrade poll --cluster demo --region us-west-2", err)


class UntrustedNumbers(Case):
    """Item 12: timestamps out of any range (1e300, -1e300) are unknown, not
    cast to time_t (UBSan: float-cast-overflow) or days."""

    def test_timestamps_out_of_range(self):
        sim = self.start(responses={
            "DescribeClusterVersions": {"over": {"clusterVersions": {"*": {
                "endOfStandardSupportDate": 1e300, "endOfExtendedSupportDate": -1e300}}}},
            "DescribeInsight": {"over": {"insight": {"lastRefreshTime": 1e300}}},
            "ListInsights": {"over": {"insights": {"*": {"lastRefreshTime": 1e300}}}},
            "DescribeCluster": {"over": {"cluster": {"createdAt": 1e300}}}})
        code, out, err, _ = run(["plan", "--cluster", "demo", "--output", "json"],
                                sim_env(sim))
        self.assertEqual(code, 0, err)
        doc = json.loads(out)
        self.assertIsNone(doc["support"]["endOfStandardSupport"])
        self.assertIsNone(doc["support"]["daysToEndOfStandardSupport"])
        for c in doc["checks"]:
            for item in c["items"]:
                if "lastRefreshTime" in item:
                    self.assertIsNone(item["lastRefreshTime"])
        code, out, err, _ = run(["plan", "--cluster", "demo"], sim_env(sim))
        self.assertEqual(code, 0, err)
        self.assertNotIn("922337203685477", out)
        self.assertNotIn("runtime error", err)


sys.path.insert(0, os.path.join(ROOT, "tests"))
import bench_hostile  # noqa: E402


def static_binary():
    return os.path.realpath(BINARY) == os.path.realpath(os.path.join(ROOT, "eks-upgrade"))


class Memory(Case):
    """Item 10: bytes in flight are bounded (per-operation caps, a budget
    per batch): peak RSS stays under 64 MiB whatever the server sends. (The
    figures are printed by `make bench`.)"""

    def test_peak_rss_under_64_mib(self):
        if not static_binary() or not os.path.exists("/usr/bin/time"):
            self.skipTest("measured on the static binary with GNU time only")
        names = ["x-%02d" % i for i in range(64)]
        for overrides, op in (
                ({"cluster": {"nodegroups": names},
                  "faults": [{"operation": "DescribeNodegroup", "kind": "oversized", "mib": 8,
                              "count": -1}]}, "DescribeNodegroup"),
                ({"cluster": {"addons": names},
                  "faults": [{"operation": "DescribeAddonVersions", "kind": "oversized",
                              "mib": 7, "count": -1}]}, "DescribeAddonVersions")):
            rss, code, took, answered, out = bench_hostile.peak_rss(BINARY, overrides, op)
            self.assertEqual(code, 0, out)
            self.assertLess(rss, 64 * 1024, "peak RSS %d KiB under the %s attack" % (rss, op))


class Resolver(Case):
    """Item 9: a DNS server that never answers cannot hold a request past
    --timeout (libcurl's threaded resolver; musl's own timeouts are not
    ours)."""

    def test_dns_hang_ends_at_the_timeout(self):
        got = bench_hostile.dns_hang_run(BINARY, "3s")
        if got is None:
            self.skipTest("no user, mount and network namespaces (unshare -rmn) here")
        seconds, out = got
        self.assertIn("exit 1", out)
        self.assertLess(seconds, 6, out)


if __name__ == "__main__":
    unittest.main()
