"""`eks-upgrade token`: the ExecCredential kubectl runs, whose bearer token is
a presigned STS GetCallerIdentity URL. The simulator verifies the presigned
signature (with botocore), so a token that EKS would reject fails here."""
import base64
import json
import os
import ssl
import sys
import unittest
import urllib.error
import urllib.request

from common import ROOT, run

sys.path.insert(0, os.path.join(ROOT, "tests", "sim"))
from simctl import Simulator  # noqa: E402


def token_url(token):
    assert token.startswith("k8s-aws-v1.")
    b64 = token[len("k8s-aws-v1."):]
    return base64.urlsafe_b64decode(b64 + "=" * (-len(b64) % 4)).decode()


def fetch(sim, url, cluster_header):
    ctx = ssl.create_default_context(cafile=sim.ca_path)
    req = urllib.request.Request(url, headers={"x-k8s-aws-id": cluster_header})
    try:
        with urllib.request.urlopen(req, context=ctx, timeout=10) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


class Token(unittest.TestCase):
    def test_exec_credential_with_a_valid_presigned_token(self):
        with Simulator("demo") as sim:
            r = run("token", "--cluster", "demo", env=sim.env())
            self.assertEqual(r.returncode, 0, r.stderr)
            cred = json.loads(r.stdout)
            self.assertEqual(cred["kind"], "ExecCredential")
            self.assertEqual(cred["apiVersion"], "client.authentication.k8s.io/v1beta1")
            self.assertRegex(cred["status"]["expirationTimestamp"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
            url = token_url(cred["status"]["token"])
            self.assertTrue(url.startswith(sim.https_url + "/?Action=GetCallerIdentity"), url)
            self.assertIn("X-Amz-Expires=60", url)
            self.assertIn("X-Amz-SignedHeaders=host%3Bx-k8s-aws-id", url)
            status, body = fetch(sim, url, "demo")
            self.assertEqual(status, 200, body)
            self.assertIn("<Arn>arn:aws:iam::111122223333:user/demo</Arn>", body)

    def test_token_is_bound_to_the_cluster(self):
        with Simulator("demo") as sim:
            r = run("token", "--cluster", "demo", env=sim.env())
            url = token_url(json.loads(r.stdout)["status"]["token"])
            status, _ = fetch(sim, url, "other-cluster")
            self.assertEqual(status, 403)

    def test_token_without_credentials_fails_cleanly(self):
        with Simulator("demo") as sim:
            r = run("token", "--cluster", "demo", env=sim.env(static_credentials=False, AWS_EC2_METADATA_DISABLED="true"))
            self.assertEqual(r.returncode, 1)
            self.assertEqual(r.stdout, "")
            self.assertIn("no AWS credentials", r.stderr)


if __name__ == "__main__":
    unittest.main()
