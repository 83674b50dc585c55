"""AWS STS, query protocol: form-encoded POST /, XML answers."""

import re
from urllib.parse import parse_qsl
from xml.sax.saxutils import escape

import sigcheck
from store import iso8601
from wire import Response, ServiceError

NS = "https://sts.amazonaws.com/doc/2011-06-15/"
SIGNED = {"GetCallerIdentity", "AssumeRole"}
UNSIGNED = {"AssumeRoleWithWebIdentity"}
DEFAULT_WEB_IDENTITY_TOKEN = "sim-web-identity-token"

AUTH_ERRORS = {
    sigcheck.MISSING: (403, "MissingAuthenticationToken"),
    sigcheck.INCOMPLETE: (400, "IncompleteSignature"),
    sigcheck.UNKNOWN_KEY: (403, "InvalidClientTokenId"),
    sigcheck.BAD_TOKEN: (403, "InvalidClientTokenId"),
    sigcheck.EXPIRED_TOKEN: (400, "ExpiredToken"),
    sigcheck.SKEWED: (400, "RequestExpired"),
    sigcheck.BAD_SCOPE: (403, "SignatureDoesNotMatch"),
    sigcheck.MISMATCH: (403, "SignatureDoesNotMatch"),
}

FAULT_ERRORS = {
    "throttle": (400, "Throttling", "Rate exceeded"),
    "http500": (500, "InternalFailure", "An internal error occurred."),
    "http503": (503, "ServiceUnavailable", "Service is unavailable. Try again later."),
}

ROLE_ARN = re.compile(r"^arn:aws[a-z-]*:iam::(\d{12}):role/(?:[\w+=,.@/-]+/)?([\w+=,.@-]+)$")
SESSION_NAME = re.compile(r"^[\w+=,.@-]{2,64}$")


def params(req):
    """Form parameters of the body (POST) or the query string (presigned GET)."""
    if req.method == "POST":
        try:
            return dict(parse_qsl(req.body.decode("utf-8"), keep_blank_values=True,
                                  strict_parsing=bool(req.body)))
        except (UnicodeDecodeError, ValueError):
            return {}
    return {k: v for k, v in req.query_pairs}


def route(req):
    action = params(req).get("Action")
    if action in SIGNED or action in UNSIGNED:
        return action
    return None


def is_signed(operation):
    return operation in SIGNED


def error_response(status, code, message, request_id):
    kind = "Receiver" if status >= 500 else "Sender"
    xml = ('<ErrorResponse xmlns="%s">\n  <Error>\n    <Type>%s</Type>\n    <Code>%s</Code>\n'
           '    <Message>%s</Message>\n  </Error>\n  <RequestId>%s</RequestId>\n'
           '</ErrorResponse>\n' % (NS, kind, code, escape(message), request_id))
    resp = Response(status, xml, content_type="text/xml")
    resp.error_code = code
    return resp


def auth_error(state, req, verdict):
    status, code = AUTH_ERRORS[verdict.kind]
    msg = verdict.detail()
    if verdict.kind == sigcheck.MISSING:
        msg = "Request is missing Authentication Token"
    return error_response(status, code, msg, req.request_id)


def fault_error(state, req, kind, fault):
    if kind == "deny":
        caller = req.caller.arn if req.caller else "anonymous"
        return error_response(403, "AccessDenied",
                              "User: %s is not authorized to perform: sts:%s"
                              % (caller, req.operation), req.request_id)
    status, code, msg = FAULT_ERRORS[kind]
    return error_response(status, code, fault.get("message", msg), req.request_id)


def unknown_operation(state, req):
    action = params(req).get("Action")
    if action is None:
        return error_response(400, "MissingAction", "Missing Action", req.request_id)
    return error_response(400, "InvalidAction",
                          "Could not find operation %s for version 2011-06-15" % action,
                          req.request_id)


def handle(state, req):
    p = params(req)
    try:
        if req.method == "POST" and req.body and not p:
            raise ServiceError(400, "MalformedQueryString", "The request body is malformed.")
        result = HANDLERS[req.operation](state, req, p)
    except ServiceError as e:
        return error_response(e.status, e.code, e.message, req.request_id)
    xml = ('<%sResponse xmlns="%s">\n  <%sResult>\n%s  </%sResult>\n'
           '  <ResponseMetadata>\n    <RequestId>%s</RequestId>\n  </ResponseMetadata>\n'
           '</%sResponse>\n' % (req.operation, NS, req.operation, _xml(result, 4),
                                req.operation, req.request_id, req.operation))
    return Response(200, xml, content_type="text/xml")


def _xml(obj, indent):
    out = []
    pad = " " * indent
    for k, v in obj.items():
        if v is None:
            continue
        if isinstance(v, dict):
            out.append("%s<%s>\n%s%s</%s>\n" % (pad, k, _xml(v, indent + 2), pad, k))
        else:
            out.append("%s<%s>%s</%s>\n" % (pad, k, escape(str(v)), k))
    return "".join(out)


def _validation(field, value, constraint):
    raise ServiceError(400, "ValidationError",
                       "1 validation error detected: Value %s at '%s' failed to satisfy "
                       "constraint: %s" % ("null" if value is None else "'%s'" % value,
                                           field, constraint))


def _common_assume_params(state, p):
    role_arn = p.get("RoleArn")
    session = p.get("RoleSessionName")
    if role_arn is None:
        _validation("roleArn", None, "Member must not be null")
    if session is None:
        _validation("roleSessionName", None, "Member must not be null")
    if not SESSION_NAME.match(session):
        _validation("roleSessionName", session,
                    "Member must satisfy regular expression pattern: [\\w+=,.@-]*")
    if not ROLE_ARN.match(role_arn):
        raise ServiceError(400, "ValidationError", "%s is invalid" % role_arn)
    max_s = int(state.cred_cfg.get("max_session_seconds", 3600))
    duration = p.get("DurationSeconds")
    if duration is None:
        lifetime = min(3600, max_s)
    else:
        try:
            lifetime = int(duration)
        except ValueError:
            _validation("durationSeconds", duration, "Member must be a number")
        if lifetime < 900:
            _validation("durationSeconds", duration,
                        "Member must have value greater than or equal to 900")
        if lifetime > 43200:
            _validation("durationSeconds", duration,
                        "Member must have value less than or equal to 43200")
        if lifetime > max_s:
            raise ServiceError(400, "ValidationError",
                               "The requested DurationSeconds exceeds the MaxSessionDuration "
                               "set for this role.")
    if state.session_lifetime is not None:
        lifetime = float(state.session_lifetime)
    return role_arn, session, lifetime


def _credentials_xml(cred):
    return {"AccessKeyId": cred.access_key_id, "SecretAccessKey": cred.secret,
            "SessionToken": cred.session_token, "Expiration": iso8601(cred.expiration)}


def get_caller_identity(state, req, p):
    c = req.caller
    return {"Arn": c.arn, "UserId": c.user_id, "Account": c.account}


def assume_role(state, req, p):
    role_arn, session, lifetime = _common_assume_params(state, p)
    cfg = state.assume_role_cfg
    allowed = cfg.get("allowed_roles")
    if (allowed is not None and role_arn not in allowed) or \
            (cfg.get("external_id") is not None and p.get("ExternalId") != cfg["external_id"]):
        raise ServiceError(403, "AccessDenied",
                           "User: %s is not authorized to perform: sts:AssumeRole on "
                           "resource: %s" % (req.caller.arn, role_arn))
    req.log["roleArn"] = role_arn
    cred = state.issue_session(role_arn, session, lifetime, "assume-role")
    return {"Credentials": _credentials_xml(cred),
            "AssumedRoleUser": {"AssumedRoleId": cred.user_id, "Arn": cred.arn}}


def assume_role_with_web_identity(state, req, p):
    cfg = state.web_identity
    token = p.get("WebIdentityToken")
    if token is None:
        _validation("webIdentityToken", None, "Member must not be null")
    role_arn, session, lifetime = _common_assume_params(state, p)
    req.log["roleArn"] = role_arn
    if cfg.get("idp_error"):
        raise ServiceError(400, "IDPCommunicationError",
                           "Couldn't retrieve verification key from your identity provider, "
                           "please reference AssumeRoleWithWebIdentity documentation for "
                           "requirements")
    valid = cfg.get("tokens") or [cfg.get("token", DEFAULT_WEB_IDENTITY_TOKEN)]
    if cfg.get("expired") and token in valid:
        raise ServiceError(400, "ExpiredTokenException",
                           "Token expired: current date/time %s must be before the expiration "
                           "date/time" % iso8601(state.now()))
    if token not in valid:
        raise ServiceError(400, "InvalidIdentityToken",
                           "The web identity token that was passed could not be validated by "
                           "AWS. Get a new identity token from the identity provider and then "
                           "retry the request.")
    roles = cfg.get("allowed_roles")
    if roles is not None and role_arn not in roles:
        raise ServiceError(403, "AccessDenied",
                           "Not authorized to perform sts:AssumeRoleWithWebIdentity")
    cred = state.issue_session(role_arn, session, lifetime, "web-identity")
    issuer = cfg.get("provider", "oidc.eks.%s.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
                     % state.region)
    return {"Credentials": _credentials_xml(cred),
            "SubjectFromWebIdentityToken": cfg.get("subject",
                                                   "system:serviceaccount:default:eks-upgrade"),
            "AssumedRoleUser": {"AssumedRoleId": cred.user_id, "Arn": cred.arn},
            "Provider": "arn:aws:iam::%s:oidc-provider/%s" % (state.account, issuer),
            "Audience": cfg.get("audience", "sts.amazonaws.com")}


HANDLERS = {
    "GetCallerIdentity": get_caller_identity,
    "AssumeRole": assume_role,
    "AssumeRoleWithWebIdentity": assume_role_with_web_identity,
}
