#!/usr/bin/env python3
"""Local AWS simulator: EKS (REST-JSON), STS (query/XML), IMDSv2, container credentials,
the IAM Identity Center portal and OIDC (SSO profiles).

    python3 tests/sim/simulator.py --scenario FILE --state-dir DIR [--no-tls] [--cert-cache DIR]

Runs in the foreground until SIGTERM/SIGINT.  When ready it writes into DIR:
ca.pem, https_port, http_port, pid, admin_token, env.json and, last, ready.
Every request is logged to DIR/requests.jsonl.  See tests/sim/README.md.
"""

import argparse
import email.utils
import json
import os
import secrets
import shutil
import signal
import socket
import ssl
import struct
import sys
import threading
import time
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import apiserver  # noqa: E402
import certs  # noqa: E402
import eks  # noqa: E402
import metadata  # noqa: E402
import responses  # noqa: E402
import sigcheck  # noqa: E402
import sso  # noqa: E402
import sts  # noqa: E402
from store import ScenarioError, State, iso8601, load_scenario  # noqa: E402
from wire import Request, Response  # noqa: E402

MAX_BODY = 8 * 1024 * 1024
SERVICES = {"eks": eks, "sts": sts, "sso": sso, "sso-oidc": sso, "apiserver": apiserver}
ERROR_FAULTS = ("throttle", "http500", "http503", "deny", "in_use")


class RequestLog:
    def __init__(self, path):
        self.lock = threading.Lock()
        self.file = open(path, "a", encoding="utf-8")  # noqa: SIM115 (lives as long as the server)

    def write(self, entry):
        line = json.dumps(entry, sort_keys=False)
        with self.lock:
            self.file.write(line + "\n")
            self.file.flush()


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, sim, ssl_context=None):
        self.sim = sim
        self.ssl_context = ssl_context
        super().__init__(("127.0.0.1", 0), Handler)

    def finish_request(self, request, client_address):
        # Headers and body go out in separate writes: without TCP_NODELAY,
        # Nagle's algorithm and the client's delayed ACK add ~40 ms to every
        # answer on a kept-alive connection, which real AWS endpoints do not.
        try:
            request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass
        # The TLS handshake runs here, in the connection's own thread.
        conn = request
        if self.ssl_context is not None:
            try:
                request.settimeout(10)
                conn = self.ssl_context.wrap_socket(request, server_side=True)
                conn.settimeout(None)
            except (OSError, ssl.SSLError):
                return
        try:
            self.RequestHandlerClass(conn, client_address, self)
        finally:
            if conn is not request:
                try:
                    conn.close()
                except OSError:
                    pass

    def handle_error(self, request, client_address):
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, ssl.SSLError, TimeoutError, socket.timeout)):
            return
        self.sim.debug("connection error: %s" % traceback.format_exc())


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "eks-upgrade-sim"
    timeout = 120  # idle keep-alive connections

    # ---- plumbing -------------------------------------------------------
    def log_message(self, fmt, *args):  # silence the default stderr log
        pass

    def version_string(self):
        return self.server_version

    def date_time_string(self, timestamp=None):
        return email.utils.formatdate(self.server.sim.state.now(), usegmt=True)

    def finish(self):
        try:
            super().finish()
        except OSError:
            pass

    def do_GET(self):
        self.dispatch()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = do_GET

    def _read_body(self):
        te = (self.headers.get("Transfer-Encoding") or "").lower()
        if "chunked" in te:
            chunks, total = [], 0
            while True:
                line = self.rfile.readline(1024)
                size = int(line.split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                total += size
                if total > MAX_BODY:
                    raise ValueError("body too large")
                chunks.append(self.rfile.read(size))
                self.rfile.readline(8)
        length = self.headers.get("Content-Length")
        if length is None:
            return b""
        n = int(length)
        if n < 0 or n > MAX_BODY:
            raise ValueError("bad Content-Length")
        return self.rfile.read(n)

    def send(self, resp, extra_headers=(), declared_length=None, body=None):
        body = resp.body if body is None else body
        self.send_response(resp.status)
        for k, v in list(resp.headers) + list(extra_headers):
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body) if declared_length is None
                                               else declared_length))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def hard_close(self):
        """Drop the connection with a TCP RST and no response."""
        self.close_connection = True
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
        except OSError:
            pass
        try:
            # detach() so that neither the TLS layer nor the file objects send
            # anything more; closing the bare descriptor with SO_LINGER 0 sends RST.
            os.close(self.connection.detach())
        except OSError:
            pass

    # ---- one request ----------------------------------------------------
    def dispatch(self):
        sim = self.server.sim
        start = time.monotonic()
        headers = {}
        for k, v in self.headers.items():
            headers.setdefault(k.lower(), []).append(v)
        try:
            body = self._read_body()
        except (ValueError, OSError):
            self.close_connection = True
            resp = Response(400, {"message": "Could not read the request body"},
                            [("x-amzn-ErrorType", "SerializationException")])
            self.send(resp)
            return
        req = Request(self.command, self.path, headers, body)
        if req.raw_path.startswith("/__sim/"):
            self.send(sim.admin(req))
            return
        try:
            sim.process(self, req, start)
        except Exception:  # noqa: BLE001 - the simulator must answer, not crash
            sim.debug("internal error on %s %s\n%s" % (self.command, self.path,
                                                       traceback.format_exc()))
            resp = Response(500, {"message": "simulator internal error (see server.log)"},
                            [("x-amzn-ErrorType", "InternalFailure"),
                             ("x-amzn-RequestId", req.request_id)])
            resp.error_code = "InternalFailure"
            sim.log.write(sim.log_entry(req, resp, start, None))
            try:
                self.send(resp)
            except OSError:
                pass


class Simulator:
    def __init__(self, scenario, state_dir, tls=True, cert_cache=None):
        scenario = dict(scenario)
        overrides = scenario.pop("responses", None)  # responses.py
        self.state = State(scenario)
        responses.configure(self.state, overrides)
        self.state_dir = state_dir
        self.tls = tls
        self.cert_cache = cert_cache
        self.admin_token = secrets.token_hex(16)
        self.log = RequestLog(os.path.join(state_dir, "requests.jsonl"))
        self.servers = []
        self._debug_lock = threading.Lock()

    def debug(self, text):
        with self._debug_lock:
            sys.stderr.write("[sim %s] %s\n" % (time.strftime("%H:%M:%S"), text))
            sys.stderr.flush()

    # ---- lifecycle --------------------------------------------------------
    def start(self):
        d = self.state_dir
        os.makedirs(d, exist_ok=True)
        if os.path.exists(os.path.join(d, "ready")):
            os.unlink(os.path.join(d, "ready"))
        http = Server(self)
        self.servers.append(http)
        https = None
        if self.tls:
            cache = self.cert_cache or os.path.join(d, "certs")
            ca, cert, key = certs.ensure(cache)
            ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            ctx.minimum_version = ssl.TLSVersion.TLSv1_2
            ctx.load_cert_chain(cert, key)
            https = Server(self, ctx)
            self.servers.append(https)
            shutil.copyfile(ca, os.path.join(d, "ca.pem"))
        for srv in self.servers:
            threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05},
                             daemon=True).start()
        self.http_port = http.server_address[1]
        self.https_port = https.server_address[1] if https else None
        if https:
            _write(d, "https_port", str(self.https_port))
        _write(d, "http_port", str(self.http_port))
        if https:
            apiserver.make_self_endpoints(self.state, "https://localhost:%d" % self.https_port,
                                          os.path.join(d, "ca.pem"), cache)
        _write(d, "pid", str(os.getpid()))
        _write(d, "admin_token", self.admin_token)
        _write(d, "env.json", json.dumps(self.client_env(), indent=2))
        _write(d, "ready", iso8601(time.time()))

    def stop(self):
        for srv in self.servers:
            srv.shutdown()
            srv.server_close()

    def client_env(self):
        """The standard AWS variables that point a client at this simulator."""
        st = self.state
        http_url = "http://127.0.0.1:%d" % self.http_port
        base = ("https://localhost:%d" % self.https_port) if self.https_port else \
            "http://localhost:%d" % self.http_port
        env = {
            "AWS_ENDPOINT_URL_EKS": base,
            "AWS_ENDPOINT_URL_STS": base,
            "AWS_ENDPOINT_URL_SSO": base,
            "AWS_ENDPOINT_URL_SSO_OIDC": base,
            "AWS_EC2_METADATA_SERVICE_ENDPOINT": http_url,
            "AWS_REGION": st.region,
        }
        if self.https_port:
            env["AWS_CA_BUNDLE"] = os.path.join(os.path.abspath(self.state_dir), "ca.pem")
        if st.static_env:
            env["AWS_ACCESS_KEY_ID"] = st.static_env["accessKeyId"]
            env["AWS_SECRET_ACCESS_KEY"] = st.static_env["secretAccessKey"]
            if st.static_env.get("sessionToken"):
                env["AWS_SESSION_TOKEN"] = st.static_env["sessionToken"]
        return {
            "env": env,
            "container": {
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": http_url + metadata.container_paths(st)[0],
                "AWS_CONTAINER_AUTHORIZATION_TOKEN":
                    st.container_cfg.get("token", metadata.DEFAULT_CONTAINER_TOKEN),
            },
            "web_identity": {
                "token": (st.web_identity.get("tokens") or
                          [st.web_identity.get("token", sts.DEFAULT_WEB_IDENTITY_TOKEN)])[0],
                "AWS_ROLE_ARN": st.web_identity.get(
                    "role_arn", "arn:aws:iam::%s:role/eks-upgrade-irsa" % st.account),
            },
            "http_url": http_url,
            "https_url": base if self.https_port else None,
        }

    # ---- request processing ------------------------------------------------
    def classify(self, req):
        """Set req.service and return the operation name (None: unknown operation)."""
        op = metadata.route(self.state, req)
        if op is not None:
            return op
        op = apiserver.route(self.state, req)
        if op is not None:
            return op
        op = sso.route(self.state, req)
        if op is not None:
            return op
        if req.raw_path == "/" and (req.method == "POST" or req.query("Action")):
            req.service = "sts"
            return sts.route(req)
        req.service = "eks"
        return eks.route(req) or responses.route(self.state, req)

    def process(self, handler, req, start):
        st = self.state
        if st.latency_ms > 0:
            time.sleep(st.latency_ms / 1000.0)
        req.operation = self.classify(req)
        module = SERVICES.get(req.service)
        if req.service == "apiserver" and not req.operation.startswith("Unknown"):
            denied = apiserver.authenticate(st, req)  # a bearer token, as EKS checks it
            if denied is not None:
                return self._answer(handler, req, denied, start, None)
        if req.operation is None or req.operation.startswith("Unknown"):
            resp = module.unknown_operation(st, req) if module else Response(404, b"")
            return self._answer(handler, req, resp, start, None)

        verdict = None
        if req.service == "eks" or (req.service == "sts" and sts.is_signed(req.operation)):
            verdict = sigcheck.verify(
                st, req.service, req.method, req.raw_path, req.raw_query, req.headers,
                req.body, allowed_regions=[st.region] + (["us-east-1"] if req.service == "sts"
                                                          else []))
            req.caller = verdict.credential
            if not verdict.ok:
                return self._answer(handler, req, module.auth_error(st, req, verdict), start,
                                    verdict)

        fault = st.pick_fault(req.service, req.operation)
        kind = fault["kind"] if fault else None
        if kind == "delay":
            time.sleep(float(fault.get("seconds", 1)))
        elif kind == "reset" and fault.get("phase", "before") == "before":
            self.log.write(self.log_entry(req, None, start, verdict, fault))
            handler.hard_close()
            return
        elif kind == "invalid_json":
            resp = Response(200, fault.get("body", _broken_body(req.service)),
                            content_type="text/xml" if req.service == "sts"
                            else "application/json")
            return self._answer(handler, req, resp, start, verdict, fault)
        elif kind in ERROR_FAULTS and fault.get("phase", "before") == "before":
            if module is None:
                resp = Response({"throttle": 429, "http500": 500, "http503": 503,
                                 "deny": 403, "in_use": 409}[kind], b"", content_type=None)
            else:
                resp = module.fault_error(st, req, kind, fault)
            return self._answer(handler, req, resp, start, verdict, fault)

        resp = responses.answer(st, req, lambda: (module or metadata).handle(st, req),
                                lambda: module.unknown_operation(st, req))

        if kind == "reset":  # phase "after": the work is done, the answer is lost
            self.log.write(self.log_entry(req, None, start, verdict, fault))
            handler.hard_close()
            return
        if kind in ERROR_FAULTS:  # phase "after"
            resp = module.fault_error(st, req, kind, fault) if module else Response(500, b"")
        if kind == "truncated":
            missing = int(fault.get("missing_bytes", 0)) or max(1, len(resp.body) // 2)
            sent = resp.body[:max(0, len(resp.body) - missing)]
            handler.close_connection = True
            self.log.write(self.log_entry(req, resp, start, verdict, fault))
            try:
                handler.send(self._decorate(req, resp), declared_length=len(resp.body),
                             body=sent)
            except OSError:
                pass
            handler.hard_close()
            return
        if kind == "oversized":
            resp.body = _pad(resp.body, req.service, float(fault.get("mib", 16)))
        return self._answer(handler, req, resp, start, verdict, fault)

    def _decorate(self, req, resp):
        if req.service in ("eks", "sts", "sso", "sso-oidc"):
            resp.headers.append(("x-amzn-RequestId", req.request_id))
        return resp

    def _answer(self, handler, req, resp, start, verdict, fault=None):
        # Log first: a test that reads the log right after its response must see it.
        self.log.write(self.log_entry(req, resp, start, verdict, fault))
        try:
            handler.send(self._decorate(req, resp))
        except OSError:
            handler.close_connection = True

    def log_entry(self, req, resp, start, verdict, fault=None):
        akid, presigned = sigcheck.describe_auth(req.headers, req.raw_query)
        signed = req.service == "eks" or (req.service == "sts" and sts.is_signed(req.operation))
        now = time.time()
        entry = {
            "time": iso8601(now).replace("Z", ".%03dZ" % (now % 1 * 1000)),
            "epoch": round(now, 3),
            "service": req.service,
            "operation": req.operation or "Unknown",
            "method": req.method,
            "path": req.raw_path,
            "query": req.raw_query,
            "status": resp.status if resp is not None else None,
            "signatureOk": (verdict.ok if verdict is not None else
                            (False if signed and akid else None)),
            "authError": verdict.kind if verdict is not None and not verdict.ok else None,
            "accessKeyId": akid,
            "presigned": presigned,
            "sessionToken": bool(req.header("x-amz-security-token")),
            "callerArn": req.caller.arn if req.caller else None,
            "credentialSource": req.caller.source if req.caller else None,
            "clientRequestToken": None,
            "fault": fault["kind"] if fault else None,
            "errorCode": resp.error_code if resp is not None else None,
            "requestId": req.request_id,
            "userAgent": req.header("user-agent"),
            "durationMs": round((time.monotonic() - start) * 1000, 1),
        }
        if req.operation == "UpdateClusterVersion" and "clientRequestToken" not in req.log:
            # The operation did not run (auth error, fault): still say what was sent.
            try:
                body = json.loads(req.body or b"{}")
                entry["clientRequestToken"] = body.get("clientRequestToken")
                entry["requestedVersion"] = body.get("version")
                entry["force"] = body.get("force", False)
            except (ValueError, AttributeError):
                pass
        entry.update(req.log)
        return entry

    # ---- admin endpoint ------------------------------------------------------
    def admin(self, req):
        if req.header("x-sim-admin-token") != self.admin_token:
            return Response(403, {"message": "bad or missing X-Sim-Admin-Token"})
        st = self.state
        try:
            if req.raw_path == "/__sim/state" and req.method == "GET":
                return Response(200, self.snapshot())
            if req.raw_path == "/__sim/scenario" and req.method == "POST":
                self.patch(json.loads(req.body or b"{}"))
                return Response(200, self.snapshot())
            if req.raw_path == "/__sim/issued-secrets" and req.method == "GET":
                with st.lock:
                    found = [v for c in st.creds.values() if c.source != "static"
                             for v in (c.secret, c.session_token) if v]
                    found += list(st.sso.issued)
                    found += list(st.apiserver_tokens)  # EKS bearer tokens received
                return Response(200, {"secrets": found})
            if req.raw_path == "/__sim/expire-credentials" and req.method == "POST":
                with st.lock:
                    for c in st.creds.values():
                        if c.session_token and c.source != "static":
                            c.expiration = st.now() - 1
                return Response(200, {"ok": True})
        except (ValueError, KeyError, TypeError, ScenarioError) as e:
            return Response(400, {"message": "bad admin request: %s" % e})
        return Response(404, {"message": "unknown admin endpoint"})

    def snapshot(self):
        st = self.state
        with st.lock:
            for c in st.clusters.values():
                eks._advance(st, c)
                eks._advance_subjects(c)
            return {
                "clock_offset_seconds": st.clock_offset,
                "latency_ms": st.latency_ms,
                "page_size": st.page_size,
                "faults": [{k: v for k, v in f.items() if k != "_seen"} | {"seen": f["_seen"]}
                           for f in st.faults],
                "clusters": {n: {
                    "cluster": c["cluster"],
                    "nodegroups": {k: v["version"] for k, v in c["nodegroups"].items()},
                    "addons": {k: v["addonVersion"] for k, v in c["addons"].items()},
                    "updates": [eks._public_update(u) for u in c["updates"]],
                } for n, c in st.clusters.items()},
            }

    def patch(self, p):
        """Change the running scenario (see README: admin endpoint)."""
        st = self.state
        with st.lock:
            if "clock_offset_seconds" in p:
                st.clock_offset = float(p["clock_offset_seconds"])
            if "latency_ms" in p:
                st.latency_ms = float(p["latency_ms"])
            if "page_size" in p:
                st.page_size = int(p["page_size"])
            if "faults" in p:
                st.set_faults(p["faults"])
            if "update" in p:
                st.update_cfg.update(p["update"])
            if "responses" in p:
                responses.configure(st, p["responses"])
            if "addon_versions" in p:  # EKS publishing (or withdrawing) add-on builds
                st.addon_catalog = st.build_addon_catalog(p["addon_versions"])
            if "apiserver" in p:  # "unreachable" and "ca" only take effect at start
                st.apiserver_cfg.update(p["apiserver"])
            if "credentials" in p:
                cp = p["credentials"]
                for key in ("session_lifetime_seconds",):
                    if key in cp:
                        st.session_lifetime = cp[key]
                for key, attr in (("web_identity", "web_identity"),
                                  ("assume_role", "assume_role_cfg"),
                                  ("imds", "imds_cfg"), ("container", "container_cfg")):
                    if key in cp:
                        getattr(st, attr).update(cp[key])
                if "sso" in cp:
                    st.sso.update(cp["sso"])
            for name, cp in (p.get("clusters") or {}).items():
                sim = st.clusters[name]
                eks._advance(st, sim)
                sim["cluster"].update(cp.get("cluster") or {})
                for key in ("check_nodegroups", "nodegroups_follow_cluster",
                            "status_lag_seconds"):
                    if key in cp:
                        sim[key] = cp[key]
                for key, attr in (("nodes", "nodes_spec"), ("podDisruptionBudgets", "pdbs")):
                    if key in cp:
                        sim[attr] = list(cp[key] or [])
                for kind, key, build in (("nodegroups", "nodegroupName", st.build_nodegroup),
                                         ("addons", "addonName", st.build_addon)):
                    for item in cp.get(kind) or []:
                        cur = sim[kind].get(item[key])
                        if cur is None:
                            sim[kind][item[key]] = build(sim["cluster"], item)
                        else:
                            cur.update(item)
                for ins in cp.get("insights") or []:
                    cur = sim["insights"].get(ins.get("id"))
                    if cur is None:
                        new = st.build_insight(sim["cluster"], ins)
                        sim["insights"][new["id"]] = new
                        continue
                    for k, v in ins.items():
                        if k in ("status", "reason"):
                            cur["insightStatus"][k] = v
                        else:
                            cur[k] = v
                for name_ in cp.get("remove_nodegroups") or []:
                    sim["nodegroups"].pop(name_, None)
                for up in cp.get("updates") or []:
                    sim["updates"].append(st.build_seed_update(sim, up))
                eks._refresh_status(sim)


def _broken_body(service):
    if service == "sts":
        return '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">' \
               '<GetCallerIdentityResult><Arn>arn:aws:iam::1'
    return '{"cluster": {"name": "demo", "version": "1.3'


def _pad(body, service, mib):
    """A syntactically valid answer of about `mib` MiB."""
    size = int(mib * 1024 * 1024)
    if service == "sts":
        return body + b"<!--" + b"x" * size + b"-->"
    try:
        obj = json.loads(body or b"{}")
    except ValueError:
        obj = {}
    if not isinstance(obj, dict):
        obj = {"value": obj}
    obj["padding"] = "x" * size
    return json.dumps(obj).encode()


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _write(directory, name, text):
    tmp = os.path.join(directory, "." + name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text + ("\n" if not text.endswith("\n") else ""))
    os.replace(tmp, os.path.join(directory, name))


def main(argv=None):
    ap = argparse.ArgumentParser(description="Local AWS simulator (EKS, STS, IMDS, container, "
                                             "SSO)")
    ap.add_argument("--scenario", required=True, help="scenario JSON file")
    ap.add_argument("--state-dir", required=True, help="directory for ports, CA, request log")
    ap.add_argument("--no-tls", action="store_true", help="serve plain HTTP only")
    ap.add_argument("--cert-cache", help="directory to keep/reuse the generated CA and cert")
    ap.add_argument("--watch-pid", type=int,
                    help="exit when this process is gone (so a killed test leaves nothing)")
    args = ap.parse_args(argv)
    try:
        scenario = load_scenario(args.scenario)
        os.makedirs(args.state_dir, exist_ok=True)
        sim = Simulator(scenario, args.state_dir, tls=not args.no_tls,
                        cert_cache=args.cert_cache)
    except (OSError, ValueError, ScenarioError) as e:
        sys.stderr.write("simulator: %s\n" % e)
        return 2
    done = threading.Event()

    def on_signal(signum, frame):
        done.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        sim.start()
    except (OSError, certs.CertError) as e:
        sys.stderr.write("simulator: %s\n" % e)
        return 2
    sys.stderr.write("simulator ready: https_port=%s http_port=%s state_dir=%s\n" % (
        sim.https_port, sim.http_port, args.state_dir))
    while not done.wait(0.5):
        if args.watch_pid and not _alive(args.watch_pid):
            break
    sim.stop()
    try:
        os.unlink(os.path.join(args.state_dir, "ready"))
    except OSError:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
