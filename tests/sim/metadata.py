"""EC2 instance metadata (IMDSv2) and container credentials (ECS / EKS Pod Identity).

Both are plain-HTTP services on the simulator's http_port.  Credentials they
hand out go into the shared credential store, so they sign EKS/STS calls.
"""

import json
import secrets
import time

from store import iso8601
from wire import Response

IMDS_PREFIX = "/latest/"
CREDS_PATH = "/latest/meta-data/iam/security-credentials"
DEFAULT_CONTAINER_PATH = "/v1/credentials"
DEFAULT_CONTAINER_TOKEN = "sim-container-token"


def container_paths(state):
    cfg = state.container_cfg
    paths = list(cfg.get("paths") or [cfg.get("path", DEFAULT_CONTAINER_PATH)])
    return paths


def route(state, req):
    path = req.raw_path
    if path.startswith(IMDS_PREFIX):
        req.service = "imds"
        if path == "/latest/api/token":
            return "ImdsToken"
        if path.rstrip("/") == CREDS_PATH:
            return "ImdsRoleList"
        if path.startswith(CREDS_PATH + "/"):
            return "ImdsCredentials"
        if path.startswith("/latest/meta-data/placement/"):
            return "ImdsPlacement"
        if path.startswith("/latest/dynamic/instance-identity/document"):
            return "ImdsIdentityDocument"
        return "ImdsOther"
    if path in container_paths(state):
        req.service = "container"
        return "ContainerCredentials"
    return None


def _text(status, body, headers=None):
    resp = Response(status, body, headers, content_type="text/plain")
    resp.error_code = None if status == 200 else str(status)
    return resp


def _imds_error(status):
    reasons = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden",
               404: "Not Found", 405: "Method Not Allowed"}
    return _text(status, "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>\n"
                 "<html><head><title>%d - %s</title></head><body><h1>%d - %s</h1>"
                 "</body></html>\n" % (status, reasons.get(status, "Error"), status,
                                       reasons.get(status, "Error")))


def handle(state, req):
    if req.service == "container":
        return _container(state, req)
    cfg = state.imds_cfg
    if cfg.get("enabled", True) is False:
        return _imds_error(404)
    if req.operation == "ImdsToken":
        return _token(state, req)
    # Every GET needs a valid token unless the scenario allows IMDSv1.
    if req.method != "GET":
        return _imds_error(405)
    token = req.header("x-aws-ec2-metadata-token")
    with state.lock:
        expiry = state.imds_tokens.get(token) if token else None
    if token is not None or not cfg.get("v1_allowed", False):
        if expiry is None or time.monotonic() >= expiry:
            return _imds_error(401)
    role = cfg.get("role", "eks-upgrade-node-role")
    account = state.account
    az = cfg.get("availability_zone", state.region + "a")
    path = req.raw_path
    if req.operation == "ImdsRoleList":
        return _text(200, role) if role else _imds_error(404)
    if req.operation == "ImdsCredentials":
        name = path[len(CREDS_PATH) + 1:].rstrip("/")
        if not role or name != role:
            return _imds_error(404)
        lifetime = float(cfg.get("lifetime_seconds", state.session_lifetime or 21600))
        cred = state.cached_session("imds", "arn:aws:iam::%s:role/%s" % (account, role),
                                    cfg.get("instance_id", "i-0123456789abcdef0"),
                                    lifetime, "imds")
        doc = {"Code": "Success", "LastUpdated": iso8601(state.now()), "Type": "AWS-HMAC",
               "AccessKeyId": cred.access_key_id, "SecretAccessKey": cred.secret,
               "Token": cred.session_token, "Expiration": iso8601(cred.expiration)}
        return _text(200, json.dumps(doc, indent=2))
    if req.operation == "ImdsPlacement":
        leaf = path.rstrip("/").rsplit("/", 1)[-1]
        if leaf == "region":
            return _text(200, cfg.get("region", state.region))
        if leaf == "availability-zone":
            return _text(200, az)
        return _imds_error(404)
    if req.operation == "ImdsIdentityDocument":
        return _text(200, json.dumps({"region": cfg.get("region", state.region),
                                      "availabilityZone": az, "accountId": account,
                                      "instanceId": cfg.get("instance_id",
                                                            "i-0123456789abcdef0")}))
    return _imds_error(404)


def _token(state, req):
    if req.method != "PUT":
        return _imds_error(405)
    if req.header("x-forwarded-for"):
        return _imds_error(403)
    ttl = req.header("x-aws-ec2-metadata-token-ttl-seconds")
    try:
        seconds = int(ttl)
    except (TypeError, ValueError):
        return _imds_error(400)
    if not 1 <= seconds <= 21600:
        return _imds_error(400)
    token = "AQAEA" + secrets.token_urlsafe(40)
    with state.lock:
        state.imds_tokens[token] = time.monotonic() + seconds
    return _text(200, token, [("x-aws-ec2-metadata-token-ttl-seconds", str(seconds))])


def _container(state, req):
    cfg = state.container_cfg
    if cfg.get("enabled", True) is False:
        return _json_error(404, "NotFound", "no credentials here")
    if req.method != "GET":
        return _json_error(405, "MethodNotAllowed", "use GET")
    expected = cfg.get("token", DEFAULT_CONTAINER_TOKEN)
    got = req.header("authorization")
    if expected is not None:
        if got is None:
            return _json_error(401, "Unauthorized", "Authorization header is missing")
        if got != expected:
            return _json_error(403, "AccessDenied", "Authorization token is invalid")
    role_arn = cfg.get("role_arn", "arn:aws:iam::%s:role/eks-upgrade-pod-role" % state.account)
    lifetime = float(cfg.get("lifetime_seconds", state.session_lifetime or 21600))
    cred = state.cached_session("container", role_arn, cfg.get("session_name", "eks-pod-identity"),
                                lifetime, "container")
    doc = {"AccessKeyId": cred.access_key_id, "SecretAccessKey": cred.secret,
           "Token": cred.session_token, "Expiration": iso8601(cred.expiration),
           "RoleArn": role_arn, "AccountId": cred.account}
    resp = Response(200, doc)
    return resp


def _json_error(status, code, message):
    resp = Response(status, {"code": code, "message": message})
    resp.error_code = code
    return resp
