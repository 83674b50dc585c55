"""HTTPS_PROXY / NO_PROXY (SPEC §7, libcurl's handling): requests tunnel
through an HTTP CONNECT proxy, TLS is still verified end to end with the
simulator's CA, and NO_PROXY bypasses the proxy."""
import os
import select
import socket
import socketserver
import sys
import threading
import unittest

from common import ROOT, run

sys.path.insert(0, os.path.join(ROOT, "tests", "sim"))
from simctl import Simulator  # noqa: E402


class _Connect(socketserver.StreamRequestHandler):
    def handle(self):
        line = self.rfile.readline().decode("latin-1")
        while self.rfile.readline() not in (b"\r\n", b"\n", b""):
            pass
        method, target, _ = line.split(" ", 2)
        if method != "CONNECT":
            self.wfile.write(b"HTTP/1.1 405 Method Not Allowed\r\n\r\n")
            return
        host, port = target.rsplit(":", 1)
        self.server.tunnels.append(target)
        upstream = socket.create_connection((host, int(port)))
        self.wfile.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        self.wfile.flush()
        socks = [self.connection, upstream]
        try:
            while True:
                readable, _, _ = select.select(socks, [], [], 10)
                if not readable:
                    return
                for s in readable:
                    data = s.recv(65536)
                    if not data:
                        return
                    (upstream if s is self.connection else self.connection).sendall(data)
        finally:
            upstream.close()


class ConnectProxy(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Connect)
        self.tunnels = []
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.server_address[1]


class Proxy(unittest.TestCase):
    def setUp(self):
        self.proxy = ConnectProxy()
        self.addCleanup(self.proxy.server_close)
        self.addCleanup(self.proxy.shutdown)

    def test_requests_tunnel_through_https_proxy(self):
        with Simulator("demo") as sim:
            port = sim.https_url.rsplit(":", 1)[1]
            r = run("plan", "--cluster", "demo", env=sim.env(HTTPS_PROXY=self.proxy.url, NO_PROXY=None))
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn(f"localhost:{port}", self.proxy.tunnels)
            self.assertTrue(all(e["signatureOk"] for e in sim.requests() if e["signatureOk"] is not None))

    def test_lowercase_https_proxy_too(self):
        with Simulator("demo") as sim:
            r = run("whoami", env=sim.env(https_proxy=self.proxy.url, NO_PROXY=None))
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(len(self.proxy.tunnels), 1)

    def test_no_proxy_bypasses_it(self):
        with Simulator("demo") as sim:
            r = run("whoami", env=sim.env(HTTPS_PROXY=self.proxy.url, NO_PROXY="localhost"))
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(self.proxy.tunnels, [])


if __name__ == "__main__":
    unittest.main()
