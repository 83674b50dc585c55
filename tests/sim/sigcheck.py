"""SigV4 verification with botocore's signer (an implementation we did not write).

The request is rebuilt exactly as received: method, raw path, raw query string,
the headers named in SignedHeaders (values as sent, repeated headers joined),
and the body.  The signing time is the request's X-Amz-Date.  botocore then
computes the canonical request, string to sign and signature, and we compare.

`verify()` returns a `Verdict`: ok, or the AWS error kind to answer with.
"""

import calendar
import hashlib
import hmac
import time
from urllib.parse import parse_qsl, unquote

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest, HTTPHeaders
from botocore.credentials import Credentials

SKEW_LIMIT = 300  # seconds, both directions

# Verdict kinds (service modules map them to their own wire errors)
MISSING = "missing"            # no Authorization header / no presign parameters
INCOMPLETE = "incomplete"      # Authorization header we cannot parse
UNKNOWN_KEY = "unknown_key"    # access key id not in the credential store
BAD_TOKEN = "bad_token"        # session token missing / wrong for this key
EXPIRED_TOKEN = "expired_token"  # temporary credentials past their expiration
SKEWED = "skewed"              # X-Amz-Date too far from the server clock
BAD_SCOPE = "bad_scope"        # credential scope names another service/region
MISMATCH = "mismatch"          # signature differs


class Verdict:
    def __init__(self, kind=None, message="", credential=None, access_key_id=None):
        self.kind = kind
        self.message = message
        self.credential = credential
        self.access_key_id = access_key_id

    @property
    def ok(self):
        return self.kind is None

    def detail(self):
        """The error message; for a mismatch AWS adds what it expected."""
        if self.kind != MISMATCH or not getattr(self, "canonical", None):
            return self.message
        return self.message + (
            "\n\nThe Canonical String for this request should have been\n'%s'\n\n"
            "The String-to-Sign should have been\n'%s'\n" % (self.canonical,
                                                             self.string_to_sign))


class _ExactHeadersMixin:
    """Sign exactly the headers the client listed, nothing more."""

    signed_names = ()
    received = None

    def headers_to_sign(self, request):
        out = HTTPHeaders()
        for name in self.signed_names:
            for value in self.received.get(name, []):
                out[name] = value
        return out


class _Verifier(_ExactHeadersMixin, SigV4Auth):
    """botocore's SigV4 over exactly the received headers.  Used for presigned URLs
    too: the query (minus X-Amz-Signature) and the empty body's hash are signed there,
    as botocore's SigV4QueryAuth signs them."""


def _parse_amz_date(text):
    try:
        return calendar.timegm(time.strptime(text, "%Y%m%dT%H%M%SZ"))
    except (ValueError, TypeError):
        return None


def amz_date(epoch):
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(epoch))


def _parse_authorization(value):
    if not value.startswith("AWS4-HMAC-SHA256 "):
        return None
    fields = {}
    for part in value[len("AWS4-HMAC-SHA256 "):].split(","):
        k, sep, v = part.strip().partition("=")
        if not sep:
            return None
        fields[k] = v
    if not {"Credential", "SignedHeaders", "Signature"} <= set(fields):
        return None
    return fields


def describe_auth(headers, query):
    """(access key id, presigned?) without verifying anything (for the request log)."""
    auth = headers.get("authorization", [None])[0]
    if auth:
        f = _parse_authorization(auth)
        return (f["Credential"].split("/")[0] if f else None), False
    q = dict(parse_qsl(query, keep_blank_values=True))
    if "X-Amz-Credential" in q:
        return q["X-Amz-Credential"].split("/")[0], True
    return None, False


def verify(state, service, method, raw_path, raw_query, headers, body,
           allowed_regions=None):
    """Check a request.  `headers` maps lower-case names to lists of values."""
    auth = headers.get("authorization", [None])[0]
    q = dict(parse_qsl(raw_query, keep_blank_values=True))
    presigned = auth is None and "X-Amz-Signature" in q
    if auth is None and not presigned:
        return Verdict(MISSING, "Missing Authentication Token")

    if presigned:
        fields = {"Credential": q.get("X-Amz-Credential", ""),
                  "SignedHeaders": q.get("X-Amz-SignedHeaders", ""),
                  "Signature": q.get("X-Amz-Signature", "")}
        date_text = q.get("X-Amz-Date")
        token = q.get("X-Amz-Security-Token")
    else:
        fields = _parse_authorization(auth)
        if fields is None:
            return Verdict(INCOMPLETE, "Authorization header requires 'Credential', "
                           "'Signature' and 'SignedHeaders' parameters and the "
                           "AWS4-HMAC-SHA256 algorithm.")
        date_text = headers.get("x-amz-date", [None])[0]
        token = headers.get("x-amz-security-token", [None])[0]

    scope = fields["Credential"].split("/")
    if len(scope) != 5 or scope[4] != "aws4_request":
        return Verdict(INCOMPLETE, "Credential should be scoped to a valid region.")
    akid, scope_date, scope_region, scope_service, _ = scope
    verdict = Verdict(access_key_id=akid)

    # 1. Date and clock skew.
    req_time = _parse_amz_date(date_text)
    if req_time is None:
        verdict.kind = INCOMPLETE
        verdict.message = ("Authorization header requires existence of either a "
                           "'X-Amz-Date' or a 'Date' header.")
        return verdict
    now = state.now()
    if presigned:
        try:
            expires = int(q.get("X-Amz-Expires", "900"))
        except ValueError:
            expires = -1
        if now > req_time + expires + SKEW_LIMIT or req_time > now + SKEW_LIMIT:
            verdict.kind = SKEWED
            verdict.message = "Signature expired: %s is now earlier than %s (%s - %d sec.)" % (
                date_text, amz_date(now - expires), amz_date(now), expires)
            return verdict
    elif req_time < now - SKEW_LIMIT:
        verdict.kind = SKEWED
        verdict.message = "Signature expired: %s is now earlier than %s (%s - 5 min.)" % (
            date_text, amz_date(now - SKEW_LIMIT), amz_date(now))
        return verdict
    elif req_time > now + SKEW_LIMIT:
        verdict.kind = SKEWED
        verdict.message = "Signature not yet current: %s is still later than %s (%s + 5 min.)" % (
            date_text, amz_date(now + SKEW_LIMIT), amz_date(now))
        return verdict

    # 2. Who is it?
    cred = state.lookup(akid)
    if cred is None:
        verdict.kind = UNKNOWN_KEY
        verdict.message = "The security token included in the request is invalid."
        return verdict
    verdict.credential = cred
    if (cred.session_token or None) != (token or None):
        verdict.kind = BAD_TOKEN
        verdict.message = "The security token included in the request is invalid."
        return verdict
    if cred.expiration is not None and now >= cred.expiration:
        verdict.kind = EXPIRED_TOKEN
        verdict.message = "The security token included in the request is expired"
        return verdict

    # 3. Scope.
    if scope_service != service:
        verdict.kind = BAD_SCOPE
        verdict.message = "Credential should be scoped to correct service: '%s'. " % service
        return verdict
    regions = allowed_regions or [state.region]
    if scope_region not in regions or scope_date != date_text[:8]:
        verdict.kind = BAD_SCOPE
        verdict.message = ("Credential should be scoped to a valid region. " if
                           scope_region not in regions else
                           "Date in Credential scope does not match YYYYMMDD from ISO-8601 "
                           "version of date from HTTP: '%s' != '%s', from '%s'." % (
                               scope_date, date_text[:8], date_text))
        return verdict

    # 4. The signature itself, recomputed by botocore.
    signed_names = [n.strip().lower() for n in fields["SignedHeaders"].split(";") if n.strip()]
    if "host" not in signed_names:
        verdict.kind = MISMATCH
        verdict.message = "Signature must include the host header."  # real AWS is similar
        return verdict
    for n in signed_names:
        if n not in headers:
            verdict.kind = MISMATCH
            verdict.message = _mismatch_message()
            return verdict
    content_sha = headers.get("x-amz-content-sha256", [None])[0]
    if content_sha and content_sha != "UNSIGNED-PAYLOAD" and \
            content_sha != hashlib.sha256(body).hexdigest():
        verdict.kind = MISMATCH
        verdict.message = "The provided 'x-amz-content-sha256' header does not match what was computed."
        return verdict

    # Like AWS, canonicalise the query from its decoded parameters (botocore
    # re-encodes them), so the encoding the client chose on the wire does not matter.
    params = [(unquote(k), unquote(v)) for k, _, v in
              (p.partition("=") for p in raw_query.split("&") if p)]
    if presigned:
        params = [(k, v) for k, v in params if k != "X-Amz-Signature"]
    signer = _Verifier(Credentials(akid, cred.secret, token), scope_service, scope_region)
    signer.signed_names = signed_names
    signer.received = headers
    url = "https://%s%s" % (headers.get("host", ["localhost"])[0], raw_path)
    req = AWSRequest(method=method, url=url, data=body, params=params)
    if content_sha and not presigned:
        req.headers["X-Amz-Content-SHA256"] = content_sha
    req.context["timestamp"] = date_text
    canonical = signer.canonical_request(req)
    string_to_sign = signer.string_to_sign(req, canonical)
    expected = signer.signature(string_to_sign, req)
    if not hmac.compare_digest(expected, fields["Signature"]):
        verdict.kind = MISMATCH
        verdict.message = _mismatch_message()
        verdict.canonical = canonical
        verdict.string_to_sign = string_to_sign
        return verdict
    return verdict


def _mismatch_message():
    return ("The request signature we calculated does not match the signature you provided. "
            "Check your AWS Secret Access Key and signing method. Consult the service "
            "documentation for details.")
