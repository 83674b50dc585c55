"""A throwaway HTTPS server for TLS negative tests: a test CA made with the
openssl CLI, and a server certificate that is wrong in one chosen way
(other host name, expired, self-signed) or a server that speaks only old
TLS versions. It answers every request with a tiny STS-like XML body."""
import http.server
import os
import shutil
import ssl
import subprocess
import tempfile
import threading
import warnings


def _openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def make_certs(kind):
    """kind: good | wrong-host | expired | self-signed. Returns (dir, ca.pem, cert, key)."""
    d = tempfile.mkdtemp(prefix="eks-tls-")
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
             "-days", "2", "-subj", "/CN=eks-upgrade test CA", cwd=d)
    host = "wrong.example" if kind == "wrong-host" else "localhost"
    with open(os.path.join(d, "ext.cnf"), "w") as f:
        f.write(f"subjectAltName=DNS:{host}\nbasicConstraints=CA:FALSE\n")
    _openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "srv.key", "-out", "srv.csr",
             "-subj", f"/CN={host}", cwd=d)
    if kind == "self-signed":
        _openssl("req", "-x509", "-key", "srv.key", "-out", "srv.pem", "-days", "2", "-subj",
                 "/CN=localhost", "-addext", "subjectAltName=DNS:localhost", cwd=d)
    elif kind == "expired":
        # openssl ca accepts explicit validity dates; a minimal CA config.
        os.makedirs(os.path.join(d, "db"))
        open(os.path.join(d, "db", "index.txt"), "w").close()
        with open(os.path.join(d, "ca.cnf"), "w") as f:
            f.write("[ca]\ndefault_ca=c\n[c]\ndatabase=db/index.txt\nnew_certs_dir=db\n"
                    "serial=db/serial\ndefault_md=sha256\npolicy=p\ncopy_extensions=none\n"
                    "[p]\ncommonName=supplied\n")
        with open(os.path.join(d, "db", "serial"), "w") as f:
            f.write("01\n")
        _openssl("ca", "-batch", "-config", "ca.cnf", "-cert", "ca.pem", "-keyfile", "ca.key",
                 "-in", "srv.csr", "-out", "srv.pem", "-startdate", "20200101000000Z",
                 "-enddate", "20200102000000Z", "-extfile", "ext.cnf", "-notext", cwd=d)
    else:
        _openssl("x509", "-req", "-in", "srv.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                 "-CAcreateserial", "-out", "srv.pem", "-days", "2", "-extfile", "ext.cnf", cwd=d)
    return d, os.path.join(d, "ca.pem"), os.path.join(d, "srv.pem"), os.path.join(d, "srv.key")


class _Handler(http.server.BaseHTTPRequestHandler):
    def _answer(self):
        body = b"<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>x</Arn></GetCallerIdentityResult></GetCallerIdentityResponse>"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args):
        pass


class TLSServer:
    def __init__(self, kind="good", max_version=None):
        self.dir, self.ca, cert, key = make_certs(kind)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        if max_version is not None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                ctx.minimum_version = ssl.TLSVersion.TLSv1
                ctx.maximum_version = max_version
            ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
        ctx.load_cert_chain(cert, key)
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.socket = ctx.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        self.url = f"https://localhost:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        shutil.rmtree(self.dir, ignore_errors=True)
