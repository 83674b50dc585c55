"""The cluster's own Kubernetes API server, as far as eks-upgrade asks it:
GET /version, after an upgrade. A cluster whose scenario `endpoint` is
"self" gets this simulator's HTTPS URL as its endpoint and the test CA as
its certificateAuthority.data, so the tool can verify the server with the
cluster's CA exactly as it would against EKS.

Scenario (top level, optional):
    "apiserver": {"anonymous": false}   # true: /version needs no token
Without a token (and anonymous false) /version answers 401 like an EKS API
server; with "Authorization: Bearer k8s-aws-v1.<base64url presigned URL>"
the presigned STS GetCallerIdentity URL is verified with botocore (via
sigcheck) and its signed x-k8s-aws-id header must name the cluster."""
import base64
from urllib.parse import urlsplit

import sigcheck
from wire import Response

TOKEN_PREFIX = "k8s-aws-v1."


def route(state, req):
    if req.raw_path == "/version" and req.method == "GET":
        req.service = "apiserver"
        return "ApiServerVersion"
    return None


def make_self_endpoints(state, base_url, ca_pem_path):
    """Point every cluster whose endpoint is "self" at this simulator."""
    with open(ca_pem_path, "rb") as f:
        ca = base64.b64encode(f.read()).decode()
    for sim in state.clusters.values():
        if sim["cluster"].get("endpoint") == "self":
            sim["cluster"]["endpoint"] = base_url
            sim["cluster"]["certificateAuthority"] = {"data": ca}


def _status(code, message):
    body = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
            "message": message, "reason": "Unauthorized" if code == 401 else "Forbidden",
            "code": code}
    resp = Response(code, body)
    resp.error_code = str(code)
    return resp


def _token_cluster(state, req):
    """The cluster a valid bearer token names, or None."""
    auth = req.header("authorization") or ""
    if not auth.startswith("Bearer " + TOKEN_PREFIX):
        return None
    b64 = auth[len("Bearer " + TOKEN_PREFIX):]
    try:
        url = base64.urlsafe_b64decode(b64 + "=" * (-len(b64) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        return None
    parts = urlsplit(url)
    for name in state.clusters:
        verdict = sigcheck.verify(state, "sts", "GET", parts.path or "/", parts.query,
                                  {"host": [parts.netloc], "x-k8s-aws-id": [name]}, b"",
                                  allowed_regions=[state.region, "us-east-1"])
        if verdict.ok:
            return name
    return None


def handle(state, req):
    cfg = getattr(state, "apiserver_cfg", None) or {}
    name = _token_cluster(state, req)
    if name is None:
        if req.header("authorization"):
            return _status(401, "Unauthorized")
        if not cfg.get("anonymous", False):
            return _status(401, "Unauthorized")
        name = next(iter(state.clusters))
    version = state.clusters[name]["cluster"]["version"]
    major, minor = version.split(".", 1)
    body = {"major": major, "minor": minor, "gitVersion": "v%s.5-eks-2f4c1a7" % version,
            "gitCommit": "0" * 40, "gitTreeState": "clean", "buildDate": "2026-10-01T00:00:00Z",
            "goVersion": "go1.24.4", "compiler": "gc", "platform": "linux/amd64"}
    return Response(200, body)
