"""After a Successful update, apply asks the cluster's own API server for
/version, trusting only the cluster's CA from DescribeCluster: anonymously
first, then with an EKS bearer token (issue 6 item 5). Unreachable is a
warning, never a failure."""
import http.server
import os
import sys
import threading
import unittest

from common import ROOT, run

sys.path.insert(0, os.path.join(ROOT, "tests", "sim"))
from simctl import Simulator  # noqa: E402

FAST = {"update": {"duration_seconds": 0.3}}


def apply(sim, *extra):
    return run("apply", "--cluster", "demo", "--approve", "--poll-interval", "200ms", *extra,
               env=sim.env())


class ApiServerConfirmation(unittest.TestCase):
    def test_bearer_token_after_401(self):
        with Simulator("demo", overrides={**FAST, "cluster": {"endpoint": "self"}}) as sim:
            r = apply(sim)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("[ℹ] the API server answers /version: v1.32.5-eks-2f4c1a7", r.stdout)
            calls = sim.requests(operation="ApiServerVersion")
            self.assertEqual([c["status"] for c in calls], [401, 200])

    def test_anonymous_when_allowed(self):
        overrides = {**FAST, "cluster": {"endpoint": "self"}, "apiserver": {"anonymous": True}}
        with Simulator("demo", overrides=overrides) as sim:
            r = apply(sim)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("answers /version: v1.32", r.stdout)
            self.assertEqual([c["status"] for c in sim.requests(operation="ApiServerVersion")],
                             [200])

    def test_unreachable_endpoint_is_only_a_warning(self):
        overrides = {**FAST, "cluster": {"endpoint": "https://ABCDEF.gr7.us-west-2.eks.invalid"}}
        with Simulator("demo", overrides=overrides) as sim:
            r = apply(sim)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("could not ask the API server for its version", r.stderr)
            self.assertIn("Successful", r.stdout)

    def test_plain_http_endpoint_is_never_asked(self):
        # The same rules as the data-plane reads (one client for both): an
        # endpoint that is not https gets nothing, not even the anonymous
        # request (plain http to loopback passed endpoint_check_url before).
        seen = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                seen.append((self.path, self.headers.get("Authorization")))
                self.send_response(401)
                self.end_headers()

            def log_message(self, *args):
                pass

        server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        url = "http://127.0.0.1:%d" % server.server_address[1]
        with Simulator("demo", overrides={**FAST, "cluster": {"endpoint": url}}) as sim:
            r = apply(sim, "--no-kube-api")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("could not ask the API server for its version (the cluster endpoint "
                          "from DescribeCluster is not an https URL", r.stderr)
        self.assertEqual(seen, [])

    def test_json_output_stays_json(self):
        with Simulator("demo", overrides={**FAST, "cluster": {"endpoint": "self"}}) as sim:
            r = apply(sim, "--output", "json")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertNotIn("API server", r.stdout)
            self.assertTrue(all(line.startswith("{") for line in r.stdout.splitlines()))


if __name__ == "__main__":
    unittest.main()
