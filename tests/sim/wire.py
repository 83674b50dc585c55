"""Request/response objects shared by the protocol modules."""

import json
import uuid
from urllib.parse import parse_qsl, unquote


class Request:
    def __init__(self, method, target, headers, body):
        self.method = method
        raw_path, _, raw_query = target.partition("?")
        self.raw_path = raw_path or "/"
        self.raw_query = raw_query
        self.query_pairs = parse_qsl(raw_query, keep_blank_values=True)
        self.headers = headers  # lower-case name -> [values]
        self.body = body
        self.request_id = str(uuid.uuid4())
        self.service = None
        self.operation = None
        self.route_args = {}
        self.log = {}
        self.caller = None  # Credential that signed the request

    @property
    def segments(self):
        return [unquote(s) for s in self.raw_path.split("/")[1:]]

    def header(self, name, default=None):
        values = self.headers.get(name.lower())
        return values[0] if values else default

    def query(self, name, default=None):
        for k, v in self.query_pairs:
            if k == name:
                return v
        return default

    def query_list(self, name):
        return [v for k, v in self.query_pairs if k == name]


class Response:
    def __init__(self, status, body=b"", headers=None, content_type="application/json"):
        self.status = status
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
        elif isinstance(body, str):
            body = body.encode()
        self.body = body
        self.headers = list(headers or [])
        if content_type and body is not None:
            self.headers.append(("Content-Type", content_type))
        self.error_code = None


class ServiceError(Exception):
    """An AWS error to send back; each service formats it its own way."""

    def __init__(self, status, code, message, **members):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.members = members
