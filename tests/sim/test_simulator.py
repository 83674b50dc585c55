"""The simulator's own tests, driven by independent clients: botocore, the aws CLI, urllib.

    python3 -m unittest discover -s tests/sim -p 'test_*.py'
"""

import concurrent.futures
import datetime
import email.utils
import http.client
import json
import os
import shutil
import socket
import ssl
import subprocess
import sys
import time
import unittest
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import botocore.session  # noqa: E402
from botocore import UNSIGNED  # noqa: E402
from botocore.auth import SigV4Auth, SigV4QueryAuth  # noqa: E402
from botocore.awsrequest import AWSRequest  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.credentials import Credentials  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

import sso  # noqa: E402
from simctl import SSO_START_URL, Simulator, sso_cache_path, sso_config, write_sso_token  # noqa: E402,E501

_SESSION = botocore.session.Session()
FAST = {"update": {"duration_seconds": 0.6}}


class SimTestCase(unittest.TestCase):
    scenario = "demo"
    overrides = None

    def setUp(self):
        o = dict(FAST)
        o.update(self.overrides or {})
        self.sim = self.start(self.scenario, o)

    def start(self, scenario, overrides=None, **kw):
        sim = Simulator(scenario, overrides=overrides, **kw).start()
        self.addCleanup(sim.stop)
        return sim

    def client(self, service, sim=None, key=None, secret=None, token=None, **cfg):
        sim = sim or self.sim
        env = sim.env()
        cfg.setdefault("retries", {"mode": "standard", "total_max_attempts": 1})
        return _SESSION.create_client(
            service, region_name="us-west-2", endpoint_url=sim.url,
            verify=sim.ca_path if sim.tls else False,
            aws_access_key_id=key or env["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=secret or env["AWS_SECRET_ACCESS_KEY"],
            aws_session_token=token, config=Config(**cfg))

    def eks(self, **kw):
        return self.client("eks", **kw)

    def assertAwsError(self, ctx, code, status):
        err = ctx.exception.response
        self.assertEqual(err["Error"]["Code"], code, err)
        self.assertEqual(err["ResponseMetadata"]["HTTPStatusCode"], status, err)
        return err

    def raw(self, method, path, body=b"", headers=None, service="eks", sign=True,
            sim=None, key=None, secret=None):
        """Send a request exactly as built here (signed with botocore if sign)."""
        sim = sim or self.sim
        env = sim.env()
        url = sim.url + path
        req = AWSRequest(method=method, url=url, data=body, headers=headers or {})
        if sign:
            SigV4Auth(Credentials(key or env["AWS_ACCESS_KEY_ID"],
                                  secret or env["AWS_SECRET_ACCESS_KEY"]),
                      service, "us-west-2").add_auth(req)
        return send_raw(sim, method, path, body, dict(req.headers.items()))


def send_raw(sim, method, path, body, headers):
    if sim.tls:
        ctx = ssl.create_default_context(cafile=sim.ca_path)
        conn = http.client.HTTPSConnection("localhost", sim.https_port, context=ctx, timeout=10)
    else:
        conn = http.client.HTTPConnection("localhost", sim.http_port, timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def http_call(url, method="GET", headers=None, data=None):
    req = urllib.request.Request(url, method=method, headers=headers or {}, data=data)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.read().decode(), dict(resp.headers)
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(), dict(e.headers)


class TestEksWire(SimTestCase):
    def test_describe_cluster_parses(self):
        resp = self.eks().describe_cluster(name="demo")
        c = resp["cluster"]
        self.assertEqual((c["name"], c["version"], c["status"]), ("demo", "1.31", "ACTIVE"))
        self.assertIsInstance(c["createdAt"], datetime.datetime)
        self.assertTrue(c["arn"].startswith("arn:aws:eks:us-west-2:111122223333:cluster/"))
        hdrs = resp["ResponseMetadata"]["HTTPHeaders"]
        self.assertIn("date", hdrs)
        self.assertEqual(hdrs["x-amzn-requestid"], resp["ResponseMetadata"]["RequestId"])
        log = self.sim.requests(operation="DescribeCluster")
        self.assertEqual(len(log), 1)
        self.assertTrue(log[0]["signatureOk"])
        self.assertEqual(log[0]["accessKeyId"], self.sim.env()["AWS_ACCESS_KEY_ID"])

    def test_timestamps_are_epoch_numbers(self):
        status, _, body = self.raw("GET", "/clusters/demo")
        self.assertEqual(status, 200)
        self.assertIsInstance(json.loads(body)["cluster"]["createdAt"], (int, float))

    def test_not_found_error_shape(self):
        with self.assertRaises(ClientError) as ctx:
            self.eks().describe_cluster(name="nope")
        err = self.assertAwsError(ctx, "ResourceNotFoundException", 404)
        self.assertIn("No cluster found for name: nope", err["Error"]["Message"])
        status, headers, body = self.raw("GET", "/clusters/nope")
        self.assertTrue(headers["x-amzn-errortype"].startswith("ResourceNotFoundException"))
        self.assertIn("message", json.loads(body))
        self.assertIn("x-amzn-requestid", headers)

    def test_nodegroups_addons_fargate_insights(self):
        eks = self.eks()
        ng = eks.describe_nodegroup(clusterName="demo", nodegroupName="ng-spot")["nodegroup"]
        self.assertEqual((ng["version"], ng["capacityType"]), ("1.31", "SPOT"))
        ad = eks.describe_addon(clusterName="demo", addonName="coredns")["addon"]
        self.assertEqual(ad["addonVersion"], "v1.11.3-eksbuild.1")
        self.assertEqual(eks.list_fargate_profiles(clusterName="demo")["fargateProfileNames"], [])
        ins = eks.list_insights(clusterName="demo", filter={
            "categories": ["UPGRADE_READINESS"], "kubernetesVersions": ["1.32"],
            "statuses": ["WARNING"]})["insights"]
        self.assertEqual([i["name"] for i in ins], ["Deprecated APIs removed in Kubernetes v1.32",
                                                    "Amazon EKS add-on version compatibility"])
        one = eks.describe_insight(clusterName="demo", id=ins[1]["id"])["insight"]
        self.assertEqual(one["categorySpecificSummary"]["addonCompatibilityDetails"][0]["name"],
                         "coredns")
        self.assertEqual(len(eks.list_insights(clusterName="demo")["insights"]), 5)
        none = eks.list_insights(clusterName="demo", filter={"kubernetesVersions": ["1.40"]})
        self.assertEqual(none["insights"], [])

    def test_addon_versions_filter(self):
        eks = self.eks()
        addons = eks.describe_addon_versions(kubernetesVersion="1.32", addonName="coredns")
        versions = addons["addons"][0]["addonVersions"]
        self.assertEqual([v["addonVersion"] for v in versions], ["v1.11.4-eksbuild.2"])
        comp = {c["clusterVersion"]: c["defaultVersion"] for c in versions[0]["compatibilities"]}
        self.assertTrue(comp["1.32"])
        pages = eks.get_paginator("describe_addon_versions").paginate(kubernetesVersion="1.32")
        self.assertEqual(sorted(a["addonName"] for p in pages for a in p["addons"]),
                         ["coredns", "kube-proxy", "vpc-cni"])

    def test_cluster_versions_filters(self):
        eks = self.eks()
        rows = eks.describe_cluster_versions()["clusterVersions"]
        got = {r["clusterVersion"]: r["versionStatus"] for r in rows}
        self.assertEqual(got["1.31"], "STANDARD_SUPPORT")
        self.assertEqual(got["1.28"], "EXTENDED_SUPPORT")
        self.assertNotIn("1.27", got)  # unsupported: only with includeAll
        self.assertIsInstance(rows[0]["endOfStandardSupportDate"], datetime.datetime)
        self.assertEqual(rows[0]["clusterVersion"], "1.34")
        # Dates are shifted so that statuses hold today: 1.31 leaves standard support in 42 days.
        end131 = [r for r in rows if r["clusterVersion"] == "1.31"][0]["endOfStandardSupportDate"]
        days = (end131.timestamp() - time.time()) / 86400
        self.assertTrue(41 <= days <= 42, days)
        allv = eks.describe_cluster_versions(includeAll=True)["clusterVersions"]
        self.assertIn("1.27", [r["clusterVersion"] for r in allv])
        one = eks.describe_cluster_versions(clusterVersions=["1.32"])["clusterVersions"]
        self.assertEqual([r["clusterVersion"] for r in one], ["1.32"])
        ext = eks.describe_cluster_versions(versionStatus="EXTENDED_SUPPORT")["clusterVersions"]
        self.assertEqual(sorted(r["clusterVersion"] for r in ext), ["1.28", "1.29", "1.30"])
        dflt = eks.describe_cluster_versions(defaultOnly=True)["clusterVersions"]
        self.assertEqual(len(dflt), 1)
        self.assertTrue(dflt[0]["defaultVersion"])


class TestPagination(SimTestCase):
    overrides = {"page_size": 2, "cluster": {"nodegroups": [
        {"nodegroupName": "ng-%d" % i} for i in range(7)]}}

    def test_paginator_walks_all_pages(self):
        eks = self.eks()
        pages = list(eks.get_paginator("list_nodegroups").paginate(clusterName="demo"))
        self.assertEqual(len(pages), 4)
        names = [n for p in pages for n in p["nodegroups"]]
        self.assertEqual(names, ["ng-%d" % i for i in range(7)])

    def test_page_size_caps_max_results(self):
        first = self.eks().list_nodegroups(clusterName="demo", maxResults=100)
        self.assertEqual(len(first["nodegroups"]), 2)
        self.assertTrue(first["nextToken"])
        one = self.eks().list_nodegroups(clusterName="demo", maxResults=1)
        self.assertEqual(len(one["nodegroups"]), 1)

    def test_bad_token_and_bad_max_results(self):
        eks = self.eks(parameter_validation=False)
        with self.assertRaises(ClientError) as ctx:
            eks.list_nodegroups(clusterName="demo", nextToken="garbage")
        self.assertAwsError(ctx, "InvalidParameterException", 400)
        for bad in ("0", "101", "abc"):
            status, headers, _ = self.raw("GET", "/clusters/demo/node-groups?maxResults=" + bad)
            self.assertEqual(status, 400)
            self.assertTrue(headers["x-amzn-errortype"].startswith("InvalidParameterException"))
        # A token from one listing is not valid for another.
        tok = eks.list_nodegroups(clusterName="demo")["nextToken"]
        with self.assertRaises(ClientError):
            eks.list_updates(name="demo", nextToken=tok)


class TestUpdateLifecycle(SimTestCase):
    def test_in_progress_then_successful(self):
        eks = self.eks()
        upd = eks.update_cluster_version(name="demo", version="1.32")["update"]
        self.assertEqual((upd["status"], upd["type"]), ("InProgress", "VersionUpdate"))
        self.assertEqual({p["type"]: p["value"] for p in upd["params"]}["Version"], "1.32")
        self.assertEqual(eks.describe_cluster(name="demo")["cluster"]["status"], "UPDATING")
        self.assertIn(upd["id"], eks.list_updates(name="demo")["updateIds"])
        deadline = time.time() + 5
        while True:
            got = eks.describe_update(name="demo", updateId=upd["id"])["update"]
            if got["status"] != "InProgress" or time.time() > deadline:
                break
            time.sleep(0.1)
        self.assertEqual(got["status"], "Successful")
        c = eks.describe_cluster(name="demo")["cluster"]
        self.assertEqual((c["version"], c["status"], c["platformVersion"]),
                         ("1.32", "ACTIVE", "eks.1"))

    def test_idempotent_client_request_token(self):
        eks = self.eks()
        a = eks.update_cluster_version(name="demo", version="1.32", clientRequestToken="tok-1")
        b = eks.update_cluster_version(name="demo", version="1.32", clientRequestToken="tok-1")
        self.assertEqual(a["update"]["id"], b["update"]["id"])
        version_updates = [u for u in eks.list_updates(name="demo")["updateIds"]]
        self.assertEqual(len(version_updates), 2)  # the seeded old one + ours
        with self.assertRaises(ClientError) as ctx:
            eks.update_cluster_version(name="demo", version="1.32", clientRequestToken="tok-2")
        err = self.assertAwsError(ctx, "ResourceInUseException", 409)
        self.assertIn("currently has update %s in progress" % a["update"]["id"],
                      err["Error"]["Message"])
        log = self.sim.requests(operation="UpdateClusterVersion")
        self.assertEqual([r["clientRequestToken"] for r in log], ["tok-1", "tok-1", "tok-2"])

    def test_version_validation(self):
        eks = self.eks()
        for bad in ("1.33", "1.31"):
            with self.assertRaises(ClientError) as ctx:
                eks.update_cluster_version(name="demo", version=bad)
            err = self.assertAwsError(ctx, "InvalidParameterException", 400)
            self.assertEqual(err["Error"]["Message"],
                             "Unsupported Kubernetes minor version update from 1.31 to %s" % bad)
        # One minor down is a rollback: the demo's upgrade to 1.31 is too old.
        with self.assertRaises(ClientError) as ctx:
            eks.update_cluster_version(name="demo", version="1.30")
        err = self.assertAwsError(ctx, "InvalidRequestException", 400)
        self.assertIn("rollback window for the upgrade to version 1.31 has expired",
                      err["Error"]["Message"])
        with self.assertRaises(ClientError) as ctx:
            eks.update_cluster_version(name="demo", version="banana")
        self.assertAwsError(ctx, "InvalidParameterException", 400)

    def test_failed_update(self):
        sim = self.start("failed-update", FAST)
        eks = self.eks(sim=sim)
        upd = eks.update_cluster_version(name="demo", version="1.32")["update"]
        time.sleep(0.8)
        got = eks.describe_update(name="demo", updateId=upd["id"])["update"]
        self.assertEqual(got["status"], "Failed")
        self.assertEqual(got["errors"][0]["errorCode"], "InsufficientFreeAddresses")
        self.assertEqual(got["errors"][0]["resourceIds"], ["subnet-0a1b2c3d4e5f60001"])
        c = eks.describe_cluster(name="demo")["cluster"]
        self.assertEqual((c["version"], c["status"]), ("1.31", "ACTIVE"))

    def test_cancelled_update(self):
        sim = self.start("cancelled-update", FAST)
        eks = self.eks(sim=sim)
        upd = eks.update_cluster_version(name="demo", version="1.32")["update"]
        time.sleep(0.8)
        self.assertEqual(eks.describe_update(name="demo", updateId=upd["id"])["update"]["status"],
                         "Cancelled")

    def test_blocked_nodegroup(self):
        sim = self.start("blocked-nodegroup")
        with self.assertRaises(ClientError) as ctx:
            self.eks(sim=sim).update_cluster_version(name="demo", version="1.32")
        err = self.assertAwsError(ctx, "InvalidParameterException", 400)
        self.assertEqual(err["Error"]["Message"], "Nodegroups ng-legacy must be updated to match "
                         "cluster version 1.31 before updating cluster version")
        off = self.start("blocked-nodegroup", {"cluster": {"check_nodegroups": False}})
        self.eks(sim=off).update_cluster_version(name="demo", version="1.32")

    def test_insights_error_needs_force(self):
        sim = self.start("insights-error")
        eks = self.eks(sim=sim)
        with self.assertRaises(ClientError) as ctx:
            eks.update_cluster_version(name="demo", version="1.32")
        err = self.assertAwsError(ctx, "InvalidStateException", 400)
        self.assertTrue(err["Error"]["Message"].startswith("Upgrade readiness issues detected."))
        upd = eks.update_cluster_version(name="demo", version="1.32", force=True)["update"]
        self.assertEqual(upd["status"], "InProgress")
        self.assertEqual(sim.requests(operation="UpdateClusterVersion")[-1]["force"], True)

    def test_update_in_progress_scenario(self):
        sim = self.start("update-in-progress", {"page_size": 2})
        eks = self.eks(sim=sim)
        self.assertEqual(eks.describe_cluster(name="demo")["cluster"]["status"], "UPDATING")
        ids = [i for p in eks.get_paginator("list_updates").paginate(name="demo")
               for i in p["updateIds"]]
        self.assertEqual(len(ids), 5)
        running = eks.describe_update(name="demo", updateId=ids[-1])["update"]
        self.assertEqual(running["status"], "InProgress")
        with self.assertRaises(ClientError) as ctx:
            eks.update_cluster_version(name="demo", version="1.32")
        self.assertAwsError(ctx, "ResourceInUseException", 409)

    def test_multi_step_outcomes(self):
        sim = self.start("multi-step", {"update": {"duration_seconds": 0.3}})
        eks = self.eks(sim=sim)
        for target in ("1.31", "1.32", "1.33"):
            upd = eks.update_cluster_version(name="demo", version=target)["update"]
            time.sleep(0.45)
            self.assertEqual(eks.describe_update(name="demo", updateId=upd["id"])["update"]
                             ["status"], "Successful")
        self.assertEqual(eks.describe_cluster(name="demo")["cluster"]["version"], "1.33")
        with self.assertRaises(ClientError):  # 1.34 is not offered in this scenario
            eks.update_cluster_version(name="demo", version="1.34")


class TestSignatures(SimTestCase):
    def test_wrong_secret_rejected(self):
        with self.assertRaises(ClientError) as ctx:
            self.eks(secret="not-the-secret").describe_cluster(name="demo")
        err = self.assertAwsError(ctx, "InvalidSignatureException", 403)
        self.assertIn("The request signature we calculated does not match",
                      err["Error"]["Message"])
        self.assertFalse(self.sim.requests()[-1]["signatureOk"])
        with self.assertRaises(ClientError) as ctx:
            self.client("sts", secret="not-the-secret").get_caller_identity()
        self.assertAwsError(ctx, "SignatureDoesNotMatch", 403)

    def test_unknown_key(self):
        with self.assertRaises(ClientError) as ctx:
            self.eks(key="AKIAUNKNOWNUNKNOWN00").describe_cluster(name="demo")
        self.assertAwsError(ctx, "UnrecognizedClientException", 403)
        with self.assertRaises(ClientError) as ctx:
            self.client("sts", key="AKIAUNKNOWNUNKNOWN00").get_caller_identity()
        self.assertAwsError(ctx, "InvalidClientTokenId", 403)

    def test_missing_auth_and_tampering(self):
        status, headers, _ = self.raw("GET", "/clusters/demo", sign=False)
        self.assertEqual(status, 403)
        self.assertTrue(headers["x-amzn-errortype"].startswith(
            "MissingAuthenticationTokenException"))
        # Signed for one path, sent to another.
        env = self.sim.env()
        req = AWSRequest(method="GET", url=self.sim.url + "/clusters/demo")
        SigV4Auth(Credentials(env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"]),
                  "eks", "us-west-2").add_auth(req)
        status, headers, _ = send_raw(self.sim, "GET", "/clusters/other", b"",
                                      dict(req.headers.items()))
        self.assertEqual(status, 403)
        self.assertTrue(headers["x-amzn-errortype"].startswith("InvalidSignatureException"))
        # Wrong service in the credential scope.
        status, headers, _ = self.raw("GET", "/clusters/demo", service="ec2")
        self.assertEqual(status, 403)

    def test_percent_encoded_path_and_query(self):
        # Repeated, encoded query values must canonicalise like botocore does.
        status, _, body = self.raw(
            "GET", "/cluster-versions?clusterVersions=1.31&clusterVersions=1.32&maxResults=5")
        self.assertEqual(status, 200, body)
        self.assertEqual(len(json.loads(body)["clusterVersions"]), 2)
        status, _, _ = self.raw("GET", "/clusters/my%20cluster")
        self.assertEqual(status, 404)  # signature fine, cluster unknown

    def test_presigned_get_caller_identity(self):
        sts = self.client("sts")
        url = sts.generate_presigned_url("get_caller_identity", ExpiresIn=60, HttpMethod="GET")
        path = url[url.index("/", len("https://")):]
        status, _, body = send_raw(self.sim, "GET", path, b"", {})
        self.assertEqual(status, 200, body)
        self.assertIn(b"<Arn>arn:aws:iam::111122223333:user/demo</Arn>", body)
        self.assertTrue(self.sim.requests()[-1]["presigned"])
        status, _, _ = send_raw(self.sim, "GET", path[:-4] + "0000", b"", {})
        self.assertEqual(status, 403)

    def test_eks_bearer_token_style_presign(self):
        # What `aws eks get-token` does: a presigned GET that also signs x-k8s-aws-id.
        env = self.sim.env()
        req = AWSRequest(method="GET", url=self.sim.url + "/",
                         params={"Action": "GetCallerIdentity", "Version": "2011-06-15"},
                         headers={"x-k8s-aws-id": "demo"})
        SigV4QueryAuth(Credentials(env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"]),
                       "sts", "us-west-2", expires=60).add_auth(req)
        url = req.prepare().url
        path = url[url.index("/", len("https://")):]
        self.assertIn("X-Amz-SignedHeaders=host%3Bx-k8s-aws-id", path)
        status, _, body = send_raw(self.sim, "GET", path, b"", {"x-k8s-aws-id": "demo"})
        self.assertEqual(status, 200, body)
        status, _, _ = send_raw(self.sim, "GET", path, b"", {"x-k8s-aws-id": "other"})
        self.assertEqual(status, 403)


class TestApiServer(SimTestCase):
    """The cluster's Kubernetes API server (apiserver.py): nodes as kubectl asks
    for them, paging, PDBs, Status errors; tokens made the way `aws eks
    get-token` makes them (botocore's presign with x-k8s-aws-id)."""
    KUBECTL_ACCEPT = ("application/json;as=Table;v=v1;g=meta.k8s.io,"
                      "application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json")
    overrides = {"cluster": {"nodes": [{"count": 7, "version": "1.29", "kind": "fargate"}],
                             "podDisruptionBudgets": [{"name": "web", "disruptionsAllowed": 0}]}}

    def token(self, cluster="demo"):
        import base64
        env = self.sim.env()
        req = AWSRequest(method="GET", url=self.sim.url + "/",
                         params={"Action": "GetCallerIdentity", "Version": "2011-06-15"},
                         headers={"x-k8s-aws-id": cluster})
        SigV4QueryAuth(Credentials(env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"]),
                       "sts", "us-west-2", expires=60).add_auth(req)
        url = req.prepare().url
        return "k8s-aws-v1." + base64.urlsafe_b64encode(url.encode()).decode().rstrip("=")

    def get(self, path, accept="application/json", token=True):
        headers = {"Accept": accept}
        if token:
            headers["Authorization"] = "Bearer " + (self.token() if token is True else token)
        status, _, body = send_raw(self.sim, "GET", path, b"", headers)
        return status, json.loads(body)

    def test_nodes_as_a_table_page_by_page(self):
        rows, cont, pages = [], "", 0
        while True:
            q = "limit=4&includeObject=Metadata" + ("&continue=" + urllib.request.quote(cont)
                                                    if cont else "")
            status, page = self.get("/api/v1/nodes?" + q, self.KUBECTL_ACCEPT)
            self.assertEqual(status, 200, page)
            self.assertEqual((page["kind"], page["apiVersion"]), ("Table", "meta.k8s.io/v1"))
            self.assertIn("Version", [c["name"] for c in page["columnDefinitions"]])
            rows += page["rows"]
            pages += 1
            cont = page["metadata"].get("continue")
            if not cont:
                break
            self.assertEqual(page["metadata"]["remainingItemCount"], 11 - 4 * pages)
        self.assertEqual((len(rows), pages), (11, 3))  # 2 node groups x 2, and 7 Fargate
        names = [r["cells"][0] for r in rows]
        self.assertEqual(names, sorted(names))
        version = [c["name"] for c in page["columnDefinitions"]].index("Version")
        fargate = [r for r in rows if r["cells"][version].startswith("v1.29.")]
        self.assertEqual(len(fargate), 7)
        meta = fargate[0]["object"]["metadata"]
        self.assertEqual(fargate[0]["object"]["kind"], "PartialObjectMetadata")
        self.assertEqual(meta["labels"]["eks.amazonaws.com/compute-type"], "fargate")
        self.assertTrue(meta["name"].startswith("fargate-ip-"))
        self.assertIn("managedFields", meta)
        self.assertEqual(self.sim.requests(operation="ListNodes")[-1]["format"], "Table")

    def test_node_list_objects_are_realistic(self):
        status, page = self.get("/api/v1/nodes")
        self.assertEqual(status, 200)
        self.assertEqual(page["kind"], "NodeList")
        self.assertEqual(len(page["items"]), 11)
        node = page["items"][0]
        self.assertGreater(len(json.dumps(node)), 9 * 1024)
        self.assertLess(len(json.dumps(node)), 14 * 1024)
        self.assertRegex(node["status"]["nodeInfo"]["kubeletVersion"], r"^v1\.\d+\.\d+-eks-")
        self.assertGreaterEqual(len(node["status"]["images"]), 20)
        status, page = self.set_and_get({"apiserver": {"tables": False}}, "/api/v1/nodes?limit=2",
                                        self.KUBECTL_ACCEPT)
        self.assertEqual((status, page["kind"]), (200, "NodeList"))

    def set_and_get(self, patch, path, accept="application/json"):
        self.sim.set_scenario(patch)
        return self.get(path, accept)

    def test_status_errors(self):
        status, body = self.get("/api/v1/nodes", token=False)
        self.assertEqual(status, 401)
        self.assertEqual((body["kind"], body["reason"], body["code"]),
                         ("Status", "Unauthorized", 401))
        status, _ = self.get("/api/v1/nodes", token=self.token("other-cluster"))
        self.assertEqual(status, 401)
        status, body = self.get("/api/v1/nodes?limit=1&continue=bm9wZQ==")
        self.assertEqual((status, body["reason"]), (400, "BadRequest"))
        status, body = self.set_and_get({"apiserver": {"forbidden": ["nodes"]}}, "/api/v1/nodes")
        self.assertEqual((status, body["reason"]), (403, "Forbidden"))
        self.assertIn('User "arn:aws:iam::111122223333:user/demo" cannot list resource "nodes"',
                      body["message"])
        status, body = self.get("/api/v1/pods")
        self.assertEqual(status, 404)
        self.assertEqual(self.sim.requests(operation="UnknownApiServerPath")[-1]["status"], 404)

    def test_pdbs_and_tokens_remembered_as_secrets(self):
        token = self.token()
        status, page = self.get("/apis/policy/v1/poddisruptionbudgets?limit=500", token=token)
        self.assertEqual(status, 200)
        self.assertEqual(page["kind"], "PodDisruptionBudgetList")
        self.assertEqual(page["items"][0]["status"]["disruptionsAllowed"], 0)
        self.assertIn(token, self.sim.issued_secrets())

    def test_faults_apply_to_api_server_operations(self):
        self.sim.set_scenario({"faults": [{"operation": "ListNodes", "kind": "http503"}]})
        status, body = self.get("/api/v1/nodes")
        self.assertEqual((status, body["kind"], body["code"]), (503, "Status", 503))
        status, _ = self.get("/api/v1/nodes")
        self.assertEqual(status, 200)


class TestClockSkew(SimTestCase):
    scenario = "skew"

    def test_skew_error_has_server_date(self):
        with self.assertRaises(ClientError) as ctx:
            self.eks().describe_cluster(name="demo")
        err = self.assertAwsError(ctx, "InvalidSignatureException", 403)
        self.assertIn("Signature expired:", err["Error"]["Message"])
        date = email.utils.parsedate_to_datetime(
            err["ResponseMetadata"]["HTTPHeaders"]["date"]).timestamp()
        self.assertAlmostEqual(date - time.time(), 900, delta=10)
        with self.assertRaises(ClientError) as ctx:
            self.client("sts").get_caller_identity()
        self.assertAwsError(ctx, "RequestExpired", 400)

    def test_signing_with_server_time_works(self):
        req = AWSRequest(method="GET", url=self.sim.url + "/clusters/demo")
        env = self.sim.env()
        signer = SigV4Auth(Credentials(env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"]),
                           "eks", "us-west-2")
        req.context["timestamp"] = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(time.time() + 900))
        signer._modify_request_before_signing(req)
        req.headers.replace_header("X-Amz-Date", req.context["timestamp"])
        sig = signer.signature(signer.string_to_sign(req, signer.canonical_request(req)), req)
        signer._inject_signature_to_request(req, sig)
        status, _, body = send_raw(self.sim, "GET", "/clusters/demo", b"",
                                   dict(req.headers.items()))
        self.assertEqual(status, 200, body)


class TestFaults(SimTestCase):
    scenario = "faults"

    def test_throttle_is_retried_by_botocore(self):
        eks = self.eks(retries={"mode": "standard", "total_max_attempts": 3})
        resp = eks.describe_cluster(name="demo")
        self.assertEqual(resp["ResponseMetadata"]["RetryAttempts"], 2)
        log = self.sim.requests(operation="DescribeCluster")
        self.assertEqual([r["status"] for r in log], [429, 429, 200])
        self.assertEqual([r["fault"] for r in log], ["throttle", "throttle", None])
        self.assertEqual(log[0]["errorCode"], "ThrottlingException")

    def test_error_faults(self):
        eks = self.eks()
        with self.assertRaises(ClientError) as ctx:
            eks.list_nodegroups(clusterName="demo")
        self.assertAwsError(ctx, "ServerException", 500)
        self.assertEqual(len(eks.list_nodegroups(clusterName="demo")["nodegroups"]), 2)
        upd = eks.list_updates(name="demo")["updateIds"][0]
        eks.describe_update(name="demo", updateId=upd)  # first call passes ("after": 1)
        with self.assertRaises(ClientError) as ctx:
            eks.describe_update(name="demo", updateId=upd)
        self.assertAwsError(ctx, "ServiceUnavailableException", 503)
        eks.describe_update(name="demo", updateId=upd)

    def test_reset_raises_and_server_survives(self):
        eks = self.eks()
        with self.assertRaises(Exception) as ctx:
            eks.list_addons(clusterName="demo")
        self.assertNotIsInstance(ctx.exception, ClientError)
        self.assertEqual(len(eks.list_addons(clusterName="demo")["addons"]), 3)

    def test_delay(self):
        t = time.monotonic()
        self.eks().list_insights(clusterName="demo")
        self.assertGreaterEqual(time.monotonic() - t, 1.0)

    def test_other_fault_kinds(self):
        self.sim.set_scenario({"faults": [
            {"operation": "DescribeCluster", "kind": "truncated"},
            {"operation": "ListNodegroups", "kind": "invalid_json"},
            {"operation": "ListAddons", "kind": "oversized", "mib": 2},
            {"operation": "ListInsights", "kind": "deny"},
            {"operation": "GetCallerIdentity", "kind": "throttle"},
        ]})
        eks = self.eks()
        with self.assertRaises(Exception) as ctx:
            eks.describe_cluster(name="demo")
        self.assertNotIsInstance(ctx.exception, ClientError)
        status, _, body = self.raw("GET", "/clusters/demo/node-groups")
        self.assertEqual(status, 200)
        with self.assertRaises(ValueError):
            json.loads(body)
        status, _, body = self.raw("GET", "/clusters/demo/addons")
        self.assertGreater(len(body), 2 * 1024 * 1024)
        self.assertEqual(json.loads(body)["addons"], ["vpc-cni", "kube-proxy", "coredns"])
        with self.assertRaises(ClientError) as ctx:
            eks.list_insights(clusterName="demo")
        err = self.assertAwsError(ctx, "AccessDeniedException", 403)
        self.assertEqual(err["Error"]["Message"],
                         "User: arn:aws:iam::111122223333:user/demo is not authorized to "
                         "perform: eks:ListInsights on resource: "
                         "arn:aws:eks:us-west-2:111122223333:cluster/demo")
        with self.assertRaises(ClientError) as ctx:
            self.client("sts").get_caller_identity()
        self.assertAwsError(ctx, "Throttling", 400)

    def test_reset_after_work_then_idempotent_retry(self):
        self.sim.set_scenario({"faults": [
            {"operation": "UpdateClusterVersion", "kind": "reset", "phase": "after"}]})
        eks = self.eks()
        with self.assertRaises(Exception):
            eks.update_cluster_version(name="demo", version="1.32", clientRequestToken="t-9")
        again = eks.update_cluster_version(name="demo", version="1.32", clientRequestToken="t-9")
        self.assertEqual(again["update"]["status"], "InProgress")
        ids = eks.list_updates(name="demo")["updateIds"]
        self.assertEqual(len(ids), 2)  # seeded + one, not two


class TestBadInput(SimTestCase):
    def test_malformed_json_body(self):
        status, headers, body = self.raw("POST", "/clusters/demo/insights", body=b"{not json",
                                         headers={"Content-Type": "application/json"})
        self.assertEqual(status, 400)
        self.assertTrue(headers["x-amzn-errortype"].startswith("SerializationException"))
        self.assertNotIn(b"Traceback", body)

    def test_unknown_operation(self):
        for method, path in (("GET", "/nothing/here"), ("DELETE", "/clusters/demo"),
                             ("GET", "/clusters/demo/updates/x/y/z")):
            status, headers, body = self.raw(method, path)
            self.assertEqual(status, 404, (method, path))
            self.assertTrue(headers["x-amzn-errortype"].startswith("UnknownOperationException"))
            self.assertIn("message", json.loads(body))
        status, _, body = self.raw("POST", "/", body=b"Action=Nope&Version=2011-06-15",
                                   headers={"Content-Type": "application/x-www-form-urlencoded"},
                                   service="sts")
        self.assertEqual(status, 400)
        self.assertIn(b"<Code>InvalidAction</Code>", body)

    def test_client_reset_does_not_kill_server(self):
        ctx = ssl.create_default_context(cafile=self.sim.ca_path)
        for partial in (b"GET /clusters/demo HTTP/1.1\r\nHost: local", b""):
            raw = socket.create_connection(("127.0.0.1", self.sim.https_port))
            if partial:
                tls = ctx.wrap_socket(raw, server_hostname="localhost")
                tls.sendall(partial)
                tls.close()
            else:
                raw.sendall(b"\x16\x03\x01garbage")
                raw.close()
        self.assertEqual(self.eks().describe_cluster(name="demo")["cluster"]["name"], "demo")


class TestCredentials(SimTestCase):
    overrides = {"credentials": {"session_lifetime_seconds": 1.5,
                                 "imds": {"lifetime_seconds": 3600},
                                 "container": {"lifetime_seconds": 3600}}}

    def test_imds_v2_flow(self):
        base = self.sim.env()["AWS_EC2_METADATA_SERVICE_ENDPOINT"]
        creds_path = base + "/latest/meta-data/iam/security-credentials/"
        self.assertEqual(http_call(creds_path)[0], 401)
        self.assertEqual(http_call(base + "/latest/api/token", "PUT")[0], 400)
        status, token, headers = http_call(base + "/latest/api/token", "PUT",
                                           {"x-aws-ec2-metadata-token-ttl-seconds": "21600"})
        self.assertEqual(status, 200)
        h = {"x-aws-ec2-metadata-token": token}
        self.assertEqual(http_call(creds_path, headers={"x-aws-ec2-metadata-token": "bad"})[0], 401)
        status, role, _ = http_call(creds_path, headers=h)
        self.assertEqual((status, role), (200, "eks-upgrade-node-role"))
        status, doc, _ = http_call(creds_path + role, headers=h)
        doc = json.loads(doc)
        self.assertEqual((doc["Code"], doc["Type"]), ("Success", "AWS-HMAC"))
        self.assertRegex(doc["Expiration"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        self.assertEqual(http_call(base + "/latest/meta-data/placement/region", headers=h)[1],
                         "us-west-2")
        self.assertEqual(http_call(base + "/latest/meta-data/placement/availability-zone",
                                   headers=h)[1], "us-west-2a")
        # The credentials sign EKS and STS calls.
        kw = dict(key=doc["AccessKeyId"], secret=doc["SecretAccessKey"], token=doc["Token"])
        self.assertEqual(self.eks(**kw).describe_cluster(name="demo")["cluster"]["name"], "demo")
        arn = self.client("sts", **kw).get_caller_identity()["Arn"]
        self.assertTrue(arn.startswith("arn:aws:sts::111122223333:assumed-role/"
                                       "eks-upgrade-node-role/"))
        # Without the session token the key is not accepted.
        with self.assertRaises(ClientError) as ctx:
            self.eks(key=doc["AccessKeyId"], secret=doc["SecretAccessKey"]).describe_cluster(
                name="demo")
        self.assertAwsError(ctx, "UnrecognizedClientException", 403)
        ops = [r["operation"] for r in self.sim.requests(service="imds")]
        self.assertIn("ImdsCredentials", ops)

    def test_container_credentials(self):
        env = self.sim.container_env()
        url = env["AWS_CONTAINER_CREDENTIALS_FULL_URI"]
        self.assertEqual(http_call(url)[0], 401)
        self.assertEqual(http_call(url, headers={"Authorization": "wrong"})[0], 403)
        status, doc, _ = http_call(url, headers={
            "Authorization": env["AWS_CONTAINER_AUTHORIZATION_TOKEN"]})
        self.assertEqual(status, 200)
        doc = json.loads(doc)
        self.assertIn("RoleArn", doc)
        ident = self.client("sts", key=doc["AccessKeyId"], secret=doc["SecretAccessKey"],
                            token=doc["Token"]).get_caller_identity()
        self.assertIn(":assumed-role/eks-upgrade-pod-role/", ident["Arn"])
        self.assertEqual(self.sim.requests(service="container")[-1]["operation"],
                         "ContainerCredentials")

    def test_web_identity_and_expiry(self):
        sts = _SESSION.create_client("sts", region_name="us-west-2", endpoint_url=self.sim.url,
                                     verify=self.sim.ca_path,
                                     config=Config(signature_version=UNSIGNED))
        with self.assertRaises(ClientError) as ctx:
            sts.assume_role_with_web_identity(RoleArn="arn:aws:iam::111122223333:role/r",
                                              RoleSessionName="s1", WebIdentityToken="wrong")
        self.assertAwsError(ctx, "InvalidIdentityToken", 400)
        token = self.sim.info()["web_identity"]["token"]
        out = sts.assume_role_with_web_identity(
            RoleArn="arn:aws:iam::111122223333:role/irsa", RoleSessionName="s1",
            WebIdentityToken=token, DurationSeconds=900)
        creds = out["Credentials"]
        self.assertEqual(out["AssumedRoleUser"]["Arn"],
                         "arn:aws:sts::111122223333:assumed-role/irsa/s1")
        self.assertIsInstance(creds["Expiration"], datetime.datetime)
        kw = dict(key=creds["AccessKeyId"], secret=creds["SecretAccessKey"],
                  token=creds["SessionToken"])
        self.assertEqual(self.client("sts", **kw).get_caller_identity()["Arn"],
                         "arn:aws:sts::111122223333:assumed-role/irsa/s1")
        log = self.sim.requests(operation="AssumeRoleWithWebIdentity")
        self.assertEqual(log[-1]["signatureOk"], None)
        time.sleep(1.6)  # session_lifetime_seconds is 1.5 in this test
        with self.assertRaises(ClientError) as ctx:
            self.eks(**kw).describe_cluster(name="demo")
        self.assertAwsError(ctx, "ExpiredTokenException", 403)
        with self.assertRaises(ClientError) as ctx:
            self.client("sts", **kw).get_caller_identity()
        self.assertAwsError(ctx, "ExpiredToken", 400)

    def test_assume_role(self):
        out = self.client("sts").assume_role(RoleArn="arn:aws:iam::444455556666:role/admin",
                                             RoleSessionName="ci")
        c = out["Credentials"]
        ident = self.client("sts", key=c["AccessKeyId"], secret=c["SecretAccessKey"],
                            token=c["SessionToken"]).get_caller_identity()
        self.assertEqual((ident["Account"], ident["Arn"]),
                         ("444455556666", "arn:aws:sts::444455556666:assumed-role/admin/ci"))
        with self.assertRaises(ClientError) as ctx:
            self.client("sts").assume_role(RoleArn="arn:aws:iam::444455556666:role/admin",
                                           RoleSessionName="ci", DurationSeconds=99999)
        self.assertAwsError(ctx, "ValidationError", 400)

    def test_expire_credentials_admin(self):
        out = self.client("sts").assume_role(RoleArn="arn:aws:iam::111122223333:role/x",
                                             RoleSessionName="ci")
        c = out["Credentials"]
        self.sim.expire_credentials()
        with self.assertRaises(ClientError) as ctx:
            self.eks(key=c["AccessKeyId"], secret=c["SecretAccessKey"],
                     token=c["SessionToken"]).describe_cluster(name="demo")
        self.assertAwsError(ctx, "ExpiredTokenException", 403)


class TestSso(SimTestCase):
    """The IAM Identity Center portal and OIDC, checked with botocore's own
    clients and, end to end, with the aws CLI's SSO credential provider
    reading a token cache this module writes (file name, format, refresh
    and write-back as botocore does them)."""

    ROLE = {"roleName": sso.DEFAULT_ROLE, "accountId": "111122223333"}

    def unsigned(self, service):
        return _SESSION.create_client(service, region_name="us-east-1",
                                      endpoint_url=self.sim.url, verify=self.sim.ca_path,
                                      config=Config(signature_version=UNSIGNED,
                                                    retries={"total_max_attempts": 1}))

    def test_get_role_credentials(self):
        portal = self.unsigned("sso")
        out = portal.get_role_credentials(accessToken=sso.DEFAULT_TOKEN, **self.ROLE)
        rc = out["roleCredentials"]
        self.assertGreater(rc["expiration"], time.time() * 1000)  # epoch milliseconds
        ident = self.client("sts", key=rc["accessKeyId"], secret=rc["secretAccessKey"],
                            token=rc["sessionToken"]).get_caller_identity()
        self.assertRegex(ident["Arn"],
                         r":assumed-role/AWSReservedSSO_EksUpgradeAdmin_\w+/sso-user$")
        with self.assertRaises(ClientError) as ctx:
            portal.get_role_credentials(accessToken="expired-or-unknown", **self.ROLE)
        self.assertAwsError(ctx, "UnauthorizedException", 401)
        with self.assertRaises(ClientError) as ctx:
            portal.get_role_credentials(accessToken=sso.DEFAULT_TOKEN, roleName="Other",
                                        accountId="111122223333")
        err = self.assertAwsError(ctx, "ForbiddenException", 403)
        self.assertEqual(err["Error"]["Message"], "No access")
        log = self.sim.requests(service="sso")
        self.assertEqual([r["status"] for r in log], [200, 401, 403])
        self.assertEqual(log[0]["roleName"], sso.DEFAULT_ROLE)

    def test_create_token_refresh_grant_rotates(self):
        oidc = self.unsigned("sso-oidc")
        args = dict(grantType="refresh_token", clientId=sso.DEFAULT_CLIENT_ID,
                    clientSecret=sso.DEFAULT_CLIENT_SECRET)
        out = oidc.create_token(refreshToken=sso.DEFAULT_REFRESH_TOKEN, **args)
        self.assertEqual(out["expiresIn"], 28800)
        self.assertTrue(out["accessToken"].startswith(sso.ISSUED_TOKEN_PREFIX))
        self.unsigned("sso").get_role_credentials(accessToken=out["accessToken"], **self.ROLE)
        with self.assertRaises(ClientError) as ctx:  # the old refresh token was rotated away
            oidc.create_token(refreshToken=sso.DEFAULT_REFRESH_TOKEN, **args)
        self.assertAwsError(ctx, "InvalidGrantException", 400)
        with self.assertRaises(ClientError) as ctx:
            oidc.create_token(refreshToken=out["refreshToken"], **dict(args, clientSecret="x"))
        self.assertAwsError(ctx, "InvalidClientException", 401)
        self.assertEqual(set(self.sim.issued_secrets()) >= {out["accessToken"],
                                                            out["refreshToken"]}, True)

    @unittest.skipUnless(shutil.which("aws"), "aws CLI not installed")
    def test_aws_cli_sso_profiles_read_and_refresh_the_cache(self):
        home = os.path.join(self.sim.state_dir, "cli-home")
        config = os.path.join(home, "config")
        os.makedirs(home)
        with open(config, "w") as f:
            f.write(sso_config(region="us-west-2"))
        env = self.sim.env(static_credentials=False, HOME=home, AWS_CONFIG_FILE=config)
        # Within 15 minutes of expiry botocore refreshes a session's token.
        path = write_sso_token(home, "corp", expires_in=300, refreshable=True)
        self.assertEqual(path, sso_cache_path(home, "corp"))
        write_sso_token(home, SSO_START_URL, expires_in=3600)
        for profile in ("sso", "legacy"):
            out = subprocess.run(["aws", "sts", "get-caller-identity", "--profile", profile,
                                  "--ca-bundle", self.sim.ca_path], env=env,
                                 capture_output=True, text=True, timeout=60, check=False)
            self.assertEqual(out.returncode, 0, out.stderr)
            self.assertIn("AWSReservedSSO_EksUpgradeAdmin", json.loads(out.stdout)["Arn"])
        with open(path) as f:
            cached = json.load(f)
        self.assertTrue(cached["accessToken"].startswith(sso.ISSUED_TOKEN_PREFIX))
        self.assertTrue(cached["refreshToken"].startswith(sso.ISSUED_REFRESH_PREFIX))
        ops = [(r["service"], r["operation"], r["status"]) for r in self.sim.requests()]
        self.assertEqual(ops, [("sso-oidc", "CreateToken", 200),
                               ("sso", "GetRoleCredentials", 200),
                               ("sts", "GetCallerIdentity", 200),
                               ("sso", "GetRoleCredentials", 200),
                               ("sts", "GetCallerIdentity", 200)])


class TestServer(SimTestCase):
    def test_concurrent_requests_run_in_parallel(self):
        self.sim.set_scenario({"latency_ms": 400})
        eks = self.eks(max_pool_connections=8)
        t = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(6) as pool:
            list(pool.map(lambda _: eks.describe_cluster(name="demo"), range(6)))
        self.assertLess(time.monotonic() - t, 2.0)

    def test_keep_alive(self):
        ctx = ssl.create_default_context(cafile=self.sim.ca_path)
        conn = http.client.HTTPSConnection("localhost", self.sim.https_port, context=ctx)
        for _ in range(3):
            conn.request("GET", "/clusters/demo")
            resp = conn.getresponse()
            resp.read()
            self.assertEqual(resp.status, 403)
        conn.close()

    def test_admin_patch_changes_state(self):
        self.sim.set_scenario({"clusters": {"demo": {
            "nodegroups": [{"nodegroupName": "ng-general", "version": "1.28"}]}}})
        with self.assertRaises(ClientError) as ctx:
            self.eks().update_cluster_version(name="demo", version="1.32")
        self.assertAwsError(ctx, "InvalidParameterException", 400)
        status, _, _ = send_raw(self.sim, "POST", "/__sim/scenario", b"{}", {})
        self.assertEqual(status, 403)

    def test_no_tls_mode(self):
        sim = self.start("demo", tls=False)
        self.assertIsNone(sim.ca_path)
        self.assertTrue(sim.url.startswith("http://localhost:"))
        self.assertEqual(self.eks(sim=sim).describe_cluster(name="demo")["cluster"]["name"],
                         "demo")
        self.assertNotIn("AWS_CA_BUNDLE", sim.env())

    def test_env_is_clean(self):
        env = self.sim.env(AWS_PROFILE="x", EXTRA="1")
        for k in ("AWS_ENDPOINT_URL_EKS", "AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL_SSO",
                  "AWS_ENDPOINT_URL_SSO_OIDC", "AWS_CA_BUNDLE",
                  "AWS_EC2_METADATA_SERVICE_ENDPOINT", "AWS_REGION", "AWS_ACCESS_KEY_ID"):
            self.assertIn(k, env)
        self.assertTrue(env["AWS_ENDPOINT_URL_EKS"].startswith("https://localhost:"))
        self.assertFalse(os.path.exists(env["AWS_CONFIG_FILE"]))
        self.assertEqual(env["AWS_PROFILE"], "x")
        self.assertNotIn("AWS_ACCESS_KEY_ID", self.sim.env(static_credentials=False))

    @unittest.skipUnless(shutil.which("aws"), "aws CLI not installed")
    def test_aws_cli_through_standard_env(self):
        env = self.sim.env(AWS_DEFAULT_REGION="us-west-2")  # the CLI v1 ignores AWS_REGION
        out = subprocess.run(["aws", "eks", "describe-cluster", "--name", "demo"],
                             env=env, capture_output=True, text=True, timeout=60, check=False)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(json.loads(out.stdout)["cluster"]["version"], "1.31")
        out = subprocess.run(["aws", "sts", "get-caller-identity"], env=env,
                             capture_output=True, text=True, timeout=60, check=False)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(json.loads(out.stdout)["Account"], "111122223333")

    def test_simctl_env_cli(self):
        out = subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "simctl.py"),
                              "env", "--state-dir", self.sim.state_dir],
                             capture_output=True, text=True, check=True)
        self.assertIn("export AWS_ENDPOINT_URL_EKS=https://localhost:", out.stdout)
        self.assertNotIn("PATH=", out.stdout)

    def test_stop_leaves_no_process(self):
        sim = Simulator("demo").start()
        pid = sim.pid
        sim.stop()
        with self.assertRaises(ProcessLookupError):
            os.kill(pid, 0)


class TestScenarios(unittest.TestCase):
    def test_every_scenario_loads(self):
        import store
        d = os.path.join(os.path.dirname(os.path.abspath(__file__)), "scenarios")
        for name in sorted(os.listdir(d)):
            with self.subTest(name):
                store.State(store.load_scenario(os.path.join(d, name)))

    def test_catalog_dates_unshifted(self):
        import store
        st = store.State({"catalog_shift": False})
        self.assertEqual(st.catalog["1.31"]["endOfStandardSupportDate"],
                         store.parse_time("2025-11-26"))
        self.assertNotIn("1.35", st.catalog)  # released after catalog_as_of

    def test_many_scenario_paginates(self):
        import store
        d = os.path.join(os.path.dirname(os.path.abspath(__file__)), "scenarios")
        st = store.State(store.load_scenario(os.path.join(d, "many.json")))
        sim = st.clusters["demo"]
        self.assertEqual((len(sim["nodegroups"]), len(sim["addons"]), st.page_size), (30, 10, 10))


if __name__ == "__main__":
    unittest.main()
