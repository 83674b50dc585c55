"""The cluster's own Kubernetes API server, as far as eks-upgrade asks it:
GET /version (after an upgrade), the nodes (GET /api/v1/nodes, as a Table or
a NodeList, paged with limit/continue) and the PodDisruptionBudgets
(GET /apis/policy/v1/poddisruptionbudgets).

A cluster whose scenario `endpoint` is "self" gets this simulator's HTTPS URL
as its endpoint and the test CA as its certificateAuthority.data, so the
tool verifies the server with the cluster's CA exactly as against EKS.

Authentication as EKS does it: "Authorization: Bearer k8s-aws-v1.<base64url
of a presigned STS GetCallerIdentity URL>", verified with botocore (via
sigcheck), whose signed x-k8s-aws-id header must name the cluster; without
a valid token every request is 401 (a Status object), except /version with
"anonymous". Every bearer token received is remembered, so the admin
endpoint's issued-secrets lists it and tests can check it never leaks.

Scenario, top level (all optional):
    "apiserver": {
      "anonymous": false,     # true: /version needs no token
      "unauthorized": false,  # true: a valid token is still 401 (no access entry)
      "forbidden": [],        # resources answered 403 (RBAC): "nodes", "poddisruptionbudgets"
      "tables": true,         # false: answer NodeLists even when a Table is asked for;
                              # "refuse": 406 to a Table-only request
      "page_max": null,       # the most items in one page, whatever the limit
      "unreachable": false,   # the endpoint of "self" clusters is a closed port
      "ca": "cluster"         # "other": certificateAuthority.data is another CA, so the
                              # server's certificate must be refused
    }
Per cluster:
    "nodes": [{"count": 3, "version": "1.28", "kind": "self-managed", "images": 24,
               "nodegroup": "ng", "nodepool": "default", "prefix": "..."}]
        added to the nodes of the managed node groups (scalingConfig.desiredSize each,
        default 2, at most 1000, at the node group's version). kind: managed,
        self-managed, karpenter, auto, fargate, hybrid. version "bogus" gives an
        unparseable kubelet version.
    "podDisruptionBudgets": [{"namespace": "default", "name": "web",
                              "disruptionsAllowed": 0, "expectedPods": 2,
                              "status": true}]
        "status": false leaves status out (a budget not yet reconciled).
Faults of the scenario apply to ListNodes, ListPodDisruptionBudgets and ApiServerVersion
like to any operation (delay: the slow mode; reset; http503; ...)."""
import base64
import hashlib
import json
import socket
import time
import uuid
from urllib.parse import urlsplit

import certs
import sigcheck
from store import CALENDAR, iso8601
from wire import Response

TOKEN_PREFIX = "k8s-aws-v1."
NODE_KINDS = ("managed", "self-managed", "karpenter", "auto", "fargate", "hybrid")
NODEGROUP_NODES_MAX = 1000  # nodes made for one managed node group (desiredSize)

ROUTES = {
    "/version": "ApiServerVersion",
    "/api/v1/nodes": "ListNodes",
    "/apis/policy/v1/poddisruptionbudgets": "ListPodDisruptionBudgets",
    # Discovery (legacy form), enough for kubectl get nodes / pdb.
    "/api": "Discovery", "/apis": "Discovery", "/api/v1": "Discovery",
    "/apis/policy/v1": "Discovery",
}

DISCOVERY = {
    "/api": {"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": [
        {"clientCIDR": "0.0.0.0/0", "serverAddress": "ip-172-16-47-12.us-west-2.compute.internal:443"}]},
    "/apis": {"kind": "APIGroupList", "apiVersion": "v1", "groups": [{
        "name": "policy", "versions": [{"groupVersion": "policy/v1", "version": "v1"}],
        "preferredVersion": {"groupVersion": "policy/v1", "version": "v1"}}]},
    "/api/v1": {"kind": "APIResourceList", "groupVersion": "v1", "resources": [
        {"name": "nodes", "singularName": "node", "namespaced": False, "kind": "Node",
         "verbs": ["create", "delete", "deletecollection", "get", "list", "patch", "update",
                   "watch"], "shortNames": ["no"]}]},
    "/apis/policy/v1": {"kind": "APIResourceList", "apiVersion": "v1",
                        "groupVersion": "policy/v1", "resources": [
        {"name": "poddisruptionbudgets", "singularName": "poddisruptionbudget",
         "namespaced": True, "kind": "PodDisruptionBudget",
         "verbs": ["create", "delete", "deletecollection", "get", "list", "patch", "update",
                   "watch"], "shortNames": ["pdb"]}]},
}


def route(state, req):
    if req.method == "GET" and req.raw_path in ROUTES:
        req.service = "apiserver"
        return ROUTES[req.raw_path]
    if req.raw_path.startswith(("/api/", "/apis/", "/openapi/")):
        req.service = "apiserver"
        return "UnknownApiServerPath"
    return None


def _free_port():
    """A port nothing listens on: connections to it are refused."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def make_self_endpoints(state, base_url, ca_pem_path, cert_dir=None):
    """Point every cluster whose endpoint is "self" at this simulator (or, with
    "unreachable", at a closed port; with "ca": "other", name another CA)."""
    cfg = state.apiserver_cfg
    ca_path = ca_pem_path
    if cfg.get("ca") == "other":
        ca_path = certs.other_ca(cert_dir or "")
    with open(ca_path, "rb") as f:
        ca = base64.b64encode(f.read()).decode()
    if cfg.get("unreachable"):
        base_url = "https://localhost:%d" % _free_port()
    for sim in state.clusters.values():
        if sim["cluster"].get("endpoint") == "self":
            sim["cluster"]["endpoint"] = base_url
            sim["cluster"]["certificateAuthority"] = {"data": ca}


# ---- Status objects -------------------------------------------------------------

REASONS = {400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound",
           406: "NotAcceptable", 410: "Expired", 429: "TooManyRequests",
           500: "InternalError", 503: "ServiceUnavailable"}


def status(code, message, details=None):
    body = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
            "message": message, "reason": REASONS.get(code, "Unknown"), "code": code}
    if details:
        body["details"] = details
    resp = Response(code, body)
    resp.error_code = str(code)
    return resp


def unknown_operation(state, req):
    return status(404, "the server could not find the requested resource")


def fault_error(state, req, kind, fault):
    code = {"throttle": 429, "http500": 500, "http503": 503, "deny": 403, "in_use": 409}[kind]
    return status(code, fault.get("message") or {
        429: "Too many requests, please try again later.",
        500: "Internal error occurred: etcdserver: request timed out",
        503: "the server is currently unable to handle the request",
        403: "forbidden", 409: "conflict"}[code])


# ---- authentication ---------------------------------------------------------------

def _token_caller(state, req):
    """(cluster, caller ARN) for a valid bearer token, or None."""
    auth = req.header("authorization") or ""
    if not auth.startswith("Bearer " + TOKEN_PREFIX):
        return None
    b64 = auth[len("Bearer " + TOKEN_PREFIX):]
    try:
        url = base64.urlsafe_b64decode(b64 + "=" * (-len(b64) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        return None
    parts = urlsplit(url)
    for name in state.clusters:
        verdict = sigcheck.verify(state, "sts", "GET", parts.path or "/", parts.query,
                                  {"host": [parts.netloc], "x-k8s-aws-id": [name]}, b"",
                                  allowed_regions=[state.region, "us-east-1"])
        if verdict.ok:
            return name, (verdict.credential.arn if verdict.credential else "")
    return None


def authenticate(state, req):
    """None when the request may go on (req.cluster_name, req.user set), else
    the 401 to send."""
    cfg = state.apiserver_cfg
    auth = req.header("authorization") or ""
    if auth.startswith("Bearer "):
        with state.lock:
            state.apiserver_tokens.add(auth[len("Bearer "):])
    found = _token_caller(state, req)
    if found is None:
        if auth or not (cfg.get("anonymous") and req.operation == "ApiServerVersion"):
            return status(401, "Unauthorized")
        found = (next(iter(state.clusters)), "system:anonymous")
    if cfg.get("unauthorized"):
        return status(401, "Unauthorized")
    req.cluster_name, req.user = found
    return None


# ---- nodes ----------------------------------------------------------------------

def _h(*parts):
    return hashlib.sha256("/".join(str(p) for p in parts).encode()).hexdigest()


def kubelet_version(version):
    if version == "bogus":
        return "unknown-build"
    patch = CALENDAR.get(version, (None, None, None, version + ".0"))[3]
    return "v%s-eks-%s" % (patch, _h("kubelet", version)[:7])


IMAGES = [
    ("602401143452.dkr.ecr.{r}.amazonaws.com/amazon-k8s-cni", "v1.19.2-eksbuild.1", 43021112),
    ("602401143452.dkr.ecr.{r}.amazonaws.com/amazon-k8s-cni-init", "v1.19.2-eksbuild.1", 61233441),
    ("602401143452.dkr.ecr.{r}.amazonaws.com/amazon/aws-network-policy-agent",
     "v1.1.6-eksbuild.1", 32110245),
    ("602401143452.dkr.ecr.{r}.amazonaws.com/eks/kube-proxy", "v1.31.3-minimal-eksbuild.2",
     31244150),
    ("602401143452.dkr.ecr.{r}.amazonaws.com/eks/coredns", "v1.11.3-eksbuild.1", 18004556),
    ("602401143452.dkr.ecr.{r}.amazonaws.com/eks/pause", "3.10", 299488),
    ("602401143452.dkr.ecr.{r}.amazonaws.com/eks/aws-ebs-csi-driver", "v1.37.0", 33411982),
    ("602401143452.dkr.ecr.{r}.amazonaws.com/eks/csi-node-driver-registrar",
     "v2.12.0-eks-1-31-7", 9934003),
    ("602401143452.dkr.ecr.{r}.amazonaws.com/eks/livenessprobe", "v2.14.0-eks-1-31-7", 9219456),
    ("602401143452.dkr.ecr.{r}.amazonaws.com/eks/eks-pod-identity-agent", "0.1.10", 11244502),
    ("public.ecr.aws/aws-observability/aws-for-fluent-bit", "2.32.4", 115233221),
    ("public.ecr.aws/karpenter/controller", "1.1.1", 47122900),
    ("quay.io/prometheus/node-exporter", "v1.8.2", 12331456),
    ("quay.io/prometheus-operator/prometheus-config-reloader", "v0.78.2", 14255100),
    ("registry.k8s.io/metrics-server/metrics-server", "v0.7.2", 19432113),
    ("registry.k8s.io/autoscaling/cluster-autoscaler", "v1.31.0", 30122455),
    ("docker.io/grafana/promtail", "3.3.0", 82331222),
    ("docker.io/bitnami/kubectl", "1.31.3", 91212002),
    ("ghcr.io/external-secrets/external-secrets", "v0.10.7", 38123998),
    ("quay.io/jetstack/cert-manager-controller", "v1.16.2", 21002311),
    ("quay.io/jetstack/cert-manager-cainjector", "v1.16.2", 13412203),
    ("quay.io/jetstack/cert-manager-webhook", "v1.16.2", 15112345),
    ("docker.io/library/nginx", "1.27.3", 72211003),
    ("123456789012.dkr.ecr.{r}.amazonaws.com/shop/checkout", "2024.12.09-8f3c2a1", 188223411),
    ("123456789012.dkr.ecr.{r}.amazonaws.com/shop/cart", "2024.12.09-8f3c2a1", 176332101),
    ("123456789012.dkr.ecr.{r}.amazonaws.com/shop/catalog", "2024.12.02-51be0c9", 201113300),
    ("123456789012.dkr.ecr.{r}.amazonaws.com/shop/frontend", "2024.12.09-8f3c2a1", 95332104),
    ("123456789012.dkr.ecr.{r}.amazonaws.com/shop/payments", "2024.11.28-ab4d1e2", 154223019),
]


def _managed_fields(created, labels):
    return [
        {"manager": "kubelet", "operation": "Update", "apiVersion": "v1", "time": created,
         "fieldsType": "FieldsV1", "fieldsV1": {
             "f:metadata": {"f:annotations": {".": {}, "f:alpha.kubernetes.io/provided-node-ip": {},
                                              "f:volumes.kubernetes.io/controller-managed-attach-detach": {}},
                            "f:labels": {".": {}, **{"f:" + k: {} for k in sorted(labels)[:14]}}},
             "f:spec": {"f:providerID": {}}}},
        {"manager": "kube-controller-manager", "operation": "Update", "apiVersion": "v1",
         "time": created, "fieldsType": "FieldsV1", "fieldsV1": {
             "f:metadata": {"f:annotations": {"f:node.alpha.kubernetes.io/ttl": {}}}}},
        {"manager": "kubelet", "operation": "Update", "apiVersion": "v1", "time": created,
         "fieldsType": "FieldsV1", "subresource": "status", "fieldsV1": {"f:status": {
             "f:allocatable": {"f:cpu": {}, "f:ephemeral-storage": {}, "f:memory": {}, "f:pods": {}},
             "f:capacity": {"f:cpu": {}, "f:ephemeral-storage": {}, "f:memory": {}, "f:pods": {}},
             "f:conditions": {'k:{"type":"%s"}' % t: {
                 ".": {}, "f:lastHeartbeatTime": {}, "f:lastTransitionTime": {}, "f:message": {},
                 "f:reason": {}, "f:status": {}, "f:type": {}}
                 for t in ("DiskPressure", "MemoryPressure", "PIDPressure", "Ready")},
             "f:images": {}, "f:nodeInfo": {"f:bootID": {}, "f:kernelVersion": {},
                                             "f:kubeletVersion": {}, "f:osImage": {}}}}},
    ]


def make_node(cluster, region, group, index, spec):
    """A Node as an EKS cluster returns it: ~10 KiB with its images."""
    kind = spec.get("kind", "self-managed")
    version = spec["version"]
    seed = _h(cluster, group, index)
    a, b, c = int(seed[0:2], 16), int(seed[2:4], 16), int(seed[4:6], 16) or 1
    ip = "10.%d.%d.%d" % (a % 64, b, c)
    zone = region + "abc"[a % 3]
    instance = "i-0%s" % seed[6:22]
    dns = "ip-%s.%s.compute.internal" % (ip.replace(".", "-"), region)
    name = spec.get("prefix", "") + {"fargate": "fargate-" + dns, "auto": instance,
                                     "hybrid": "mi-0" + seed[6:22]}.get(kind, dns)
    created = iso8601(time.time() - (30 + a) * 86400)
    itype = "m5.large" if kind != "fargate" else "fargate"
    labels = {
        "beta.kubernetes.io/arch": "amd64", "beta.kubernetes.io/instance-type": itype,
        "beta.kubernetes.io/os": "linux", "failure-domain.beta.kubernetes.io/region": region,
        "failure-domain.beta.kubernetes.io/zone": zone, "kubernetes.io/arch": "amd64",
        "kubernetes.io/hostname": name, "kubernetes.io/os": "linux",
        "node.kubernetes.io/instance-type": itype, "topology.k8s.aws/zone-id": "usw2-az%d" % (a % 3 + 1),
        "topology.kubernetes.io/region": region, "topology.kubernetes.io/zone": zone,
        "k8s.io/cloud-provider-aws": seed[22:54],
    }
    if kind == "managed":
        labels.update({"eks.amazonaws.com/nodegroup": spec.get("nodegroup", "ng"),
                       "eks.amazonaws.com/capacityType": "ON_DEMAND",
                       "eks.amazonaws.com/nodegroup-image": "ami-0%s" % seed[30:46],
                       "eks.amazonaws.com/sourceLaunchTemplateId": "lt-0%s" % seed[40:56],
                       "eks.amazonaws.com/sourceLaunchTemplateVersion": "1"})
    elif kind in ("fargate", "auto", "hybrid"):
        labels["eks.amazonaws.com/compute-type"] = kind
        if kind == "fargate":
            labels["eks.amazonaws.com/fargate-profile"] = spec.get("profile", "fp-default")
        if kind == "auto":
            labels.update({"karpenter.sh/nodepool": spec.get("nodepool", "general-purpose"),
                           "eks.amazonaws.com/nodeclass": "default",
                           "karpenter.sh/capacity-type": "on-demand"})
    elif kind == "karpenter":
        labels.update({"karpenter.sh/nodepool": spec.get("nodepool", "default"),
                       "karpenter.sh/capacity-type": "spot", "karpenter.sh/registered": "true",
                       "karpenter.k8s.aws/ec2nodeclass": "default"})
    else:
        labels["alpha.eksctl.io/nodegroup-name"] = spec.get("nodegroup", "self-managed")
    n_images = int(spec.get("images", 24))
    images = []
    for k in range(n_images):
        repo, tag, size = IMAGES[k % len(IMAGES)]
        repo = repo.format(r=region)
        digest = _h("image", repo, tag, k // len(IMAGES))
        images.append({"names": ["%s@sha256:%s" % (repo, digest), "%s:%s" % (repo, tag)],
                       "sizeBytes": size + k})
    conditions = [{"type": t, "status": s, "lastHeartbeatTime": created,
                   "lastTransitionTime": created, "reason": r, "message": m}
                  for t, s, r, m in (
                      ("MemoryPressure", "False", "KubeletHasSufficientMemory",
                       "kubelet has sufficient memory available"),
                      ("DiskPressure", "False", "KubeletHasNoDiskPressure",
                       "kubelet has no disk pressure"),
                      ("PIDPressure", "False", "KubeletHasSufficientPID",
                       "kubelet has sufficient PID available"),
                      ("Ready", "True", "KubeletReady", "kubelet is posting ready status"))]
    return {
        "kind": "Node", "apiVersion": "v1",
        "metadata": {
            "name": name, "uid": str(uuid.UUID(seed[:32])), "resourceVersion": str(100000 + a * b),
            "creationTimestamp": created, "labels": labels,
            "annotations": {"alpha.kubernetes.io/provided-node-ip": ip,
                            "node.alpha.kubernetes.io/ttl": "0",
                            "volumes.kubernetes.io/controller-managed-attach-detach": "true"},
            "managedFields": _managed_fields(created, labels),
        },
        "spec": {"providerID": "aws:///%s/%s" % (zone, instance)},
        "status": {
            "capacity": {"cpu": "2", "ephemeral-storage": "83873772Ki", "hugepages-1Gi": "0",
                         "hugepages-2Mi": "0", "memory": "7926400Ki", "pods": "29"},
            "allocatable": {"cpu": "1930m", "ephemeral-storage": "76224326324",
                            "hugepages-1Gi": "0", "hugepages-2Mi": "0", "memory": "7236224Ki",
                            "pods": "29"},
            "conditions": conditions,
            "addresses": [{"type": "InternalIP", "address": ip},
                          {"type": "InternalDNS", "address": dns},
                          {"type": "Hostname", "address": dns}],
            "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
            "nodeInfo": {"machineID": seed[:32], "systemUUID": "ec2" + seed[3:32],
                         "bootID": str(uuid.UUID(seed[32:64])),
                         "kernelVersion": "6.1.119-129.201.amzn2023.x86_64",
                         "osImage": "Amazon Linux 2023.6.20241212",
                         "containerRuntimeVersion": "containerd://1.7.23",
                         "kubeletVersion": kubelet_version(version), "kubeProxyVersion": "",
                         "operatingSystem": "linux", "architecture": "amd64"},
            "images": images,
        },
    }


def node_specs(state, sim):
    """The node groups' nodes, then the scenario's own."""
    specs = []
    for ng in sim["nodegroups"].values():
        count = (ng.get("scalingConfig") or {}).get("desiredSize", 2)
        if not isinstance(count, int) or not 0 <= count <= NODEGROUP_NODES_MAX:
            count = 2  # model-maximal answers carry sizes no cluster has
        specs.append({"count": count, "version": ng["version"], "kind": "managed",
                      "nodegroup": ng["nodegroupName"], "group": "ng/" + ng["nodegroupName"]})
    for i, spec in enumerate(sim.get("nodes_spec") or []):
        s = dict(spec)
        s.setdefault("version", sim["cluster"]["version"])
        s.setdefault("group", "spec/%d" % i)
        specs.append(s)
    return specs


def nodes(state, sim):
    """Every node of the cluster, sorted by name (etcd's order); cached per spec."""
    region = state.region
    out = []
    with state.lock:
        cache = sim.setdefault("node_cache", {})
    for spec in node_specs(state, sim):
        key = json.dumps(spec, sort_keys=True)
        with state.lock:
            made = cache.get(key)
        if made is None:
            made = [make_node(sim["name"], region, spec["group"], i, spec)
                    for i in range(int(spec.get("count", 1)))]
            with state.lock:
                cache[key] = made
        out.extend(made)
    out.sort(key=lambda n: n["metadata"]["name"])
    return out


COLUMNS = [
    ("Name", "name", 0, "Name must be unique within a namespace. Is required when creating "
     "resources, although some resources may allow a client to request the generation of an "
     "appropriate name automatically. Name is primarily intended for creation idempotence and "
     "configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/"
     "concepts/overview/working-with-objects/names#names"),
    ("Status", "", 0, "The status of the node"),
    ("Roles", "", 0, "The roles of the node"),
    ("Age", "", 0, "CreationTimestamp is a timestamp representing the server time when this "
     "object was created. It is not guaranteed to be set in happens-before order across "
     "separate operations. Clients may not set this value. It is represented in RFC3339 form "
     "and is in UTC."),
    ("Version", "", 0, "Kubelet Version reported by the node."),
    ("Internal-IP", "", 1, "List of addresses reachable to the node. Queried from cloud "
     "provider, if available."),
    ("External-IP", "", 1, "List of addresses reachable to the node. Queried from cloud "
     "provider, if available."),
    ("OS-Image", "", 1, "OS Image reported by the node from /etc/os-release (e.g. Debian "
     "GNU/Linux 7 (wheezy))."),
    ("Kernel-Version", "", 1, "Kernel Version reported by the node from 'uname -r' (e.g. "
     "3.16.0-0.bpo.4-amd64)."),
    ("Container-Runtime", "", 1, "Container Runtime Version reported by the node through "
     "runtime remote API (e.g. containerd://1.4.2)."),
]


def table_row(node, include):
    st = node["status"]
    ip = next((a["address"] for a in st["addresses"] if a["type"] == "InternalIP"), "<none>")
    row = {"cells": [node["metadata"]["name"], "Ready", "<none>", "40d",
                     st["nodeInfo"]["kubeletVersion"], ip, "<none>", st["nodeInfo"]["osImage"],
                     st["nodeInfo"]["kernelVersion"],
                     st["nodeInfo"]["containerRuntimeVersion"]]}
    if include == "Object":
        row["object"] = node
    elif include != "None":
        row["object"] = {"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
                         "metadata": node["metadata"]}
    return row


# ---- paging ---------------------------------------------------------------------

def _continue_token(rv, last_name):
    raw = json.dumps({"v": "meta.k8s.io/v1", "rv": rv, "start": last_name + "\u0000"})
    return base64.b64encode(raw.encode()).decode()


def _page(state, req, items, name_of):
    """(page items, metadata) for limit/continue; raises ValueError for a bad
    continue or limit."""
    rv = 4000000 + len(items)
    start = ""
    token = req.query("continue")
    if token:
        try:
            data = json.loads(base64.b64decode(token, validate=True))
            start = data["start"]
            if data.get("v") != "meta.k8s.io/v1" or not isinstance(start, str):
                raise ValueError
        except (ValueError, KeyError, TypeError):
            raise ValueError("continue key is not valid: incorrect encoded start resourceVersion"
                             " (version meta.k8s.io/v1)")
    limit = req.query("limit")
    try:
        limit = int(limit) if limit not in (None, "") else 0
    except ValueError:
        raise ValueError("limit: invalid value %r" % limit)
    page_max = state.apiserver_cfg.get("page_max")
    if page_max and (limit <= 0 or limit > int(page_max)):
        limit = int(page_max)
    rest = [i for i in items if name_of(i) >= start] if start else items
    page = rest[:limit] if limit > 0 else rest
    meta = {"resourceVersion": str(rv)}
    if limit > 0 and len(rest) > limit:
        meta["continue"] = _continue_token(rv, name_of(page[-1]))
        meta["remainingItemCount"] = len(rest) - limit
    return page, meta


def _forbidden(req, resource, group):
    return status(403, '%s is forbidden: User "%s" cannot list resource "%s" in API group "%s" '
                  "at the cluster scope" % (resource, req.user, resource, group),
                  {"kind": resource})


def list_nodes(state, req, sim):
    cfg = state.apiserver_cfg
    if "nodes" in (cfg.get("forbidden") or []):
        return _forbidden(req, "nodes", "")
    accept = req.header("accept") or ""
    tables = cfg.get("tables", True)
    wants_table = "as=Table" in accept
    if wants_table and tables == "refuse":
        return status(406, "only the following media types are accepted: application/json")
    try:
        page, meta = _page(state, req, nodes(state, sim), lambda n: n["metadata"]["name"])
    except ValueError as e:
        return status(400, str(e))
    if wants_table and tables is not False:
        version = "v1" if "v=v1;" in accept or accept.endswith("v=v1") else "v1beta1"
        body = {"kind": "Table", "apiVersion": "meta.k8s.io/" + version, "metadata": meta,
                "columnDefinitions": [{"name": n, "type": "string", "format": f,
                                       "description": d, "priority": p}
                                      for n, f, p, d in COLUMNS],
                "rows": [table_row(n, req.query("includeObject") or "Metadata") for n in page]}
        form = "Table"
    else:
        body = {"kind": "NodeList", "apiVersion": "v1", "metadata": meta, "items": page}
        form = "NodeList"
    resp = Response(200, body)
    req.log.update({"format": form, "items": len(page), "limit": req.query("limit"),
                    "accept": accept, "responseBytes": len(resp.body)})
    return resp


def make_pdb(cluster, spec, index):
    seed = _h(cluster, "pdb", index)
    created = iso8601(time.time() - 90 * 86400)
    expected = int(spec.get("expectedPods", 2))
    allowed = int(spec.get("disruptionsAllowed", 1))
    pdb = {
        "kind": "PodDisruptionBudget", "apiVersion": "policy/v1",
        "metadata": {"name": spec["name"], "namespace": spec.get("namespace", "default"),
                     "uid": str(uuid.UUID(seed[:32])), "resourceVersion": str(5000 + index),
                     "generation": 1, "creationTimestamp": created,
                     "labels": {"app.kubernetes.io/name": spec["name"]}},
        "spec": {"maxUnavailable": spec.get("maxUnavailable", 1),
                 "selector": {"matchLabels": {"app.kubernetes.io/name": spec["name"]}}},
    }
    if spec.get("status", True):
        pdb["status"] = {
            "observedGeneration": 1, "disruptionsAllowed": allowed, "currentHealthy": expected,
            "desiredHealthy": max(0, expected - allowed), "expectedPods": expected,
            "conditions": [{"type": "DisruptionAllowed",
                            "status": "True" if allowed > 0 else "False",
                            "reason": "SufficientPods" if allowed > 0 else "InsufficientPods",
                            "message": "", "observedGeneration": 1,
                            "lastTransitionTime": created}]}
    return pdb


def list_pdbs(state, req, sim):
    if "poddisruptionbudgets" in (state.apiserver_cfg.get("forbidden") or []):
        return _forbidden(req, "poddisruptionbudgets", "policy")
    items = [make_pdb(sim["name"], p, i) for i, p in enumerate(sim.get("pdbs") or [])]
    items.sort(key=lambda p: (p["metadata"]["namespace"], p["metadata"]["name"]))
    try:
        page, meta = _page(state, req, items, lambda p: "%s/%s" % (
            p["metadata"]["namespace"], p["metadata"]["name"]))
    except ValueError as e:
        return status(400, str(e))
    resp = Response(200, {"kind": "PodDisruptionBudgetList", "apiVersion": "policy/v1",
                          "metadata": meta, "items": page})
    req.log.update({"format": "PodDisruptionBudgetList", "items": len(page),
                    "limit": req.query("limit"), "responseBytes": len(resp.body)})
    return resp


def version(state, req, sim):
    v = sim["cluster"]["version"]
    major, minor = v.split(".", 1)
    return Response(200, {"major": major, "minor": minor, "gitVersion": "v%s.5-eks-2f4c1a7" % v,
                          "gitCommit": "0" * 40, "gitTreeState": "clean",
                          "buildDate": "2026-10-01T00:00:00Z", "goVersion": "go1.24.4",
                          "compiler": "gc", "platform": "linux/amd64"})


def handle(state, req):
    """The answer for an authenticated request (see authenticate)."""
    sim = state.clusters[req.cluster_name]
    if req.operation == "ApiServerVersion":
        return version(state, req, sim)
    if req.operation == "ListNodes":
        return list_nodes(state, req, sim)
    if req.operation == "ListPodDisruptionBudgets":
        return list_pdbs(state, req, sim)
    if req.operation == "Discovery":
        return Response(200, DISCOVERY[req.raw_path])
    return unknown_operation(state, req)
