"""IAM Identity Center: the SSO portal's GetRoleCredentials and SSO OIDC's
CreateToken (refresh_token grant), as an SSO profile uses them.

Both are REST-JSON and not SigV4-signed: the portal takes the access token
`aws sso login` cached in the `x-amz-sso_bearer_token` header; CreateToken
takes the client registration and refresh token in a JSON body. Errors
carry `x-amzn-ErrorType` and a JSON body as the real services send them:
the portal `{"message": ...}` (401 UnauthorizedException "Session token not
found or invalid", 403 ForbiddenException "No access" for a role the user
is not assigned), OIDC `{"error", "error_description"}` (400
InvalidGrantException, 401 InvalidClientException).

Scenario, under "credentials": {"sso": {...}} (all optional):
    tokens                 access tokens the portal accepts ["sim-sso-access-token"]
    assignments            [{"account_id", "role_name"}] the user may use
                           [{"account_id": ACCOUNT, "role_name": "EksUpgradeAdmin"}]
    user                   the session name of issued credentials ("sso-user")
    role_lifetime_seconds  lifetime of issued role credentials (3600)
    client_id, client_secret   the registered client CreateToken accepts
    refresh_tokens         refresh tokens CreateToken accepts ["sim-sso-refresh-token"]
    token_lifetime_seconds expiresIn of refreshed access tokens (28800)
    rotate_refresh_token   CreateToken answers a new refresh token and forgets
                           the old one (true)
Access and refresh tokens that CreateToken issues become valid too.
"""

import json
import secrets

from wire import Response

DEFAULT_TOKEN = "sim-sso-access-token"
DEFAULT_REFRESH_TOKEN = "sim-sso-refresh-token"
DEFAULT_CLIENT_ID = "sim-sso-client-id"
DEFAULT_CLIENT_SECRET = "sim-sso-client-secret-with-secret-bits"
DEFAULT_ROLE = "EksUpgradeAdmin"
ISSUED_TOKEN_PREFIX = "simSsoAccess"  # tokens CreateToken issues start with this
ISSUED_REFRESH_PREFIX = "simSsoRefresh"

PORTAL_PATHS = {"/federation/credentials": "GetRoleCredentials",
                "/assignment/roles": "ListAccountRoles",
                "/assignment/accounts": "ListAccounts", "/logout": "Logout"}
OIDC_PATHS = {"/token": "CreateToken", "/client/register": "RegisterClient",
              "/device_authorization": "StartDeviceAuthorization"}
IMPLEMENTED = {"GetRoleCredentials", "CreateToken"}

FAULT_ERRORS = {
    "throttle": (429, "TooManyRequestsException", "Too many requests"),
    "http500": (500, "InternalServerException", "An internal error occurred"),
    "http503": (503, "ServiceUnavailableException", "Service unavailable"),
    "deny": (403, "ForbiddenException", "No access"),
}


class SsoState:
    """The tokens the portal and OIDC accept, kept on the simulator State."""

    def __init__(self, cfg, account):
        self.cfg = {}
        self.account = account
        self.access_tokens = set()
        self.refresh_tokens = set()
        self.issued = []  # every token CreateToken handed out (for secret scans)
        self.update(cfg or {})

    def update(self, patch):
        self.cfg.update(patch)
        if "tokens" in patch or not self.access_tokens:
            self.access_tokens = set(self.cfg.get("tokens", [DEFAULT_TOKEN]))
        if "refresh_tokens" in patch or not self.refresh_tokens:
            self.refresh_tokens = set(self.cfg.get("refresh_tokens", [DEFAULT_REFRESH_TOKEN]))

    def assignments(self):
        return self.cfg.get("assignments",
                            [{"account_id": self.account, "role_name": DEFAULT_ROLE}])


def route(state, req):
    if req.raw_path in PORTAL_PATHS:
        req.service = "sso"
        op = PORTAL_PATHS[req.raw_path]
    elif req.raw_path in OIDC_PATHS and req.method == "POST":
        req.service = "sso-oidc"
        op = OIDC_PATHS[req.raw_path]
    else:
        return None
    return op if op in IMPLEMENTED else "Unknown" + op


def _portal_error(status, code, message):
    resp = Response(status, {"message": message}, [("x-amzn-ErrorType", code)])
    resp.error_code = code
    return resp


def _oidc_error(status, code, error, description):
    resp = Response(status, {"error": error, "error_description": description},
                    [("x-amzn-ErrorType", code)])
    resp.error_code = code
    return resp


def auth_error(state, req, verdict):  # never signed; here for the interface
    return _portal_error(403, "ForbiddenException", "No access")


OIDC_FAULT_ERRORS = {
    "throttle": (400, "SlowDownException", "slow_down"),
    "http500": (500, "InternalServerException", "server_error"),
    "http503": (503, "InternalServerException", "server_error"),
    "deny": (400, "AccessDeniedException", "access_denied"),
}


def fault_error(state, req, kind, fault):
    status, code, message = FAULT_ERRORS[kind]
    if req.service == "sso-oidc":
        status, code, error = OIDC_FAULT_ERRORS[kind]
        return _oidc_error(status, code, error, fault.get("message", message))
    return _portal_error(status, code, fault.get("message", message))


def unknown_operation(state, req):
    return _portal_error(404, "UnknownOperationException", "not simulated: %s %s"
                         % (req.method, req.raw_path))


def handle(state, req):
    if req.operation == "GetRoleCredentials":
        return _get_role_credentials(state, req)
    if req.operation == "CreateToken":
        return _create_token(state, req)
    return unknown_operation(state, req)


def _get_role_credentials(state, req):
    sso = state.sso
    if req.method != "GET":
        return _portal_error(405, "MethodNotAllowedException", "use GET")
    role, account = req.query("role_name"), req.query("account_id")
    req.log.update({"roleName": role, "accountId": account})
    token = req.header("x-amz-sso_bearer_token")
    with state.lock:
        token_ok = token is not None and token in sso.access_tokens
        issued = token is not None and token.startswith(ISSUED_TOKEN_PREFIX)
    req.log["tokenOk"] = token_ok
    req.log["tokenRefreshed"] = issued
    if not role or not account:
        return _portal_error(400, "InvalidRequestException",
                             "role_name and account_id are required")
    if not token_ok:
        return _portal_error(401, "UnauthorizedException", "Session token not found or invalid")
    if {"account_id": account, "role_name": role} not in sso.assignments():
        return _portal_error(403, "ForbiddenException", "No access")
    lifetime = float(sso.cfg.get("role_lifetime_seconds", state.session_lifetime or 3600))
    role_arn = ("arn:aws:iam::%s:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_%s_%s"
                % (account, role, "0123456789abcdef"))
    cred = state.issue_session(role_arn, sso.cfg.get("user", "sso-user"), lifetime, "sso")
    return Response(200, {"roleCredentials": {
        "accessKeyId": cred.access_key_id, "secretAccessKey": cred.secret,
        "sessionToken": cred.session_token, "expiration": int(cred.expiration * 1000)}})


def _create_token(state, req):
    sso = state.sso
    try:
        body = json.loads(req.body or b"")
    except ValueError:
        return _oidc_error(400, "InvalidRequestException", "invalid_request",
                           "the body is not JSON")
    if not isinstance(body, dict):
        body = {}
    grant = body.get("grantType")
    req.log["grantType"] = grant
    if grant != "refresh_token":
        return _oidc_error(400, "UnsupportedGrantTypeException", "unsupported_grant_type",
                           "only refresh_token is simulated")
    if body.get("clientId") != sso.cfg.get("client_id", DEFAULT_CLIENT_ID) or \
            body.get("clientSecret") != sso.cfg.get("client_secret", DEFAULT_CLIENT_SECRET):
        return _oidc_error(401, "InvalidClientException", "invalid_client",
                           "Invalid client credentials")
    rotate = sso.cfg.get("rotate_refresh_token", True)
    with state.lock:
        if body.get("refreshToken") not in sso.refresh_tokens:
            return _oidc_error(400, "InvalidGrantException", "invalid_grant",
                               "Invalid refresh token provided")
        access = ISSUED_TOKEN_PREFIX + secrets.token_urlsafe(48)
        sso.access_tokens.add(access)
        sso.issued.append(access)
        answer = {"accessToken": access, "tokenType": "Bearer",
                  "expiresIn": int(sso.cfg.get("token_lifetime_seconds", 28800))}
        if rotate:
            sso.refresh_tokens.discard(body["refreshToken"])
            refresh = ISSUED_REFRESH_PREFIX + secrets.token_urlsafe(48)
            sso.refresh_tokens.add(refresh)
            sso.issued.append(refresh)
            answer["refreshToken"] = refresh
    return Response(200, answer)
