#!/usr/bin/env python3
"""Writes SigV4 test vectors signed by botocore, for tests/unit/test_sigv4.c.

    python3 tests/gen_sigv4_vectors.py [--count 200] [--seed 1] > /tmp/sigv4-botocore.txt
    SIGV4_BOTOCORE_VECTORS=/tmp/sigv4-botocore.txt /tmp/test_sigv4

The requests are random (seeded): GET/POST, EKS-like paths with spaces,
unicode, reserved characters, dot segments and doubled slashes, queries with
repeated names and empty values, headers with odd spacing and repeated names,
random bodies, with and without a session token, services eks and sts, a
fixed but random signing time. About a quarter are presigned (query mode,
botocore's SigV4QueryAuth, like an EKS bearer token); the rest use
SigV4Auth (Authorization header).

Both sides sign the same wire strings: the path and query are written
already percent-encoded, exactly as they would go on the wire, and the query
is fully RFC 3986 encoded (botocore signs a URL's query as given, while our
signer decodes and re-encodes it; for canonical input both agree).

File format: one field per line, "name value", every value hex-encoded
(lowercase, "-" for empty) so any byte is safe; a vector ends with "end".
Lines starting with '#' are comments.

    mode header|query        (not hex)
    method, path, query      wire method / path / query without '?'
    header NAME VALUE        repeated, in order; Host first
    body                     payload bytes
    akid, secret, token      token line absent when there is none
    region, service
    time EPOCH               decimal UTC seconds (not hex)
    expires SECONDS          query mode only (not hex)
    creq                     botocore's canonical request
    authz                    header mode: the Authorization value
    signature                query mode: X-Amz-Signature
    end
"""
import argparse
import datetime
import random
import sys
from unittest import mock
from urllib.parse import quote

import botocore
import botocore.auth
from botocore.auth import SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

REGIONS = ["us-east-1", "us-west-2", "eu-central-1", "ap-southeast-2", "cn-north-1",
           "us-gov-west-1"]
SEGMENT_WORDS = ["clusters", "my cluster", "updates", "prod-eu", "a.b", "~x", "ሴ", "日本",
                 "é", "100%", "a+b", "k=v", "x@y", "c:d", "semi;colon", "(paren)", "it's",
                 "star*", "comma,", "dollar$", "bang!", "amp&", "tab\tin"]
PATH_SAFE_CHOICES = ["", "!$&'()*+,;=:@"]
QUERY_NAMES = ["Action", "Version", "nodegroupName", "addonName", "a", "A", "b", "x y",
               "ключ", "k/=&+", "~tilde", "-", "Param1", "param1"]
QUERY_VALUES = ["", "1", "GetCallerIdentity", "2011-06-15", "a b", "a+b", "a/b", "=", "&",
                "ሴ", "%", "x" * 40, "*", "'"]
HEADER_NAMES = ["Content-Type", "X-Custom", "x-amz-meta-a", "Accept", "X-Amz-Target",
                "My-Header", "x-k8s-aws-id", "If-Match"]
WORDS = ["value", "a", "b", "application/json", "\"quoted   text\"", "UPPER", "x=y", "1,2",
         "", "plain"]
SPACES = [" ", "  ", "\t", " \t ", "   "]
SECRET_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+"


def hexfield(data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return data.hex() if data else "-"


def random_path(rng):
    if rng.random() < 0.1:
        return "/"
    segments = []
    for _ in range(rng.randint(1, 5)):
        roll = rng.random()
        if roll < 0.07:
            segments.append(".")
        elif roll < 0.14:
            segments.append("..")
        elif roll < 0.2:
            segments.append("")
        else:
            word = rng.choice(SEGMENT_WORDS)
            segments.append(quote(word, safe=rng.choice(PATH_SAFE_CHOICES)))
    path = "/" + "/".join(segments)
    if rng.random() < 0.3:
        path += "/"
    return path


def random_query(rng, unique_names):
    pieces = []
    used = set()
    for _ in range(rng.choice([0, 0, 1, 2, 3, 4, 6])):
        name = rng.choice(QUERY_NAMES)
        if unique_names and name in used:
            continue
        if not unique_names and used and rng.random() < 0.3:
            name = rng.choice(sorted(used))  # a repeated name
        used.add(name)
        encoded = quote(name, safe="-_.~")
        if rng.random() < 0.15:
            pieces.append(encoded)  # no '=': signed as "name="
        else:
            pieces.append(encoded + "=" + quote(rng.choice(QUERY_VALUES), safe="-_.~"))
    return "&".join(pieces)


def random_value(rng):
    words = [rng.choice(WORDS) for _ in range(rng.randint(0, 4))]
    value = ""
    for i, word in enumerate(words):
        if i:
            value += rng.choice(SPACES)
        value += word
    if rng.random() < 0.3:
        value = rng.choice(SPACES) + value
    if rng.random() < 0.3:
        value += rng.choice(SPACES)
    return value


def random_headers(rng, host):
    headers = [("Host", host)]
    names = []
    for _ in range(rng.randint(0, 6)):
        if names and rng.random() < 0.25:
            name = rng.choice(names)  # repeated, maybe in another case
            name = "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in name)
        else:
            name = rng.choice(HEADER_NAMES)
        names.append(name)
        headers.append((name, random_value(rng)))
    return headers


def random_credentials(rng):
    akid = "AKIA" + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16))
    secret = "".join(rng.choice(SECRET_CHARS) for _ in range(40))
    token = None
    if rng.random() < 0.4:
        token = "".join(rng.choice(SECRET_CHARS + "=") for _ in range(rng.randint(20, 400)))
    return akid, secret, token


class Capturing:
    """Records the canonical request botocore built."""

    def string_to_sign(self, request, canonical_request):
        self.captured_canonical_request = canonical_request
        return super().string_to_sign(request, canonical_request)


class CapturingHeaderAuth(Capturing, SigV4Auth):
    pass


class CapturingQueryAuth(Capturing, SigV4QueryAuth):
    pass


def make_vector(rng):
    query_mode = rng.random() < 0.25
    service = rng.choice(["eks", "sts"])
    region = rng.choice(REGIONS)
    host = f"{service}.{region}.amazonaws.com"
    if region.startswith("cn-"):
        host += ".cn"
    method = "GET" if query_mode else rng.choice(["GET", "POST"])
    path = random_path(rng)
    query = random_query(rng, unique_names=query_mode)
    headers = random_headers(rng, host)
    body = b""
    if not query_mode and (method == "POST" or rng.random() < 0.1):
        body = bytes(rng.randrange(256) for _ in range(rng.randint(0, 200)))
    akid, secret, token = random_credentials(rng)
    epoch = rng.randint(946684800, 2145916800)  # 2000 .. 2038
    expires = rng.choice([60, 900, 3600, 604800])

    url = f"https://{host}{path}" + (f"?{query}" if query else "")
    request = AWSRequest(method=method, url=url, data=body)
    for name, value in headers:
        request.headers[name] = value
    credentials = Credentials(akid, secret, token)
    if query_mode:
        auth = CapturingQueryAuth(credentials, service, region, expires=expires)
    else:
        auth = CapturingHeaderAuth(credentials, service, region)
    fixed = datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).replace(tzinfo=None)
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=fixed):
        auth.add_auth(request)

    lines = ["mode " + ("query" if query_mode else "header"),
             "method " + hexfield(method), "path " + hexfield(path),
             "query " + hexfield(query)]
    lines += [f"header {hexfield(n)} {hexfield(v)}" for n, v in headers]
    lines += ["body " + hexfield(body), "akid " + hexfield(akid),
              "secret " + hexfield(secret)]
    if token is not None:
        lines.append("token " + hexfield(token))
    lines += ["region " + hexfield(region), "service " + hexfield(service),
              f"time {epoch}"]
    if query_mode:
        lines.append(f"expires {expires}")
    lines.append("creq " + hexfield(auth.captured_canonical_request))
    if query_mode:
        signature = request.url.rsplit("&X-Amz-Signature=", 1)[1]
        lines.append("signature " + hexfield(signature))
    else:
        lines.append("authz " + hexfield(request.headers["Authorization"]))
    lines.append("end")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    out = sys.stdout
    out.write(f"# sigv4 vectors from botocore {botocore.__version__}, seed {args.seed}, "
              f"count {args.count}\n")
    for _ in range(args.count):
        out.write(make_vector(rng))


if __name__ == "__main__":
    main()
